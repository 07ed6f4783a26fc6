import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: the centre's identity as data — one row (id = 1), created at first start from
 * CENTRE_NAME (CentreService, INSERT … ON CONFLICT DO NOTHING), edited by staff, printed on every
 * document. The logo is kept in the row (PNG or JPEG, at most 1 MB), so one backup holds it.
 * The app's role gets its rows' rights with every table (grantAppRole, after the migrations).
 */
export class AddCentre1796210000000 implements MigrationInterface {
  name = 'AddCentre1796210000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "centre" (
      "id" smallint NOT NULL DEFAULT '1',
      "name" character varying(200) NOT NULL,
      "address" character varying(300) NOT NULL DEFAULT '',
      "postal_code" character varying(5) NOT NULL DEFAULT '',
      "city" character varying(100) NOT NULL DEFAULT '',
      "agrement_number" character varying(50) NOT NULL DEFAULT '',
      "email" character varying(254) NOT NULL DEFAULT '',
      "phone" character varying(30) NOT NULL DEFAULT '',
      "signatory_name" character varying(100) NOT NULL DEFAULT '',
      "signatory_title" character varying(100) NOT NULL DEFAULT '',
      "logo" bytea,
      "logo_content_type" character varying(20),
      "retention_attachments_years" smallint NOT NULL DEFAULT '3',
      "retention_identity_years" smallint NOT NULL DEFAULT '6',
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "centre_single_row" CHECK (id = 1),
      CONSTRAINT "centre_retention_attachments_years_range" CHECK (retention_attachments_years BETWEEN 1 AND 50),
      CONSTRAINT "centre_retention_identity_years_range" CHECK (retention_identity_years BETWEEN 1 AND 50),
      CONSTRAINT "centre_logo_with_its_type" CHECK ((logo IS NULL AND logo_content_type IS NULL) OR (logo IS NOT NULL AND logo_content_type IN ('image/png', 'image/jpeg') AND octet_length(logo) BETWEEN 1 AND 1048576)),
      CONSTRAINT "centre_pkey" PRIMARY KEY ("id"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "centre"`);
  }
}
