import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 16 (4): who read a learner's DP or jury dossier, and when. */
export class AddPersonalDataReads1796510000000 implements MigrationInterface {
  name = 'AddPersonalDataReads1796510000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
