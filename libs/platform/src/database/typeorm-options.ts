import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { MixedList } from 'typeorm';
import { QueryCountingLogger } from './query-counter';

/** TypeORM options shared by the app, the scripts and the tests: migrations only, never synchronize. */
export function typeOrmOptions(url: string, migrations: MixedList<Function>, runMigrations = true): TypeOrmModuleOptions {
  return {
    type: 'postgres',
    url,
    autoLoadEntities: true,
    synchronize: false,
    migrations,
    migrationsRun: runMigrations,
    migrationsTransactionMode: 'each',
    // gen_random_uuid() is core PostgreSQL (13+): no extension, no superuser needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logger: new QueryCountingLogger(),
    logging: ['query', 'error'],
    extra: { max: 10, application_name: 'sams-api' },
    // Instants come back as Date; date-only columns stay 'YYYY-MM-DD' strings (no timezone shift).
    parseInt8: false,
    retryAttempts: 1,
    retryDelay: 500,
  };
}
