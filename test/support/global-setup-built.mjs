// The e2e and browser lanes' global setup (jest.config.js): the API and the web app built once
// before the workers start (database-roles runs dist/apps/api/src/main.js; the browser journeys,
// web-serving and security-headers need apps/web/dist; two workers building at once would write
// the same folders; build-web skips what is up to date), then the run's one PostgreSQL.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import startPostgres from '../global-setup.mjs';

function buildApp() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
  execFileSync(process.execPath, ['scripts/build-web.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

export default async function globalSetup(globalConfig, projectConfig) {
  // TEST_SKIP_BUILD=1: a lane of API tests run while the web app is being edited (never in CI).
  try {
    if (process.env.TEST_SKIP_BUILD !== '1') buildApp();
  } catch (error) {
    // Jest stops without its teardown: the server int's setup may have started goes with it.
    await globalThis.__SAMS_PG__?.stop();
    throw error;
  }
  await startPostgres(globalConfig, projectConfig);
}
