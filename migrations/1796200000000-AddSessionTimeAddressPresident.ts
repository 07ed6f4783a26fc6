import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 (3, 4): a session gets the time candidates are expected each day (`HH:MM`), the
 * place's postal address (both printed on the convocations) and the jury's president, chosen
 * among its jurors (named on the PV). All optional: sessions created before keep working.
 */
export class AddSessionTimeAddressPresident1796200000000 implements MigrationInterface {
  name = 'AddSessionTimeAddressPresident1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "jury_sessions" ADD "start_time" character varying(5)`);
    await queryRunner.query(`ALTER TABLE "jury_sessions" ADD "address" character varying(300)`);
    await queryRunner.query(`ALTER TABLE "jury_sessions" ADD "president_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "jury_sessions" ADD CONSTRAINT "jury_sessions_start_time_hh_mm" CHECK (start_time IS NULL OR start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')`,
    );
    await queryRunner.query(
      `ALTER TABLE "jury_sessions" ADD CONSTRAINT "jury_sessions_president_fkey" FOREIGN KEY ("president_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "jury_sessions" DROP CONSTRAINT "jury_sessions_president_fkey"`);
    await queryRunner.query(`ALTER TABLE "jury_sessions" DROP CONSTRAINT "jury_sessions_start_time_hh_mm"`);
    await queryRunner.query(`ALTER TABLE "jury_sessions" DROP COLUMN "president_id"`);
    await queryRunner.query(`ALTER TABLE "jury_sessions" DROP COLUMN "address"`);
    await queryRunner.query(`ALTER TABLE "jury_sessions" DROP COLUMN "start_time"`);
  }
}
