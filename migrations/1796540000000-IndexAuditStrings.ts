import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: finding a learner's traces in the audit log without reading it all. The export and the
 * anonymisation looked for a learner's ids, e-mails and names inside every entry's before/after
 * text: on a network's log (1,000,000 rows) one retention batch of 200 learners took 199 s and hit
 * the statement timeout. `audit_strings(before, after)` is the set of every string value of an
 * entry (at any depth); a GIN index on it finds the entries holding one of the given values —
 * an id, an e-mail, a full name as stored — by the index.
 */
export class IndexAuditStrings1796540000000 implements MigrationInterface {
  name = 'IndexAuditStrings1796540000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_strings(b jsonb, a jsonb) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT v #>> '{}'), '{}'::text[])
          FROM (SELECT jsonb_path_query(coalesce(b, 'null'::jsonb), 'strict $.**') AS v
                UNION ALL
                SELECT jsonb_path_query(coalesce(a, 'null'::jsonb), 'strict $.**')) s
         WHERE jsonb_typeof(v) = 'string'
      $$`);
    await queryRunner.query(`CREATE INDEX "audit_log_strings" ON "audit_log" USING gin (audit_strings(before, after))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "audit_log_strings"`);
    await queryRunner.query(`DROP FUNCTION audit_strings(jsonb, jsonb)`);
  }
}
