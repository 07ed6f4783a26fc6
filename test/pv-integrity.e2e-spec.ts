import { Client } from 'pg';
import { auth, createCohort, createJuror, createLearner, createSession, signAllEcf, submitDp } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** A superuser connection to the test file's database: the only way past the append-only triggers. */
async function superuser(databaseUrl: string): Promise<Client> {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = new URL(databaseUrl).pathname;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

describe('issue 10 — a signed PV is checked against its sha256 on every read', () => {
  let t: TestApp;
  let sessionId: string;
  let juror: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.adminToken();
    const trainer = await t.createUser(['trainer']);
    const cohort = await createCohort(t, [trainer.id]);
    const learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id, firstName: 'Thị Ánh', lastName: 'NGUYỄN' }, true);
    await signAllEcf(t, learner.id, trainer.token);
    await submitDp(t, learner);
    const jurors = [await createJuror(t), await createJuror(t)];
    juror = jurors[0];
    sessionId = (await createSession(t, { type: 'title', startDate: '2025-03-10', endDate: '2025-03-11' })).id;
    const s = `/api/jury-sessions/${sessionId}`;
    for (const j of jurors) await t.http.post(`${s}/jurors`).set(auth(admin)).send({ userId: j.id }).expect(201);
    await t.http.post(`${s}/candidates`).set(auth(admin)).send({ learnerId: learner.id }).expect(201);
    await t.http.post(`${s}/deliberation/open`).set(auth(juror.token)).expect(200);
    await t.http
      .put(`${s}/candidates/${learner.id}/result`)
      .set(auth(juror.token))
      .send({
        attendance: 'present',
        ccpResults: ['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03'].map((ccpCode) => ({ ccpCode, awarded: true, comment: undefined })),
        finalInterviewHeld: true,
        titleAwarded: true,
      })
      .expect(200);
    await t.http.post(`${s}/deliberation/close`).set(auth(juror.token)).expect(200);
  }, 120_000);
  afterAll(async () => t.close());

  it('an untouched PV reads, its hash recomputed equal', async () => {
    const pv = await t.http.get(`/api/jury-sessions/${sessionId}/pv`).set(auth(juror.token)).expect(200);
    expect(pv.body.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a PV changed behind the application (SQL past the triggers) answers 409 PV.INTEGRITY_FAILED, JSON and PDF', async () => {
    const db = await superuser(t.databaseUrl);
    try {
      await db.query('BEGIN');
      await db.query('SET LOCAL session_replication_role = replica'); // triggers off, as an intruder with superuser rights would
      await db.query(`UPDATE pv_versions SET content = jsonb_set(content, '{candidates,0,titleAwarded}', 'false') WHERE session_id = $1`, [
        sessionId,
      ]);
      await db.query('COMMIT');
    } finally {
      await db.end();
    }
    const pv = await t.http.get(`/api/jury-sessions/${sessionId}/pv`).set(auth(juror.token));
    expect(pv.status).toBe(409);
    expect(pv.body.code).toBe('PV.INTEGRITY_FAILED');
    expect(pv.body.message).toContain('empreinte');
    const pdf = await t.http.get(`/api/jury-sessions/${sessionId}/pv.pdf`).set(auth(juror.token));
    expect(pdf.status).toBe(409);
    const sign = await t.http.post(`/api/jury-sessions/${sessionId}/pv/sign`).set(auth(juror.token));
    expect(sign.status).toBe(409);
  });
});
