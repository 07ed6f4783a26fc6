import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (4): « Envoyer les convocations » is idempotent — the session keeps when its convocations
 * were sent and to whom (names and kinds, as sent), so that sending again needs « renvoyer » and the
 * screen can say to whom and when they went.
 */
export class AddConvocationsSent1796320000000 implements MigrationInterface {
  name = 'AddConvocationsSent1796320000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "jury_sessions" ADD "convocations_sent_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "jury_sessions" ADD "convocations_sent_to" jsonb`);
    await queryRunner.query(
      `ALTER TABLE "jury_sessions" ADD CONSTRAINT "jury_sessions_convocations_sent_together" CHECK ((convocations_sent_at IS NULL) = (convocations_sent_to IS NULL))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "jury_sessions" DROP CONSTRAINT "jury_sessions_convocations_sent_together"`);
    await queryRunner.query(`ALTER TABLE "jury_sessions" DROP COLUMN "convocations_sent_to"`);
    await queryRunner.query(`ALTER TABLE "jury_sessions" DROP COLUMN "convocations_sent_at"`);
  }
}
