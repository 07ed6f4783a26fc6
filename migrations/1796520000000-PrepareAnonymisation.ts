import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16 (3): anonymisation of learners (retention, or at once) — ADR 0015.
 * - learners: `pseudonym` (ANON-XXXXXXXX, unique) and `anonymised_at`, set together; the birth date
 *   may be erased (null) once anonymised, and only then.
 * - audit_log stays append-only, with one narrow exception: inside a transaction that set
 *   `sams.audit_scrub = 'on'` (SET LOCAL, only libs/platform's PlatformAnonymisation does), an
 *   UPDATE may rewrite `before` / `after` and nothing else (id, at, actor, action, entity, entity id
 *   unchanged). DELETE and TRUNCATE stay refused.
 */
export class PrepareAnonymisation1796520000000 implements MigrationInterface {
  name = 'PrepareAnonymisation1796520000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "learners" ADD "pseudonym" character varying(13)`);
    await queryRunner.query(`ALTER TABLE "learners" ADD "anonymised_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "learners" ALTER COLUMN "birth_date" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "learners" ADD CONSTRAINT "learners_pseudonym_unique" UNIQUE ("pseudonym")`);
    await queryRunner.query(
      `ALTER TABLE "learners" ADD CONSTRAINT "learners_anonymised_has_pseudonym" CHECK ((anonymised_at IS NULL) = (pseudonym IS NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "learners" ADD CONSTRAINT "learners_birth_date_unless_anonymised" CHECK (birth_date IS NOT NULL OR anonymised_at IS NOT NULL)`,
    );
    await queryRunner.query(`CREATE FUNCTION "audit_log_refuse_change_except_scrub"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('sams.audit_scrub', true) = 'on'
           AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
           AND NEW.action = OLD.action AND NEW.entity = OLD.entity AND NEW.entity_id = OLD.entity_id THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'La table % est en ajout seul : % refusé', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`DROP TRIGGER "audit_log_append_only" ON "audit_log"`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change_except_scrub"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_log_append_only" ON "audit_log"`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "refuse_change_of_append_only"()`,
    );
    await queryRunner.query(`DROP FUNCTION "audit_log_refuse_change_except_scrub"()`);
    await queryRunner.query(`ALTER TABLE "learners" DROP CONSTRAINT "learners_birth_date_unless_anonymised"`);
    await queryRunner.query(`ALTER TABLE "learners" DROP CONSTRAINT "learners_anonymised_has_pseudonym"`);
    await queryRunner.query(`ALTER TABLE "learners" DROP CONSTRAINT "learners_pseudonym_unique"`);
    await queryRunner.query(`ALTER TABLE "learners" ALTER COLUMN "birth_date" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "learners" DROP COLUMN "anonymised_at"`);
    await queryRunner.query(`ALTER TABLE "learners" DROP COLUMN "pseudonym"`);
  }
}
