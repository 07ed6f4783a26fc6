import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startTestApp, TestApp } from './support/test-app';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A superuser connection to this test file's database (past every privilege, never past a trigger). */
async function superuser(databaseUrl: string): Promise<Client> {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = new URL(databaseUrl).pathname;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

/** Every table that a row trigger keeps append-only (or frozen once signed / decided). */
const APPEND_ONLY_TABLES = `
  SELECT DISTINCT c.relname AS name
  FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_proc p ON p.oid = t.tgfoid
  WHERE n.nspname = 'public' AND NOT t.tgisinternal AND p.proname LIKE 'refuse\\_change\\_of\\_%'
    AND (t.tgtype & 1) = 1 AND (t.tgtype & (8 | 16)) <> 0
  ORDER BY 1`;

describe('issue 10 — the database itself refuses to erase append-only records', () => {
  let t: TestApp;
  let db: Client;
  beforeAll(async () => {
    t = await startTestApp();
    db = await superuser(t.databaseUrl);
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  it('issue 10 — TRUNCATE is refused on every append-only table, even for a superuser', async () => {
    const tables = (await db.query<{ name: string }>(APPEND_ONLY_TABLES)).rows.map((r) => r.name);
    // The known ones, so that a broken catalogue query cannot pass by finding nothing.
    expect(tables).toEqual(
      expect.arrayContaining(['audit_log', 'ccp_awards', 'ecf_syntheses', 'learner_enrolments', 'professional_file_events', 'appeals']),
    );
    for (const table of tables) {
      await db.query('BEGIN');
      try {
        // CASCADE: the foreign keys pointing at the table would refuse first otherwise.
        await expect(db.query(`TRUNCATE ${db.escapeIdentifier(table)} CASCADE`)).rejects.toThrow(
          new RegExp(`La table ${table} est en ajout seul : TRUNCATE refusé`),
        );
      } finally {
        await db.query('ROLLBACK');
      }
    }
  });
});

describe('issue 10 — the app connects as a role that owns nothing and may only read and write rows', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const refused = (sql: string): Promise<void> => expect(t.dataSource.query(sql)).rejects.toThrow();

  it('issue 10 — the app role is no superuser and owns no table, function or schema', async () => {
    const [me] = await t.dataSource.query<
      { name: string; superuser: boolean; createrole: boolean; createdb: boolean; bypassrls: boolean }[]
    >(
      `SELECT current_user AS name, rolsuper AS superuser, rolcreaterole AS createrole, rolcreatedb AS createdb, rolbypassrls AS bypassrls
       FROM pg_roles WHERE rolname = current_user`,
    );
    expect(me).toEqual({ name: 'sams_app', superuser: false, createrole: false, createdb: false, bypassrls: false });
    const [owned] = await t.dataSource.query<{ n: number }[]>(
      `SELECT (SELECT count(*)::int FROM pg_class WHERE relowner = 'sams_app'::regrole)
            + (SELECT count(*)::int FROM pg_proc WHERE proowner = 'sams_app'::regrole)
            + (SELECT count(*)::int FROM pg_namespace WHERE nspowner = 'sams_app'::regrole) AS n`,
    );
    expect(owned.n).toBe(0);
    const owners = await t.dataSource.query<{ name: string }[]>(
      `SELECT DISTINCT pg_get_userbyid(relowner) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'`,
    );
    expect(owners).toEqual([{ name: 'sams_owner' }]);
  });

  it('issue 10 — the app connection cannot disable a trigger, truncate, alter, drop or create anything', async () => {
    await refused('ALTER TABLE ccp_awards DISABLE TRIGGER ALL');
    await refused('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await refused('DROP TRIGGER ccp_awards_append_only ON ccp_awards');
    await refused('TRUNCATE ccp_awards');
    await refused('TRUNCATE ccp_awards CASCADE');
    await refused('TRUNCATE users CASCADE');
    await refused('TRUNCATE login_attempts');
    await refused('ALTER TABLE users ADD COLUMN intruder text');
    await refused('DROP TABLE idempotency_keys');
    await refused('CREATE TABLE intruder (id int)');
    await refused(
      `CREATE OR REPLACE FUNCTION refuse_change_of_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
    );
    await refused('SET session_replication_role = replica');
    await refused('CREATE ROLE intruder SUPERUSER');
    await refused('ALTER ROLE sams_app SUPERUSER');
    await refused(`COPY users TO PROGRAM 'true'`);
    await refused(`INSERT INTO migrations (timestamp, name) VALUES (1, 'x')`);
    // What the app does stays possible: read and write rows.
    const [{ n }] = await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM users');
    expect(n).toBeGreaterThan(0);
  });

  it('issue 10 — the append-only tables still answer with their own refusal through the app connection', async () => {
    await expect(t.dataSource.query(`UPDATE audit_log SET action = 'tampered'`)).rejects.toThrow(/ajout seul/);
    await expect(t.dataSource.query('TRUNCATE audit_log')).rejects.toThrow(/ajout seul/);
    await expect(t.dataSource.query('TRUNCATE ecf_syntheses CASCADE')).rejects.toThrow(/ajout seul/);
  });
});

describe('issue 10 — the embedded default creates an owner role and an app role', () => {
  /** `node dist/apps/api/src/main.js` (built by the global setup) on a throw-away data folder. */
  async function startMain(env: Record<string, string>): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
      cwd: join(__dirname, '..'),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    for (let i = 0; i < 600; i += 1) {
      if (child.exitCode !== null) throw new Error(`main.js stopped: ${output}`);
      const ok = await fetch(`http://127.0.0.1:${env.PORT}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return child;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`main.js did not answer: ${output}`);
  }
  async function stopMain(child: ChildProcess): Promise<void> {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }

  it('issue 10 — a fresh (or pre-issue-10) embedded cluster: migrations as sams_owner, the app as sams_app', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sams-roles-'));
    if (process.getuid?.() === 0) chmodSync(dataDir, 0o755);
    const pgPort = await freePort();
    const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), PORT: String(await freePort()), LOG_LEVEL: 'warn' };
    const superuser = async (): Promise<Client> => {
      const password = readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
      const client = new Client({ connectionString: `postgres://postgres:${password}@127.0.0.1:${pgPort}/sams` });
      await client.connect();
      return client;
    };
    try {
      let main = await startMain(env);
      // As before issue 10: objects the superuser created, a database it owns.
      let db = await superuser();
      await db.query('CREATE TABLE legacy_notes (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, note text)');
      await db.query(`CREATE FUNCTION legacy_fn() RETURNS int LANGUAGE sql AS 'SELECT 1'`);
      await db.query('ALTER TABLE users OWNER TO postgres');
      await db.end();
      await stopMain(main);

      main = await startMain(env);
      db = await superuser();
      try {
        const owners = await db.query<{ name: string }>(
          `SELECT pg_get_userbyid(c.relowner) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
           UNION SELECT pg_get_userbyid(p.proowner) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
           UNION SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'sams'`,
        );
        expect(owners.rows).toEqual([{ name: 'sams_owner' }]);
        const roles = await db.query<{ name: string; superuser: boolean }>(
          `SELECT rolname AS name, rolsuper AS superuser FROM pg_roles WHERE rolname IN ('sams_owner', 'sams_app') ORDER BY 1`,
        );
        expect(roles.rows).toEqual([
          { name: 'sams_app', superuser: false },
          { name: 'sams_owner', superuser: false },
        ]);
        const sessions = await db.query<{ name: string }>(
          `SELECT DISTINCT usename AS name FROM pg_stat_activity WHERE application_name = 'sams-api'`,
        );
        expect(sessions.rows).toEqual([{ name: 'sams_app' }]);
        const grants = await db.query<{ ok: boolean }>(
          `SELECT has_table_privilege('sams_app', 'legacy_notes', 'INSERT') AND NOT has_table_privilege('sams_app', 'users', 'TRUNCATE') AS ok`,
        );
        expect(grants.rows[0].ok).toBe(true);
      } finally {
        await db.end();
        await stopMain(main);
      }
      expect(statSync(join(dataDir, 'pg-app-password')).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 'pg-owner-password')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
