import { JwtService } from '@nestjs/jwt';
import { ADMIN, startTestApp, TestApp } from './support/test-app';

describe('auth and users (contract: Auth and users)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  describe('POST /api/auth/login', () => {
    it('logs the first admin in (created from ADMIN_EMAIL / ADMIN_PASSWORD) and returns a token and the user', async () => {
      const res = await t.http.post('/api/auth/login').send(ADMIN).expect(200);
      expect(res.body.accessToken).toEqual(expect.any(String));
      expect(res.body.expiresIn).toBe(3600);
      expect(res.body.user).toEqual({
        id: expect.any(String),
        email: ADMIN.email,
        fullName: expect.any(String),
        roles: ['admin'],
        learnerId: null,
      });
    });

    it('accepts the e-mail in any case', async () => {
      await t.http.post('/api/auth/login').send({ email: ADMIN.email.toUpperCase(), password: ADMIN.password }).expect(200);
    });

    it('answers 401 AUTH.INVALID_CREDENTIALS for a wrong password or an unknown e-mail, with the same message', async () => {
      const wrong = await t.http.post('/api/auth/login').send({ email: ADMIN.email, password: 'not-the-password' }).expect(401);
      const unknown = await t.http.post('/api/auth/login').send({ email: 'nobody@test.local', password: 'whatever-password' }).expect(401);
      expect(wrong.body.code).toBe('AUTH.INVALID_CREDENTIALS');
      expect(unknown.body).toEqual(wrong.body);
    });
  });

  describe('throttling: 10 failed logins for one e-mail within 15 minutes → 429', () => {
    it('refuses the 11th attempt, even with the right password, and leaves other accounts alone', async () => {
      const victim = await t.createUser(['trainer']);
      for (let i = 0; i < 10; i += 1) {
        await t.http
          .post('/api/auth/login')
          .send({ email: victim.email, password: `wrong-password-${i}` })
          .expect(401);
      }
      const blocked = await t.http.post('/api/auth/login').send({ email: victim.email, password: 'a-good-password-123' }).expect(429);
      expect(blocked.body).toMatchObject({ statusCode: 429, code: 'AUTH.TOO_MANY_ATTEMPTS' });
      await t.http.post('/api/auth/login').send(ADMIN).expect(200);
    });

    it('counts failures since the last success only', async () => {
      const user = await t.createUser(['trainer']);
      for (let i = 0; i < 9; i += 1)
        await t.http.post('/api/auth/login').send({ email: user.email, password: 'wrong-password' }).expect(401);
      await t.http.post('/api/auth/login').send({ email: user.email, password: 'a-good-password-123' }).expect(200);
      for (let i = 0; i < 9; i += 1)
        await t.http.post('/api/auth/login').send({ email: user.email, password: 'wrong-password' }).expect(401);
      await t.http.post('/api/auth/login').send({ email: user.email, password: 'a-good-password-123' }).expect(200);
    });

    it('holds under parallel attempts: never more than 10 failures get through', async () => {
      const user = await t.createUser(['jury']);
      const statuses = await Promise.all(
        Array.from({ length: 16 }, () =>
          t.http
            .post('/api/auth/login')
            .send({ email: user.email, password: 'wrong-password' })
            .then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s === 401)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    });
  });

  describe('GET /api/auth/me', () => {
    it('returns the caller', async () => {
      const token = await t.adminToken();
      const res = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(res.body).toMatchObject({ email: ADMIN.email, roles: ['admin'], learnerId: null });
    });

    it.each([
      ['no token', undefined],
      ['a malformed token', 'Bearer not-a-jwt'],
      [
        'a token signed with another secret',
        `Bearer ${new JwtService({ secret: 'another-secret-another-secret-0000' }).sign({ sub: '00000000-0000-0000-0000-000000000000' })}`,
      ],
      [
        'a token of a deleted or unknown user',
        `Bearer ${new JwtService({ secret: 'test-secret-that-is-long-enough-0123456789' }).sign({ sub: '00000000-0000-0000-0000-000000000000' })}`,
      ],
    ])('answers 401 AUTH.UNAUTHENTICATED with %s', async (_label, header) => {
      const req = t.http.get('/api/auth/me');
      if (header) req.set('Authorization', header);
      const res = await req.expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'AUTH.UNAUTHENTICATED' });
    });

    describe('issue 10 — only tokens as the API issues them: exp and iat present, a short life, sub a UUID', () => {
      const SECRET = 'test-secret-that-is-long-enough-0123456789';
      const signed = (payload: object, options: { expiresIn?: number | string; noTimestamp?: boolean } = {}) =>
        new JwtService({ secret: SECRET }).sign(payload as Record<string, unknown>, options as never);
      const adminId = async () =>
        (await t.http.get('/api/auth/me').set('Authorization', `Bearer ${await t.adminToken()}`)).body.id as string;
      const now = () => Math.floor(Date.now() / 1000);

      it('issue 10 — the right secret and a real account are not enough: a token without exp answers 401', async () => {
        const res = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${signed({ sub: await adminId() })}`);
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('AUTH.UNAUTHENTICATED');
      });

      it.each([
        ['without iat', async () => signed({ sub: await adminId(), exp: now() + 600 }, { noTimestamp: true })],
        ['issued in the future (iat in one hour)', async () => signed({ sub: await adminId(), iat: now() + 3600 }, { expiresIn: 600 })],
        ['living longer than JWT_EXPIRES_IN_SECONDS (10 years)', async () => signed({ sub: await adminId() }, { expiresIn: '3650d' })],
      ])('issue 10 — answers 401 for a token %s', async (_label, token) => {
        const res = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${await token()}`);
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('AUTH.UNAUTHENTICATED');
      });

      it.each([
        ['not a UUID', 'not-a-uuid'],
        ['a UUID with a NUL', '00000000-0000-0000-0000-000000000000\u0000'],
        ['a NUL alone', '\u0000'],
        ['a number', 42],
        ['an object', { id: 'x' }],
        ['an array', ['00000000-0000-0000-0000-000000000000']],
        ['null', null],
        ['a very long string', 'a'.repeat(10_000)],
        ['SQL', "' OR 1=1 --"],
      ])('issue 10 — a malformed sub (%s) answers 401, never 500', async (_label, sub) => {
        const res = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${signed({ sub }, { expiresIn: 600 })}`);
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('AUTH.UNAUTHENTICATED');
      });

      it('issue 10 — a token as login issues it still works', async () => {
        await t.http
          .get('/api/auth/me')
          .set('Authorization', `Bearer ${signed({ sub: await adminId() }, { expiresIn: 3600 })}`)
          .expect(200);
      });
    });

    it('answers 401 once the token has expired', async () => {
      const me = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${await t.adminToken()}`);
      const expired = new JwtService({ secret: 'test-secret-that-is-long-enough-0123456789' }).sign({
        sub: me.body.id,
        exp: Math.floor(Date.now() / 1000) - 10,
      });
      const res = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${expired}`).expect(401);
      expect(res.body.code).toBe('AUTH.UNAUTHENTICATED');
    });
  });

  describe('POST /api/users and GET /api/users', () => {
    it('lets an admin create an account; the password is stored hashed (argon2id), and the creation is audited without it', async () => {
      const token = await t.adminToken();
      const res = await t.http
        .post('/api/users')
        .set('Authorization', `Bearer ${token}`)
        .send({ email: 'Claire.Martin@Centre.fr', fullName: 'Claire Martin', password: 'formatrice-2026!', roles: ['trainer', 'jury'] })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        email: 'claire.martin@centre.fr',
        fullName: 'Claire Martin',
        roles: ['trainer', 'jury'],
        learnerId: null,
      });
      const [row] = await t.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [res.body.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      const audit = await t.http.get(`/api/audit?entity=user&entityId=${res.body.id}`).set('Authorization', `Bearer ${token}`).expect(200);
      expect(audit.body.items).toHaveLength(1);
      expect(audit.body.items[0]).toMatchObject({ action: 'user.create', entity: 'user', entityId: res.body.id, before: null });
      expect(JSON.stringify(audit.body.items[0])).not.toMatch(/argon2|formatrice-2026/);
      await t.http.post('/api/auth/login').send({ email: 'claire.martin@centre.fr', password: 'formatrice-2026!' }).expect(200);
    });

    it('answers 409 USER.EMAIL_TAKEN for an address already used, whatever its case', async () => {
      const token = await t.adminToken();
      const res = await t.http
        .post('/api/users')
        .set('Authorization', `Bearer ${token}`)
        .send({ email: 'CLAIRE.MARTIN@centre.FR', fullName: 'Autre', password: 'another-password-1', roles: ['trainer'] })
        .expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'USER.EMAIL_TAKEN' });
    });

    it('lets only one of two simultaneous creations of the same address through', async () => {
      const token = await t.adminToken();
      const body = { email: 'twin@test.local', fullName: 'Twin', password: 'parallel-creation-123', roles: ['trainer'] };
      const statuses = await Promise.all(
        [1, 2, 3].map(() =>
          t.http
            .post('/api/users')
            .set('Authorization', `Bearer ${token}`)
            .send(body)
            .then((r) => [r.status, r.body.code]),
        ),
      );
      expect(statuses.filter(([s]) => s === 201)).toHaveLength(1);
      expect(statuses.filter(([s, c]) => s === 409 && c === 'USER.EMAIL_TAKEN')).toHaveLength(2);
    });

    it('refuses a password shorter than 12 characters with 400 naming the field', async () => {
      const res = await t.http
        .post('/api/users')
        .set('Authorization', `Bearer ${await t.adminToken()}`)
        .send({ email: 'short@test.local', fullName: 'Short', password: 'elevenchars', roles: ['trainer'] })
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.details).toEqual([{ field: 'password', message: 'Doit contenir au moins 12 caractère(s).' }]);
    });

    it('answers 403 AUTH.FORBIDDEN when a non-admin creates or lists accounts', async () => {
      const trainer = await t.createUser(['trainer']);
      const create = await t.http
        .post('/api/users')
        .set('Authorization', `Bearer ${trainer.token}`)
        .send({ email: 'x@test.local', fullName: 'X', password: 'x-password-12345', roles: ['admin'] })
        .expect(403);
      expect(create.body).toMatchObject({ statusCode: 403, code: 'AUTH.FORBIDDEN' });
      await t.http.get('/api/users').set('Authorization', `Bearer ${trainer.token}`).expect(403);
      await t.http.get('/api/audit').set('Authorization', `Bearer ${trainer.token}`).expect(403);
    });

    it('lists accounts by role, paginated', async () => {
      const token = await t.adminToken();
      const res = await t.http.get('/api/users?role=jury&page=1&pageSize=2').set('Authorization', `Bearer ${token}`).expect(200);
      expect(res.body.page).toBe(1);
      expect(res.body.pageSize).toBe(2);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      expect(res.body.total).toBeGreaterThanOrEqual(2);
      for (const user of res.body.items) expect(user.roles).toContain('jury');
      const all = await t.http.get('/api/users?pageSize=200').set('Authorization', `Bearer ${token}`).expect(200);
      expect(all.body.items.some((u: { roles: string[] }) => !u.roles.includes('jury'))).toBe(true);
    });

    it('refuses a page size over 200 and an unknown role filter', async () => {
      const token = await t.adminToken();
      const big = await t.http.get('/api/users?pageSize=500').set('Authorization', `Bearer ${token}`).expect(400);
      expect(big.body.details).toEqual([{ field: 'pageSize', message: 'Doit être inférieur ou égal à 200.' }]);
      await t.http.get('/api/users?role=director').set('Authorization', `Bearer ${token}`).expect(400);
      await t.http.get('/api/users?page=abc').set('Authorization', `Bearer ${token}`).expect(400);
    });
  });
});
