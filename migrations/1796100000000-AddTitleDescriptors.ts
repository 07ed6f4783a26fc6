import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: a title keeps the descriptors of its RNCP fiche (so that it exports as it was
 * imported), its first day when known, and whether it is a fictitious demo title. SAMS, loaded
 * before these columns existed, gets its descriptors from seeds/referentials/sams-rncp36805.json.
 */
export class AddTitleDescriptors1796100000000 implements MigrationInterface {
  name = 'AddTitleDescriptors1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "certifications" ADD "valid_from" date`);
    await queryRunner.query(`ALTER TABLE "certifications" ADD "demo" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "certifications" ADD "nsf" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "certifications" ADD "rome_codes" character varying(8) array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "certifications" ADD "creation_decree" character varying(500)`);
    await queryRunner.query(`ALTER TABLE "certifications" ADD "training_hours" smallint`);
    await queryRunner.query(`ALTER TABLE "certifications" ADD "training_duration_months" smallint array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `UPDATE "certifications" SET "nsf" = '324t', "rome_codes" = '{M1609}',
         "creation_decree" = 'Arrêté de spécialité du 27 décembre 2004 (JO de prorogation du 13 juillet 2022)',
         "training_hours" = 552, "training_duration_months" = '{12,14}'
       WHERE "code" = 'RNCP36805' AND "nsf" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['training_duration_months', 'training_hours', 'creation_decree', 'rome_codes', 'nsf', 'demo', 'valid_from']) {
      await queryRunner.query(`ALTER TABLE "certifications" DROP COLUMN "${column}"`);
    }
  }
}
