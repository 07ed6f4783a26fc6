import { addDays, todayInFrance } from '@app/rules';
import { auth, createCohort, createLearner, createSession, successorTitle } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 12, found by the fresh-eyes review: a jury deliberated, recorded results and signed the
 * PV of a session dated in six weeks, and the attestation said « obtenu le » that future date.
 * The deliberation opens on the session's first day at the earliest (Paris), for jurors and staff.
 */
describe('the deliberation never opens before the session starts', () => {
  let t: TestApp;
  let admin: string;
  let jurors: { id: string; token: string }[];
  let cohortId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    // A title in force today (SAMS RNCP36805 is past its délai de prolongation).
    await t.http.post('/api/certifications').set(auth(admin)).send(successorTitle('RNCP40899')).expect(201);
    const trainer = await t.createUser(['trainer']);
    cohortId = (
      await createCohort(t, [trainer.id], {
        certificationCode: 'RNCP40899',
        startDate: addDays(todayInFrance(), -200),
        endDate: addDays(todayInFrance(), 30),
      })
    ).id;
    jurors = [];
    for (let i = 0; i < 2; i += 1) {
      const juror = await t.createUser(['jury']);
      await t.http
        .put(`/api/users/${juror.id}/juror-profile`)
        .set(auth(admin))
        .send({
          habilitations: [
            { certificationCode: 'RNCP40899', validFrom: '2024-01-01', validUntil: addDays(todayInFrance(), 400), reference: 'Arrêté' },
          ],
        })
        .expect(200);
      jurors.push(juror);
    }
  });
  afterAll(async () => t.close());

  const sessionOn = async (startDate: string) => {
    const s = await createSession(t, { type: 'title', certificationCode: 'RNCP40899', startDate, endDate: addDays(startDate, 1) });
    for (const j of jurors) await t.http.post(`/api/jury-sessions/${s.id}/jurors`).set(auth(admin)).send({ userId: j.id }).expect(201);
    const learner = await createLearner(t, { pathway: 'training', cohortId });
    await t.http
      .post(`/api/jury-sessions/${s.id}/candidates`)
      .set(auth(admin))
      .send({ learnerId: learner.id, override: { reason: 'Pièces remises sur place' } })
      .expect(201);
    return s.id;
  };

  it('tomorrow: 409 SESSION.NOT_STARTED with the date in words, for a juror and for staff; nothing changes', async () => {
    const tomorrow = addDays(todayInFrance(), 1);
    const id = await sessionOn(tomorrow);
    for (const token of [jurors[0].token, admin]) {
      const res = await t.http.post(`/api/jury-sessions/${id}/deliberation/open`).set(auth(token)).expect(409);
      expect(res.body.code).toBe('SESSION.NOT_STARTED');
      expect(res.body.message).toBe(
        `La session commence le ${tomorrow.split('-').reverse().join('/')} : la délibération ne peut pas s'ouvrir avant.`,
      );
    }
    const session = await t.http.get(`/api/jury-sessions/${id}`).set(auth(admin)).expect(200);
    expect(session.body.status).toBe('planned');
  });

  it('today (its first day): the deliberation opens', async () => {
    const id = await sessionOn(todayInFrance());
    await t.http.post(`/api/jury-sessions/${id}/deliberation/open`).set(auth(jurors[0].token)).expect(200);
  });
});
