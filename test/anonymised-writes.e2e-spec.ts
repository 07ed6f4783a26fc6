import { auth, createCohort, createJuror, createLearner, createSession, signAllEcf, submitDp, LearnerFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const CLOSED = /^Les données de cet apprenant ont été anonymisées le .+ : son dossier ne peut plus être modifié\.$/;

/**
 * Issue 16 review: once a learner is anonymised, every write on their records is refused with 409
 * LEARNER.ANONYMISED (the one access check LearnersService.learnerFor refuses every operation but
 * `read`; the jury session's registration and the attestation issuing check it too), so that no new
 * personal data lands on the anonymised file. Reads keep working.
 */
describe('issue 16 — an anonymised learner’s file is closed to every write', () => {
  let t: TestApp;
  let admin: string;
  let trainer: { id: string; token: string };
  let learner: LearnerFixture;
  let attestationsBefore: number;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    trainer = await t.createUser(['trainer']);
    const cohort = await createCohort(t, [trainer.id]);
    learner = await createLearner(
      t,
      { pathway: 'training', cohortId: cohort.id, firstName: 'Eulalie', lastName: 'Fourcadier', birthDate: '1960-05-14' },
      true,
    );
    await signAllEcf(t, learner.id, trainer.token);
    await submitDp(t, learner);
    // A session closed by a signed PV: the learner holds the title.
    const jurors = [await createJuror(t), await createJuror(t)];
    const session = await createSession(t, { type: 'title', startDate: '2025-03-10', endDate: '2025-03-11' });
    const s = `/api/jury-sessions/${session.id}`;
    for (const j of jurors) await t.http.post(`${s}/jurors`).set(auth(admin)).send({ userId: j.id }).expect(201);
    await t.http.post(`${s}/candidates`).set(auth(admin)).send({ learnerId: learner.id }).expect(201);
    await t.http.post(`${s}/deliberation/open`).set(auth(jurors[0].token)).expect(200);
    await t.http
      .put(`${s}/candidates/${learner.id}/result`)
      .set(auth(jurors[0].token))
      .send({
        attendance: 'present',
        ccpResults: ['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03'].map((ccpCode) => ({ ccpCode, awarded: true })),
        finalInterviewHeld: true,
        titleAwarded: true,
      })
      .expect(200);
    await t.http.post(`${s}/deliberation/close`).set(auth(jurors[0].token)).expect(200);
    for (const j of jurors) await t.http.post(`${s}/pv/sign`).set(auth(j.token)).expect(200);
    // An attestation issued before: it stays verifiable.
    await t.http.get(`/api/learners/${learner.id}/credential`).set(auth(admin)).expect(200);
    await t.http.post(`/api/learners/${learner.id}/anonymisation`).set(auth(admin)).send({ reason: 'Demande de l’intéressée' }).expect(200);
    [{ n: attestationsBefore }] = await t.dataSource.query('SELECT count(*)::int AS n FROM attestations WHERE learner_id = $1', [
      learner.id,
    ]);
  }, 180_000);
  afterAll(async () => t.close());

  const expectClosed = (res: { status: number; body: { code?: string; message?: string } }, message = CLOSED): void => {
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'LEARNER.ANONYMISED' });
    expect(res.body.message).toMatch(message);
  };

  it('ECF: the centre’s synthesis, an evaluation by the centre and by a trainer of the cohort → 409', async () => {
    const base = `/api/learners/${learner.id}`;
    expectClosed(
      await t.http
        .put(`${base}/ecf-syntheses/RNCP36805BC01`)
        .set(auth(admin))
        .send({ mastered: true, observations: 'Nouvelles observations' }),
    );
    const evaluation = {
      ccpCode: 'RNCP36805BC01',
      date: '2025-01-20',
      description: 'Évaluation après coup',
      results: [{ competence: 1, acquired: true }],
    };
    expectClosed(await t.http.post(`${base}/ecf-evaluations`).set(auth(admin)).send(evaluation));
    expectClosed(await t.http.post(`${base}/ecf-evaluations`).set(auth(trainer.token)).send(evaluation));
    expectClosed(await t.http.post(`${base}/ecf-syntheses/RNCP36805BC01/sign`).set(auth(admin)).send({ as: 'centre' }));
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM ecf_evaluations WHERE learner_id = $1', [learner.id]);
    expect(n).toBe(0);
  });

  it('DP: a trainer’s comment and the centre’s reopening → 409', async () => {
    const base = `/api/learners/${learner.id}/professional-file`;
    expectClosed(await t.http.post(`${base}/comments`).set(auth(trainer.token)).send({ text: 'Précisez, Eulalie Fourcadier' }));
    expectClosed(await t.http.post(`${base}/reopen`).set(auth(admin)));
    const dp = await t.http.get(base).set(auth(admin)).expect(200);
    expect(dp.body.status).toBe('submitted');
    expect(JSON.stringify(dp.body)).not.toContain('Fourcadier');
  });

  it('booklet: a prior CCP and a fraud withdrawal → 409', async () => {
    const base = `/api/learners/${learner.id}`;
    expectClosed(
      await t.http
        .post(`${base}/prior-ccps`)
        .set(auth(admin))
        .send({ ccpCode: 'RNCP36805BC03', obtainedOn: '2023-06-20', source: 'external', reference: 'Livret 2023-0451' }),
    );
    expectClosed(
      await t.http.post(`${base}/award-withdrawals`).set(auth(admin)).send({ ccpCode: 'RNCP36805BC01', reason: 'Fraude établie' }),
    );
  });

  it('jury sessions: registering the anonymised learner as a candidate → 409, nothing inserted', async () => {
    const session = await createSession(t, { type: 'title', startDate: '2026-06-10', endDate: '2026-06-10' });
    const res = await t.http
      .post(`/api/jury-sessions/${session.id}/candidates`)
      .set(auth(admin))
      .send({ learnerId: learner.id, override: { reason: 'Pièces remises sur place' } });
    expectClosed(res);
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM session_candidates WHERE session_id = $1', [session.id]);
    expect(n).toBe(0);
  });

  it('no new attestation for the pseudonymous holder: the credential and booklet.pdf → 409', async () => {
    const noNew = /^Les données de cet apprenant ont été anonymisées le .+ : aucune nouvelle attestation n'est délivrée/;
    expectClosed(await t.http.get(`/api/learners/${learner.id}/credential`).set(auth(admin)), noNew);
    expectClosed(await t.http.get(`/api/learners/${learner.id}/booklet.pdf`).set(auth(admin)), noNew);
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM attestations WHERE learner_id = $1', [learner.id]);
    expect(n).toBe(attestationsBefore);
    expect(n).toBe(1);
  });

  it('reads keep working: the learner, the booklet, the ECF, the DP (admin and trainer)', async () => {
    const base = `/api/learners/${learner.id}`;
    for (const token of [admin, trainer.token]) {
      const l = await t.http.get(base).set(auth(token)).expect(200);
      expect(typeof l.body.anonymisedAt).toBe('string');
      const booklet = await t.http.get(`${base}/booklet`).set(auth(token)).expect(200);
      expect(booklet.body.titleAwarded).toBe(true);
      const ecf = await t.http.get(`${base}/ecf`).set(auth(token)).expect(200);
      expect(JSON.stringify(ecf.body)).toContain('RNCP36805BC01');
      await t.http.get(`${base}/professional-file`).set(auth(token)).expect(200);
    }
  });
});
