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
    // Never a hang (issue 10): a request waits at most 5 s for a pool connection, 5 s for a row
    // lock, 15 s for a statement; a transaction left idle is ended by the server after 30 s.
    // Timeouts answer 503 SERVICE.BUSY (exception filter). One transaction context
    // (transaction-context.ts) keeps a request that holds a lock off a second connection.
    extra: {
      max: Number(process.env.DB_POOL_MAX ?? 10),
      application_name: 'sams-api',
      connectionTimeoutMillis: 5_000,
      lock_timeout: 5_000,
      statement_timeout: 15_000,
      idle_in_transaction_session_timeout: 30_000,
    },
    // Instants come back as Date; date-only columns stay 'YYYY-MM-DD' strings (no timezone shift).
    parseInt8: false,
    retryAttempts: 1,
    retryDelay: 500,
  };
}
