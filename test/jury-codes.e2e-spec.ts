import { auth, createCohort, createJuror, createLearner, createSession, LearnerFixture, signAllEcf, submitDp } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** Every 422 and 409 code of sessions, jury and decisions, triggered over HTTP. */
describe('jury sessions: every refusal code over HTTP', () => {
  let t: TestApp;
  let admin: string;
  let trainer: { id: string; token: string };
  let cohort: { id: string };
  let ready: LearnerFixture;
  let j1: { id: string; token: string };
  let j2: { id: string; token: string };

  const post = (path: string, body: object = {}, token = admin) => t.http.post(path).set(auth(token)).send(body);
  const expectCode = async (
    req: PromiseLike<{ status: number; body: { code: string; rule?: string; details?: unknown } }>,
    status: number,
    code: string,
    rule?: string,
  ) => {
    const res = await req;
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    if (rule) expect(res.body.rule).toBe(rule);
    return res;
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    trainer = await t.createUser(['trainer']);
    cohort = await createCohort(t, [trainer.id]);
    ready = await createLearner(t, { pathway: 'training', cohortId: cohort.id, employer: 'Clinique du Parc' }, true);
    await signAllEcf(t, ready.id, trainer.token);
    await submitDp(t, ready);
    j1 = await createJuror(t);
    j2 = await createJuror(t);
  });
  afterAll(async () => t.close());

  const sessionWithJurors = async (body: Record<string, unknown>) => {
    const s = await createSession(t, body);
    for (const j of [j1, j2]) await post(`/api/jury-sessions/${s.id}/jurors`, { userId: j.id }).expect(201);
    return s;
  };

  it('SESSION.TITLE_EXPIRED (R-CAP-4): no session after the délai de prolongation', async () => {
    await expectCode(
      post('/api/jury-sessions', { type: 'title', certificationCode: 'RNCP36805', startDate: '2026-09-01', endDate: '2026-09-01' }),
      422,
      'SESSION.TITLE_EXPIRED',
      'R-CAP-4',
    );
  });

  it('JURY.NOT_HABILITATED (R-JURY-2) and JURY.CONFLICT_OF_INTEREST (R-JURY-3) with the link named', async () => {
    const s = await createSession(t, { type: 'title', startDate: '2025-03-10', endDate: '2025-03-11' });
    const expired = await createJuror(t, { validUntil: '2025-03-10' });
    await expectCode(post(`/api/jury-sessions/${s.id}/jurors`, { userId: expired.id }), 422, 'JURY.NOT_HABILITATED', 'R-JURY-2');
    await post(`/api/jury-sessions/${s.id}/candidates`, { learnerId: ready.id }).expect(201);
    const colleague = await createJuror(t, { employer: 'CLINIQUE DU PARC' });
    const res = await expectCode(
      post(`/api/jury-sessions/${s.id}/jurors`, { userId: colleague.id }),
      422,
      'JURY.CONFLICT_OF_INTEREST',
      'R-JURY-3',
    );
    expect(res.body.details).toEqual([{ learnerId: ready.id, link: 'employer' }]);
    const declared = await createJuror(t);
    await post(`/api/users/${declared.id}/declared-links`, { learnerId: ready.id, nature: 'Voisine' }, declared.token).expect(201);
    expect((await post(`/api/jury-sessions/${s.id}/jurors`, { userId: declared.id })).body.details).toEqual([
      { learnerId: ready.id, link: 'declared' },
    ]);
    // The learner's trainer, made a juror: refused as trainer, when added as juror or when the candidate comes after.
    await t.http.put(`/api/users/${trainer.id}/juror-profile`).set(auth(admin)).send({ habilitations: [] }).expect(400);
    const trainerJuror = await t.createUser(['trainer', 'jury']);
    await t.http
      .put(`/api/cohorts/${cohort.id}/trainers`)
      .set(auth(admin))
      .send({ trainerIds: [trainer.id, trainerJuror.id] })
      .expect(200);
    await t.http
      .put(`/api/users/${trainerJuror.id}/juror-profile`)
      .set(auth(admin))
      .send({ habilitations: [{ certificationCode: 'RNCP36805', validFrom: '2024-01-01', validUntil: '2026-12-31' }] })
      .expect(200);
    expect((await post(`/api/jury-sessions/${s.id}/jurors`, { userId: trainerJuror.id })).body.details).toEqual([
      { learnerId: ready.id, link: 'trainer' },
    ]);
  });

  it('SESSION.ALREADY_REGISTERED, also for two admins registering at once', async () => {
    const s = await createSession(t, { type: 'title', startDate: '2025-03-12', endDate: '2025-03-12' });
    const results = await Promise.all([1, 2, 3].map(() => post(`/api/jury-sessions/${s.id}/candidates`, { learnerId: ready.id })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'SESSION.ALREADY_REGISTERED')).toBe(true);
  });

  it('ELIG.MISSING_ECF_SYNTHESIS and ELIG.DP_NOT_SUBMITTED (overridable, R-ELIG-4/5); other refusals stand', async () => {
    const s = await createSession(t, { type: 'title', startDate: '2025-03-13', endDate: '2025-03-13' });
    const fresh = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
    const res = await expectCode(
      post(`/api/jury-sessions/${s.id}/candidates`, { learnerId: fresh.id }),
      422,
      'ELIG.MISSING_ECF_SYNTHESIS',
      'R-ELIG-4',
    );
    expect((res.body.details as { code: string }[]).map((d) => d.code)).toEqual(['ELIG.MISSING_ECF_SYNTHESIS', 'ELIG.DP_NOT_SUBMITTED']);
    const ok = await post(`/api/jury-sessions/${s.id}/candidates`, {
      learnerId: fresh.id,
      override: { reason: 'Synthèses signées en retard, DP remis le jour même' },
    }).expect(201);
    expect(ok.body.overrides).toEqual([
      { codes: ['ELIG.MISSING_ECF_SYNTHESIS', 'ELIG.DP_NOT_SUBMITTED'], reason: 'Synthèses signées en retard, DP remis le jour même' },
    ]);
    const other = await createLearner(t, { pathway: 'vae', vaeAdmissibilityDate: '2023-01-01', certificationCode: 'RNCP36805' });
    await expectCode(
      post(`/api/jury-sessions/${s.id}/candidates`, { learnerId: other.id, override: { reason: 'Dérogation demandée' } }),
      422,
      'ELIG.VAE_ADMISSIBILITY_EXPIRED',
      'R-VAE-1',
    );
  });

  it('ELIG.DP_NOT_SUBMITTED at deliberation (R-ELIG-5): a candidate whose DP was reopened, without override', async () => {
    const s = await sessionWithJurors({ type: 'title', startDate: '2025-03-14', endDate: '2025-03-14' });
    const l = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
    await signAllEcf(t, l.id, trainer.token);
    await submitDp(t, l);
    await post(`/api/jury-sessions/${s.id}/candidates`, { learnerId: l.id }).expect(201);
    await post(`/api/learners/${l.id}/professional-file/reopen`, {}, l.token).expect(200);
    const res = await expectCode(post(`/api/jury-sessions/${s.id}/deliberation/open`), 422, 'ELIG.DP_NOT_SUBMITTED', 'R-ELIG-5');
    expect(res.body.details).toEqual([{ learnerId: l.id }]);
    await post(`/api/learners/${l.id}/professional-file/submit`, {}, l.token).expect(200);
    await post(`/api/jury-sessions/${s.id}/deliberation/open`).expect(200);
    // A deliberation is open: the DP cannot be reopened.
    await expectCode(post(`/api/learners/${l.id}/professional-file/reopen`, {}, l.token), 409, 'DP.DELIBERATION_OPEN');
  });

  it('ELIG.NOT_TRAINED_FOR_TITLE, ELIG.VAE_CCP_SESSION, ELIG.CCP_NOT_IN_SESSION', async () => {
    const other = await t.http
      .post('/api/certifications')
      .set(auth(admin))
      .send({
        code: 'RNCP99001',
        tpCode: 'TP-99001',
        name: 'Autre titre',
        level: 4,
        validUntil: '2030-01-01',
        ccps: [{ code: 'RNCP99001BC01', number: 1, title: 'A', competences: [{ number: 1, title: 'C', criteria: ['x'] }] }],
      })
      .expect(201);
    expect(other.body.code).toBe('RNCP99001');
    const otherCohort = await createCohort(t, [], { certificationCode: 'RNCP99001', startDate: '2024-09-02', endDate: '2025-06-30' });
    const elsewhere = await createLearner(t, { pathway: 'training', cohortId: otherCohort.id });
    const s = await createSession(t, { type: 'ccp', ccpCodes: ['RNCP36805BC01'], startDate: '2025-03-15', endDate: '2025-03-15' });
    await expectCode(
      post(`/api/jury-sessions/${s.id}/candidates`, { learnerId: elsewhere.id, override: { reason: 'test' + 'xx' } }),
      422,
      'ELIG.NOT_TRAINED_FOR_TITLE',
    );
    const vae = await createLearner(t, { pathway: 'vae', vaeAdmissibilityDate: '2025-01-01', certificationCode: 'RNCP36805' });
    await expectCode(
      post(`/api/jury-sessions/${s.id}/candidates`, { learnerId: vae.id, override: { reason: 'test-xx' } }),
      422,
      'ELIG.VAE_CCP_SESSION',
      'R-ELIG-2',
    );
    await expectCode(
      post(`/api/jury-sessions/${s.id}/candidates`, { learnerId: ready.id, ccpCodes: ['RNCP36805BC02'] }),
      422,
      'ELIG.CCP_NOT_IN_SESSION',
    );
  });

  describe('after a partial success', () => {
    let partialLearner: LearnerFixture;
    let first: { id: string };

    beforeAll(async () => {
      partialLearner = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
      await signAllEcf(t, partialLearner.id, trainer.token);
      await submitDp(t, partialLearner);
      first = await sessionWithJurors({ type: 'title', startDate: '2025-03-20', endDate: '2025-03-20' });
      await post(`/api/jury-sessions/${first.id}/candidates`, { learnerId: partialLearner.id }).expect(201);
    });

    it('JURY.TOO_FEW_JURORS (R-JURY-1), DEC.CCP_RESULTS_MISMATCH, DEC.TITLE_NOT_ALLOWED, DEC.MISSING_RESULTS, SESSION.NOT_PLANNED, SESSION.NOT_DELIBERATING', async () => {
      const alone = await createSession(t, { type: 'title', startDate: '2025-03-21', endDate: '2025-03-21' });
      await post(`/api/jury-sessions/${alone.id}/jurors`, { userId: j1.id }).expect(201);
      await expectCode(post(`/api/jury-sessions/${alone.id}/deliberation/open`), 422, 'JURY.TOO_FEW_JURORS', 'R-JURY-1');

      const result = (body: object, token = j1.token) =>
        t.http.put(`/api/jury-sessions/${first.id}/candidates/${partialLearner.id}/result`).set(auth(token)).send(body);
      await expectCode(result({ attendance: 'present', ccpResults: [] }), 409, 'SESSION.NOT_DELIBERATING');
      await post(`/api/jury-sessions/${first.id}/deliberation/open`).expect(200);
      await expectCode(post(`/api/jury-sessions/${first.id}/candidates`, { learnerId: ready.id }), 409, 'SESSION.NOT_PLANNED');
      await expectCode(t.http.delete(`/api/jury-sessions/${first.id}/jurors/${j1.id}`).set(auth(admin)), 409, 'SESSION.NOT_PLANNED');
      await expectCode(post(`/api/jury-sessions/${first.id}/deliberation/close`), 422, 'DEC.MISSING_RESULTS', 'R-DEC-4');
      // R-REF-4: a CCP is awarded whole or not at all — no grade, no average, no partial award.
      for (const ccpResult of [
        { ccpCode: 'RNCP36805BC01', awarded: true, grade: 14 },
        { ccpCode: 'RNCP36805BC01', awarded: 'partial' },
        { ccpCode: 'RNCP36805BC01', awarded: 0.5 },
      ]) {
        const refused = await result({ attendance: 'present', ccpResults: [ccpResult], average: 12 }).expect(400);
        expect(refused.body.code).toBe('VALIDATION_FAILED');
      }
      await expectCode(
        result({ attendance: 'present', ccpResults: [{ ccpCode: 'RNCP36805BC01', awarded: true }] }),
        422,
        'DEC.CCP_RESULTS_MISMATCH',
      );
      const three = (a: boolean[]) => ['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03'].map((ccpCode, i) => ({ ccpCode, awarded: a[i] }));
      await expectCode(
        result({ attendance: 'present', ccpResults: three([true, false, true]), finalInterviewHeld: true, titleAwarded: true }),
        422,
        'DEC.TITLE_NOT_ALLOWED',
        'R-DEC-2',
      );
      // Two jurors saving the same candidate at once: each answer is 200 or 409, never a 500.
      const both = await Promise.all([
        result({ attendance: 'present', ccpResults: three([true, false, false]) }, j1.token),
        result({ attendance: 'present', ccpResults: three([true, false, true]) }, j2.token),
      ]);
      for (const r of both) expect([200, 409]).toContain(r.status);
      await result({ attendance: 'present', ccpResults: three([true, false, false]) }).expect(200);
      await post(`/api/jury-sessions/${first.id}/deliberation/close`).expect(200);
      await expectCode(result({ attendance: 'absent', ccpResults: [] }), 409, 'SESSION.NOT_DELIBERATING');
    });

    it('SESSION.PV_NOT_SIGNED before every signature; SESSION.PV_SIGNED for a result after it; a juror double-clicking « sign »', async () => {
      await expectCode(
        post(`/api/jury-sessions/${first.id}/dreets-validation`, { validatedOn: '2025-04-01', reference: 'R' }),
        409,
        'SESSION.PV_NOT_SIGNED',
        'R-DEC-5',
      );
      await expectCode(
        post(`/api/jury-sessions/${first.id}/candidates/${partialLearner.id}/appeals`, {
          filedOn: '2025-04-01',
          kind: 'gracieux',
          summary: 'x',
        }),
        409,
        'SESSION.PV_NOT_SIGNED',
        'R-SES-3',
      );
      const clicks = await Promise.all([1, 2, 3].map(() => post(`/api/jury-sessions/${first.id}/pv/sign`, {}, j1.token)));
      expect(clicks.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      expect(clicks.filter((r) => r.status === 409).every((r) => r.body.code === 'SESSION.PV_SIGNED')).toBe(true);
      await post(`/api/jury-sessions/${first.id}/pv/sign`, {}, j2.token).expect(200);
      await expectCode(
        t.http
          .put(`/api/jury-sessions/${first.id}/candidates/${partialLearner.id}/result`)
          .set(auth(j1.token))
          .send({ attendance: 'absent', ccpResults: [] }),
        409,
        'SESSION.PV_SIGNED',
        'R-DEC-4',
      );
    });

    it('ELIG.ALREADY_HOLDS_CCP (R-ELIG-3): a held CCP is never re-assessed; no session titre once a CCP is held', async () => {
      const titre = await createSession(t, { type: 'title', startDate: '2025-04-10', endDate: '2025-04-10' });
      await expectCode(
        post(`/api/jury-sessions/${titre.id}/candidates`, { learnerId: partialLearner.id }),
        422,
        'ELIG.ALREADY_HOLDS_CCP',
        'R-ELIG-3',
      );
      const ccp = await createSession(t, {
        type: 'ccp',
        ccpCodes: ['RNCP36805BC01', 'RNCP36805BC02'],
        startDate: '2025-04-11',
        endDate: '2025-04-11',
      });
      await expectCode(
        post(`/api/jury-sessions/${ccp.id}/candidates`, { learnerId: partialLearner.id, ccpCodes: ['RNCP36805BC01'] }),
        422,
        'ELIG.ALREADY_HOLDS_CCP',
      );
      const reg = await post(`/api/jury-sessions/${ccp.id}/candidates`, { learnerId: partialLearner.id }).expect(201);
      expect(reg.body).toMatchObject({ ccpCodes: ['RNCP36805BC02'], finalInterview: false });
    });

    it('ELIG.RETRAINING_REQUIRED (R-ELIG-6) and ELIG.PROLONGATION_NOT_OPEN (R-CAP-4)', async () => {
      const late = await createSession(t, {
        type: 'ccp',
        ccpCodes: ['RNCP36805BC02', 'RNCP36805BC03'],
        startDate: '2026-03-21',
        endDate: '2026-03-21',
      });
      await expectCode(
        post(`/api/jury-sessions/${late.id}/candidates`, { learnerId: partialLearner.id }),
        422,
        'ELIG.RETRAINING_REQUIRED',
        'R-ELIG-6',
      );
      const inTime = await createSession(t, {
        type: 'ccp',
        ccpCodes: ['RNCP36805BC02', 'RNCP36805BC03'],
        startDate: '2026-03-20',
        endDate: '2026-03-20',
      });
      await post(`/api/jury-sessions/${inTime.id}/candidates`, { learnerId: partialLearner.id }).expect(201);

      const vaeLate = await createLearner(t, { pathway: 'vae', vaeAdmissibilityDate: '2025-10-01', certificationCode: 'RNCP36805' }, true);
      await submitDp(t, vaeLate);
      const prolongation = await createSession(t, { type: 'title', startDate: '2025-11-05', endDate: '2025-11-05' });
      await expectCode(
        post(`/api/jury-sessions/${prolongation.id}/candidates`, { learnerId: vaeLate.id }),
        422,
        'ELIG.PROLONGATION_NOT_OPEN',
        'R-CAP-4',
      );
    });
  });

  it('ELIG.CAPITALISATION_EXPIRED: a partial success cannot complete after the délai (checked by the rule, R-CAP-3)', async () => {
    // No session may end after the délai (SESSION.TITLE_EXPIRED), so over HTTP the rule shows through that code; its own
    // boundary is unit-tested in libs/rules/src/eligibility.spec.ts.
    await expectCode(
      post('/api/jury-sessions', {
        type: 'ccp',
        certificationCode: 'RNCP36805',
        ccpCodes: ['RNCP36805BC02'],
        startDate: '2026-08-31',
        endDate: '2026-09-01',
      }),
      422,
      'SESSION.TITLE_EXPIRED',
    );
  });
});
