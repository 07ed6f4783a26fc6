import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { auth, createCohort, createJuror, createLearner, createSession, signAllEcf, submitDp } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** Sends raw bytes and returns what the server answered (status line, headers, body). */
function raw(port: number, bytes: string): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body: rest.join('\r\n\r\n') });
    });
    socket.write(bytes);
  });
}

/**
 * Issue 10 — what the fresh-eyes attack of the running app found (before resolving), each turned
 * into a test: protocol-level refusals in the contract's shape,  the déclaration signed once, a DREETS validation not before the session,
 * names made only of invisible characters.
 */
describe('issue 10 — findings of the attack on the running app', () => {
  let t: TestApp;
  let port: number;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    admin = await t.adminToken();
  }, 60_000);
  afterAll(async () => t.close());

  it.each([
    [
      'a Content-Length that is not a number',
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
      400,
    ],
    ['two Content-Length', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', 400],
    [
      'a broken chunked body',
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      400,
    ],
    ['a raw NUL in the URL', 'GET /api/health\0 HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['headers over 16 KB', `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`, 431],
  ])('a request the HTTP parser refuses (%s) answers in the contract shape with the security headers', async (_name, bytes, status) => {
    const answer = await raw(port, bytes);
    expect(answer.status).toBe(status);
    expect(answer.head).toMatch(/Cache-Control: no-store/i);
    expect(answer.head).toMatch(/X-Content-Type-Options: nosniff/i);
    const body = JSON.parse(answer.body) as { statusCode: number; code: string; message: string; details: unknown[] };
    expect(body).toMatchObject({ statusCode: status, details: [] });
    expect(body.message).toMatch(/requête/);
  });

  it('signing the déclaration sur l’honneur again on the same content changes nothing (no new instant, no second audit entry)', async () => {
    const trainer = await t.createUser(['trainer']);
    const cohort = await createCohort(t, [trainer.id]);
    const learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
    const dp = `/api/learners/${learner.id}/professional-file`;
    const first = await t.http.post(`${dp}/declaration`).set(auth(learner.token!)).send({ place: 'Lyon' }).expect(200);
    const again = await t.http.post(`${dp}/declaration`).set(auth(learner.token!)).send({ place: 'Lyon' }).expect(200);
    expect(again.body.declaration).toEqual(first.body.declaration);
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'professional_file.sign_declaration' AND entity_id = (SELECT id::text FROM professional_files WHERE learner_id = $1)",
      [learner.id],
    );
    expect(n).toBe(1);
  });

  it('a DREETS validation dated before the end of the session is refused on validatedOn', async () => {
    const trainer = await t.createUser(['trainer']);
    const cohort = await createCohort(t, [trainer.id]);
    const learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
    await signAllEcf(t, learner.id, trainer.token);
    await submitDp(t, learner);
    const jurors = [await createJuror(t), await createJuror(t)];
    const { id } = await createSession(t, { type: 'title', startDate: '2025-03-10', endDate: '2025-03-11' });
    const s = `/api/jury-sessions/${id}`;
    for (const j of jurors) await t.http.post(`${s}/jurors`).set(auth(admin)).send({ userId: j.id }).expect(201);
    await t.http.post(`${s}/candidates`).set(auth(admin)).send({ learnerId: learner.id }).expect(201);
    await t.http.post(`${s}/deliberation/open`).set(auth(jurors[0].token)).expect(200);
    await t.http
      .put(`${s}/candidates/${learner.id}/result`)
      .set(auth(jurors[0].token))
      .send({ attendance: 'absent', ccpResults: [] })
      .expect(200);
    await t.http.post(`${s}/deliberation/close`).set(auth(jurors[0].token)).expect(200);
    for (const j of jurors) await t.http.post(`${s}/pv/sign`).set(auth(j.token)).expect(200);
    const early = await t.http.post(`${s}/dreets-validation`).set(auth(admin)).send({ validatedOn: '1900-01-01', reference: 'X' });
    expect(early.status).toBe(400);
    expect(early.body.details).toEqual([expect.objectContaining({ field: 'validatedOn' })]);
    await t.http.post(`${s}/dreets-validation`).set(auth(admin)).send({ validatedOn: '2025-03-20', reference: 'DREETS-1' }).expect(200);
  });

  it('a name made only of invisible characters is refused (users and learners)', async () => {
    const user = await t.http
      .post('/api/users')
      .set(auth(admin))
      .send({ email: 'invisible@test.local', fullName: '\u202e\u200b', password: 'Kestrel-Violon-2026', roles: ['trainer'] });
    expect(user.status).toBe(400);
    expect(user.body.details).toEqual([expect.objectContaining({ field: 'fullName' })]);
    const learner = await t.http.post('/api/learners').set(auth(admin)).send({
      firstName: '\u200b',
      lastName: 'Durand',
      birthDate: '1990-01-01',
      email: 'l-invisible@test.local',
      pathway: 'vae',
      vaeAdmissibilityDate: '2025-01-10',
      certificationCode: 'RNCP36805',
    });
    expect(learner.status).toBe(400);
    expect(learner.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'firstName' })]));
  });
});
