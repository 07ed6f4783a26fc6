import { MigrationInterface, QueryRunner } from 'typeorm';

/** Append-only tables and the only columns an anonymisation may rewrite in them. */
const SCRUBBED: [string, string[]][] = [
  ['audit_log', ['before', 'after']],
  ['ecf_evaluations', ['comment']],
];

/**
 * Issue 16 (3): anonymisation of learners (retention, or at once) — ADR 0015.
 * - learners: `pseudonym` (ANON-XXXXXXXX, unique) and `anonymised_at`, set together; the birth date
 *   may be erased (null) once anonymised, and only then.
 * - audit_log and ecf_evaluations stay append-only, and signed ECF syntheses frozen, with one
 *   narrow exception: inside a transaction that set `sams.anonymising = 'on'` (SET LOCAL, only the
 *   anonymisation of libs/privacy does), an UPDATE may rewrite the free-text columns listed below
 *   (audit: before/after; ECF: comment, observations, reason) and nothing else. DELETE and TRUNCATE
 *   stay refused.
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
    // Append-only tables that hold free text about a learner accept ONE kind of UPDATE: inside a
    // transaction that set `sams.anonymising = 'on'` (SET LOCAL, by the anonymisation only), and
    // changing only the columns named as the trigger's arguments. Everything else stays refused.
    await queryRunner.query(`CREATE FUNCTION "refuse_change_of_append_only_except_erasure"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('sams.anonymising', true) = 'on'
           AND (to_jsonb(NEW) - TG_ARGV) = (to_jsonb(OLD) - TG_ARGV) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'La table % est en ajout seul : % refusé', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const [table, columns] of SCRUBBED) {
      await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
      await queryRunner.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "refuse_change_of_append_only_except_erasure"(${columns.map((c) => `'${c}'`).join(', ')})`,
      );
    }
    // A signed ECF synthesis stays frozen (R-ECF-2) but for the same narrow erasure of its free text.
    await queryRunner.query(`CREATE OR REPLACE FUNCTION "refuse_change_of_signed_synthesis"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('sams.anonymising', true) = 'on'
           AND (to_jsonb(NEW) - ARRAY['observations', 'reason']) = (to_jsonb(OLD) - ARRAY['observations', 'reason']) THEN
          RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE' OR EXISTS (SELECT 1 FROM ecf_synthesis_signatures WHERE synthesis_id = OLD.id) THEN
          RAISE EXCEPTION 'Synthèse ECF signée ou supprimée : refusé (une modification est une nouvelle version)' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION "refuse_change_of_signed_synthesis"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR EXISTS (SELECT 1 FROM ecf_synthesis_signatures WHERE synthesis_id = OLD.id) THEN
          RAISE EXCEPTION 'Synthèse ECF signée ou supprimée : refusé (une modification est une nouvelle version)' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    for (const [table] of SCRUBBED) {
      await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
      await queryRunner.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "refuse_change_of_append_only"()`,
      );
    }
    await queryRunner.query(`DROP FUNCTION "refuse_change_of_append_only_except_erasure"()`);
    await queryRunner.query(`ALTER TABLE "learners" DROP CONSTRAINT "learners_birth_date_unless_anonymised"`);
    await queryRunner.query(`ALTER TABLE "learners" DROP CONSTRAINT "learners_anonymised_has_pseudonym"`);
    await queryRunner.query(`ALTER TABLE "learners" DROP CONSTRAINT "learners_pseudonym_unique"`);
    await queryRunner.query(`ALTER TABLE "learners" ALTER COLUMN "birth_date" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "learners" DROP COLUMN "anonymised_at"`);
    await queryRunner.query(`ALTER TABLE "learners" DROP COLUMN "pseudonym"`);
  }
}
