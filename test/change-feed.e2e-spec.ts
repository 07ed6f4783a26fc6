import { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { UsersService } from '@app/auth';
import { ChangeFeed, withCredentials } from '@app/platform';
import { createApp } from '../apps/api/src/create-app';
import { auth, createCohort, createLearner, successorTitle } from './support/fixtures';
import { DB_ROLES, startTestApp, TestApp, testConfig } from './support/test-app';

/**
 * Issue 15 (ADR 0013): the in-process caches (accounts by id, the référentiel's snapshot) stay right
 * across instances. Two Nest apps on the same database, each listening on its own port, each with
 * its own memory and its own LISTEN connection (`sams-change-feed`): what one instance — or a psql
 * session — writes is seen by the other within 1 s, and never served stale after it is announced.
 *
 * « Served from memory » is measured on instance B's own SQL: its TypeORM logger is told of every
 * statement it runs (QueryCountingLogger.logQuery, called for each query whatever LOG_LEVEL), and
 * the test counts those that read `users`. Unlike pg_stat_user_tables (flushed by PostgreSQL at most
 * once a second, and shared by both instances), this count is exact and B's alone.
 */
describe('issue 15 — change feed: caches right across two instances', () => {
  let a: TestApp;
  let bApp: INestApplication;
  let A: () => ReturnType<typeof request>; // instance A over HTTP (its own port)
  let B: () => ReturnType<typeof request>; // instance B over HTTP (its own port)
  let owner: Client; // a psql-like session as the tables' owner, bypassing the app
  let superuser: Client; // TEST_DATABASE_URL: may end other roles' backends
  let database: string;
  let admin: string;
  let usersReadsOnB = 0;

  const listen = async (app: INestApplication): Promise<string> => {
    await app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  };
  const me = (on: () => ReturnType<typeof request>, token: string) => on().get('/api/auth/me').set(auth(token));
  /** An authenticated read that touches no `users` row itself (the centre's identity): only the JWT check may. */
  const probe = (on: () => ReturnType<typeof request>, token: string) => on().get('/api/centre').set(auth(token));

  /** Polls every 20 ms until `done` (at most `limitMs`); the measured delay in ms, or throws. */
  const within = async (label: string, limitMs: number, done: () => Promise<boolean>): Promise<number> => {
    const started = performance.now();
    for (;;) {
      if (await done()) {
        const delay = Math.round(performance.now() - started);
        console.log(`[change-feed] ${label}: ${delay} ms`);
        return delay;
      }
      if (performance.now() - started > limitMs) throw new Error(`${label}: not seen within ${limitMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  /** B's reads of `users` during `fn`. */
  const usersReadsOnBDuring = async (fn: () => Promise<unknown>): Promise<number> => {
    const before = usersReadsOnB;
    await fn();
    return usersReadsOnB - before;
  };
  const feedsLive = () => [a.app.get(ChangeFeed).live, bApp.get(ChangeFeed).live];

  beforeAll(async () => {
    a = await startTestApp();
    bApp = await createApp(testConfig(a.databaseUrl), a.databaseUrl);
    await bApp.init();
    const baseA = await listen(a.app);
    const baseB = await listen(bApp);
    expect(baseA).not.toBe(baseB);
    A = () => request(baseA);
    B = () => request(baseB);
    const logger = bApp.get(DataSource).logger;
    const logQuery = logger.logQuery.bind(logger);
    logger.logQuery = (query, parameters, runner) => {
      if (/\bFROM\s+"users"/i.test(query)) usersReadsOnB += 1;
      return logQuery(query, parameters, runner);
    };
    owner = new Client({ connectionString: withCredentials(a.databaseUrl, DB_ROLES.owner.name, DB_ROLES.owner.password) });
    await owner.connect();
    database = new URL(a.databaseUrl).pathname.slice(1);
    superuser = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await superuser.connect();
    admin = await a.adminToken();
    expect(feedsLive()).toEqual([true, true]);
  });
  afterAll(async () => {
    await owner?.end();
    await superuser?.end();
    await bApp?.close();
    await a?.close();
  });

  it('(1) deactivated on A → its token refused by B within 1 s, after B served it from memory', async () => {
    const user = await a.createUser(['trainer']);
    await probe(B, user.token).expect(200); // B loads the account once…
    const reads = await usersReadsOnBDuring(async () => {
      for (let i = 0; i < 20; i += 1) await probe(B, user.token).expect(200);
    });
    expect(reads).toBe(0); // …then serves it from memory: 20 requests, no read of `users`.
    await A().patch(`/api/users/${user.id}`).set(auth(admin)).send({ active: false }).expect(200);
    const delay = await within('deactivation on A seen by B', 1_000, async () => (await probe(B, user.token)).status === 401);
    expect(delay).toBeLessThan(1_000);
    expect((await probe(B, user.token).expect(401)).body.code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('(2) a role removed on A is applied by B; a password changed on A ends the sessions on B', async () => {
    const user = await a.createUser(['trainer', 'admin']);
    await B().get('/api/users').set(auth(user.token)).expect(200);
    expect((await me(B, user.token).expect(200)).body.roles).toEqual(expect.arrayContaining(['trainer', 'admin']));
    expect(await usersReadsOnBDuring(() => probe(B, user.token).expect(200))).toBe(0);
    await A()
      .patch(`/api/users/${user.id}`)
      .set(auth(admin))
      .send({ roles: ['trainer'] })
      .expect(200);
    await within('role removed on A applied by B', 1_000, async () => (await B().get('/api/users').set(auth(user.token))).status === 403);
    expect((await me(B, user.token).expect(200)).body.roles).toEqual(['trainer']);

    const password = 'a-good-password-123';
    const other = await a.login(user.email, password); // another open session, used on B
    await probe(B, other).expect(200);
    expect(await usersReadsOnBDuring(() => probe(B, other).expect(200))).toBe(0);
    await A()
      .put('/api/auth/me/password')
      .set(auth(user.token))
      .send({ currentPassword: password, newPassword: 'le héron pêche au petit matin' })
      .expect(204);
    await within('password changed on A ends the session on B', 1_000, async () => (await probe(B, other)).status === 401);
    await probe(B, user.token).expect(401);
    const fresh = await a.login(user.email, 'le héron pêche au petit matin');
    await probe(B, fresh).expect(200);
  });

  it('(3) R-REF-3 correction of an unused title on A: B reads the new CCP title (GET, and the ECF built from its kept structure)', async () => {
    const code = 'RNCP99015';
    const title = successorTitle(code);
    await A().post('/api/certifications').set(auth(admin)).send(title).expect(201);
    // B's snapshot of the référentiel is loaded now (it holds the new title with « Activité type 1 »).
    const sams = await createLearner(a, { pathway: 'training', cohortId: (await createCohort(a, [])).id });
    const warm = await B().get(`/api/learners/${sams.id}/ecf`).set(auth(admin)).expect(200);
    expect(warm.body.ccps).toHaveLength(3);
    const ecfReads = async () => B().get(`/api/learners/${sams.id}/ecf`).set(auth(admin)).expect(200);
    await ecfReads();

    const renamed = { ...title, ccps: title.ccps.map((c) => (c.number === 1 ? { ...c, title: 'Accueil renommé (cache)' } : c)) };
    await A().put(`/api/certifications/${code}`).set(auth(admin)).send(renamed).expect(200);
    const got = await B().get(`/api/certifications/${code}`).set(auth(admin)).expect(200);
    expect(got.body.ccps.find((c: { number: number }) => c.number === 1).title).toBe('Accueil renommé (cache)');

    // A learner on that title, made on A (no write of the référentiel: nothing else would refresh B).
    const cohort = await createCohort(a, [], { certificationCode: code, startDate: '2026-01-05', endDate: '2026-12-18' });
    const learner = await createLearner(a, { pathway: 'training', cohortId: cohort.id });
    const ecfTitle = async () =>
      (
        (await B().get(`/api/learners/${learner.id}/ecf`).set(auth(admin)).expect(200)).body.ccps as { ccpCode: string; title: string }[]
      ).find((c) => c.ccpCode === `${code}BC01`)?.title;
    await within('title renamed on A in B’s ECF', 1_000, async () => (await ecfTitle()) === 'Accueil renommé (cache)');

    // The same through psql, as the owner: B's next reads follow.
    await owner.query(`UPDATE ccps SET title = 'Renommé en SQL' WHERE code = $1`, [`${code}BC01`]);
    await within('CCP title renamed in SQL seen in B’s ECF', 1_000, async () => (await ecfTitle()) === 'Renommé en SQL');
    await within('CCP title renamed in SQL seen in A’s ECF', 1_000, async () => {
      const res = await A().get(`/api/learners/${learner.id}/ecf`).set(auth(admin)).expect(200);
      return (res.body.ccps as { ccpCode: string; title: string }[]).some(
        (c) => c.ccpCode === `${code}BC01` && c.title === 'Renommé en SQL',
      );
    });
  });

  it('(4) UPDATE users SET active = false in psql (bypassing the app) → refused by both instances within 1 s', async () => {
    const user = await a.createUser(['jury']);
    await probe(A, user.token).expect(200);
    await probe(B, user.token).expect(200);
    expect(await usersReadsOnBDuring(() => probe(B, user.token).expect(200))).toBe(0);
    await owner.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
    await Promise.all([
      within('psql deactivation seen by A', 1_000, async () => (await probe(A, user.token)).status === 401),
      within('psql deactivation seen by B', 1_000, async () => (await probe(B, user.token)).status === 401),
    ]);
  });

  it('(5) feed lost: caches bypassed at once (a psql change seen immediately), back within 2 s, still right', async () => {
    const user = await a.createUser(['trainer']);
    const second = await a.createUser(['trainer']);
    for (const u of [user, second]) await probe(B, u.token).expect(200);
    expect(await usersReadsOnBDuring(() => probe(B, user.token).expect(200))).toBe(0);

    const killed = await superuser.query(
      `SELECT pg_terminate_backend(pid, 1000) AS done FROM pg_stat_activity WHERE application_name = 'sams-change-feed' AND datname = $1`,
      [database],
    );
    expect(killed.rows).toEqual([{ done: true }, { done: true }]); // one per instance
    await owner.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
    // No announcement can reach B now: only bypassing the cache gives the right answer, at once.
    expect(feedsLive()).toEqual([false, false]);
    expect((await probe(B, user.token)).status).toBe(401);
    expect((await probe(A, user.token)).status).toBe(401);
    // Bypassed: each request of B reads `users`.
    expect(await usersReadsOnBDuring(() => probe(B, second.token).expect(200))).toBeGreaterThan(0);

    await within('feed back on both instances', 2_000, () => Promise.resolve(feedsLive().every(Boolean)));
    const back = await superuser.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'sams-change-feed' AND datname = $1`,
      [database],
    );
    expect(back.rows[0].n).toBe(2);
    await probe(B, second.token).expect(200);
    expect(await usersReadsOnBDuring(() => probe(B, second.token).expect(200))).toBe(0); // cached again
    await owner.query('UPDATE users SET active = false WHERE id = $1', [second.id]);
    await within('psql deactivation after the reconnect seen by B', 1_000, async () => (await probe(B, second.token)).status === 401);
  });

  it('(6) twenty parallel requests on B right after a deactivation on A: none answered 200 once the change is announced', async () => {
    const user = await a.createUser(['trainer']);
    await probe(B, user.token).expect(200);
    let announcedAt = Infinity;
    // Called by B's feed after B's account cache (subscribed first) has dropped the entry.
    bApp.get(ChangeFeed).subscribe('user', (key) => {
      if (key === user.id && announcedAt === Infinity) announcedAt = performance.now();
    });
    // supertest sends on then(): started now, awaited after the waves.
    const patched = A()
      .patch(`/api/users/${user.id}`)
      .set(auth(admin))
      .send({ active: false })
      .then((res) => res.status);
    const results: { sentAt: number; status: number }[] = [];
    const wave = async () =>
      Promise.all(
        Array.from({ length: 20 }, async () => {
          const sentAt = performance.now();
          const res = await probe(B, user.token);
          results.push({ sentAt, status: res.status });
        }),
      );
    // Waves of 20 until the announcement has reached B, then one more.
    const deadline = performance.now() + 5_000;
    while (announcedAt === Infinity && performance.now() < deadline) await wave();
    expect(await patched).toBe(200);
    expect(announcedAt).toBeLessThan(Infinity);
    await wave();
    expect(results.every((r) => r.status === 200 || r.status === 401)).toBe(true);
    const after = results.filter((r) => r.sentAt >= announcedAt);
    expect(after.length).toBeGreaterThanOrEqual(20);
    expect(after.filter((r) => r.status === 200)).toEqual([]);
    console.log(
      `[change-feed] parallel requests: ${results.length - after.length} sent before B heard the change (${results.filter((r) => r.sentAt < announcedAt && r.status === 200).length} answered 200), ${after.length} after (all 401)`,
    );
  });

  it('(7) a connection that dies silently (no error, no end: a network cut) is detected by the heartbeat, the caches bypassed, then back', async () => {
    const feed = bApp.get(ChangeFeed);
    const client = (feed as unknown as { client: { connection: { stream: { pause(): void } } } }).client;
    // Reads stop: notifications (and the feed's own pings) are no longer heard, the socket stays open.
    client.connection.stream.pause();
    const cutAt = performance.now();
    await within('B notices the silent cut', 10_000, () => Promise.resolve(!feed.live));
    const noticed = Math.round(performance.now() - cutAt);
    await within('B listens again', 4_000, () => Promise.resolve(feed.live));
    const back = Math.round(performance.now() - cutAt);
    expect((feed as unknown as { client: unknown }).client).not.toBe(client);
    console.log(`[change-feed] silent cut noticed after ${noticed} ms, listening again after ${back} ms`);
  }, 20_000);

  it('(8) the admin’s PATCH answers once the change is announced: the very next request on B, without waiting, has the new rights (20 rounds)', async () => {
    let stale = 0;
    for (let round = 0; round < 20; round += 1) {
      const user = await a.createUser(['trainer', 'admin']);
      await B().get('/api/users').set(auth(user.token)).expect(200); // B keeps the account, admin
      const change = round % 2 === 0 ? { roles: ['trainer'] } : { active: false };
      await A().patch(`/api/users/${user.id}`).set(auth(admin)).send(change).expect(200);
      const next = await B().get('/api/users').set(auth(user.token));
      if (next.status === 200) stale += 1;
      else expect(next.status).toBe(round % 2 === 0 ? 403 : 401);
    }
    expect(stale).toBe(0);
  }, 60_000);

  it('(9) a change committed by psql is never served from B’s memory, even in the same tick as the COMMIT (CI saw 1 stale in 20 before ChangeFeed.caughtUp)', async () => {
    const users = bApp.get(UsersService);
    let stale = 0;
    for (let round = 0; round < 40; round += 1) {
      const user = await a.createUser(['trainer']);
      const issuedAt = Math.floor(Date.now() / 1000);
      expect(await users.findSessionUser(user.id, issuedAt)).not.toBeNull(); // B keeps it
      expect(await usersReadsOnBDuring(() => users.findSessionUser(user.id, issuedAt))).toBe(0);
      await owner.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
      // At once: B's listening socket may not have been read yet.
      if ((await users.findSessionUser(user.id, issuedAt)) !== null) stale += 1;
    }
    expect(stale).toBe(0);
  }, 60_000);
});
