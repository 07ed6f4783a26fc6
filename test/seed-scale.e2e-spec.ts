import { DEMO_PASSWORD, seedDemo } from '../seeds/demo';
import { SCALE_EMAIL_DOMAIN, SCALE_MARKER, seedScale } from '../seeds/scale';
import { auth } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * npm run seed:scale at 1 % (SEED_SCALE_FACTOR=0.01): the same generator as the full load, on a
 * test database, on top of the demo; counts proportional to the full set, the data coherent as
 * the API reads it (a booklet shows the awards, a PV's sha256 verifies).
 */
describe('scale seed (npm run seed:scale, factor 0.01)', () => {
  let t: TestApp;
  let auditBefore: number;
  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await t.dataSource.query<{ n: string }[]>(sql, params))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    auditBefore = await count('SELECT count(*) AS n FROM audit_log');
    await seedScale(t.app, { factor: 0.01, databaseUrl: t.databaseUrl, log: () => undefined });
  }, 120_000);
  afterAll(async () => t.close());

  it('loads counts proportional to the full set (100 learners, 2 cohorts, 1,000 ECF, 10 sessions, ~300 awards, 50 DPs, 10,000 audit rows)', async () => {
    const scaleLearners = `SELECT id FROM learners WHERE email LIKE '%@${SCALE_EMAIL_DOMAIN}'`;
    expect(await count(`SELECT count(*) AS n FROM (${scaleLearners}) l`)).toBe(100);
    expect(await count(`SELECT count(*) AS n FROM learners WHERE email LIKE '%@${SCALE_EMAIL_DOMAIN}' AND pathway = 'vae'`)).toBe(6);
    expect(await count(`SELECT count(*) AS n FROM cohorts WHERE name LIKE $1`, [`${SCALE_MARKER}%`])).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM ecf_evaluations WHERE learner_id IN (${scaleLearners})`)).toBe(1000);
    expect(await count(`SELECT count(*) AS n FROM jury_sessions WHERE ceres_reference ~ '^CERES-[0-9]{4}-[0-9]{4}$'`)).toBe(10);
    const awards = await count(`SELECT count(*) AS n FROM ccp_awards WHERE source = 'session' AND learner_id IN (${scaleLearners})`);
    expect(awards).toBeGreaterThanOrEqual(240);
    expect(awards).toBeLessThanOrEqual(300);
    expect(await count(`SELECT count(*) AS n FROM title_awards WHERE learner_id IN (${scaleLearners})`)).toBeGreaterThan(50);
    expect(await count(`SELECT count(*) AS n FROM professional_files WHERE learner_id IN (${scaleLearners})`)).toBe(50);
    expect((await count('SELECT count(*) AS n FROM audit_log')) - auditBefore).toBe(10_000);
    // The audit filler reaches every generated learner, none after the load day began.
    expect(await count(`SELECT count(DISTINCT entity_id) AS n FROM audit_log WHERE action = 'learner.update'`)).toBe(100);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE at > now()`)).toBe(0);
    // Every closed session has a complete PV: one signature per juror.
    expect(
      await count(`SELECT count(*) AS n FROM pv_versions p JOIN jury_sessions s ON s.id = p.session_id
        WHERE (SELECT count(*) FROM pv_signatures g WHERE g.pv_version_id = p.id) <> (SELECT count(*) FROM session_jurors j WHERE j.session_id = s.id)`),
    ).toBe(0);
  });

  it("a generated learner's booklet shows their awards; a generated PV verifies; the cohort's progress and the audit answer", async () => {
    const admin = await t.login('secretariat@demo.sams.fr', DEMO_PASSWORD);
    const [learner] = await t.dataSource.query<{ id: string; awards: number }[]>(
      `SELECT l.id, (SELECT count(*) FROM ccp_awards a WHERE a.learner_id = l.id)::int AS awards FROM learners l
       JOIN title_awards t ON t.learner_id = l.id WHERE l.email LIKE '%@${SCALE_EMAIL_DOMAIN}' ORDER BY l.email LIMIT 1`,
    );
    const booklet = await t.http.get(`/api/learners/${learner.id}/booklet`).set(auth(admin)).expect(200);
    expect(booklet.body.titleAwarded).toBe(true);
    const held = (booklet.body.ccps as { held: boolean; source: string }[]).filter((c) => c.held);
    expect(held).toHaveLength(learner.awards);
    expect(held.every((c) => c.source === 'session')).toBe(true);

    const [session] = await t.dataSource.query<{ id: string }[]>(
      `SELECT p.session_id AS id FROM pv_versions p JOIN jury_sessions s ON s.id = p.session_id WHERE s.ceres_reference ~ '^CERES-[0-9]{4}-' ORDER BY s.start_date LIMIT 1`,
    );
    const pv = await t.http.get(`/api/jury-sessions/${session.id}/pv`).set(auth(admin)).expect(200);
    expect(pv.body).toMatchObject({ version: 1, complete: true });
    expect(pv.body.candidates.length).toBeGreaterThan(0);

    const [cohort] = await t.dataSource.query<
      {
        id: string;
      }[]
    >(`SELECT id FROM cohorts WHERE name LIKE $1 ORDER BY name LIMIT 1`, [`${SCALE_MARKER}%`]);
    const progress = await t.http.get(`/api/cohorts/${cohort.id}/progress`).set(auth(admin)).expect(200);
    expect(progress.body.learners).toHaveLength(47);
    const audit = await t.http.get(`/api/audit?entity=learner&entityId=${learner.id}`).set(auth(admin)).expect(200);
    expect(audit.body.items.length).toBeGreaterThan(0);
    expect(audit.body.items.every((i: { entityId: string }) => i.entityId === learner.id)).toBe(true);
    // The history is in order: the learner's first entry is its creation, every other comes after.
    const [first] = await t.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_log WHERE entity = 'learner' AND entity_id = $1 ORDER BY at, id LIMIT 1`,
      [learner.id],
    );
    expect(first.action).toBe('learner.create');
    expect(
      await count(
        `SELECT count(*) AS n FROM audit_log a JOIN learners l ON a.entity = 'learner' AND a.entity_id = l.id::text WHERE a.at < l.created_at`,
      ),
    ).toBe(0);
  });

  it('refuses a second load (the scale data is there)', async () => {
    await expect(seedScale(t.app, { factor: 0.01, databaseUrl: t.databaseUrl, log: () => undefined })).rejects.toThrow(/déjà chargées/);
  });
});
