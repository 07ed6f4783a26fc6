import {
  auth,
  createCohort,
  successorTitle,
  createJuror,
  createLearner,
  createSession,
  LearnerFixture,
  signAllEcf,
  submitDp,
} from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The whole path of the contract over HTTP: a trained learner with signed ECF and a submitted DP
 * → a session titre with two habilitated jurors → partial success → signed PV → booklet → a
 * session CCP with the final interview → the title; and a VAE candidate to the title.
 */
describe('journey: from the ECF to the title', () => {
  let t: TestApp;
  let admin: string;
  let trainer: { id: string; token: string };
  let jurors: { id: string; token: string }[];
  let learner: LearnerFixture;
  let vae: LearnerFixture;
  let titleSession: { id: string };
  let ccpSession: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    trainer = await t.createUser(['trainer'], { fullName: 'Anne Formatrice' });
    const cohort = await createCohort(t, [trainer.id]);
    learner = await createLearner(
      t,
      { pathway: 'training', cohortId: cohort.id, firstName: 'Léa', lastName: 'Moreau', employer: 'Hôpital Nord' },
      true,
    );
    vae = await createLearner(
      t,
      { pathway: 'vae', vaeAdmissibilityDate: '2024-10-01', certificationCode: 'RNCP36805', firstName: 'Nadia', lastName: 'Haddad' },
      true,
    );
    await signAllEcf(t, learner.id, trainer.token);
    await submitDp(t, learner);
    await submitDp(t, vae);
    jurors = [
      await createJuror(t, { fullName: 'Paul Juré', employer: 'Clinique du Parc' }),
      await createJuror(t, { fullName: 'Rose Jurée' }),
    ];
  });
  afterAll(async () => t.close());

  it('1. a session titre: two habilitated jurors, two candidates on every CCP with the final interview', async () => {
    titleSession = await createSession(t, {
      type: 'title',
      startDate: '2025-03-10',
      endDate: '2025-03-11',
      ceresReference: 'CERES-2025-0310',
    });
    for (const j of jurors)
      await t.http.post(`/api/jury-sessions/${titleSession.id}/jurors`).set(auth(admin)).send({ userId: j.id }).expect(201);
    const res = await t.http
      .post(`/api/jury-sessions/${titleSession.id}/candidates`)
      .set(auth(admin))
      .send({ learnerId: learner.id })
      .expect(201);
    expect(res.body).toEqual({
      learnerId: learner.id,
      ccpCodes: ['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03'],
      finalInterview: true,
      overrides: [],
    });
    await t.http.post(`/api/jury-sessions/${titleSession.id}/candidates`).set(auth(admin)).send({ learnerId: vae.id }).expect(201);
    const session = await t.http.get(`/api/jury-sessions/${titleSession.id}`).set(auth(jurors[0].token)).expect(200);
    expect(session.body).toMatchObject({ type: 'title', status: 'planned', ccpCodes: ['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03'] });
    // The session's dates are past and it is still planned: it is to be closed (issue 11), not
    // « convened late » — R-SES-1's warning is for sessions still to come (test below).
    expect(session.body.warnings).toEqual([
      expect.objectContaining({ code: 'SESSION.TO_CLOSE', message: expect.stringContaining('11/03/2025') }),
    ]);
    expect(session.body.jurors.map((j: { fullName: string }) => j.fullName).sort()).toEqual(['Paul Juré', 'Rose Jurée']);
  });

  it('2. R-JURY-4: a juror reads what the jury decides on — ECF, DP, booklet, final interview, accommodations', async () => {
    const res = await t.http
      .get(`/api/jury-sessions/${titleSession.id}/candidates/${learner.id}/dossier`)
      .set(auth(jurors[1].token))
      .expect(200);
    expect(res.body.ecf.ccps.map((c: { synthesis: { locked: boolean } }) => c.synthesis.locked)).toEqual([true, true, true]);
    expect(res.body.professionalFile.status).toBe('submitted');
    expect(res.body.booklet.outcome).toBe('none');
    expect(res.body.finalInterview).toBe(true);
    expect(res.body.ccpCodes).toEqual(['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03']);
    expect(res.body).toHaveProperty('accommodations', null);
  });

  it('3. deliberation: a partial success and a title; the PV is drafted and signed by both jurors', async () => {
    await t.http.post(`/api/jury-sessions/${titleSession.id}/deliberation/open`).set(auth(jurors[0].token)).expect(200);
    const partial = await t.http
      .put(`/api/jury-sessions/${titleSession.id}/candidates/${learner.id}/result`)
      .set(auth(jurors[0].token))
      .send({
        attendance: 'present',
        ccpResults: [
          { ccpCode: 'RNCP36805BC01', awarded: true },
          { ccpCode: 'RNCP36805BC02', awarded: false, comment: 'Accueil à retravailler' },
          { ccpCode: 'RNCP36805BC03', awarded: true },
        ],
        finalInterviewHeld: true,
        titleAwarded: false,
      })
      .expect(200);
    expect(partial.body.outcome).toBe('partial');
    const title = await t.http
      .put(`/api/jury-sessions/${titleSession.id}/candidates/${vae.id}/result`)
      .set(auth(jurors[1].token))
      .send({
        attendance: 'present',
        ccpResults: ['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03'].map((ccpCode) => ({ ccpCode, awarded: true })),
        finalInterviewHeld: true,
        titleAwarded: true,
      })
      .expect(200);
    expect(title.body.outcome).toBe('title');
    const pv = await t.http.post(`/api/jury-sessions/${titleSession.id}/deliberation/close`).set(auth(admin)).expect(200);
    expect(pv.body).toMatchObject({ version: 1, complete: false, signatures: [], sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(pv.body.candidates.find((c: { learnerId: string }) => c.learnerId === learner.id)).toMatchObject({
      attendance: 'present',
      ccpsAwarded: ['RNCP36805BC01', 'RNCP36805BC03'],
      titleAwarded: false,
      outcome: 'partial',
    });

    // Before every juror has signed, the learner sees nothing.
    const before = await t.http.get('/api/me/booklet').set(auth(learner.token!)).expect(200);
    expect(before.body.outcome).toBe('none');

    await t.http.post(`/api/jury-sessions/${titleSession.id}/pv/sign`).set(auth(jurors[0].token)).expect(200);
    const twice = await t.http.post(`/api/jury-sessions/${titleSession.id}/pv/sign`).set(auth(jurors[0].token)).expect(409);
    expect(twice.body.code).toBe('SESSION.PV_SIGNED');
    const done = await t.http.post(`/api/jury-sessions/${titleSession.id}/pv/sign`).set(auth(jurors[1].token)).expect(200);
    expect(done.body.complete).toBe(true);
    expect(done.body.signatures).toHaveLength(2);
    const session = await t.http.get(`/api/jury-sessions/${titleSession.id}`).set(auth(admin)).expect(200);
    expect(session.body.status).toBe('closed');
  });

  it('4. the booklet: CCP 1 and 3 held from the session, pending DREETS validation, deadlines in plain dates', async () => {
    const res = await t.http.get('/api/me/booklet').set(auth(learner.token!)).expect(200);
    expect(res.body).toMatchObject({
      learnerId: learner.id,
      certification: { code: 'RNCP36805' },
      titleAwarded: false,
      outcome: 'partial',
      capitalisationDeadline: '2026-08-31',
      resitWithoutTrainingUntil: '2026-03-10',
      pendingValidation: true,
      successor: null,
    });
    expect(
      res.body.ccps.map((c: { code: string; held: boolean; source: string | null; validated: boolean }) => [
        c.code,
        c.held,
        c.source,
        c.validated,
      ]),
    ).toEqual([
      ['RNCP36805BC01', true, 'session', false],
      ['RNCP36805BC02', false, null, false],
      ['RNCP36805BC03', true, 'session', false],
    ]);
    expect(res.body.sessions).toEqual([
      {
        sessionId: titleSession.id,
        type: 'title',
        startDate: '2025-03-10',
        attendance: 'present',
        outcome: 'partial',
        ccpsAwarded: ['RNCP36805BC01', 'RNCP36805BC03'],
        validated: false,
      },
    ]);
  });

  it('5. the DREETS validation is recorded: results validated', async () => {
    await t.http
      .post(`/api/jury-sessions/${titleSession.id}/dreets-validation`)
      .set(auth(admin))
      .send({ validatedOn: '2025-04-02', reference: 'DREETS-ARA-2025-0402' })
      .expect(200);
    const session = await t.http.get(`/api/jury-sessions/${titleSession.id}`).set(auth(admin)).expect(200);
    expect(session.body.status).toBe('validated');
    const res = await t.http.get(`/api/learners/${learner.id}/booklet`).set(auth(trainer.token)).expect(200);
    expect(res.body.pendingValidation).toBe(false);
    expect(res.body.ccps[0].validated).toBe(true);
  });

  it('6. a session CCP for the missing CCP, with the final interview, awards the title', async () => {
    ccpSession = await createSession(t, { type: 'ccp', ccpCodes: ['RNCP36805BC02'], startDate: '2025-06-16', endDate: '2025-06-16' });
    for (const j of jurors)
      await t.http.post(`/api/jury-sessions/${ccpSession.id}/jurors`).set(auth(admin)).send({ userId: j.id }).expect(201);
    const reg = await t.http
      .post(`/api/jury-sessions/${ccpSession.id}/candidates`)
      .set(auth(admin))
      .send({ learnerId: learner.id })
      .expect(201);
    expect(reg.body).toMatchObject({ ccpCodes: ['RNCP36805BC02'], finalInterview: true });
    await t.http.post(`/api/jury-sessions/${ccpSession.id}/deliberation/open`).set(auth(admin)).expect(200);
    await t.http
      .put(`/api/jury-sessions/${ccpSession.id}/candidates/${learner.id}/result`)
      .set(auth(jurors[1].token))
      .send({
        attendance: 'present',
        ccpResults: [{ ccpCode: 'RNCP36805BC02', awarded: true }],
        finalInterviewHeld: true,
        titleAwarded: true,
      })
      .expect(200);
    await t.http.post(`/api/jury-sessions/${ccpSession.id}/deliberation/close`).set(auth(jurors[0].token)).expect(200);
    for (const j of jurors) await t.http.post(`/api/jury-sessions/${ccpSession.id}/pv/sign`).set(auth(j.token)).expect(200);
    const res = await t.http.get('/api/me/booklet').set(auth(learner.token!)).expect(200);
    expect(res.body).toMatchObject({
      titleAwarded: true,
      titleAwardedOn: '2025-06-16',
      outcome: 'title',
      capitalisationDeadline: null,
      resitWithoutTrainingUntil: null,
    });
    expect(res.body.ccps.every((c: { held: boolean }) => c.held)).toBe(true);
    expect(res.body.sessions.map((s: { outcome: string }) => s.outcome)).toEqual(['partial', 'title']);
  });

  it('7. the VAE candidate holds the title from the session titre', async () => {
    const res = await t.http.get('/api/me/booklet').set(auth(vae.token!)).expect(200);
    expect(res.body).toMatchObject({ titleAwarded: true, titleAwardedOn: '2025-03-11', outcome: 'title', resitWithoutTrainingUntil: null });
  });

  it('8. the ledger and the signed PV are append-only in the database', async () => {
    await expect(t.dataSource.query(`UPDATE ccp_awards SET obtained_on = '2020-01-01'`)).rejects.toThrow(/ajout seul/);
    await expect(t.dataSource.query('DELETE FROM title_awards')).rejects.toThrow(/ajout seul/);
    await expect(t.dataSource.query(`UPDATE pv_versions SET sha256 = repeat('0', 64)`)).rejects.toThrow(/ajout seul/);
    await expect(t.dataSource.query('DELETE FROM pv_signatures')).rejects.toThrow(/ajout seul/);
    await expect(
      t.dataSource.query(`UPDATE pv_versions SET content = '{}'::jsonb WHERE session_id = $1`, [titleSession.id]),
    ).rejects.toThrow(/ajout seul/);
  });
  it('R-SES-1 (centre policy): a session still to come convened less than a month (titre) before is warned; in time, it is not', async () => {
    const admin = await t.adminToken();
    await t.http.post('/api/certifications').set(auth(admin)).send(successorTitle('RNCP49001')).expect(201);
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const soon = await createSession(t, { type: 'title', certificationCode: 'RNCP49001', startDate: inDays(10), endDate: inDays(10) });
    const later = await createSession(t, { type: 'title', certificationCode: 'RNCP49001', startDate: inDays(60), endDate: inDays(60) });
    const warned = await t.http.get(`/api/jury-sessions/${soon.id}`).set(auth(admin)).expect(200);
    expect(warned.body.warnings).toEqual([
      expect.objectContaining({ code: 'SESSION.LATE_CONVOCATION', message: expect.stringMatching(/R-SES-1/) }),
    ]);
    expect(warned.body.warnings[0].message).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    const inTime = await t.http.get(`/api/jury-sessions/${later.id}`).set(auth(admin)).expect(200);
    expect(inTime.body.warnings).toEqual([]);
  });
});
