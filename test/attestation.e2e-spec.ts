import { deadlineWording, todayInFrance } from '@app/rules';
import { auth, createCohort, createJuror, createLearner, createSession, LearnerFixture } from './support/fixtures';
import { binaryParser, pdfToText } from './support/pdf';
import { startTestApp, TestApp } from './support/test-app';

const ALL = ['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03'];

/** Issue 11 (10): the attestation only when there is something to attest; DREETS validation only for results that have it. */
describe('attestation of results', () => {
  let t: TestApp;
  let admin: string;
  let cohort: { id: string };
  let j1: { id: string; token: string };
  let j2: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    const trainer = await t.createUser(['trainer']);
    cohort = await createCohort(t, [trainer.id]);
    j1 = await createJuror(t, { fullName: 'Paul Juré' });
    j2 = await createJuror(t, { fullName: 'Rose Jurée' });
  });
  afterAll(async () => t.close());

  const pdfText = async (learnerId: string, token = admin): Promise<string> => {
    const res = await t.http.get(`/api/learners/${learnerId}/booklet.pdf`).set(auth(token)).buffer(true).parse(binaryParser).expect(200);
    return (await pdfToText(res.body as Buffer)).text.join(' ').replace(/\s+/g, ' ');
  };

  it('no CCP held: 409 BOOKLET.NOTHING_TO_ATTEST, for the centre and for the learner', async () => {
    const learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
    for (const token of [admin, learner.token!]) {
      const res = await t.http.get(`/api/learners/${learner.id}/booklet.pdf`).set(auth(token)).expect(409);
      expect(res.body.code).toBe('BOOKLET.NOTHING_TO_ATTEST');
    }
  });

  it('results pending DREETS validation are said pending, per CCP; once validated, the DREETS sentence appears', async () => {
    const learner: LearnerFixture = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
    const s = await createSession(t, { type: 'title', startDate: '2025-05-12', endDate: '2025-05-12' });
    for (const j of [j1, j2]) await t.http.post(`/api/jury-sessions/${s.id}/jurors`).set(auth(admin)).send({ userId: j.id }).expect(201);
    await t.http
      .post(`/api/jury-sessions/${s.id}/candidates`)
      .set(auth(admin))
      .send({ learnerId: learner.id, override: { reason: 'Pièces remises sur place' } })
      .expect(201);
    await t.http.post(`/api/jury-sessions/${s.id}/deliberation/open`).set(auth(admin)).expect(200);
    await t.http
      .put(`/api/jury-sessions/${s.id}/candidates/${learner.id}/result`)
      .set(auth(j1.token))
      .send({
        attendance: 'present',
        ccpResults: ALL.map((ccpCode) => ({ ccpCode, awarded: ccpCode !== 'RNCP36805BC02' })),
        finalInterviewHeld: true,
      })
      .expect(200);
    await t.http.post(`/api/jury-sessions/${s.id}/deliberation/close`).set(auth(admin)).expect(200);
    for (const j of [j1, j2]) await t.http.post(`/api/jury-sessions/${s.id}/pv/sign`).set(auth(j.token)).expect(200);

    const pending = await pdfText(learner.id, learner.token);
    expect(pending).toContain('Validation DREETS en attente pour : CCP 1, CCP 3.');
    expect(pending).not.toContain('validés par la DREETS');
    // Deadlines told with the shared rule, in the tense of today (past: « a expiré le … »).
    const booklet = (await t.http.get(`/api/learners/${learner.id}/booklet`).set(auth(admin)).expect(200)).body;
    expect(booklet.capitalisationDeadline).toBe('2026-08-31');
    const expected = deadlineWording('capitalisation', '2026-08-31', todayInFrance()).text;
    expect(pending).toContain(expected.slice(0, 60));
    if (todayInFrance() > '2026-08-31') expect(pending).toContain('Le délai pour compléter le titre a expiré le 31/08/2026');

    await t.http
      .post(`/api/jury-sessions/${s.id}/dreets-validation`)
      .set(auth(admin))
      .send({ validatedOn: '2025-06-02', reference: 'DREETS-ARA-2025-0602' })
      .expect(200);
    const validated = await pdfText(learner.id);
    expect(validated).toContain('Les résultats ci-dessus ont été validés par la DREETS.');
    expect(validated).not.toContain('Validation DREETS en attente');
  });
});
