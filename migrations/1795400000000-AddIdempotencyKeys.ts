import { MigrationInterface, QueryRunner } from 'typeorm';

/** The first answer to each `Idempotency-Key` (spec/api.md « Conventions »), kept 24 hours. */
export class AddIdempotencyKeys1795400000000 implements MigrationInterface {
  name = 'AddIdempotencyKeys1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("user_id" uuid NOT NULL, "key" character varying(200) NOT NULL, "request_hash" character(64) NOT NULL, "status_code" smallint NOT NULL, "response" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "one_answer_per_user_and_key" PRIMARY KEY ("user_id", "key"))`,
    );
    await queryRunner.query(`CREATE INDEX "idempotency_keys_by_age" ON "idempotency_keys" ("created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idempotency_keys_by_age"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
