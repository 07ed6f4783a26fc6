import { auth, createCohort, createLearner, LearnerFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** Who may do what on the dossier professionnel: admin, trainer of the cohort, another trainer, the learner, another learner. */
type Actor = 'admin' | 'trainer' | 'otherTrainer' | 'learner' | 'otherLearner';

describe('visibility matrix (professional file)', () => {
  let t: TestApp;
  const tokens = {} as Record<Actor, string>;
  let learner: LearnerFixture;
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200, 0x41)]);
  const example = {
    ccpCode: 'RNCP36805BC01',
    title: 'Ex',
    organisation: 'Org',
    periodFrom: '2024-01-01',
    periodTo: '2024-02-01',
    tasks: 't',
    means: 'm',
    collaborators: 'c',
  };

  beforeAll(async () => {
    t = await startTestApp();
    tokens.admin = await t.adminToken();
    const trainer = await t.createUser(['trainer']);
    const other = await t.createUser(['trainer']);
    tokens.trainer = trainer.token;
    tokens.otherTrainer = other.token;
    const cohort = await createCohort(t, [trainer.id]);
    await createCohort(t, [other.id]);
    learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
    tokens.learner = learner.token!;
    tokens.otherLearner = (await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true)).token!;
  });
  afterAll(async () => t.close());

  const base = () => `/api/learners/${learner.id}/professional-file`;
  /** A fresh item of the learner's, for the calls that change or remove one. */
  const fresh = async (kind: 'examples' | 'qualifications' | 'attachments'): Promise<string> => {
    if (kind === 'examples') {
      // At most 3 per CCP: start again from none.
      const dp = await t.http.get(base()).set(auth(tokens.learner));
      for (const e of dp.body.examples as { id: string }[])
        await t.http.delete(`${base()}/examples/${e.id}`).set(auth(tokens.learner)).expect(204);
    }
    const req = t.http.post(`${base()}/${kind}`).set(auth(tokens.learner));
    const res =
      kind === 'attachments'
        ? await req.attach('file', pdf, { filename: 'a.pdf' })
        : await req.send(kind === 'examples' ? example : { title: 'Q', issuer: 'I', obtainedOn: '2020-01-01' });
    return res.body.id as string;
  };

  const cases: { name: string; call: (token: string) => Promise<{ status: number }>; expect: Record<Actor, number> }[] = [
    {
      name: 'GET professional-file',
      call: (tk) => t.http.get(base()).set(auth(tk)),
      expect: { admin: 200, trainer: 200, otherTrainer: 404, learner: 200, otherLearner: 404 },
    },
    {
      name: 'GET professional-file.pdf',
      call: (tk) => t.http.get(`${base()}.pdf`).set(auth(tk)),
      expect: { admin: 200, trainer: 200, otherTrainer: 404, learner: 200, otherLearner: 404 },
    },
    {
      name: 'POST examples',
      call: (tk) => t.http.post(`${base()}/examples`).set(auth(tk)).send(example),
      expect: { admin: 403, trainer: 403, otherTrainer: 403, learner: 201, otherLearner: 404 },
    },
    {
      name: 'PUT examples/:id',
      call: async (tk) =>
        t.http
          .put(`${base()}/examples/${await fresh('examples')}`)
          .set(auth(tk))
          .send(example),
      expect: { admin: 403, trainer: 403, otherTrainer: 403, learner: 200, otherLearner: 404 },
    },
    {
      name: 'DELETE examples/:id',
      call: async (tk) => t.http.delete(`${base()}/examples/${await fresh('examples')}`).set(auth(tk)),
      expect: { admin: 403, trainer: 403, otherTrainer: 403, learner: 204, otherLearner: 404 },
    },
    {
      name: 'POST qualifications',
      call: (tk) => t.http.post(`${base()}/qualifications`).set(auth(tk)).send({ title: 'Q', issuer: 'I', obtainedOn: '2020-01-01' }),
      expect: { admin: 403, trainer: 403, otherTrainer: 403, learner: 201, otherLearner: 404 },
    },
    {
      name: 'DELETE qualifications/:id',
      call: async (tk) => t.http.delete(`${base()}/qualifications/${await fresh('qualifications')}`).set(auth(tk)),
      expect: { admin: 403, trainer: 403, otherTrainer: 403, learner: 204, otherLearner: 404 },
    },
    {
      name: 'POST attachments',
      call: (tk) => t.http.post(`${base()}/attachments`).set(auth(tk)).attach('file', pdf, { filename: 'a.pdf' }),
      expect: { admin: 403, trainer: 403, otherTrainer: 403, learner: 201, otherLearner: 404 },
    },
    {
      name: 'GET attachments/:id',
      call: async (tk) => t.http.get(`${base()}/attachments/${await fresh('attachments')}`).set(auth(tk)),
      expect: { admin: 200, trainer: 200, otherTrainer: 404, learner: 200, otherLearner: 404 },
    },
    {
      name: 'DELETE attachments/:id',
      call: async (tk) => t.http.delete(`${base()}/attachments/${await fresh('attachments')}`).set(auth(tk)),
      expect: { admin: 403, trainer: 403, otherTrainer: 403, learner: 204, otherLearner: 404 },
    },
    {
      name: 'POST comments',
      call: (tk) => t.http.post(`${base()}/comments`).set(auth(tk)).send({ text: 'Commentaire' }),
      expect: { admin: 403, trainer: 201, otherTrainer: 404, learner: 403, otherLearner: 403 },
    },
    {
      name: 'POST declaration',
      call: (tk) => t.http.post(`${base()}/declaration`).set(auth(tk)).send({ place: 'Lyon' }),
      expect: { admin: 403, trainer: 403, otherTrainer: 403, learner: 200, otherLearner: 404 },
    },
    {
      // Incomplete (no example for CCP 2 and 3): the learner gets the rule's refusal, the others never get that far.
      name: 'POST submit',
      call: (tk) => t.http.post(`${base()}/submit`).set(auth(tk)),
      expect: { admin: 403, trainer: 403, otherTrainer: 403, learner: 422, otherLearner: 404 },
    },
    {
      // Not submitted: the admin and the learner may reopen, and are told it is already open.
      name: 'POST reopen',
      call: (tk) => t.http.post(`${base()}/reopen`).set(auth(tk)),
      expect: { admin: 409, trainer: 403, otherTrainer: 403, learner: 409, otherLearner: 404 },
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const got = {} as Record<Actor, number>;
    for (const actor of Object.keys(c.expect) as Actor[]) got[actor] = (await c.call(tokens[actor])).status;
    expect(got).toEqual(c.expect);
  });
});

