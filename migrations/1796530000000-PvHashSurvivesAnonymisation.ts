import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 16 (3), ADR 0014: what a PV's sha256 covers, so that anonymising a candidate keeps it valid. */
export class PvHashSurvivesAnonymisation1796530000000 implements MigrationInterface {
  name = 'PvHashSurvivesAnonymisation1796530000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
