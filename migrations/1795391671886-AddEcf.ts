import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddEcf1795391671886 implements MigrationInterface {
  name = 'AddEcf1795391671886';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ecf_evaluations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "learner_id" uuid NOT NULL, "ccp_id" uuid NOT NULL, "date" date NOT NULL, "description" character varying(2000) NOT NULL, "comment" text, "evaluator_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ecf_evaluations_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ecf_evaluations_by_learner" ON "ecf_evaluations"  ("learner_id", "ccp_id", "date") `);
    await queryRunner.query(
      `CREATE TABLE "ecf_results" ("evaluation_id" uuid NOT NULL, "competence_id" uuid NOT NULL, "competence_number" smallint NOT NULL, "acquired" boolean NOT NULL, CONSTRAINT "ecf_results_pkey" PRIMARY KEY ("evaluation_id", "competence_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "ecf_syntheses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "learner_id" uuid NOT NULL, "ccp_id" uuid NOT NULL, "version" integer NOT NULL, "mastered" boolean NOT NULL, "observations" text NOT NULL DEFAULT '', "competences_to_reassess" smallint array NOT NULL DEFAULT '{}', "reason" text, "author_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "one_synthesis_version" UNIQUE ("learner_id", "ccp_id", "version"), CONSTRAINT "ecf_syntheses_new_version_has_reason" CHECK (version = 1 OR reason IS NOT NULL), CONSTRAINT "ecf_syntheses_version_positive" CHECK (version >= 1), CONSTRAINT "ecf_syntheses_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "ecf_synthesis_signatures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "synthesis_id" uuid NOT NULL, "user_id" uuid NOT NULL, "capacity" character varying(16) NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "one_signature_per_signer" UNIQUE ("synthesis_id", "user_id", "capacity"), CONSTRAINT "ecf_signatures_capacity_known" CHECK (capacity IN ('evaluator', 'centre')), CONSTRAINT "ecf_synthesis_signatures_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "one_centre_signature" ON "ecf_synthesis_signatures"  ("synthesis_id") WHERE capacity = 'centre'`,
    );
    await queryRunner.query(
      `CREATE TABLE "ecf_synthesis_acknowledgements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "synthesis_id" uuid NOT NULL, "user_id" uuid NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "one_acknowledgement_per_version" UNIQUE ("synthesis_id"), CONSTRAINT "ecf_acknowledgements_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "ecf_evaluations" ADD CONSTRAINT "ecf_evaluations_learner_fkey" FOREIGN KEY ("learner_id") REFERENCES "learners"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ecf_evaluations" ADD CONSTRAINT "ecf_evaluations_ccp_fkey" FOREIGN KEY ("ccp_id") REFERENCES "ccps"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ecf_evaluations" ADD CONSTRAINT "ecf_evaluations_evaluator_fkey" FOREIGN KEY ("evaluator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ecf_results" ADD CONSTRAINT "ecf_results_evaluation_fkey" FOREIGN KEY ("evaluation_id") REFERENCES "ecf_evaluations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ecf_results" ADD CONSTRAINT "ecf_results_competence_fkey" FOREIGN KEY ("competence_id") REFERENCES "competences"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ecf_syntheses" ADD CONSTRAINT "ecf_syntheses_learner_fkey" FOREIGN KEY ("learner_id") REFERENCES "learners"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ecf_syntheses" ADD CONSTRAINT "ecf_syntheses_ccp_fkey" FOREIGN KEY ("ccp_id") REFERENCES "ccps"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ecf_syntheses" ADD CONSTRAINT "ecf_syntheses_author_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ecf_synthesis_signatures" ADD CONSTRAINT "ecf_signatures_synthesis_fkey" FOREIGN KEY ("synthesis_id") REFERENCES "ecf_syntheses"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ecf_synthesis_signatures" ADD CONSTRAINT "ecf_signatures_user_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ecf_synthesis_acknowledgements" ADD CONSTRAINT "ecf_acknowledgements_synthesis_fkey" FOREIGN KEY ("synthesis_id") REFERENCES "ecf_syntheses"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ecf_synthesis_acknowledgements" ADD CONSTRAINT "ecf_acknowledgements_user_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Evaluations, results, signatures and acknowledgements are append-only; a synthesis version
    // that anyone signed is never changed (R-ECF-2): the database refuses, whatever the code does.
    for (const table of ['ecf_evaluations', 'ecf_results', 'ecf_synthesis_signatures', 'ecf_synthesis_acknowledgements']) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "refuse_change_of_append_only"()`,
      );
    }
    await queryRunner.query(`CREATE FUNCTION "refuse_change_of_signed_synthesis"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR EXISTS (SELECT 1 FROM ecf_synthesis_signatures WHERE synthesis_id = OLD.id) THEN
          RAISE EXCEPTION 'Synthèse ECF signée ou supprimée : refusé (une modification est une nouvelle version)' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "ecf_syntheses_signed_are_frozen" BEFORE UPDATE OR DELETE ON "ecf_syntheses" FOR EACH ROW EXECUTE FUNCTION "refuse_change_of_signed_synthesis"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "ecf_syntheses_signed_are_frozen" ON "ecf_syntheses"`);
    await queryRunner.query(`DROP FUNCTION "refuse_change_of_signed_synthesis"()`);
    for (const table of ['ecf_evaluations', 'ecf_results', 'ecf_synthesis_signatures', 'ecf_synthesis_acknowledgements']) {
      await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
    }
    await queryRunner.query(`ALTER TABLE "ecf_synthesis_acknowledgements" DROP CONSTRAINT "ecf_acknowledgements_user_fkey"`);
    await queryRunner.query(`ALTER TABLE "ecf_synthesis_acknowledgements" DROP CONSTRAINT "ecf_acknowledgements_synthesis_fkey"`);
    await queryRunner.query(`ALTER TABLE "ecf_synthesis_signatures" DROP CONSTRAINT "ecf_signatures_user_fkey"`);
    await queryRunner.query(`ALTER TABLE "ecf_synthesis_signatures" DROP CONSTRAINT "ecf_signatures_synthesis_fkey"`);
    await queryRunner.query(`ALTER TABLE "ecf_syntheses" DROP CONSTRAINT "ecf_syntheses_author_fkey"`);
    await queryRunner.query(`ALTER TABLE "ecf_syntheses" DROP CONSTRAINT "ecf_syntheses_ccp_fkey"`);
    await queryRunner.query(`ALTER TABLE "ecf_syntheses" DROP CONSTRAINT "ecf_syntheses_learner_fkey"`);
    await queryRunner.query(`ALTER TABLE "ecf_results" DROP CONSTRAINT "ecf_results_competence_fkey"`);
    await queryRunner.query(`ALTER TABLE "ecf_results" DROP CONSTRAINT "ecf_results_evaluation_fkey"`);
    await queryRunner.query(`ALTER TABLE "ecf_evaluations" DROP CONSTRAINT "ecf_evaluations_evaluator_fkey"`);
    await queryRunner.query(`ALTER TABLE "ecf_evaluations" DROP CONSTRAINT "ecf_evaluations_ccp_fkey"`);
    await queryRunner.query(`ALTER TABLE "ecf_evaluations" DROP CONSTRAINT "ecf_evaluations_learner_fkey"`);
    await queryRunner.query(`DROP TABLE "ecf_synthesis_acknowledgements"`);
    await queryRunner.query(`DROP INDEX "public"."one_centre_signature"`);
    await queryRunner.query(`DROP TABLE "ecf_synthesis_signatures"`);
    await queryRunner.query(`DROP TABLE "ecf_syntheses"`);
    await queryRunner.query(`DROP TABLE "ecf_results"`);
    await queryRunner.query(`DROP INDEX "public"."ecf_evaluations_by_learner"`);
    await queryRunner.query(`DROP TABLE "ecf_evaluations"`);
  }
}
