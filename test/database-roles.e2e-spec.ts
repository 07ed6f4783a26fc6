import { Client } from 'pg';
import { startTestApp, TestApp } from './support/test-app';

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
