import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: a row trigger refuses UPDATE and DELETE on these tables, but TRUNCATE fires no row
 * trigger — it emptied the enrolment history, the ECF records, the signed syntheses, the DP events
 * and the appeals. A statement trigger now refuses it, as on the audit log and the award ledger.
 */
const TABLES = [
  'learner_enrolments',
  'ecf_evaluations',
  'ecf_results',
  'ecf_syntheses',
  'ecf_synthesis_signatures',
  'ecf_synthesis_acknowledgements',
  'professional_file_events',
  'appeals',
];

export class RefuseTruncateOnAppendOnlyTables1796060000000 implements MigrationInterface {
  name = 'RefuseTruncateOnAppendOnlyTables1796060000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_of_append_only"()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) {
      await queryRunner.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
    }
  }
}
