import { startTestApp, TestApp } from './support/test-app';
import { mutations } from './support/bad-input';
import { createCohort, createLearner, successorTitle } from './support/fixtures';

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
