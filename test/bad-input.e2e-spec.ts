import type { Server } from 'node:http';
import { IsBoolean, IsOptional } from 'class-validator';
import { createValidationPipe } from '@app/platform';
import { startTestApp, TestApp } from './support/test-app';
import { errorShapeProblem, listeningPort, multipart, mutations, pdfBytes, rawRequest } from './support/bad-input';
import { auth, createCohort, createLearner, LearnerFixture, successorTitle } from './support/fixtures';

/**
 * Every write endpoint receives a batch of malformed bodies built from a valid one: each field
 * replaced by a wrong type, null, an array, a 10,000-character string or a nested object; an
 * unknown field; non-object bodies; malformed JSON; an oversized body. None may answer 5xx;
 * each 400 names the field.
 */
describe('bad input never gets a 500 (400 with the field, or another 4xx of the contract)', () => {
  let t: TestApp;
  let admin: string;
  let cohortId: string;
  let learnerId: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    cohortId = (await createCohort(t, [])).id;
    // A VAE candidate: a well-formed ECF body is still refused (422 ECF.NOT_FOR_VAE), so the batch writes nothing.
    learnerId = (await createLearner(t, { pathway: 'vae', vaeAdmissibilityDate: '2025-01-15', certificationCode: 'RNCP36805' })).id;
  });
  afterAll(async () => t.close());

  const endpoints: {
    name: string;
    method: 'post' | 'put' | 'patch';
    path: string;
    valid: () => Record<string, unknown>;
    nested?: (v: Record<string, unknown>) => [string, unknown][];
    allOptional?: boolean;
  }[] = [
    {
      name: 'POST /api/auth/login',
      method: 'post',
      path: '/api/auth/login',
      valid: () => ({ email: 'nobody-bad-input@test.local', password: 'irrelevant-password' }),
    },
    {
      name: 'POST /api/users',
      method: 'post',
      path: '/api/users',
      valid: () => ({ email: 'bad-input@test.local', fullName: 'Bad Input', password: 'bad-input-password', roles: ['trainer'] }),
    },
    {
      name: 'POST /api/certifications',
      method: 'post',
      path: '/api/certifications',
      valid: () => successorTitle('RNCP77777', 'RNCP77777'),
      nested: (v) => {
        const ccps = v.ccps as Record<string, unknown>[];
        const competence = (ccps[0].competences as Record<string, unknown>[])[0];
        return [
          ...mutations(ccps[0]).map(([label, ccp]): [string, unknown] => [`ccps[0].${label}`, { ...v, ccps: [ccp, ...ccps.slice(1)] }]),
          ...mutations(competence).map(([label, k]): [string, unknown] => [
            `ccps[0].competences[0].${label}`,
            { ...v, ccps: [{ ...ccps[0], competences: [k] }, ...ccps.slice(1)] },
          ]),
          ['validUntil = 2025-02-30', { ...v, validUntil: '2025-02-30' }],
          ['validUntil = 01/09/2030', { ...v, validUntil: '01/09/2030' }],
          ['level = 4.5', { ...v, level: 4.5 }],
          ['level = "4"', { ...v, level: '4' }],
        ];
      },
    },
    {
      name: 'PUT /api/certifications/RNCP36805/successor',
      method: 'put',
      path: '/api/certifications/RNCP36805/successor',
      valid: () => ({ successorCode: 'RNCP36805-NOPE', correspondences: [{ from: ['RNCP36805BC01'], to: 'X' }] }),
      nested: (v) =>
        mutations({ from: ['RNCP36805BC01'], to: 'X' }).map(([label, c]): [string, unknown] => [
          `correspondences[0].${label}`,
          { ...v, correspondences: [c] },
        ]),
    },
  ];

  const pathOf = (e: { name: string; path: string }): string =>
    e.path ||
    (e.name.startsWith('PATCH')
      ? `/api/learners/${learnerId}`
      : e.name.includes('ecf-evaluations')
        ? `/api/learners/${learnerId}/ecf-evaluations`
        : `/api/learners/${learnerId}/ecf-syntheses/RNCP36805BC01`);

  endpoints.push(
    {
      name: 'POST /api/cohorts',
      method: 'post',
      path: '/api/cohorts',
      valid: () => ({
        name: 'Bad input',
        certificationCode: 'RNCP36805',
        startDate: '2024-09-02',
        endDate: '2025-07-04',
        site: 'Lyon',
        trainerIds: [],
      }),
    },
    {
      name: 'POST /api/learners',
      method: 'post',
      path: '/api/learners',
      valid: () => ({
        firstName: 'Bad',
        lastName: 'Input',
        birthDate: '1990-01-01',
        email: 'bad-input-learner@test.local',
        pathway: 'training',
        cohortId,
        employer: 'X',
      }),
    },
    {
      name: 'PATCH /api/learners/:id',
      method: 'patch',
      path: '',
      // Every field of a PATCH is optional: leaving one out, or sending {}, is not bad input.
      allOptional: true,
      valid: () => ({ firstName: 'Bad', lastName: 'Input', birthDate: '1990-01-01', email: 'patched@test.local', employer: 'X' }),
    },
    {
      name: 'POST /api/learners/:id/ecf-evaluations',
      method: 'post',
      path: '',
      valid: () => ({
        ccpCode: 'RNCP36805BC01',
        date: '2025-01-20',
        description: 'Bad input',
        results: [{ competence: 1, acquired: true }],
        comment: 'c',
      }),
      nested: (v) =>
        mutations({ competence: 1, acquired: true }).map(([label, r]): [string, unknown] => [
          `results[0].${label}`,
          { ...v, results: [r] },
        ]),
    },
    {
      name: 'PUT /api/learners/:id/ecf-syntheses/:ccp',
      method: 'put',
      path: '',
      valid: () => ({ mastered: true, observations: 'Bad input', competencesToReassess: [1] }),
    },
  );

  for (const endpoint of endpoints) {
    it(`${endpoint.name}: the whole batch gets 4xx, and 400s name a field`, async () => {
      const valid = endpoint.valid();
      const cases = [...mutations(valid), ...(endpoint.nested?.(valid) ?? [])].filter(
        ([label]) => !(endpoint.allOptional && (label.endsWith(' missing') || label === 'an empty object')),
      );
      const failures: string[] = [];
      for (const [label, body] of cases) {
        const res = await t.http[endpoint.method](pathOf(endpoint))
          .set('Authorization', `Bearer ${admin}`)
          .send(body as object);
        if (res.status >= 500 || res.status < 400) failures.push(`${label} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        else if (typeof res.body.code !== 'string' || typeof res.body.message !== 'string') failures.push(`${label} → no error shape`);
        else if (
          res.status === 400 &&
          !(Array.isArray(res.body.details) && res.body.details.every((d: { field?: string }) => typeof d.field === 'string'))
        ) {
          failures.push(`${label} → 400 without field details`);
        }
      }
      expect(failures).toEqual([]);
      expect(cases.length).toBeGreaterThan(20);
    });

    it(`${endpoint.name}: malformed JSON, scalar bodies and an oversized body`, async () => {
      const send = (raw: string, type = 'application/json') =>
        t.http[endpoint.method](pathOf(endpoint)).set('Authorization', `Bearer ${admin}`).set('Content-Type', type).send(raw);
      const malformed = await send('{"email": "a@b.fr",');
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body', message: 'JSON mal formé' }] });
      for (const raw of ['null', '42', '"text"', 'true', '[]']) {
        const res = await send(raw);
        expect([400]).toContain(res.status);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      const text = await send('email=a@b.fr', 'text/plain');
      expect(text.status).toBe(415);
      expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const huge = await send(JSON.stringify({ email: 'x'.repeat(2 * 1024 * 1024) }));
      expect(huge.status).toBe(413);
      expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    });
  }

  it('an invalid date gets a 400 naming the field with a French message', async () => {
    const body = { ...successorTitle('RNCP77778', 'RNCP77778'), validUntil: '2025-02-30' };
    const res = await t.http.post('/api/certifications').set('Authorization', `Bearer ${admin}`).send(body).expect(400);
    expect(res.body.details).toEqual([{ field: 'validUntil', message: 'Doit être une date réelle au format AAAA-MM-JJ.' }]);
  });

  it('an unknown field is refused by name', async () => {
    const res = await t.http
      .post('/api/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ email: 'u@test.local', fullName: 'U', password: 'u-password-12345', roles: ['trainer'], isSuperUser: true })
      .expect(400);
    expect(res.body.details).toEqual([{ field: 'isSuperUser', message: "Ce champ n'est pas attendu." }]);
  });

  it('nothing was written by the batch: no user nor title from the malformed bodies', async () => {
    const [{ users }] = await t.dataSource.query(
      `SELECT count(*)::int AS users FROM users WHERE email LIKE 'bad-input%' OR email = 'u@test.local'`,
    );
    const [{ titles }] = await t.dataSource.query(`SELECT count(*)::int AS titles FROM certifications WHERE code LIKE 'RNCP7777%'`);
    const [{ written }] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM cohorts WHERE name = 'Bad input') + (SELECT count(*) FROM learners WHERE email LIKE 'bad-input%')
            + (SELECT count(*) FROM ecf_evaluations) + (SELECT count(*) FROM ecf_syntheses) AS written`,
    );
    expect(users).toBe(0);
    expect(titles).toBe(0);
    expect(Number(written)).toBe(0);
  });
});

