import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16 (1): attestations of results with a verification code, and the centre's signing keys.
 * `attestations` keeps exactly what was attested (facts) and the awards it rests on (award_ids):
 * a withdrawal of one of them revokes it, read at verification time (R-CAP-2).
 * `signing_keys`: Ed25519 keys of the centre for the signed credentials (kid = RFC 7638 thumbprint).
 */
export class AddAttestations1796500000000 implements MigrationInterface {
  name = 'AddAttestations1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "attestations" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "code" character varying(12) NOT NULL,
      "learner_id" uuid NOT NULL,
      "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "issued_by" uuid,
      "facts" jsonb NOT NULL,
      "award_ids" uuid array NOT NULL,
      "anonymised_at" TIMESTAMP WITH TIME ZONE,
      "issue_key" character varying(64) NOT NULL,
      CONSTRAINT "attestations_code_key" UNIQUE ("code"),
      CONSTRAINT "attestations_issue_key" UNIQUE ("learner_id", "issue_key"),
      CONSTRAINT "attestations_pkey" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "attestations_by_learner" ON "attestations" ("learner_id", "issued_at")`);
    await queryRunner.query(
      `ALTER TABLE "attestations" ADD CONSTRAINT "attestations_learner_fkey" FOREIGN KEY ("learner_id") REFERENCES "learners"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE TABLE "signing_keys" (
      "kid" character varying(64) NOT NULL,
      "public_jwk" jsonb NOT NULL,
      "private_pem" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "retired_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("kid"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "signing_keys"`);
    await queryRunner.query(`DROP TABLE "attestations"`);
  }
}
