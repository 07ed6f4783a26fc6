// Issue 16 (4): reads of a learner's DP (view, PDF, attachment) and jury dossier by the centre, a
// trainer or a juror are logged — who, as what, when, what — and shown to the learner in the export
// and at GET /api/learners/:id/reads; the learner's own reads and refused reads are not.
import { Client } from 'pg';
import { binary, unzip } from './support/export-zip';
import { auth, createCohort, createJuror, createLearner, createSession, LearnerFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('who read what (issue 16)', () => {
  let t: TestApp;
  let pg: Client;
  let admin: string;
  let adminId: string;
  let trainer: { id: string; token: string };
  let otherTrainer: { id: string; token: string };
  let juror: { id: string; token: string };
  let strangerJuror: { id: string; token: string };
  let learner: LearnerFixture;
  let other: LearnerFixture;
  let sessionId: string;
  let attachmentId: string;
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(500, 0x41)]);

  beforeAll(async () => {
    t = await startTestApp();
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    admin = await t.adminToken();
    adminId = (await pg.query(`SELECT id FROM users WHERE email = 'admin@test.local'`)).rows[0].id;
    trainer = await t.createUser(['trainer'], { fullName: 'Anne Formatrice' });
    otherTrainer = await t.createUser(['trainer'], { fullName: 'Bruno Autre' });
    juror = await createJuror(t, { fullName: 'Paul Juré' });
    strangerJuror = await createJuror(t, { fullName: 'Rose Étrangère' });
    const cohort = await createCohort(t, [trainer.id]);
    await createCohort(t, [otherTrainer.id]);
    learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id, firstName: 'Léa', lastName: 'Moreau' }, true);
    other = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
    const up = await t.http
      .post(`/api/learners/${learner.id}/professional-file/attachments`)
      .set(auth(learner.token!))
      .attach('file', pdf, { filename: 'attestation.pdf' })
      .expect(201);
    attachmentId = up.body.id as string;
    sessionId = (await createSession(t, { type: 'title', startDate: '2025-03-10', endDate: '2025-03-11', ceresReference: 'CERES-R' })).id;
    await t.http.post(`/api/jury-sessions/${sessionId}/jurors`).set(auth(admin)).send({ userId: juror.id }).expect(201);
    await t.http
      .post(`/api/jury-sessions/${sessionId}/candidates`)
      .set(auth(admin))
      .send({ learnerId: learner.id, override: { reason: 'DP remis le jour même' } })
      .expect(201);
  });
  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  const dp = `/api/learners/${'${id}'}/professional-file`;
  const path = (suffix = '') => dp.replace('${id}', learner.id) + suffix;
  const rows = async () =>
    (
      await pg.query(
        `SELECT reader_id, reader_role, what, subject_id::text, at FROM personal_data_reads WHERE learner_id = $1 ORDER BY at, id`,
        [learner.id],
      )
    ).rows as { reader_id: string; reader_role: string; what: string; subject_id: string; at: Date }[];

  it('logs the reads of staff, trainers and jurors — not the learner’s own, not a refused read', async () => {
    // The learner reads their own DP, its PDF and attachment: nothing logged.
    await t.http.get(path()).set(auth(learner.token!)).expect(200);
    await t.http.get(path('.pdf')).set(auth(learner.token!)).expect(200);
    await t.http
      .get(path(`/attachments/${attachmentId}`))
      .set(auth(learner.token!))
      .expect(200);
    expect(await rows()).toEqual([]);

    // Refused reads: another trainer, a juror of another session, a missing attachment, another
    // learner, a juror's dossier of a session they do not sit on: nothing logged.
    await t.http.get(path()).set(auth(otherTrainer.token)).expect(404);
    await t.http.get(path()).set(auth(other.token!)).expect(404);
    await t.http.get(path()).set(auth(strangerJuror.token)).expect(404);
    await t.http.get(path('/attachments/00000000-0000-4000-8000-000000000000')).set(auth(trainer.token)).expect(404);
    await t.http.get(`/api/jury-sessions/${sessionId}/candidates/${learner.id}/dossier`).set(auth(strangerJuror.token)).expect(404);
    expect(await rows()).toEqual([]);

    const before = new Date();
    await t.http.get(path()).set(auth(trainer.token)).expect(200);
    await t.http.get(path('.pdf')).set(auth(trainer.token)).expect(200);
    await t.http
      .get(path(`/attachments/${attachmentId}`))
      .set(auth(trainer.token))
      .expect(200);
    await t.http.get(`/api/jury-sessions/${sessionId}/candidates/${learner.id}/dossier`).set(auth(juror.token)).expect(200);
    await t.http.get(path()).set(auth(juror.token)).expect(200);
    await t.http.get(path()).set(auth(admin)).expect(200);
    await t.http.get(`/api/jury-sessions/${sessionId}/candidates/${learner.id}/dossier`).set(auth(admin)).expect(200);

    const fileId = (await pg.query('SELECT id::text FROM professional_files WHERE learner_id = $1', [learner.id])).rows[0].id as string;
    const logged = await rows();
    expect(logged.map(({ reader_id, reader_role, what, subject_id }) => [reader_id, reader_role, what, subject_id])).toEqual([
      [trainer.id, 'trainer', 'dp', fileId],
      [trainer.id, 'trainer', 'dp', fileId],
      [trainer.id, 'trainer', 'dp', fileId],
      [juror.id, 'juror', 'jury_dossier', sessionId],
      [juror.id, 'juror', 'dp', fileId],
      [adminId, 'admin', 'dp', fileId],
      [adminId, 'admin', 'jury_dossier', sessionId],
    ]);
    for (const r of logged) expect(r.at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it('the learner sees them in their export: name, role, when, what — and not their own reads', async () => {
    const res = await t.http.get(`/api/learners/${learner.id}/export`).set(auth(learner.token!)).buffer(true).parse(binary).expect(200);
    const json = JSON.parse((await unzip(res.body as Buffer)).get('learner.json')!.toString('utf8'));
    const logged = await rows();
    expect(json.reads).toEqual(
      logged.map((r) => ({
        at: r.at.toISOString(),
        reader: {
          fullName: r.reader_id === trainer.id ? 'Anne Formatrice' : r.reader_id === juror.id ? 'Paul Juré' : expect.any(String),
          role: r.reader_role,
        },
        what: r.what,
        subjectId: r.subject_id,
      })),
    );
    expect(json.reads.map((r: { reader: { role: string } }) => r.reader.role)).not.toContain('learner');
    expect(JSON.stringify(json.reads)).not.toContain('@'); // names, never e-mail addresses
  });

  it('GET /api/learners/:id/reads: the learner and the centre, newest first, paged; trainers 403, others 404', async () => {
    const mine = await t.http.get(`/api/learners/${learner.id}/reads?pageSize=2`).set(auth(learner.token!)).expect(200);
    expect(mine.body).toMatchObject({ total: 7, page: 1, pageSize: 2 });
    expect(mine.body.items).toEqual([
      { at: expect.any(String), reader: { fullName: expect.any(String), role: 'admin' }, what: 'jury_dossier', subjectId: sessionId },
      { at: expect.any(String), reader: { fullName: expect.any(String), role: 'admin' }, what: 'dp', subjectId: expect.any(String) },
    ]);
    const last = await t.http.get(`/api/learners/${learner.id}/reads?page=4&pageSize=2`).set(auth(admin)).expect(200);
    expect(last.body).toMatchObject({ total: 7, items: [{ reader: { fullName: 'Anne Formatrice', role: 'trainer' }, what: 'dp' }] });
    const beyond = await t.http.get(`/api/learners/${learner.id}/reads?page=9&pageSize=2`).set(auth(admin)).expect(200);
    expect(beyond.body).toMatchObject({ total: 7, items: [] });
    expect((await t.http.get(`/api/learners/${learner.id}/reads`).set(auth(trainer.token))).status).toBe(403);
    expect((await t.http.get(`/api/learners/${learner.id}/reads`).set(auth(juror.token))).status).toBe(403);
    expect((await t.http.get(`/api/learners/${learner.id}/reads`).set(auth(other.token!))).status).toBe(404);
    expect((await t.http.get(`/api/learners/${learner.id}/reads?pageSize=0`).set(auth(admin))).status).toBe(400);
  });
});
