import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { startSmtp, TestSmtp } from './support/smtp';
import { ADMIN, createTestDatabase, DB_ROLES } from './support/test-app';
import { withCredentials } from '@app/platform';

const MESSAGES = 20;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The app as `npm start` runs it (dist/apps/api/src/main.js), in its own process. */
async function startProcess(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, '../dist/apps/api/src/main.js')], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const end = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode})`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base };
    } catch {
      /* not listening yet */
    }
    if (Date.now() > end) throw new Error('the app did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Issue 14 (1): a `kill -9` between the fact and the sending loses nothing and sends nothing twice.
 * Twenty messages are committed (each with its cause: « renvoyer », audited); the SMTP server
 * holds the first delivery unanswered; the app is killed with SIGKILL — one message cut while
 * being sent, nineteen not yet sent. A new instance sends each exactly once.
 */
describe('outbox survives kill -9 (issue 14)', () => {
  let smtp: TestSmtp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await smtp.close();
  });

  it('queued 20, killed while sending: after restart 20 delivered, 0 lost, 0 duplicated', async () => {
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      MIGRATIONS_DATABASE_URL: withCredentials(db.url, DB_ROLES.owner.name, DB_ROLES.owner.password),
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'error',
      SMTP_URL: smtp.url,
      MAIL_SEND_TIMEOUT_SECONDS: '2',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    };
    // Twenty originals written as the owner (no job): each « renvoyer » below is the fact.
    const owner = new Client({ connectionString: db.ownerUrl });
    await owner.connect();
    const originals: string[] = [];
    for (let i = 0; i < MESSAGES; i += 1) {
      const { rows } = await owner.query<{ id: string }>(
        `INSERT INTO outbox_messages (kind, to_address, subject, text_body, from_name, status) VALUES ('convocation_candidate', $1, 'Convocation', 'Bonjour', 'Centre', 'sent') RETURNING id`,
        [`crash${i}@example.test`],
      );
      originals.push(rows[0].id);
    }

    smtp.mode = 'hold';
    const first = await startProcess(env);
    children.push(first.child);
    const login = await fetch(`${first.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const answers = await Promise.all(
      originals.map((id) =>
        fetch(`${first.base}/api/outbox/${id}/resend`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(MESSAGES).fill(202));

    // The worker is inside a delivery the server never answers: kill -9 now.
    const end = Date.now() + 15_000;
    while ((await owner.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE sending_since IS NOT NULL`)).rows[0].n === 0) {
      if (Date.now() > end) throw new Error('no delivery started');
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const atCrash = (
      await owner.query(`SELECT status, count(*)::int AS n FROM outbox_messages WHERE resent_from IS NOT NULL GROUP BY status`)
    ).rows;
    expect(atCrash).toEqual([{ status: 'queued', n: MESSAGES }]);
    expect(smtp.messages).toHaveLength(0);

    smtp.mode = 'accept';
    const second = await startProcess(env);
    children.push(second.child);
    await smtp.waitFor(MESSAGES, 60_000);
    await new Promise((r) => setTimeout(r, 5000)); // a duplicate would arrive now
    const recipients = smtp.messages.flatMap((m) => m.envelopeTo);
    const duplicated = recipients.length - new Set(recipients).size;
    const lost = originals.length - new Set(recipients).size;
    const sent = (await owner.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE resent_from IS NOT NULL AND status = 'sent'`))
      .rows[0].n;
    // The figure of the note.
    console.log(
      `kill -9: queued ${MESSAGES}, delivered ${new Set(recipients).size}, duplicated ${duplicated}, lost ${lost}, sent in the outbox ${sent}`,
    );
    expect({ duplicated, lost, sent }).toEqual({ duplicated: 0, lost: 0, sent: MESSAGES });
    await owner.end();
    second.child.kill('SIGTERM');
  }, 150_000);
});
