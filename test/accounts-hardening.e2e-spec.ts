import { auth, createCohort } from './support/fixtures';
import { ADMIN, startTestApp, TestApp } from './support/test-app';

/** The real login limits (the defaults, which testConfig lifts for the other test files). */
const REAL_LIMITS = { LOGIN_MAX_FAILURES_PER_IP: '', AUTH_RATE_LIMIT_PER_MINUTE: '' };

const login = (t: TestApp, from: string | null, body: object) => {
  const req = t.http.post('/api/auth/login');
  if (from) req.set('X-Forwarded-For', from);
  return req.send(body);
};

describe('issue 10 — login limits per client IP, behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ...REAL_LIMITS, TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => t?.close());

  it('issue 10 — per-IP limit: 20 failures from one client across e-mails → 429 AUTH.TOO_MANY_ATTEMPTS, even with the right password; other clients unaffected', async () => {
    const attacker = '203.0.113.7';
    for (let i = 0; i < 20; i += 1) {
      const res = await login(t, attacker, { email: `essai${i}@test.local`, password: `mauvais-mot-de-passe-${i}` });
      expect(res.status).toBe(401);
    }
    const blocked = await login(t, attacker, ADMIN);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ statusCode: 429, code: 'AUTH.TOO_MANY_ATTEMPTS', details: [] });
    expect(blocked.body.message).toContain('adresse réseau');
    // The same /64 of IPv6 is one client; another client signs in.
    await login(t, '198.51.100.9', ADMIN).expect(200);
  });

  it('issue 10 — an IPv6 client is counted per /64 network: rotating addresses inside it does not reset the count', async () => {
    for (let i = 0; i < 20; i += 1) {
      await login(t, `2001:db8:aa:bb::${(i + 1).toString(16)}`, { email: `v6-${i}@test.local`, password: 'mauvais-mot-de-passe' }).expect(
        401,
      );
    }
    await login(t, '2001:db8:aa:bb:ffff::1', ADMIN).expect(429);
    await login(t, '2001:db8:aa:cc::1', ADMIN).expect(200);
  });

  it('issue 10 — a stranger cannot lock the owner out: 10 failures on the account from one IP → 429 from that IP only; the owner still gets in from another', async () => {
    const owner = await t.createUser(['trainer']);
    const stranger = '192.0.2.66';
    for (let i = 0; i < 10; i += 1) {
      await login(t, stranger, { email: owner.email, password: `devine-${i}-mot-de-passe` }).expect(401);
    }
    const blocked = await login(t, stranger, { email: owner.email, password: 'a-good-password-123' }).expect(429);
    expect(blocked.body).toMatchObject({ code: 'AUTH.TOO_MANY_ATTEMPTS' });
    expect(blocked.body.message).toContain('pour ce compte');
    await login(t, '192.0.2.77', { email: owner.email, password: 'a-good-password-123' }).expect(200);
    // The owner's success elsewhere does not reset the stranger's count.
    await login(t, stranger, { email: owner.email, password: 'a-good-password-123' }).expect(429);
  });

  it('issue 10 — request rate: past 60 requests a minute from one IP on the login endpoint → 429, whatever the body', async () => {
    const client = '192.0.2.200';
    for (let i = 0; i < 60; i += 1) await login(t, client, {}).expect(400);
    const limited = await login(t, client, ADMIN).expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'AUTH.TOO_MANY_ATTEMPTS' });
    await login(t, '192.0.2.201', ADMIN).expect(200);
  });
});

describe('issue 10 — without TRUST_PROXY, X-Forwarded-For is not believed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(REAL_LIMITS);
  });
  afterAll(async () => t?.close());

  it('issue 10 — a client that forges a new X-Forwarded-For on each try is still one client (the socket address)', async () => {
    for (let i = 0; i < 20; i += 1) {
      await login(t, `10.0.${i}.1`, { email: `forge${i}@test.local`, password: 'mauvais-mot-de-passe' }).expect(401);
    }
    await login(t, '10.99.99.99', ADMIN).expect(429);
  });
});

