import { auth, createCohort, createLearner, LearnerFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Who may do what, for every endpoint of cohorts, learners and ECF: admin, trainer of the
 * learner's cohort, trainer of another cohort, the learner, another learner. Not visible → 404;
 * a role that may never do it → 403 (contract: Conventions).
 */
type Actor = 'admin' | 'trainer' | 'otherTrainer' | 'learner' | 'otherLearner';

describe('visibility matrix (cohorts, learners, ECF)', () => {
  let t: TestApp;
  const tokens = {} as Record<Actor, string>;
  let cohort: { id: string };
  let learner: LearnerFixture;
  let trainerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    tokens.admin = await t.adminToken();
    const trainer = await t.createUser(['trainer']);
    const other = await t.createUser(['trainer']);
    trainerId = trainer.id;
    tokens.trainer = trainer.token;
    tokens.otherTrainer = other.token;
    cohort = await createCohort(t, [trainer.id]);
    await createCohort(t, [other.id]);
    learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
    tokens.learner = learner.token!;
    tokens.otherLearner = (await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true)).token!;
    // A synthesis signed by both, so that acknowledge can succeed.
    await t.http
      .put(`/api/learners/${learner.id}/ecf-syntheses/RNCP36805BC02`)
      .set(auth(tokens.trainer))
      .send({ mastered: true, observations: 'ok' })
      .expect(200);
    await t.http.post(`/api/learners/${learner.id}/ecf-syntheses/RNCP36805BC02/sign`).set(auth(tokens.trainer)).send({}).expect(200);
    await t.http.post(`/api/learners/${learner.id}/ecf-syntheses/RNCP36805BC02/sign`).set(auth(tokens.admin)).send({}).expect(200);
  });
  afterAll(async () => t.close());

  const evaluation = {
    ccpCode: 'RNCP36805BC01',
    date: '2025-01-20',
    description: 'Évaluation',
    results: [{ competence: 1, acquired: true }],
  };
  let n = 0;
  const newLearner = () => ({
    firstName: 'N',
    lastName: `L${(n += 1)}`,
    birthDate: '1990-01-01',
    email: `matrix${n}@test.local`,
    pathway: 'training',
    cohortId: cohort.id,
  });

  const cases: { name: string; call: (token: string) => Promise<{ status: number }>; expect: Record<Actor, number> }[] = [
    {
      name: 'POST /api/cohorts',
      call: (tk) =>
        t.http
          .post('/api/cohorts')
          .set(auth(tk))
          .send({ name: `C${(n += 1)}`, certificationCode: 'RNCP36805', startDate: '2024-09-02', endDate: '2025-06-30', trainerIds: [] }),
      expect: { admin: 201, trainer: 403, otherTrainer: 403, learner: 403, otherLearner: 403 },
    },
    {
      name: 'GET /api/cohorts',
      call: (tk) => t.http.get('/api/cohorts').set(auth(tk)),
      expect: { admin: 200, trainer: 200, otherTrainer: 200, learner: 403, otherLearner: 403 },
    },
    {
      name: 'GET /api/cohorts/:id',
      call: (tk) => t.http.get(`/api/cohorts/${cohort.id}`).set(auth(tk)),
      expect: { admin: 200, trainer: 200, otherTrainer: 404, learner: 403, otherLearner: 403 },
    },
    {
      name: 'PUT /api/cohorts/:id/trainers',
      call: (tk) =>
        t.http
          .put(`/api/cohorts/${cohort.id}/trainers`)
          .set(auth(tk))
          .send({ trainerIds: [trainerId] }),
      expect: { admin: 200, trainer: 403, otherTrainer: 403, learner: 403, otherLearner: 403 },
    },
    {
      name: 'GET /api/cohorts/:id/progress',
      call: (tk) => t.http.get(`/api/cohorts/${cohort.id}/progress`).set(auth(tk)),
      expect: { admin: 200, trainer: 200, otherTrainer: 404, learner: 403, otherLearner: 403 },
    },
    {
      name: 'POST /api/learners',
      call: (tk) => t.http.post('/api/learners').set(auth(tk)).send(newLearner()),
      expect: { admin: 201, trainer: 403, otherTrainer: 403, learner: 403, otherLearner: 403 },
    },
    {
      name: 'POST /api/learners/import',
      call: (tk) =>
        t.http
          .post('/api/learners/import?dryRun=true')
          .set(auth(tk))
          .set('Content-Type', 'text/csv')
          .send('nom;prenom;date_naissance;email;parcours\n'),
      expect: { admin: 400, trainer: 403, otherTrainer: 403, learner: 403, otherLearner: 403 },
    },
    {
      name: 'GET /api/learners',
      call: (tk) => t.http.get('/api/learners').set(auth(tk)),
      expect: { admin: 200, trainer: 200, otherTrainer: 200, learner: 403, otherLearner: 403 },
    },
    {
      name: 'GET /api/learners/:id',
      call: (tk) => t.http.get(`/api/learners/${learner.id}`).set(auth(tk)),
      expect: { admin: 200, trainer: 200, otherTrainer: 404, learner: 200, otherLearner: 404 },
    },
    {
      name: 'PATCH /api/learners/:id',
      call: (tk) => t.http.patch(`/api/learners/${learner.id}`).set(auth(tk)).send({ employer: 'Hôpital' }),
      expect: { admin: 200, trainer: 403, otherTrainer: 403, learner: 403, otherLearner: 403 },
    },
    {
      name: 'POST /api/learners/:id/ecf-evaluations',
      call: (tk) => t.http.post(`/api/learners/${learner.id}/ecf-evaluations`).set(auth(tk)).send(evaluation),
      expect: { admin: 201, trainer: 201, otherTrainer: 404, learner: 403, otherLearner: 403 },
    },
    {
      name: 'GET /api/learners/:id/ecf',
      call: (tk) => t.http.get(`/api/learners/${learner.id}/ecf`).set(auth(tk)),
      expect: { admin: 200, trainer: 200, otherTrainer: 404, learner: 200, otherLearner: 404 },
    },
    {
      name: 'GET /api/learners/:id/ecf.pdf',
      call: (tk) => t.http.get(`/api/learners/${learner.id}/ecf.pdf`).set(auth(tk)),
      expect: { admin: 200, trainer: 200, otherTrainer: 404, learner: 200, otherLearner: 404 },
    },
    {
      name: 'PUT /api/learners/:id/ecf-syntheses/:ccp',
      call: (tk) =>
        t.http.put(`/api/learners/${learner.id}/ecf-syntheses/RNCP36805BC01`).set(auth(tk)).send({ mastered: true, observations: 'x' }),
      expect: { admin: 200, trainer: 200, otherTrainer: 404, learner: 403, otherLearner: 403 },
    },
    {
      name: 'POST /api/learners/:id/ecf-syntheses/:ccp/sign',
      call: (tk) => t.http.post(`/api/learners/${learner.id}/ecf-syntheses/RNCP36805BC03/sign`).set(auth(tk)).send({}),
      // No synthesis of CCP 3 yet: those who may sign learn it is missing (404), the others never get that far.
      expect: { admin: 404, trainer: 404, otherTrainer: 404, learner: 403, otherLearner: 403 },
    },
    {
      name: 'POST /api/learners/:id/ecf-syntheses/:ccp/acknowledge',
      call: (tk) => t.http.post(`/api/learners/${learner.id}/ecf-syntheses/RNCP36805BC02/acknowledge`).set(auth(tk)),
      expect: { admin: 403, trainer: 403, otherTrainer: 403, learner: 200, otherLearner: 404 },
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const got = {} as Record<Actor, number>;
    for (const actor of Object.keys(c.expect) as Actor[]) got[actor] = (await c.call(tokens[actor])).status;
    expect(got).toEqual(c.expect);
  });

  it('lists only what each one may see', async () => {
    const ids = async (tk: string) =>
      (await t.http.get('/api/learners?pageSize=200').set(auth(tk))).body.items.map((l: { id: string }) => l.id);
    expect(await ids(tokens.trainer)).toContain(learner.id);
    expect(await ids(tokens.otherTrainer)).not.toContain(learner.id);
    expect(await ids(tokens.otherTrainer)).toHaveLength(0);
  });

  it('a sign of the CCP 3 synthesis, once written, by the right people', async () => {
    await t.http
      .put(`/api/learners/${learner.id}/ecf-syntheses/RNCP36805BC03`)
      .set(auth(tokens.trainer))
      .send({ mastered: true, observations: 'x' })
      .expect(200);
    await t.http.post(`/api/learners/${learner.id}/ecf-syntheses/RNCP36805BC03/sign`).set(auth(tokens.trainer)).send({}).expect(200);
    await t.http.post(`/api/learners/${learner.id}/ecf-syntheses/RNCP36805BC03/sign`).set(auth(tokens.admin)).send({}).expect(200);
  });
});
