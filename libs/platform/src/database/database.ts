import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface OpenDatabase {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * The one decision: DATABASE_URL set → that PostgreSQL; unset → the embedded PostgreSQL kept
 * under `<dataDir>/pg`. Everything after this (TypeORM, migrations) is the same code path.
 */
export async function openDatabase(config: AppConfig): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, close: () => Promise.resolve() };
  }
  const logger = new Logger('EmbeddedPostgres');
  const db = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    database: 'sams',
    logger,
  });
  logger.log(`PostgreSQL embarqué prêt (port ${config.embeddedPgPort}, données ${join(config.dataDir, 'pg')})`);
  return { url: db.url, embedded: true, close: () => db.stop() };
}