/** Issue 10: on the DP too, rights come from the relation to that learner, never from the union of roles. */
describe('issue 10 — professional file: rights by relation to the learner (double roles)', () => {
  let t: TestApp;
  let admin: string;
  let trainerJuror: { id: string; token: string };
  let learnerTrainer: LearnerFixture;
  let learner: LearnerFixture;
  let sessionId: string;
  const example = {
    ccpCode: 'RNCP36805BC01',
    title: 'Ex',
    organisation: 'Org',
    periodFrom: '2024-01-01',
    periodTo: '2024-02-01',
    tasks: 't',
    means: 'm',
    collaborators: 'c',
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    const trainer = await t.createUser(['trainer']);
    trainerJuror = await t.createUser(['trainer', 'jury']);
    await t.http
      .put(`/api/users/${trainerJuror.id}/juror-profile`)
      .set(auth(admin))
      .send({ habilitations: [{ certificationCode: 'RNCP36805', validFrom: '2024-01-01', validUntil: '2026-12-31' }] })
      .expect(200);
    const cohortA = await createCohort(t, [trainerJuror.id]);
    // A learner of cohort A who also trains cohort B (no endpoint gives a learner account a second role).
    learnerTrainer = await createLearner(t, { pathway: 'training', cohortId: cohortA.id }, true);
    await t.dataSource.query(`UPDATE users SET roles = ARRAY['learner','trainer'] WHERE id = $1`, [learnerTrainer.userId]);
    const cohortB = await createCohort(t, [trainer.id, learnerTrainer.userId!]);
    learner = await createLearner(t, { pathway: 'training', cohortId: cohortB.id }, true);
    await t.http.post(`/api/learners/${learner.id}/professional-file/examples`).set(auth(learner.token!)).send(example).expect(201);
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
      .send({ learnerId: learner.id, override: { reason: 'Pièces remises sur place' } })
      .expect(201);
  });
  afterAll(async () => t.close());

  const base = () => `/api/learners/${learner.id}/professional-file`;

  it('issue 10 — double role: a trainer who is juror of a learner’s session reads the DP but cannot comment it (403, nothing written)', async () => {
    await t.http.get(base()).set(auth(trainerJuror.token)).expect(200);
    await t.http.get(`${base()}.pdf`).set(auth(trainerJuror.token)).expect(200);
    const res = await t.http.post(`${base()}/comments`).set(auth(trainerJuror.token)).send({ text: 'Commentaire du jury' }).expect(403);
    expect(res.body).toMatchObject({ code: 'AUTH.FORBIDDEN', message: expect.stringMatching(/comme membre de jury/) });
    const dp = await t.http.get(base()).set(auth(admin)).expect(200);
    expect(dp.body.comments).toEqual([]);
  });

  it('issue 10 — double role: a learner who trains another learner’s cohort comments that DP as trainer but never writes it (403)', async () => {
    await t.http.post(`${base()}/comments`).set(auth(learnerTrainer.token!)).send({ text: 'Précisez les moyens.' }).expect(201);
    const write = await t.http.post(`${base()}/examples`).set(auth(learnerTrainer.token!)).send(example).expect(403);
    expect(write.body.code).toBe('AUTH.FORBIDDEN');
    await t.http.post(`${base()}/declaration`).set(auth(learnerTrainer.token!)).send({ place: 'Lyon' }).expect(403);
    await t.http.post(`${base()}/reopen`).set(auth(learnerTrainer.token!)).expect(403);
    const dp = await t.http.get(base()).set(auth(admin)).expect(200);
    expect(dp.body.examples).toHaveLength(1);
    expect(dp.body.declaration).toBeNull();
    // Their own DP stays theirs to write.
    await t.http
      .post(`/api/learners/${learnerTrainer.id}/professional-file/examples`)
      .set(auth(learnerTrainer.token!))
      .send(example)
      .expect(201);
  });

  it('issue 10 — double role: the jury’s trainer cannot write the candidate’s DP either (the learner only)', async () => {
    // No learner role: the role guard answers 403 before the relation is even read.
    await t.http.post(`${base()}/examples`).set(auth(trainerJuror.token)).send(example).expect(403);
    await t.http.get(`/api/jury-sessions/${sessionId}/candidates/${learner.id}/dossier`).set(auth(trainerJuror.token)).expect(200);
  });
});
