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

/**
 * Issue 10: rights on a learner come from the caller's relation to THAT learner (trainer of their
 * cohort, evaluator, juror of their session, the learner, admin), never from the union of roles.
 */
describe('issue 10 — rights come from the relation to the learner, not from the union of roles', () => {
  let t: TestApp;
  let admin: string;
  let trainerB: { id: string; token: string };
  let trainerJuror: { id: string; token: string };
  let learnerA: LearnerFixture;
  let learnerB: LearnerFixture;
  let sessionId: string;
  const ccp1 = 'RNCP36805BC01';
  const asJuror = 'Vous voyez cet apprenant comme membre de jury : seuls ses formateurs enregistrent ses ECF.';
  const evaluation = { ccpCode: ccp1, date: '2025-01-20', description: 'Évaluation', results: [{ competence: 1, acquired: true }] };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    trainerB = await t.createUser(['trainer']);
    // Trains cohort A, sits on the jury of a session where a learner of cohort B is a candidate.
    trainerJuror = await t.createUser(['trainer', 'jury']);
    await t.http
      .put(`/api/users/${trainerJuror.id}/juror-profile`)
      .set(auth(admin))
      .send({ habilitations: [{ certificationCode: 'RNCP36805', validFrom: '2024-01-01', validUntil: '2026-12-31' }] })
      .expect(200);
    const cohortA = await createCohort(t, [trainerJuror.id]);
    const cohortB = await createCohort(t, [trainerB.id]);
    learnerA = await createLearner(t, { pathway: 'training', cohortId: cohortA.id });
    learnerB = await createLearner(t, { pathway: 'training', cohortId: cohortB.id }, true);
    const session = await t.http
      .post('/api/jury-sessions')
      .set(auth(admin))
      .send({ type: 'title', certificationCode: 'RNCP36805', startDate: '2025-03-10', endDate: '2025-03-11' })
      .expect(201);
    sessionId = session.body.id;
    await t.http.post(`/api/jury-sessions/${sessionId}/jurors`).set(auth(admin)).send({ userId: trainerJuror.id }).expect(201);
    await t.http
      .post(`/api/jury-sessions/${sessionId}/candidates`)
      .set(auth(admin))
      .send({ learnerId: learnerB.id, override: { reason: 'Pièces remises sur place' } })
      .expect(201);
    // A synthesis signed by the cohort's trainer and the centre: locked.
    await t.http
      .put(`/api/learners/${learnerB.id}/ecf-syntheses/${ccp1}`)
      .set(auth(trainerB.token))
      .send({ mastered: true, observations: 'Maîtrisé' })
      .expect(200);
    await t.http.post(`/api/learners/${learnerB.id}/ecf-syntheses/${ccp1}/sign`).set(auth(trainerB.token)).send({}).expect(200);
    await t.http.post(`/api/learners/${learnerB.id}/ecf-syntheses/${ccp1}/sign`).set(auth(admin)).send({}).expect(200);
  });
  afterAll(async () => t.close());

  it('issue 10 — double role: a trainer who is juror of a learner’s session cannot record that learner’s ECF (403 AUTH.FORBIDDEN, nothing written)', async () => {
    const res = await t.http
      .post(`/api/learners/${learnerB.id}/ecf-evaluations`)
      .set(auth(trainerJuror.token))
      .send(evaluation)
      .expect(403);
    expect(res.body).toMatchObject({ code: 'AUTH.FORBIDDEN', message: asJuror, details: [] });
    const ecf = await t.http.get(`/api/learners/${learnerB.id}/ecf`).set(auth(admin)).expect(200);
    expect(ecf.body.ccps.flatMap((c: { evaluations: unknown[] }) => c.evaluations)).toEqual([]);
  });

  it('issue 10 — double role: a trainer who is juror of a learner’s session cannot replace the signed synthesis (version 1 stays, signatures kept)', async () => {
    const res = await t.http
      .put(`/api/learners/${learnerB.id}/ecf-syntheses/${ccp1}`)
      .set(auth(trainerJuror.token))
      .send({ mastered: false, observations: 'Remplacée', reason: 'Correction par le jury' })
      .expect(403);
    expect(res.body).toMatchObject({ code: 'AUTH.FORBIDDEN', message: asJuror });
    const ecf = await t.http.get(`/api/learners/${learnerB.id}/ecf`).set(auth(admin)).expect(200);
    expect(ecf.body.ccps[0].synthesis).toMatchObject({ version: 1, mastered: true, locked: true });
  });

  it('issue 10 — double role: a trainer who is juror of a learner’s session cannot sign that learner’s synthesis, in any capacity', async () => {
    await t.http
      .put(`/api/learners/${learnerB.id}/ecf-syntheses/RNCP36805BC02`)
      .set(auth(trainerB.token))
      .send({ mastered: true, observations: 'ok' })
      .expect(200);
    for (const body of [{}, { as: 'evaluator' }, { as: 'centre' }]) {
      const res = await t.http
        .post(`/api/learners/${learnerB.id}/ecf-syntheses/RNCP36805BC02/sign`)
        .set(auth(trainerJuror.token))
        .send(body)
        .expect(403);
      expect(res.body.code).toBe('AUTH.FORBIDDEN');
      expect(res.body.message).toMatch(/comme membre de jury/);
    }
    const ecf = await t.http.get(`/api/learners/${learnerB.id}/ecf`).set(auth(admin)).expect(200);
    expect(ecf.body.ccps[1].synthesis).toMatchObject({ evaluatorSignatures: [], centreSignature: null });
  });

  it('issue 10 — double role: the same user still reads the candidate (learner, ECF, dossier) as a juror and records ECF for their own cohort', async () => {
    await t.http.get(`/api/learners/${learnerB.id}`).set(auth(trainerJuror.token)).expect(200);
    await t.http.get(`/api/learners/${learnerB.id}/ecf`).set(auth(trainerJuror.token)).expect(200);
    await t.http.get(`/api/jury-sessions/${sessionId}/candidates/${learnerB.id}/dossier`).set(auth(trainerJuror.token)).expect(200);
    await t.http.post(`/api/learners/${learnerA.id}/ecf-evaluations`).set(auth(trainerJuror.token)).send(evaluation).expect(201);
  });

  it('issue 10 — evaluator relation: a trainer who evaluated a learner before the learner moved signs that CCP as evaluator, and nothing else', async () => {
    const former = await t.createUser(['trainer'], { fullName: 'Ancienne formatrice' });
    const cohortC = await createCohort(t, [former.id]);
    const moved = await createLearner(t, { pathway: 'training', cohortId: cohortC.id });
    await t.http.post(`/api/learners/${moved.id}/ecf-evaluations`).set(auth(former.token)).send(evaluation).expect(201);
    const [{ cohortId: cohortB }] = await t.dataSource.query('SELECT cohort_id AS "cohortId" FROM learners WHERE id = $1', [learnerB.id]);
    await t.http.patch(`/api/learners/${moved.id}`).set(auth(admin)).send({ cohortId: cohortB }).expect(200);
    for (const ccp of [ccp1, 'RNCP36805BC02']) {
      await t.http
        .put(`/api/learners/${moved.id}/ecf-syntheses/${ccp}`)
        .set(auth(trainerB.token))
        .send({ mastered: true, observations: 'ok' })
        .expect(200);
    }
    // R-ECF-2: the CCP they evaluated, as evaluator.
    const signed = await t.http.post(`/api/learners/${moved.id}/ecf-syntheses/${ccp1}/sign`).set(auth(former.token)).send({}).expect(200);
    expect(signed.body.evaluatorSignatures).toEqual([expect.objectContaining({ userId: former.id })]);
    // Another CCP: not their evaluation.
    const other = await t.http
      .post(`/api/learners/${moved.id}/ecf-syntheses/RNCP36805BC02/sign`)
      .set(auth(former.token))
      .send({})
      .expect(422);
    expect(other.body.code).toBe('ECF.NOT_EVALUATOR');
    // They no longer see the learner: reads and writes answer 404.
    await t.http.get(`/api/learners/${moved.id}`).set(auth(former.token)).expect(404);
    await t.http.get(`/api/learners/${moved.id}/ecf`).set(auth(former.token)).expect(404);
    await t.http.post(`/api/learners/${moved.id}/ecf-evaluations`).set(auth(former.token)).send(evaluation).expect(404);
    await t.http
      .put(`/api/learners/${moved.id}/ecf-syntheses/${ccp1}`)
      .set(auth(former.token))
      .send({ mastered: true, observations: 'x' })
      .expect(404);
  });

  it('issue 10 — declaring a link to an unknown learner answers 404 NOT_FOUND (was a 400)', async () => {
    const res = await t.http
      .post(`/api/users/${trainerJuror.id}/declared-links`)
      .set(auth(admin))
      .send({ learnerId: '00000000-0000-4000-8000-000000000000', nature: 'Voisine' })
      .expect(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', details: [] });
    await t.http
      .post(`/api/users/${trainerJuror.id}/declared-links`)
      .set(auth(trainerJuror.token))
      .send({ learnerId: learnerA.id, nature: 'Voisine' })
      .expect(201);
  });
});
