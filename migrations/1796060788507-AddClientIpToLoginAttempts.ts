import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: login failures are counted per e-mail AND client IP (a stranger can no longer lock the
 * owner out), and per IP across e-mails (one client trying many addresses). Rows written before
 * have no IP: they count for no one, and leave the 15-minute window soon.
 */
export class AddClientIpToLoginAttempts1796060788507 implements MigrationInterface {
  name = 'AddClientIpToLoginAttempts1796060788507';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "login_attempts" ADD "ip" character varying(64)`);
    await queryRunner.query(`DROP INDEX "public"."login_attempts_by_email"`);
    await queryRunner.query(`CREATE INDEX "login_attempts_by_email_and_ip" ON "login_attempts" ("email", "ip", "at")`);
    await queryRunner.query(`CREATE INDEX "login_attempts_by_ip" ON "login_attempts" ("ip", "at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."login_attempts_by_ip"`);
    await queryRunner.query(`DROP INDEX "public"."login_attempts_by_email_and_ip"`);
    await queryRunner.query(`CREATE INDEX "login_attempts_by_email" ON "login_attempts" ("email", "at")`);
    await queryRunner.query(`ALTER TABLE "login_attempts" DROP COLUMN "ip"`);
  }
}
