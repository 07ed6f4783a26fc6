import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { addMonths, todayInFrance } from '@app/rules';
import { DEMO_PASSWORD, seedDemo } from '../seeds/demo';
import { SCALE_EMAIL_DOMAIN, seedScale } from '../seeds/scale';
import { auth, createCohort, createJuror, createLearner, createSession, signAllEcf, submitDp } from './support/fixtures';
import { DB_ROLES, startTestApp, TestApp } from './support/test-app';

interface BookletFacts {
  titleAwarded: boolean;
  ccps: { code: string; held: boolean; obtainedOn?: string | null; source?: string | null }[];
}

/** What must survive an anonymisation in a booklet: which CCPs are held, when, from where; the title. */
const bookletFacts = (b: BookletFacts): unknown => ({
  titleAwarded: b.titleAwarded,
  ccps: b.ccps.map((c) => ({ code: c.code, held: c.held, obtainedOn: c.obtainedOn ?? null, source: c.source ?? null })),
});

/**
 * Issue 16 (3): the retention policy applied on the demo and the scale data at 1 % (100 learners,
 * 10 sessions over five years with signed PVs), with a short policy (attachments 1 year, identity
 * 2 years after the last session) so that part of the data is due today.
 */
describe('issue 16 — retention policy (GET /api/retention/preview, POST /api/retention/runs)', () => {
  let t: TestApp;
  let admin: string;
  let openLearnerId: string;
  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await t.dataSource.query<{ n: string }[]>(sql, params))[0].n);
  /** A DP attachment (its bytes and row), uploaded at `at` (now when absent). Returns its id. */
  const attach = async (fileId: string, filename: string, at?: Date | string): Promise<string> => {
    const data = Buffer.concat([Buffer.from(`%PDF-1.4\n% ${filename}\n`), Buffer.alloc(500, 32)]);
    const id = randomUUID();
    await t.dataSource.transaction(async (m) => {
      await m.query('INSERT INTO dp_attachment_chunks (attachment_id, seq, data) VALUES ($1, 0, $2)', [id, data]);
      await m.query(
        `INSERT INTO dp_attachments (id, file_id, filename, content_type, size, sha256, created_at)
         VALUES ($1, $2, $3, 'application/pdf', $4, $5, coalesce($6::timestamptz, now()))`,
        [id, fileId, filename, data.length, createHash('sha256').update(data).digest('hex'), at ?? null],
      );
    });
    return id;
  };
  /** A learner who sat long ago and re-trains now in a current cohort (R-ELIG-6). */
  let retrainingId: string;
  /** A learner whose reference (cohort end) is 18 months old: one old attachment, one uploaded today. */
  let recent: { learnerId: string; oldAttachment: string; todayAttachment: string };

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    await seedScale(t.app, { factor: 0.01, databaseUrl: t.databaseUrl, log: () => undefined });
    admin = await t.login('secretariat@demo.sams.fr', DEMO_PASSWORD);
    // Every DP of the scale data gets two attachments (the generator writes none), uploaded the day the DP was created.
    const files = await t.dataSource.query<{ id: string; created_at: Date }[]>(
      `SELECT f.id, f.created_at FROM professional_files f JOIN learners l ON l.id = f.learner_id WHERE l.email LIKE '%@${SCALE_EMAIL_DOMAIN}'`,
    );
    for (const f of files) for (const k of [1, 2]) await attach(f.id, `piece-${k}.pdf`, f.created_at);
    // A learner whose last session is old but still open (deliberation never closed): skipped.
    const trainer = await t.createUser(['trainer']);
    const cohort = await createCohort(t, [trainer.id], { startDate: '2022-10-03', endDate: '2023-01-06' });
    const learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id, lastName: 'Ouverte' }, true);
    await signAllEcf(t, learner.id, trainer.token);
    await submitDp(t, learner);
    const jurors = [await createJuror(t, { validFrom: '2022-01-01' }), await createJuror(t, { validFrom: '2022-01-01' })];
    const session = await createSession(t, { type: 'title', startDate: '2023-01-10', endDate: '2023-01-11' });
    for (const j of jurors)
      await t.http.post(`/api/jury-sessions/${session.id}/jurors`).set(auth(admin)).send({ userId: j.id }).expect(201);
    await t.http.post(`/api/jury-sessions/${session.id}/candidates`).set(auth(admin)).send({ learnerId: learner.id }).expect(201);
    openLearnerId = learner.id;
    // Another candidate of that 2023 session, with an attachment of 2022: re-trains now (see below).
    const retrainer = await createLearner(t, { pathway: 'training', cohortId: cohort.id, lastName: 'Reprise' }, true);
    await signAllEcf(t, retrainer.id, trainer.token);
    await submitDp(t, retrainer);
    await t.http.post(`/api/jury-sessions/${session.id}/candidates`).set(auth(admin)).send({ learnerId: retrainer.id }).expect(201);
    await t.dataSource.query(`UPDATE learners SET created_at = '2022-10-03' WHERE id = $1`, [retrainer.id]);
    const [retrainerFile] = await t.dataSource.query<{ id: string }[]>('SELECT id FROM professional_files WHERE learner_id = $1', [
      retrainer.id,
    ]);
    await attach(retrainerFile.id, 'attestation-2022.pdf', '2022-12-01');
    retrainingId = retrainer.id;
    // Entered in 2022 (the file's creation counts too: the latest of the dates is the reference).
    await t.dataSource.query(`UPDATE learners SET created_at = '2022-10-03' WHERE id = $1`, [learner.id]);
    // The centre's policy: 1 year for the attachments, 2 for the identity.
    const centre = (await t.http.get('/api/centre').set(auth(admin)).expect(200)).body;
    const { hasLogo: _logo, ...input } = centre;
    await t.http
      .put('/api/centre')
      .set(auth(admin))
      .send({ ...input, retention: { attachmentsYears: 1, identityYears: 2 } })
      .expect(200);
  }, 180_000);
  afterAll(async () => t.close());

  it('the preview says what the next run (03:00 Paris) will erase; refused to non-admins', async () => {
    const trainer = await t.login('formatrice@demo.sams.fr', DEMO_PASSWORD);
    await t.http.get('/api/retention/preview').set(auth(trainer)).expect(403);
    await t.http.post('/api/retention/runs').set(auth(trainer)).expect(403);
    const preview = (await t.http.get('/api/retention/preview').set(auth(admin)).expect(200)).body;
    expect(preview.nextRunOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(preview.policy).toEqual({ attachmentsYears: 1, identityYears: 2 });
    expect(preview.attachmentsToDelete).toBeGreaterThan(0);
    expect(preview.identitiesToAnonymise).toBeGreaterThan(0);
    expect(preview.identityLearners).toHaveLength(preview.identitiesToAnonymise);
    expect(preview.attachmentLearners.reduce((n: number, l: { attachments: number }) => n + l.attachments, 0)).toBe(
      preview.attachmentsToDelete,
    );
    expect(preview.identityLearners.every((l: { label: string }) => l.label.length > 0)).toBe(true);
    // The demo's learners (sessions six weeks ago and today, cohort still running) are not due.
    const demo = new Set(
      (await t.dataSource.query<{ id: string }[]>(`SELECT id FROM learners WHERE email NOT LIKE '%@${SCALE_EMAIL_DOMAIN}'`)).map(
        (r) => r.id,
      ),
    );
    expect(demo.size).toBeGreaterThan(5);
    expect(preview.identityLearners.filter((l: { learnerId: string }) => demo.has(l.learnerId))).toEqual([]);
    // The learner in a session not closed is not announced.
    expect(preview.identityLearners.find((l: { learnerId: string }) => l.learnerId === openLearnerId)).toBeUndefined();
  });

  it('the reference is the LATEST of last session, last cohort, VAE recevabilité, creation: a learner who re-trains now is not due', async () => {
    const before = (await t.http.get('/api/retention/preview').set(auth(admin)).expect(200)).body;
    // Its last session (2023, after its cohort's end) is its reference: its 2022 attachment is due.
    expect(before.attachmentLearners.find((l: { learnerId: string }) => l.learnerId === retrainingId)).toMatchObject({
      reference: 'session',
      referenceDate: '2023-01-11',
      attachments: 1,
    });
    // Re-enrolled in a cohort running now (begun before the title's échéance): the old session no longer counts.
    const today = todayInFrance();
    const trainer = await t.createUser(['trainer']);
    const current = await createCohort(t, [trainer.id], { startDate: '2025-06-02', endDate: addMonths(today, 6) });
    await t.http.patch(`/api/learners/${retrainingId}`).set(auth(admin)).send({ cohortId: current.id }).expect(200);
    const after = (await t.http.get('/api/retention/preview').set(auth(admin)).expect(200)).body;
    const ids = (list: { learnerId: string }[]): string[] => list.map((l) => l.learnerId);
    expect(ids(after.identityLearners)).not.toContain(retrainingId);
    expect(ids(after.attachmentLearners)).not.toContain(retrainingId);
    expect(after.attachmentsToDelete).toBe(before.attachmentsToDelete - 1);
  });

  it('an attachment uploaded after the cutoff (today) is neither previewed nor deleted, though its learner is due', async () => {
    const today = todayInFrance();
    const trainer = await t.createUser(['trainer']);
    const past = await createCohort(t, [trainer.id], { startDate: addMonths(today, -30), endDate: addMonths(today, -18) });
    const learner = await createLearner(t, { pathway: 'training', cohortId: past.id, lastName: 'Récente' });
    await t.dataSource.query(`UPDATE learners SET created_at = $2::date WHERE id = $1`, [learner.id, addMonths(today, -30)]);
    let [file] = await t.dataSource.query<{ id: string }[]>('SELECT id FROM professional_files WHERE learner_id = $1', [learner.id]);
    if (!file) {
      file = { id: randomUUID() };
      await t.dataSource.query(`INSERT INTO professional_files (id, learner_id, created_at) VALUES ($1, $2, $3::date)`, [
        file.id,
        learner.id,
        addMonths(today, -29),
      ]);
    }
    const oldAttachment = await attach(file.id, 'ancienne.pdf', addMonths(today, -20));
    const before = (await t.http.get('/api/retention/preview').set(auth(admin)).expect(200)).body;
    const todayAttachment = await attach(file.id, 'diplome-du-jour.pdf');
    recent = { learnerId: learner.id, oldAttachment, todayAttachment };
    const preview = (await t.http.get('/api/retention/preview').set(auth(admin)).expect(200)).body;
    const mine = preview.attachmentLearners.find((l: { learnerId: string }) => l.learnerId === learner.id);
    expect(mine).toMatchObject({ reference: 'cohort', referenceDate: addMonths(today, -18), attachments: 1 });
    expect(preview.identityLearners.some((l: { learnerId: string }) => l.learnerId === learner.id)).toBe(false);
    expect(preview.attachmentsToDelete).toBe(before.attachmentsToDelete);
  });

  it('a run: counts before and after, PV hashes still valid, booklets unchanged, one run entry; a second run changes nothing', async () => {
    const preview = (await t.http.get('/api/retention/preview').set(auth(admin)).expect(200)).body;
    const due: string[] = preview.identityLearners.map((l: { learnerId: string }) => l.learnerId);
    mkdirSync(join(__dirname, '..', 'test-output'), { recursive: true });
    const before = {
      anonymised: await count('SELECT count(*) AS n FROM learners WHERE anonymised_at IS NOT NULL'),
      attachments: await count('SELECT count(*) AS n FROM dp_attachments'),
      chunks: await count('SELECT count(*) AS n FROM dp_attachment_chunks'),
      awards: await count('SELECT count(*) AS n FROM ccp_awards'),
      titles: await count('SELECT count(*) AS n FROM title_awards'),
      pvs: await count('SELECT count(*) AS n FROM pv_versions'),
    };
    expect(before.anonymised).toBe(0);
    const emails = (await t.dataSource.query<{ email: string }[]>('SELECT email FROM learners WHERE id = ANY($1)', [due])).map(
      (r) => r.email,
    );
    expect(emails).toHaveLength(due.length);
    const booklets = new Map<string, unknown>();
    for (const id of due.slice(0, 10)) {
      booklets.set(id, bookletFacts((await t.http.get(`/api/learners/${id}/booklet`).set(auth(admin)).expect(200)).body));
    }

    const started = Date.now();
    const run = (await t.http.post('/api/retention/runs').set(auth(admin)).expect(200)).body;
    const elapsedMs = Date.now() - started;
    writeFileSync(
      join(__dirname, '..', 'test-output', 'retention-run.json'),
      JSON.stringify({ elapsedMs, run, auditRows: await count('SELECT count(*) AS n FROM audit_log'), preview }, null, 2),
    );
    expect(run).toMatchObject({ trigger: 'manual', policy: { attachmentsYears: 1, identityYears: 2 } });
    expect(run.identitiesAnonymised).toBe(preview.identitiesToAnonymise);
    expect(run.attachmentsDeleted).toBe(preview.attachmentsToDelete);
    expect(run.skippedOpenSession).toBeGreaterThanOrEqual(1);

    const after = {
      anonymised: await count('SELECT count(*) AS n FROM learners WHERE anonymised_at IS NOT NULL'),
      attachments: await count('SELECT count(*) AS n FROM dp_attachments'),
      chunks: await count('SELECT count(*) AS n FROM dp_attachment_chunks'),
      awards: await count('SELECT count(*) AS n FROM ccp_awards'),
      titles: await count('SELECT count(*) AS n FROM title_awards'),
      pvs: await count('SELECT count(*) AS n FROM pv_versions'),
    };
    expect(after.anonymised).toBe(preview.identitiesToAnonymise);
    expect(after.attachments).toBe(before.attachments - preview.attachmentsToDelete);
    expect(after.chunks).toBeLessThan(before.chunks);
    // The ledger and the PVs stay.
    expect({ awards: after.awards, titles: after.titles, pvs: after.pvs }).toEqual({
      awards: before.awards,
      titles: before.titles,
      pvs: before.pvs,
    });
    expect(
      await count(
        `SELECT count(*) AS n FROM learners WHERE id = ANY($1) AND (anonymised_at IS NULL OR birth_date IS NOT NULL OR first_name <> 'Anonyme')`,
        [due],
      ),
    ).toBe(0);
    // The learner in an open session is kept as is.
    expect(await count('SELECT count(*) AS n FROM learners WHERE id = $1 AND anonymised_at IS NULL', [openLearnerId])).toBe(1);

    // Every PV reads (its sha256 recomputed equal: 409 PV.INTEGRITY_FAILED otherwise).
    const sessions = await t.dataSource.query<{ id: string }[]>('SELECT DISTINCT session_id AS id FROM pv_versions');
    expect(sessions.length).toBeGreaterThan(5);
    for (const s of sessions) await t.http.get(`/api/jury-sessions/${s.id}/pv`).set(auth(admin)).expect(200);
    // The booklets of anonymised learners say the same: CCPs held, dates, origin, title.
    for (const [id, facts] of booklets) {
      const b = (await t.http.get(`/api/learners/${id}/booklet`).set(auth(admin)).expect(200)).body;
      expect(bookletFacts(b)).toEqual(facts);
    }
    // One entry for the run (entity centre), one per learner.
    const runs = await t.dataSource.query(`SELECT actor_id, after FROM audit_log WHERE action = 'retention.run' AND entity = 'centre'`);
    expect(runs).toHaveLength(1);
    expect(runs[0].after).toMatchObject({ identitiesAnonymised: run.identitiesAnonymised, attachmentsDeleted: run.attachmentsDeleted });
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'learner.anonymise' AND after->>'trigger' = 'retention'`)).toBe(
      run.identitiesAnonymised,
    );
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'retention.attachments'`)).toBe(
      run.learnersWithAttachmentsDeleted,
    );
    const [reason] = await t.dataSource.query(
      `SELECT after->>'reason' AS reason FROM audit_log WHERE action = 'learner.anonymise' LIMIT 1`,
    );
    expect(reason.reason).toBe(
      'Durée de conservation échue (2 ans après la dernière activité : session, formation, recevabilité ou création de la fiche)',
    );

    // The anonymised learners' addresses are nowhere in the database (every table, as the owner).
    const owner = new URL(t.databaseUrl);
    owner.username = DB_ROLES.owner.name;
    owner.password = DB_ROLES.owner.password;
    const client = new Client({ connectionString: owner.toString() });
    await client.connect();
    try {
      const tables = await client.query<{ schema: string; name: string }>(
        `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
          WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
      );
      const found: string[] = [];
      for (const { schema, name } of tables.rows) {
        const rows = await client.query<{ t: string }>(
          `SELECT t::text AS t FROM "${schema}"."${name}" t
            WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) e(s) WHERE strpos(lower(t::text), e.s) > 0) LIMIT 3`,
          [emails],
        );
        for (const r of rows.rows) found.push(`${schema}.${name}: ${r.t.slice(0, 200)}`);
      }
      expect(found).toEqual([]);
    } finally {
      await client.end();
    }

    const again = (await t.http.post('/api/retention/runs').set(auth(admin)).expect(200)).body;
    expect(again).toMatchObject({ identitiesAnonymised: 0, attachmentsDeleted: 0 });
    expect(await count('SELECT count(*) AS n FROM learners WHERE anonymised_at IS NOT NULL')).toBe(after.anonymised);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'retention.run'`)).toBe(1);
    const nothing = (await t.http.get('/api/retention/preview').set(auth(admin)).expect(200)).body;
    expect(nothing).toMatchObject({ identitiesToAnonymise: 0, attachmentsToDelete: 0 });
  });

  it('after the run: the re-training learner is untouched; of the recent learner only the old attachment is gone', async () => {
    expect(await count('SELECT count(*) AS n FROM learners WHERE id = $1 AND anonymised_at IS NULL', [retrainingId])).toBe(1);
    expect(
      await count('SELECT count(*) AS n FROM dp_attachments a JOIN professional_files f ON f.id = a.file_id WHERE f.learner_id = $1', [
        retrainingId,
      ]),
    ).toBe(1);
    expect(await count('SELECT count(*) AS n FROM learners WHERE id = $1 AND anonymised_at IS NULL', [recent.learnerId])).toBe(1);
    expect(await count('SELECT count(*) AS n FROM dp_attachments WHERE id = $1', [recent.oldAttachment])).toBe(0);
    expect(await count('SELECT count(*) AS n FROM dp_attachments WHERE id = $1', [recent.todayAttachment])).toBe(1);
    expect(await count('SELECT count(*) AS n FROM dp_attachment_chunks WHERE attachment_id = $1', [recent.todayAttachment])).toBe(1);
    const [entry] = await t.dataSource.query(`SELECT after FROM audit_log WHERE action = 'retention.attachments' AND entity_id = $1`, [
      recent.learnerId,
    ]);
    expect(entry.after).toMatchObject({ attachments: 1, reference: 'cohort' });
  });

  it('is scheduled daily at 03:00 Paris on the job queue (pg-boss: one instance runs it)', async () => {
    const rows = await t.dataSource.query(`SELECT name, cron, options->>'tz' AS tz FROM pgboss.schedule WHERE name = 'retention-daily'`);
    expect(rows).toEqual([{ name: 'retention-daily', cron: '0 3 * * *', tz: 'Europe/Paris' }]);
  });

  it('two runs at once: one works, the other 409 CONFLICT or finds nothing left', async () => {
    const answers = await Promise.all([1, 2].map(() => t.http.post('/api/retention/runs').set(auth(admin))));
    for (const a of answers) {
      expect([200, 409]).toContain(a.status);
      if (a.status === 409) expect(a.body.code).toBe('CONFLICT');
    }
  });
});
