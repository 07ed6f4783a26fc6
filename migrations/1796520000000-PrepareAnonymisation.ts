import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 16 (3): anonymisation of learners (retention, or at once) and PV hashes that survive it (ADR 0014). */
export class PrepareAnonymisation1796520000000 implements MigrationInterface {
  name = 'PrepareAnonymisation1796520000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