/**
 * Issue 10 « Nothing a client sends can crash, freeze or 500 the server »: one test per class of
 * fault. test/fuzz.e2e-spec.ts then throws thousands of generated requests of these kinds at every
 * write endpoint of the OpenAPI document.
 */
describe('issue 10 — nothing a client sends can crash, freeze or 500 the server', () => {
  let t: TestApp;
  let admin: string;
  let port: number;
  let cohort: { id: string; name: string };
  let learner: LearnerFixture;
  const dp = (): string => `/api/learners/${learner.id}/professional-file`;
  const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    port = await listeningPort(t.app.getHttpServer() as Server);
    cohort = await createCohort(t, [], { name: 'Promotion issue 10' });
    learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id, firstName: 'Inès', lastName: 'Martin' }, true);
  });
  afterAll(async () => t.close());

  const stored = async (): Promise<{ attachments: number; chunks: number }> =>
    (
      await t.dataSource.query(
        'SELECT (SELECT count(*)::int FROM dp_attachments) AS attachments, (SELECT count(*)::int FROM dp_attachment_chunks) AS chunks',
      )
    )[0];
  const healthy = async (): Promise<void> => {
    expect((await rawRequest(port, { method: 'GET', path: '/api/health' })).status).toBe(200);
  };
  const upload = (body: Buffer, contentType = 'multipart/form-data; boundary=X', path = `${dp()}/attachments`) =>
    rawRequest(port, {
      method: 'POST',
      path,
      headers: { Authorization: `Bearer ${learner.token}`, 'Content-Type': contentType },
      body,
    });
  const send = (method: string, path: string, body: Buffer | string | undefined, contentType?: string, token: string | null = admin) =>
    rawRequest(port, {
      method,
      path,
      headers: { ...(token ? auth(token) : {}), ...(contentType !== undefined ? { 'Content-Type': contentType } : {}) },
      body,
    });

  it('issue 10 — truncated multipart: 400 DP.UPLOAD_INCOMPLETE and the process survives', async () => {
    const before = await stored();
    const example =
      '--X\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 trunc';
    const whole = multipart('X', [{ name: 'file', filename: 'a.pdf', type: 'application/pdf', data: pdfBytes(2000) }]);
    const cuts: [string, Buffer][] = [
      ['the issue’s example', Buffer.from(example)],
      ['cut inside the file', whole.subarray(0, 900)],
      ['cut after the file, before the closing boundary', whole.subarray(0, whole.length - '--X--\r\n'.length)],
      ['cut in the closing boundary', whole.subarray(0, whole.length - 4)],
      ['cut in the part’s headers', whole.subarray(0, 40)],
      ['only the first boundary', Buffer.from('--X\r\n')],
      ['only the preamble', Buffer.from('preamble without any boundary')],
    ];
    for (const [label, body] of cuts) {
      const res = await upload(body);
      expect({ label, status: res.status, code: (res.json as { code?: string }).code }).toEqual({
        label,
        status: 400,
        code: 'DP.UPLOAD_INCOMPLETE',
      });
      expect(errorShapeProblem(res.status, res.json)).toBeNull();
      await healthy();
    }
    expect(await stored()).toEqual(before);
    // The same upload, whole, is stored: the refusals above were about the cut, nothing else.
    const ok = await upload(whole);
    expect(ok.status).toBe(201);
    await t.http
      .delete(`${dp()}/attachments/${(ok.json as { id: string }).id}`)
      .set(auth(learner.token!))
      .expect(204);
  });

  it('issue 10 — malformed multipart: no boundary, no file part, two file parts → 400 on `file`, nothing stored', async () => {
    const before = await stored();
    const file = { name: 'file', filename: 'a.pdf', type: 'application/pdf', data: pdfBytes(500) };
    const noBoundary = await upload(multipart('X', [file]), 'multipart/form-data');
    expect(noBoundary.status).toBe(400);
    expect(noBoundary.json).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'file' }] });
    const noFile = await upload(multipart('X', [{ name: 'comment', value: 'sans fichier' }]));
    expect(noFile.status).toBe(400);
    expect(noFile.json).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'file', message: 'Joignez un fichier (champ « file »).' }],
    });
    const empty = await upload(Buffer.from('--X--\r\n'));
    expect(empty.status).toBe(400);
    const two = await upload(multipart('X', [file, { ...file, filename: 'b.pdf' }]));
    expect(two.status).toBe(400);
    expect(two.json).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'file', message: 'Un seul fichier par envoi.' }] });
    const wrongName = await upload(multipart('X', [{ ...file, name: 'document' }]));
    expect(wrongName.status).toBe(400);
    for (const res of [noBoundary, noFile, empty, two, wrongName]) expect(errorShapeProblem(res.status, res.json)).toBeNull();
    expect(await stored()).toEqual(before);
    await healthy();
  });

  it('issue 10 — a client that drops the connection mid-upload: nothing stored, the server keeps answering', async () => {
    const before = await stored();
    const whole = multipart('X', [{ name: 'file', filename: 'a.pdf', type: 'application/pdf', data: pdfBytes(3_000_000) }]);
    for (const abortAfter of [10, 60, 150, 700_000, 2_000_000]) {
      await rawRequest(port, {
        method: 'POST',
        path: `${dp()}/attachments`,
        headers: { Authorization: `Bearer ${learner.token}`, 'Content-Type': 'multipart/form-data; boundary=X' },
        body: whole,
        abortAfter,
      });
    }
    await new Promise((r) => setTimeout(r, 400)); // the server notices the closed sockets
    await healthy();
    expect(await stored()).toEqual(before);
    // Nothing hangs: a complete upload right after goes through.
    const ok = await upload(multipart('X', [{ name: 'file', filename: 'ok.pdf', type: 'application/pdf', data: pdfBytes(100) }]));
    expect(ok.status).toBe(201);
    await t.http
      .delete(`${dp()}/attachments/${(ok.json as { id: string }).id}`)
      .set(auth(learner.token!))
      .expect(204);
  });

  it('issue 10 — the CSV import refuses a truncated or malformed multipart with a 400 and imports nothing', async () => {
    const csv = `Nom;Prénom;Date de naissance;E-mail;Parcours;Promotion\nCoupé;Jean;01/01/1990;coupe@tronque.fr;formation;${cohort.name}\n`;
    const whole = multipart('X', [{ name: 'file', filename: 'a.csv', type: 'text/csv', data: Buffer.from(csv) }]);
    for (const body of [whole.subarray(0, 60), whole.subarray(0, whole.length - 7), whole.subarray(0, 30)]) {
      const res = await send('POST', '/api/learners/import', body, 'multipart/form-data; boundary=X');
      expect(res.status).toBe(400);
      expect(errorShapeProblem(res.status, res.json)).toBeNull();
    }
    for (const abortAfter of [20, 120]) {
      await rawRequest(port, {
        method: 'POST',
        path: '/api/learners/import',
        headers: { ...auth(admin), 'Content-Type': 'multipart/form-data; boundary=X' },
        body: whole,
        abortAfter,
      });
    }
    const noBoundary = await send('POST', '/api/learners/import', whole, 'multipart/form-data');
    expect(noBoundary.status).toBe(400);
    const two = await send(
      'POST',
      '/api/learners/import',
      multipart('X', [
        { name: 'file', filename: 'a.csv', data: Buffer.from(csv) },
        { name: 'file', filename: 'b.csv', data: Buffer.from(csv) },
      ]),
      'multipart/form-data; boundary=X',
    );
    expect(two.status).toBe(400);
    await healthy();
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM learners WHERE email = 'coupe@tronque.fr'`))[0].n).toBe(0);
  });

  it('issue 10 — deep JSON: 400 VALIDATION_FAILED before any work, anonymous or not, and quickly', async () => {
    const deep = (depth: number, open = '[', close = ']'): string => open.repeat(depth) + close.repeat(depth);
    const deepObject = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    for (const [method, path, token] of [
      ['POST', '/api/auth/login', null],
      ['PATCH', `/api/learners/${learner.id}`, admin],
      ['POST', '/api/cohorts', null],
    ] as const) {
      for (const body of [deep(33), deep(900_000 / 2), `{"email":${deep(40)}}`, deepObject(33), `{"a":"[[[[",${'['.repeat(100)}`]) {
        const res = await send(method, path, body, 'application/json', token);
        expect({ path, status: res.status, code: (res.json as { code?: string }).code }).toEqual({
          path,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        expect(res.ms).toBeLessThan(1000);
      }
    }
    // 32 levels is the limit, not a refusal: brackets inside strings do not count either.
    const atLimit = await send(
      'POST',
      '/api/auth/login',
      `{"email":${deep(31)},"password":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}`,
      'application/json',
      null,
    );
    expect(atLimit.status).toBe(400);
    expect(JSON.stringify(atLimit.json)).not.toMatch(/imbriqué/);
    const tooDeep = await send('POST', '/api/auth/login', `{"email":${deep(32)}}`, 'application/json', null);
    expect(tooDeep.json).toMatchObject({ details: [{ field: 'body', message: expect.stringMatching(/imbriqué sur plus de 32 niveaux/) }] });
  });

  it('issue 10 — deep JSON CPU: /api/health stays fast while 4 anonymous senders send deep JSON', async () => {
    const timeHealth = async (n: number): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < n; i += 1) {
        const res = await rawRequest(port, { method: 'GET', path: '/api/health' });
        expect(res.status).toBe(200);
        times.push(res.ms);
      }
      return times.sort((a, b) => a - b);
    };
    const idle = await timeHealth(10);
    const body = Buffer.from('['.repeat(500_000) + ']'.repeat(400_000)); // ~0.9 MB, under the 1 MB limit
    let running = true;
    const statuses: number[] = [];
    const sender = async (): Promise<void> => {
      while (running) statuses.push((await send('POST', '/api/auth/login', body, 'application/json', null)).status);
    };
    const senders = [sender(), sender(), sender(), sender()];
    await new Promise((r) => setTimeout(r, 200));
    const loaded = await timeHealth(15);
    running = false;
    await Promise.all(senders);
    const median = loaded[Math.floor(loaded.length / 2)];
    console.log(
      `issue 10 — /api/health median ${idle[5]} ms idle, ${median} ms under 4 deep-JSON senders (${statuses.length} deep bodies refused)`,
    );
    expect(statuses.length).toBeGreaterThan(4);
    expect(new Set(statuses)).toEqual(new Set([400]));
    // Before the fix: 5 ms → 2.3 s (880 ms here). A loaded machine slows both figures, hence the relative bound too.
    expect(median).toBeLessThan(Math.max(250, 10 * idle[5]));
  });

  it('issue 10 — NUL, lone surrogates and control characters: 400 naming the field, in the body, the query and the path', async () => {
    const title = successorTitle('RNCP77790', 'RNCP77790');
    (title.ccps[0].competences[1] as { title: string }).title = 'Accueil\u0000';
    const nested = await t.http.post('/api/certifications').set(auth(admin)).send(title).expect(400);
    expect(nested.body.details).toContainEqual({ field: 'ccps[0].competences[1].title', message: expect.stringMatching(/caractère nul/) });

    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/auth/login', { email: 'a\ud800@test.local', password: 'irrelevant-password' }, 'email'],
      ['POST', '/api/auth/login', { email: 'a@test.local', password: 'x\udc00y' }, 'password'],
      ['PATCH', `/api/learners/${learner.id}`, { firstName: 'In\u0007ès' }, 'firstName'],
      ['PATCH', `/api/learners/${learner.id}`, { lastName: 'Mar\u001btin' }, 'lastName'],
      ['PATCH', `/api/learners/${learner.id}`, { employer: 'Clinique\ufffe' }, 'employer'],
      ['PATCH', `/api/learners/${learner.id}`, { employer: 'Clinique\u0085' }, 'employer'],
      ['POST', '/api/cohorts', { name: 'P', trainerIds: ['\u0000'] }, 'trainerIds[0]'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await send(method, path, json(body), 'application/json', path.includes('login') ? null : admin);
      expect({ path, field, status: res.status }).toEqual({ path, field, status: 400 });
      expect((res.json as { details: { field: string }[] }).details.map((d) => d.field)).toContain(field);
      expect(errorShapeProblem(res.status, res.json)).toBeNull();
    }
    // Tab, new lines and every real character are fine.
    const fine = await send(
      'PATCH',
      `/api/learners/${learner.id}`,
      json({ employer: 'Clinique\tdu Parc\r\n— été 🏥 عربي' }),
      'application/json',
    );
    expect(fine.status).toBe(200);
    // Bytes that are not UTF-8 are not silently turned into U+FFFD.
    const latin1 = await send(
      'PATCH',
      `/api/learners/${learner.id}`,
      Buffer.from('{"employer":"Clinique \xe9t\xe9"}', 'latin1'),
      'application/json',
    );
    expect(latin1.status).toBe(400);

    const query = await send('GET', '/api/learners?q=ab%00', undefined);
    expect(query.status).toBe(400);
    expect(query.json).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'query.q' }] });
    // Bytes that are not UTF-8 in a query string are decoded as U+FFFD (a real character): no lone surrogate gets through.
    const surrogateQuery = await send('GET', `/api/cohorts?q=x%ED%A0%80`, undefined);
    expect(surrogateQuery.status).toBe(200);
    const control = await send('GET', `/api/cohorts?q=x%1B`, undefined);
    expect(control.json).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'query.q' }] });
    const param = await send('GET', '/api/certifications/RNCP%00', undefined);
    expect(param.status).toBe(400);
    expect(param.json).toMatchObject({ details: [{ field: 'params.code' }] });
    const ccp = await send(
      'PUT',
      `/api/learners/${learner.id}/ecf-syntheses/BC%07`,
      json({ mastered: true, observations: 'o' }),
      'application/json',
    );
    expect(ccp.status).toBe(400);
    expect(ccp.json).toMatchObject({ details: [{ field: 'params.ccpCode' }] });
    for (const id of [
      'not-a-uuid',
      '%00',
      '%ED%A0%80',
      '%F0%9F',
      '%',
      'x'.repeat(5000),
      '..',
      '%E2%80%AE',
      '00000000-0000-0000-0000-00000000000%00',
    ]) {
      const res = await send('GET', `/api/learners/${id}`, undefined);
      expect({ id: id.slice(0, 20), status: res.status >= 400 && res.status < 500 && res.status !== 401 }).toEqual({
        id: id.slice(0, 20),
        status: true,
      });
      expect(errorShapeProblem(res.status, res.json)).toBeNull();
    }
  });

  it('issue 10 — unknown content types: 415 UNSUPPORTED_MEDIA_TYPE, nothing changed', async () => {
    const path = `/api/learners/${learner.id}`;
    const body = json({ employer: 'Changé par un type inconnu' });
    for (const type of [
      'application/jsonx',
      'application/json-patch+json',
      'application/merge-patch+json',
      'text/plain',
      'text/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=X',
      'text/csv',
      'application/json; charset=utf-16le',
      'application/json; charset=latin1',
      'json',
      '',
      undefined,
    ]) {
      const res = await send('PATCH', path, body, type);
      expect({ type, status: res.status, code: (res.json as { code?: string }).code }).toEqual({
        type,
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
      expect((res.json as { details: unknown }).details).toEqual([]);
    }
    expect((await t.http.get(path).set(auth(admin)).expect(200)).body.employer).not.toBe('Changé par un type inconnu');
    // A proper JSON type, parameters and case included, is read.
    for (const type of ['application/json; charset=utf-8', 'Application/JSON', 'application/json;charset="UTF-8"']) {
      expect((await send('PATCH', path, body, type)).status).toBe(200);
    }
    // Anonymous too, before anything else; the file endpoints refuse JSON, the JSON ones multipart.
    expect((await send('POST', '/api/auth/login', 'email=a', 'application/x-www-form-urlencoded', null)).status).toBe(415);
    expect((await upload(json({ file: 'x' }), 'application/json')).status).toBe(415);
    expect((await send('POST', '/api/learners/import', json({ file: 'x' }), 'application/json')).status).toBe(415);
    expect((await send('POST', '/api/learners/import', 'a;b', 'text/plain')).status).toBe(415);
    expect(
      (await send('POST', '/api/cohorts', multipart('X', [{ name: 'name', value: 'P' }]), 'multipart/form-data; boundary=X')).status,
    ).toBe(415);
    // DELETE with a body it cannot read.
    expect((await send('DELETE', `${dp()}/examples/00000000-0000-4000-8000-000000000000`, 'x', 'text/plain', learner.token)).status).toBe(
      415,
    );
  });

  it('issue 10 — prototype keys: 400 naming the field, at any depth', async () => {
    const cases: [string, string][] = [
      ['{"__proto__":{"isAdmin":true},"employer":"X"}', '__proto__'],
      ['{"constructor":{"prototype":{"polluted":true}}}', 'constructor'],
      ['{"prototype":1}', 'prototype'],
      ['{"employer":"X","accommodations":{"__proto__":{"a":1}}}', 'accommodations.__proto__'],
    ];
    for (const [raw, field] of cases) {
      const res = await send('PATCH', `/api/learners/${learner.id}`, raw, 'application/json');
      expect({ raw, status: res.status }).toEqual({ raw, status: 400 });
      expect((res.json as { details: { field: string }[] }).details).toContainEqual({ field, message: 'Ce nom de champ est interdit.' });
    }
    const nested = await send(
      'POST',
      '/api/certifications',
      JSON.stringify(successorTitle('RNCP77791', 'RNCP77791')).replace('"competences":[{', '"competences":[{"__proto__":{"x":1},'),
      'application/json',
    );
    expect(nested.status).toBe(400);
    expect((nested.json as { details: { field: string }[] }).details).toContainEqual({
      field: 'ccps[0].competences[0].__proto__',
      message: 'Ce nom de champ est interdit.',
    });
    const login = await send(
      'POST',
      '/api/auth/login',
      '{"email":"a@b.fr","password":"p","__proto__":{"roles":["admin"]}}',
      'application/json',
      null,
    );
    expect(login.status).toBe(400);
    const query = await send('GET', '/api/learners?__proto__=x', undefined);
    expect(query.json).toMatchObject({ details: [{ field: 'query.__proto__' }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('issue 10 — every error answer has details, an array (empty when there is nothing to list)', async () => {
    const answers = [
      await send('PATCH', `/api/learners/${learner.id}`, 'x', 'text/plain'), // 415 from a middleware
      await send('PATCH', `/api/learners/${learner.id}`, '{"a":', 'application/json'), // malformed
      await send('PATCH', `/api/learners/${learner.id}`, Buffer.alloc(1_100_000, 0x20), 'application/json'), // 413
      await send('GET', '/api/learners', undefined, undefined, null), // 401
      await send('GET', '/api/nothing-here', undefined), // 404
      await send('GET', '/api/learners/00000000-0000-4000-8000-000000000000', undefined), // 404
      await send('POST', '/api/jury-sessions', json({}), 'application/json', learner.token), // 403
      await send(
        'POST',
        '/api/auth/login',
        json({ email: 'personne@test.local', password: 'mauvais-mot-de-passe' }),
        'application/json',
        null,
      ), // 401
      await send('GET', '/api/learners/%', undefined), // undecodable path
    ];
    for (const res of answers) {
      expect({ status: res.status, problem: errorShapeProblem(res.status, res.json) }).toEqual({ status: res.status, problem: null });
      expect(res.status).toBeLessThan(500);
    }
  });

  it('issue 10 — attachment names lose their bidi and control characters (stored, listed and downloaded)', async () => {
    const names: [string, string][] = [
      ['facture\u202efdp.exe', 'facturefdp.exe'],
      ['\u2066rapport\u2069\u200e\u200f\u061c.pdf', 'rapport.pdf'],
      ['a\u202a\u202b\u202c\u202db\u2067\u2068.pdf', 'ab.pdf'],
      ['zero\u200bwidth\ufeff.pdf', 'zerowidth.pdf'],
      ['ligne\u2028para\u2029.pdf', 'lignepara.pdf'],
      ['Attestation — été 2024.pdf', 'Attestation — été 2024.pdf'],
    ];
    for (const [sent, kept] of names) {
      const res = await upload(multipart('X', [{ name: 'file', filename: sent, type: 'application/pdf', data: pdfBytes(80) }]));
      expect({ sent, status: res.status, filename: (res.json as { filename?: string }).filename }).toEqual({
        sent,
        status: 201,
        filename: kept,
      });
      const id = (res.json as { id: string }).id;
      const download = await t.http.get(`${dp()}/attachments/${id}`).set(auth(learner.token!)).expect(200);
      expect(decodeURIComponent(String(download.headers['content-disposition']).split("UTF-8''")[1])).toBe(kept);
      await t.http.delete(`${dp()}/attachments/${id}`).set(auth(learner.token!)).expect(204);
    }
    // Control characters cannot be written raw in a part header (busboy refuses it: 400), but they
    // can be percent-encoded in `filename*` (RFC 7578 / 2231): replaced by `_`.
    const encoded = Buffer.concat([
      Buffer.from(
        '--X\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8\'\'cloche%07%7F%E2%80%AEfdp.exe\r\nContent-Type: application/pdf\r\n\r\n',
      ),
      pdfBytes(80),
      Buffer.from('\r\n--X--\r\n'),
    ]);
    const res = await upload(encoded);
    expect({ status: res.status, filename: (res.json as { filename?: string }).filename }).toEqual({
      status: 201,
      filename: 'cloche__fdp.exe',
    });
    const raw = await upload(multipart('X', [{ name: 'file', filename: 'cloche\u0007.pdf', type: 'application/pdf', data: pdfBytes(80) }]));
    expect(raw.status).toBe(400);
  });

  describe('CSV import', () => {
    const csvOf = (lines: string[]): string =>
      ['Nom;Prénom;Date de naissance;E-mail;Parcours;Promotion;Date recevabilité VAE;Titre', ...lines].join('\n');
    const importCsv = (csv: string, query = '') =>
      rawRequest(port, {
        method: 'POST',
        path: `/api/learners/import${query}`,
        headers: { ...auth(admin), 'Content-Type': 'text/csv' },
        body: csv,
      });
    const count = async (pattern: string): Promise<number> =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM learners WHERE email LIKE $1`, [pattern]))[0].n;

    it('issue 10 — dryRun is read strictly: true/false (1/0) only; TRUE, yes, an array… → 400 on dryRun, nothing written', async () => {
      const csv = csvOf([`Strict;Bool;01/01/1990;strict@booleen.fr;formation;${cohort.name};;`]);
      for (const query of [
        '?dryRun=TRUE',
        '?dryRun=yes',
        '?dryRun=True',
        '?dryRun=',
        '?dryRun',
        '?dryRun[]=true',
        '?dryRun=true&dryRun=true',
        '?dryRun=on',
        '?dryRun=2',
        '?dryRun=%00',
      ]) {
        const res = await importCsv(csv, query);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.json).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: expect.stringMatching(/dryRun/) }] });
      }
      expect(await count('strict@booleen.fr')).toBe(0);
      for (const query of ['?dryRun=true', '?dryRun=1']) {
        const res = await importCsv(csv, query);
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({ dryRun: true, created: 0 });
      }
      expect(await count('strict@booleen.fr')).toBe(0);
      const real = await importCsv(csv, '?dryRun=0');
      expect(real.json).toMatchObject({ dryRun: false, created: 1 });
      expect(await count('strict@booleen.fr')).toBe(1);
    });

    it('issue 10 — every boolean query parameter of the API is read as strictly (the global pipe), not only dryRun', async () => {
      const pipe = createValidationPipe();
      const single = { type: 'query', data: 'archived', metatype: Boolean } as const;
      for (const [sent, read] of [
        ['true', true],
        ['1', true],
        ['false', false],
        ['0', false],
        [undefined, undefined],
      ] as const) {
        await expect(pipe.transform(sent, single)).resolves.toBe(read);
      }
      class FlagsQuery {
        @IsOptional() @IsBoolean() archived?: boolean;
      }
      const dto = { type: 'query', metatype: FlagsQuery } as const;
      await expect(pipe.transform({ archived: '1' }, dto)).resolves.toMatchObject({ archived: true });
      await expect(pipe.transform({}, dto)).resolves.toMatchObject({});
      for (const sent of ['TRUE', 'yes', '', 'on', ['true', 'true']]) {
        await expect(pipe.transform(sent, single)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'archived' }] });
        await expect(pipe.transform({ archived: sent }, dto)).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          details: [{ field: 'archived', message: 'Doit valoir true ou false.' }],
        });
      }
    });

    it('issue 10 — the dry run makes exactly the checks of the real import (title, cohort, pathway fields, e-mails)', async () => {
      await t.http
        .post('/api/learners')
        .set(auth(admin))
        .send({
          firstName: 'Déjà',
          lastName: 'Là',
          birthDate: '1990-01-01',
          email: 'deja@dry.fr',
          pathway: 'training',
          cohortId: cohort.id,
        })
        .expect(201);
      const csv = csvOf([
        `Bon;Élève;01/01/1990;bon@dry.fr;formation;${cohort.name};;`,
        'Vae;Inconnu;01/01/1985;vae.inconnu@dry.fr;VAE;;15/01/2025;RNCP99999',
        `Mix;Te;01/01/1990;mix@dry.fr;Formation;${cohort.name};15/01/2025;`,
        `Vae;Promo;01/01/1985;vae.promo@dry.fr;VAE;${cohort.name};15/01/2025;RNCP36805`,
        `Autre;Titre;01/01/1990;autre.titre@dry.fr;formation;${cohort.name};;RNCP36805-X`,
        `Deja;La;01/01/1990;DEJA@dry.fr;formation;${cohort.name};;`,
        `Double;Un;01/01/1990;double@dry.fr;formation;${cohort.name};;`,
        `Double;Deux;01/01/1990;double@dry.fr;formation;${cohort.name};;`,
        'Sans;Promo;01/01/1990;sans.promo@dry.fr;formation;Promotion fantôme;;',
      ]);
      const dry = await importCsv(csv, '?dryRun=true');
      const real = await importCsv(csv);
      expect(dry.status).toBe(422);
      expect(real.status).toBe(422);
      expect((dry.json as { details: unknown }).details).toEqual((real.json as { details: unknown }).details);
      const fields = (dry.json as { details: { line: number; field: string }[] }).details.map((d) => `${d.line}:${d.field}`);
      expect(fields).toEqual(
        expect.arrayContaining(['3:Titre', '4:Date recevabilité VAE', '5:Promotion', '6:Titre', '7:E-mail', '9:E-mail', '10:Promotion']),
      );
      expect(fields).not.toContain('2:E-mail');
      expect(await count('%@dry.fr')).toBe(1);
      // And a file the dry run accepts is imported as is.
      const good = csvOf([
        `Bon;Élève;01/01/1990;bon@dry.fr;formation;${cohort.name};;`,
        'Vae;Connu;01/01/1985;vae.connu@dry.fr;VAE;;15/01/2025;RNCP36805',
      ]);
      expect((await importCsv(good, '?dryRun=true')).json).toMatchObject({ dryRun: true, lines: 2, created: 0 });
      expect(await count('%@dry.fr')).toBe(1);
      expect((await importCsv(good)).json).toMatchObject({ dryRun: false, lines: 2, created: 2 });
      expect(await count('%@dry.fr')).toBe(3);
    });

    it('issue 10 — control characters in a CSV cell: refused on its line and column', async () => {
      const res = await importCsv(csvOf([`Con\u0001trole;Jean;01/01/1990;controle@csv.fr;formation;${cohort.name};;`]), '?dryRun=true');
      expect(res.status).toBe(422);
      expect((res.json as { details: unknown[] }).details).toContainEqual({
        line: 2,
        field: 'Nom',
        message: expect.stringMatching(/contrôle/),
      });
    });
  });
});
