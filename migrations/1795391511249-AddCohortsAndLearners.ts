import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddCohortsAndLearners1795391511249 implements MigrationInterface {
  name = 'AddCohortsAndLearners1795391511249';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "cohorts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "certification_id" uuid NOT NULL, "start_date" date NOT NULL, "end_date" date NOT NULL, "site" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "cohorts_dates_ordered" CHECK (end_date >= start_date), CONSTRAINT "cohorts_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "cohort_trainers" ("cohort_id" uuid NOT NULL, "trainer_id" uuid NOT NULL, CONSTRAINT "cohort_trainers_pkey" PRIMARY KEY ("cohort_id", "trainer_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "learners" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "first_name" character varying(100) NOT NULL, "last_name" character varying(100) NOT NULL, "birth_date" date NOT NULL, "email" character varying(254) NOT NULL, "pathway" character varying(16) NOT NULL, "certification_id" uuid NOT NULL, "cohort_id" uuid, "vae_admissibility_date" date, "employer" character varying(200), "accommodations" character varying(1000), "user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "learners_one_account" UNIQUE ("user_id"), CONSTRAINT "learners_email_unique" UNIQUE ("email"), CONSTRAINT "learners_email_lowercase" CHECK (email = lower(email)), CONSTRAINT "learners_vae_has_admissibility" CHECK (pathway <> 'vae' OR vae_admissibility_date IS NOT NULL), CONSTRAINT "learners_training_has_cohort" CHECK (pathway <> 'training' OR cohort_id IS NOT NULL), CONSTRAINT "learners_pathway_known" CHECK (pathway IN ('training', 'vae')), CONSTRAINT "learners_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "learners_by_cohort" ON "learners"  ("cohort_id") `);
    await queryRunner.query(
      `CREATE TABLE "learner_enrolments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "learner_id" uuid NOT NULL, "cohort_id" uuid NOT NULL, "enrolled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "enrolled_by" uuid, CONSTRAINT "learner_enrolments_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "learner_enrolments_by_learner" ON "learner_enrolments"  ("learner_id", "enrolled_at") `);
    await queryRunner.query(
      `ALTER TABLE "cohorts" ADD CONSTRAINT "cohorts_certification_fkey" FOREIGN KEY ("certification_id") REFERENCES "certifications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cohort_trainers" ADD CONSTRAINT "cohort_trainers_cohort_fkey" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cohort_trainers" ADD CONSTRAINT "cohort_trainers_trainer_fkey" FOREIGN KEY ("trainer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "learners" ADD CONSTRAINT "learners_certification_fkey" FOREIGN KEY ("certification_id") REFERENCES "certifications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "learners" ADD CONSTRAINT "learners_cohort_fkey" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "learners" ADD CONSTRAINT "learners_user_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "learner_enrolments" ADD CONSTRAINT "learner_enrolments_learner_fkey" FOREIGN KEY ("learner_id") REFERENCES "learners"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "learner_enrolments" ADD CONSTRAINT "learner_enrolments_cohort_fkey" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Accent-insensitive search of French names without an extension (no superuser needed).
    await queryRunner.query(`CREATE FUNCTION "unaccent_fr"(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT translate($1, 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸŒÆ', 'aaaaaaceeeeiiiinooooouuuuyyoaAAAAAACEEEEIIIINOOOOOUUUUYYOA')
    $$`);
    // The enrolment history is append-only (R-ELIG-6 reads it).
    await queryRunner.query(
      `CREATE TRIGGER "learner_enrolments_append_only" BEFORE UPDATE OR DELETE ON "learner_enrolments" FOR EACH ROW EXECUTE FUNCTION "refuse_change_of_append_only"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "learner_enrolments_append_only" ON "learner_enrolments"`);
    await queryRunner.query(`DROP FUNCTION "unaccent_fr"(text)`);
    await queryRunner.query(`ALTER TABLE "learner_enrolments" DROP CONSTRAINT "learner_enrolments_cohort_fkey"`);
    await queryRunner.query(`ALTER TABLE "learner_enrolments" DROP CONSTRAINT "learner_enrolments_learner_fkey"`);
    await queryRunner.query(`ALTER TABLE "learners" DROP CONSTRAINT "learners_user_fkey"`);
    await queryRunner.query(`ALTER TABLE "learners" DROP CONSTRAINT "learners_cohort_fkey"`);
    await queryRunner.query(`ALTER TABLE "learners" DROP CONSTRAINT "learners_certification_fkey"`);
    await queryRunner.query(`ALTER TABLE "cohort_trainers" DROP CONSTRAINT "cohort_trainers_trainer_fkey"`);
    await queryRunner.query(`ALTER TABLE "cohort_trainers" DROP CONSTRAINT "cohort_trainers_cohort_fkey"`);
    await queryRunner.query(`ALTER TABLE "cohorts" DROP CONSTRAINT "cohorts_certification_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."learner_enrolments_by_learner"`);
    await queryRunner.query(`DROP TABLE "learner_enrolments"`);
    await queryRunner.query(`DROP INDEX "public"."learners_by_cohort"`);
    await queryRunner.query(`DROP TABLE "learners"`);
    await queryRunner.query(`DROP TABLE "cohort_trainers"`);
    await queryRunner.query(`DROP TABLE "cohorts"`);
  }
}
