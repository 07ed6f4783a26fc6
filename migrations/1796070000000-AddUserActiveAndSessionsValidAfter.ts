import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: accounts can be deactivated (existing ones stay active), and a password change or a
 * deactivation ends the account's open sessions (tokens issued before `sessions_valid_after`).
 */
export class AddUserActiveAndSessionsValidAfter1796070000000 implements MigrationInterface {
  name = 'AddUserActiveAndSessionsValidAfter1796070000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "active" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "users" ADD "sessions_valid_after" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "sessions_valid_after"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "active"`);
  }
}
