import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (2, 3, 5): invitation and password-reset links. Only the sha256 of a token is kept (a
 * read of the table opens no account); single-use (used_at), voided when a newer one of the same
 * purpose is issued (voided_at), and it expires. An invited account has no usable password until
 * it accepts: users.password_hash becomes nullable (null: nobody can sign in with a password).
 */
export class AddAccountTokens1796310000000 implements MigrationInterface {
  name = 'AddAccountTokens1796310000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL`);
    await queryRunner.query(`CREATE TABLE "account_tokens" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "user_id" uuid NOT NULL,
      "purpose" character varying(20) NOT NULL,
      "token_hash" character(64) NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE,
      "voided_at" TIMESTAMP WITH TIME ZONE,
      "created_by" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "account_tokens_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "account_tokens_hash_unique" UNIQUE ("token_hash"),
      CONSTRAINT "account_tokens_purpose_known" CHECK (purpose IN ('invitation', 'password_reset')),
      CONSTRAINT "account_tokens_user_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    )`);
    await queryRunner.query(`CREATE INDEX "account_tokens_by_user_purpose" ON "account_tokens" ("user_id", "purpose", "created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "account_tokens"`);
    await queryRunner.query(`UPDATE "users" SET "password_hash" = '!' WHERE "password_hash" IS NULL`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" SET NOT NULL`);
  }
}
