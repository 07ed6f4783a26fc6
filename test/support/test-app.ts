import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { APP_ROLE, AppConfig, loadConfig, OWNER_ROLE, provisionRoles, withCredentials } from '@app/platform';
import { AppModule } from '../../apps/api/src/app.module';
import { createApp } from '../../apps/api/src/create-app';

/** The first admin. Its password follows the password rules (issue 10: none containing « admin »). */
export const ADMIN = { email: 'admin@test.local', password: 'secretariat-essai-2026' };
const TEMPLATE = 'sams_template';

/**
 * The tests connect as production does (issue 10): migrations as the owner role, the app as a
 * role that owns nothing and may only read and write rows. Both are created once per server.
 */
export const DB_ROLES = {
  owner: { name: OWNER_ROLE, password: 'sams-owner-test-password' },
  app: { name: APP_ROLE, password: 'sams-app-test-password' },
};

/** A database of the test server, as the superuser (TEST_DATABASE_URL) or as one of the two roles. */
function serverUrl(database: string, role?: keyof typeof DB_ROLES): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${database}`;
  return role ? withCredentials(url.toString(), DB_ROLES[role].name, DB_ROLES[role].password) : url.toString();
}

/**
 * The app's configuration for a test database. Given the app role's URL, the owner's is derived
 * (MIGRATIONS_DATABASE_URL). The login limits per IP are lifted (every test logs in from
 * 127.0.0.1, many times); test/accounts-hardening.e2e-spec.ts runs them at their real defaults.
 */
export function testConfig(databaseUrl: string, extra: Record<string, string> = {}): AppConfig {
  const url = new URL(databaseUrl);
  const owner =
    decodeURIComponent(url.username) === DB_ROLES.app.name
      ? { MIGRATIONS_DATABASE_URL: withCredentials(databaseUrl, DB_ROLES.owner.name, DB_ROLES.owner.password) }
      : {};
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    ...owner,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'error',
    LOGIN_MAX_FAILURES_PER_IP: '1000000',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    ...extra,
  });
}

/**
 * The template is migrated (and seeded: SAMS référentiel, first admin) once per run, by the
 * first test file that needs it, under an advisory lock; every file copies it (~70 ms).
 */
async function ensureTemplate(admin: Client): Promise<void> {
  await admin.query('SELECT pg_advisory_lock(4242)');
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE]);
    if (exists.rowCount) return;
    await admin.query(`CREATE DATABASE ${TEMPLATE}_building`);
    await provisionRoles(serverUrl('postgres'), `${TEMPLATE}_building`, DB_ROLES.owner, DB_ROLES.app);
    const appUrl = serverUrl(`${TEMPLATE}_building`, 'app');
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(testConfig(appUrl), appUrl), {
      logger: ['error'],
    });
    await app.close();
    await admin.query(`ALTER DATABASE ${TEMPLATE}_building RENAME TO ${TEMPLATE}`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock(4242)');
  }
}

/**
 * A fresh database copied from the template, for one test file: `url` logs in as the app's
 * restricted role (its grants are copied with the template), `ownerUrl` as the owner.
 */
export async function createTestDatabase(): Promise<{ url: string; ownerUrl: string; drop(): Promise<void> }> {
  const admin = new Client({ connectionString: serverUrl('postgres') });
  await admin.connect();
  await ensureTemplate(admin);
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE} OWNER ${DB_ROLES.owner.name}`);
  await admin.end();
  return {
    url: serverUrl(name, 'app'),
    ownerUrl: serverUrl(name, 'owner'),
    drop: async () => {
      const c = new Client({ connectionString: serverUrl('postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  databaseUrl: string;
  login(email?: string, password?: string): Promise<string>;
  adminToken(): Promise<string>;
  /** Creates a user through the API (as admin) and returns its id and token. */
  createUser(
    roles: string[],
    overrides?: Partial<{ email: string; fullName: string; password: string }>,
  ): Promise<{ id: string; email: string; token: string }>;
  close(): Promise<void>;
}

let counter = 0;

export async function startTestApp(extraEnv: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const app = await createApp(testConfig(db.url, extraEnv), db.url);
  await app.init();
  const http = request(app.getHttpServer());
  let adminToken: string | undefined;
  const login = async (email = ADMIN.email, password = ADMIN.password): Promise<string> => {
    const res = await http.post('/api/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  };
  const self: TestApp = {
    app,
    http,
    dataSource: app.get(DataSource),
    databaseUrl: db.url,
    login,
    adminToken: async () => (adminToken ??= await login()),
    createUser: async (roles, overrides = {}) => {
      counter += 1;
      const email = overrides.email ?? `user${counter}-${randomBytes(3).toString('hex')}@test.local`;
      const password = overrides.password ?? 'a-good-password-123';
      const res = await http
        .post('/api/users')
        .set('Authorization', `Bearer ${await self.adminToken()}`)
        .send({ email, fullName: overrides.fullName ?? `Utilisateur ${counter}`, password, roles });
      if (res.status !== 201) throw new Error(`createUser failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.id as string, email, token: await login(email, password) };
    },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
  return self;
}