describe('issue 10 — weak passwords are refused wherever a password is set', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(async () => t?.close());

  const weak: [string, string, (email: string) => string][] = [
    ['repetitive (one character)', 'aaaaaaaaaaaa', () => 'aaaaaaaaaaaa'],
    ['whitespace only', 'espaces', () => ' '.repeat(12)],
    ['the e-mail itself', 'e-mail', (email) => email],
    ['the part before @', 'identifiant', (email) => `${email.split('@')[0]}-2026!`],
    ['the full name', 'nom', () => 'Jeanne-Lefort-2026'],
    ['a digit sequence', 'suite', () => '123456789012'],
    ['a keyboard row', 'clavier', () => 'azertyuiopqs'],
    ['a common password', 'courant', () => 'motdepasse2026'],
    ['a common word in leet speak', 'leet', () => 'P@ssw0rd-2026!'],
  ];

  it.each(weak)('issue 10 — POST /api/users refuses %s with 400 VALIDATION_FAILED on password', async (_class, tag, password) => {
    const email = `jeanne.lefort.${tag}@test.local`;
    const res = await t.http
      .post('/api/users')
      .set(auth(admin))
      .send({ email, fullName: 'Jeanne Lefort', password: password(email), roles: ['trainer'] })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ field: 'password', message: expect.stringMatching(/^[A-Z].+[.)]$/) }]);
    expect(res.body.details[0].message).not.toMatch(/\bmust\b|\bshould\b/);
  });

  it.each(weak)('issue 10 — POST /api/learners with a password refuses %s with 400 on password', async (_class, tag, password) => {
    const cohort = await createCohort(t, []);
    const email = `jeanne.lefort.${tag}@test.local`;
    const res = await t.http
      .post('/api/learners')
      .set(auth(admin))
      .send({
        firstName: 'Jeanne',
        lastName: 'Lefort',
        birthDate: '1990-04-12',
        email,
        pathway: 'training',
        cohortId: cohort.id,
        password: password(email),
      })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ field: 'password', message: expect.any(String) }]);
  });

  it('issue 10 — a strong password is still accepted, and signs in', async () => {
    const res = await t.http
      .post('/api/users')
      .set(auth(admin))
      .send({ email: 'jeanne.lefort@test.local', fullName: 'Jeanne Lefort', password: 'le chat dort sur le radiateur', roles: ['trainer'] })
      .expect(201);
    expect(res.body.email).toBe('jeanne.lefort@test.local');
    await t.http.post('/api/auth/login').send({ email: 'jeanne.lefort@test.local', password: 'le chat dort sur le radiateur' }).expect(200);
  });
});

describe('issue 10 — e-mail addresses: normalised, no invisible characters, no look-alike letters', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(async () => t?.close());

  const user = (email: string) => ({ email, fullName: 'Marc Dubois', password: 'le chat dort sur le radiateur', roles: ['trainer'] });

  it.each([
    ['Cyrillic а (U+0430) in a Latin address', 'm\u0430rc.dubois@test.local', /cyrillique/],
    ['Greek ο (U+03BF) in a Latin address', 'marc.dub\u03bfis@test.local', /grec/],
    ['a zero-width joiner', 'marc\u200d.dubois@test.local', /U\+200D/],
    ['a zero-width space', 'marc.dubois\u200b@test.local', /U\+200B/],
    ['a soft hyphen', 'marc.du\u00adbois@test.local', /U\+00AD/],
    ['a right-to-left override', 'marc.dubois@test\u202e.local', /U\+202E/],
    ['a NUL character', 'marc.dubois\u0000@test.local', /U\+0000|adresse e-mail valide/],
  ])('issue 10 — POST /api/users refuses %s: 400 on email, in French', async (_class, email, message) => {
    const res = await t.http.post('/api/users').set(auth(admin)).send(user(email)).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ field: 'email', message: expect.stringMatching(message) }]);
  });

  it('issue 10 — an address is stored in one spelling (NFKC, trimmed, lower case): its full-width twin is the same account', async () => {
    const created = await t.http.post('/api/users').set(auth(admin)).send(user('  Marc.Dubois@Test.Local ')).expect(201);
    expect(created.body.email).toBe('marc.dubois@test.local');
    const twin = await t.http.post('/api/users').set(auth(admin)).send(user('ｍａｒｃ.ｄｕｂｏｉｓ@test.local')).expect(409);
    expect(twin.body.code).toBe('USER.EMAIL_TAKEN');
    await t.http
      .post('/api/auth/login')
      .send({ email: 'ＭＡＲＣ.DUBOIS@test.local', password: 'le chat dort sur le radiateur' })
      .expect(200);
  });

  it('issue 10 — login with a look-alike of an existing address never reaches that account: 400, not 200', async () => {
    for (const email of ['\u0430dmin@test.local', 'adm\u200bin@test.local', 'ad\u00admin@test.local']) {
      const res = await t.http.post('/api/auth/login').send({ email, password: ADMIN.password });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'email', message: expect.any(String) }]);
    }
  });

  it("issue 10 — learners' e-mails follow the same rule, at creation and when changed", async () => {
    const cohort = await createCohort(t, []);
    const body = { firstName: 'Lina', lastName: 'Roche', birthDate: '1991-05-06', pathway: 'training', cohortId: cohort.id };
    const refused = await t.http
      .post('/api/learners')
      .set(auth(admin))
      .send({ ...body, email: 'lin\u0430.roche@test.local' })
      .expect(400);
    expect(refused.body.details).toEqual([{ field: 'email', message: expect.stringMatching(/cyrillique/) }]);
    const created = await t.http
      .post('/api/learners')
      .set(auth(admin))
      .send({ ...body, email: ' LINA.Roche@Test.local' })
      .expect(201);
    expect(created.body.email).toBe('lina.roche@test.local');
    const patch = await t.http
      .patch(`/api/learners/${created.body.id}`)
      .set(auth(admin))
      .send({ email: 'lina.roche\u200d@test.local' })
      .expect(400);
    expect(patch.body.details).toEqual([{ field: 'email', message: expect.stringMatching(/U\+200D/) }]);
  });
});
