import { UsersService } from '@app/auth';
import { DomainError } from '@app/platform';
import { auth, createCohort, createLearner } from './support/fixtures';
import { ADMIN, startTestApp, TestApp } from './support/test-app';

/** Issue 11: PATCH /api/users/:id and PUT /api/auth/me/password (spec/api.md, Additions v2). */
describe('issue 11 — accounts: edit, roles, deactivation, own password', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    adminId = (await t.http.get('/api/auth/me').set(auth(admin))).body.id as string;
  });
  afterAll(async () => t.close());

  const patch = (id: string, body: unknown, token = admin) =>
    t.http
      .patch(`/api/users/${id}`)
      .set(auth(token))
      .send(body as object);
  const me = (token: string) => t.http.get('/api/auth/me').set(auth(token));
  const login = (email: string, password: string) => t.http.post('/api/auth/login').send({ email, password });
  const changePassword = (token: string, body: unknown) =>
    t.http
      .put('/api/auth/me/password')
      .set(auth(token))
      .send(body as object);

  describe('PATCH /api/users/:id', () => {
    it('edits the name and the roles, answers the user with active, and audits the change', async () => {
      const user = await t.createUser(['trainer']);
      const res = await patch(user.id, { fullName: '  Claire Martin-Dubois ', roles: ['trainer', 'jury'] }).expect(200);
      expect(res.body).toEqual({
        id: user.id,
        email: user.email,
        fullName: 'Claire Martin-Dubois',
        roles: ['trainer', 'jury'],
        learnerId: null,
        active: true,
      });
      // The open token follows the new roles at once (the JWT strategy reads the account again).
      expect((await me(user.token).expect(200)).body.roles).toEqual(['trainer', 'jury']);
      const audit = await t.http.get(`/api/audit?entity=user&entityId=${user.id}`).set(auth(admin)).expect(200);
      expect(audit.body.items).toContainEqual(
        expect.objectContaining({
          action: 'user.update',
          before: { fullName: expect.any(String), roles: ['trainer'], active: true },
          after: { fullName: 'Claire Martin-Dubois', roles: ['trainer', 'jury'], active: true },
        }),
      );
    });

    it('deactivate → login 401 AUTH.ACCOUNT_DISABLED and the open token refused at once → reactivate → login OK, old token still refused', async () => {
      const user = await t.createUser(['jury']);
      await me(user.token).expect(200);
      const off = await patch(user.id, { active: false }).expect(200);
      expect(off.body.active).toBe(false);
      expect((await me(user.token).expect(401)).body.code).toBe('AUTH.UNAUTHENTICATED');
      const refused = await login(user.email, 'a-good-password-123').expect(401);
      expect(refused.body).toMatchObject({ code: 'AUTH.ACCOUNT_DISABLED', message: expect.stringMatching(/désactivé/) });
      // A wrong password tells nothing about the account's state.
      expect((await login(user.email, 'wrong-password-123').expect(401)).body.code).toBe('AUTH.INVALID_CREDENTIALS');

      const list = await t.http.get('/api/users?active=false').set(auth(admin)).expect(200);
      expect(list.body.items.map((u: { id: string }) => u.id)).toEqual([user.id]);
      expect(list.body.items[0].active).toBe(false);
      const actives = await t.http.get('/api/users?active=true&pageSize=100').set(auth(admin)).expect(200);
      expect(actives.body.items.map((u: { id: string }) => u.id)).not.toContain(user.id);
      expect(actives.body.items.every((u: { active: boolean }) => u.active)).toBe(true);

      expect((await patch(user.id, { active: true }).expect(200)).body.active).toBe(true);
      const again = await login(user.email, 'a-good-password-123').expect(200);
      await me(again.body.accessToken).expect(200);
      // Reactivation does not revive the tokens open before the deactivation.
      await me(user.token).expect(401);
    });

    it('refuses an admin deactivating themself, or removing their own admin role (409 USER.OWN_ACCOUNT)', async () => {
      const res = await patch(adminId, { active: false }).expect(409);
      expect(res.body).toMatchObject({ code: 'USER.OWN_ACCOUNT', message: expect.stringMatching(/propre compte/) });
      expect((await patch(adminId, { roles: ['trainer'] }).expect(409)).body.code).toBe('USER.OWN_ACCOUNT');
      // Their name is theirs to change.
      await patch(adminId, { fullName: 'Direction du centre' }).expect(200);
    });

    it('never leaves the centre without an active admin: two admins removing each other at once → one succeeds; the last is kept (409 USER.LAST_ADMIN)', async () => {
      const second = await t.createUser(['admin']);
      // The only two active admins remove each other at the same moment.
      const [a, b] = await Promise.all([
        patch(second.id, { active: false }),
        t.http
          .patch(`/api/users/${adminId}`)
          .set(auth(second.token))
          .send({ roles: ['trainer'] }),
      ]);
      // One goes through; the other is refused: its author is no longer an admin (401/403), or,
      // authorised a moment before, it would remove the last active admin (409).
      expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
      const loser = a.status === 200 ? b : a;
      expect([401, 403, 409]).toContain(loser.status);
      if (loser.status === 409) expect(loser.body.code).toBe('USER.LAST_ADMIN');
      const activeAdmins = async () =>
        (await t.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE active AND 'admin' = ANY(roles)`))[0].n as number;
      expect(await activeAdmins()).toBe(1);
      if (b.status === 200) {
        // The first admin was demoted (not deactivated: its token lives on): made admin again, it
        // deactivates the second.
        await t.http
          .patch(`/api/users/${adminId}`)
          .set(auth(second.token))
          .send({ roles: ['admin'] })
          .expect(200);
        await patch(second.id, { active: false }).expect(200);
      }
      expect(await activeAdmins()).toBe(1);
      // The same refusal, deterministic: a request authorised while its author was still an admin.
      const error = await t.app
        .get(UsersService)
        .update(adminId, { active: false }, { id: second.id, email: second.email, fullName: 'Ancien admin', roles: ['admin'] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'USER.LAST_ADMIN', message: expect.stringMatching(/dernier administrateur actif/) });
      await me(admin).expect(200);
    });

    it('keeps the learner role with the learner file: removing it from a learner account, or giving it to another, is 409 USER.LEARNER_ROLE', async () => {
      const trainer = await t.createUser(['trainer']);
      const cohort = await createCohort(t, [trainer.id]);
      const learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
      const removed = await patch(learner.userId!, { roles: ['trainer'] }).expect(409);
      expect(removed.body).toMatchObject({ code: 'USER.LEARNER_ROLE', details: [expect.objectContaining({ field: 'roles' })] });
      expect((await patch(trainer.id, { roles: ['trainer', 'learner'] }).expect(409)).body.code).toBe('USER.LEARNER_ROLE');
      // The learner's name may change, and the account be deactivated (the way to end their access).
      const ok = await patch(learner.userId!, { fullName: 'Camille Durand', active: false }).expect(200);
      expect(ok.body).toMatchObject({ roles: ['learner'], learnerId: learner.id, active: false });
    });

    it.each([
      ['an unknown field', { email: 'x@y.fr' }, 'email'],
      ['active not a boolean', { active: 'false' }, 'active'],
      ['roles not a list', { roles: 'admin' }, 'roles'],
      ['an unknown role', { roles: ['director'] }, 'roles'],
      ['no role at all', { roles: [] }, 'roles'],
      ['an empty name', { fullName: '   ' }, 'fullName'],
      ['a NUL in the name', { fullName: 'Claire\u0000Martin' }, 'fullName'],
      ['a name as a number', { fullName: 42 }, 'fullName'],
    ])('answers 400 VALIDATION_FAILED for %s', async (_label, body, field) => {
      const user = await t.createUser(['trainer']);
      const res = await patch(user.id, body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.details)).toContain(field);
    });

    it('answers 400 for a non-UUID id, 404 for an unknown one', async () => {
      await patch('not-a-uuid', { active: true }).expect(400);
      expect((await patch('00000000-0000-4000-8000-000000000000', { active: true }).expect(404)).body.code).toBe('NOT_FOUND');
    });

    it('is for admins only: 403 for a trainer, 401 without a token', async () => {
      const user = await t.createUser(['trainer']);
      const other = await t.createUser(['jury']);
      expect((await patch(other.id, { active: false }, user.token).expect(403)).body.code).toBe('AUTH.FORBIDDEN');
      await t.http.patch(`/api/users/${other.id}`).send({ active: false }).expect(401);
      await me(other.token).expect(200);
    });

    it('20 parallel identical PATCHes: all answer the same final state, one change audited', async () => {
      const user = await t.createUser(['trainer']);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => patch(user.id, { fullName: 'Nom parallèle', roles: ['jury', 'trainer'], active: false })),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
      for (const r of answers) expect(r.body).toMatchObject({ fullName: 'Nom parallèle', roles: ['jury', 'trainer'], active: false });
      const [row] = await t.dataSource.query('SELECT full_name, roles, active FROM users WHERE id = $1', [user.id]);
      expect(row).toEqual({ full_name: 'Nom parallèle', roles: ['jury', 'trainer'], active: false });
      const audit = await t.http.get(`/api/audit?entity=user&entityId=${user.id}`).set(auth(admin)).expect(200);
      expect(audit.body.items.filter((a: { action: string }) => a.action === 'user.update')).toHaveLength(1);
    });
  });

  describe('PUT /api/auth/me/password', () => {
    const OLD = 'a-good-password-123';
    const NEW = 'le héron pêche au petit matin';

    it('401 AUTH.INVALID_CREDENTIALS on a wrong current password; 400 naming newPassword on a weak one', async () => {
      const user = await t.createUser(['trainer']);
      const wrong = await changePassword(user.token, { currentPassword: 'not-my-password', newPassword: NEW }).expect(401);
      expect(wrong.body).toMatchObject({
        code: 'AUTH.INVALID_CREDENTIALS',
        details: [{ field: 'currentPassword', message: expect.any(String) }],
      });
      for (const weak of ['court', 'motdepasse123', '123456789012', user.email]) {
        const res = await changePassword(user.token, { currentPassword: OLD, newPassword: weak }).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain('newPassword');
      }
      const same = await changePassword(user.token, { currentPassword: OLD, newPassword: OLD }).expect(400);
      expect(same.body.details).toEqual([{ field: 'newPassword', message: expect.stringMatching(/différent/) }]);
      // Nothing changed: the token still works, the old password still signs in.
      await me(user.token).expect(200);
      await login(user.email, OLD).expect(200);
    });

    it.each([
      ['an unknown field', { currentPassword: OLD, newPassword: NEW, email: 'x@y.fr' }],
      ['a missing current password', { newPassword: NEW }],
      ['a number as password', { currentPassword: OLD, newPassword: 123456789012345 }],
    ])('answers 400 for %s', async (_label, body) => {
      const user = await t.createUser(['jury']);
      expect((await changePassword(user.token, body).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });

    it('204: every OTHER token is refused, the new password signs in, the old one does not; audited without the password', async () => {
      const user = await t.createUser(['jury']);
      const other = (await login(user.email, OLD).expect(200)).body.accessToken as string;
      await me(other).expect(200);
      const res = await changePassword(user.token, { currentPassword: OLD, newPassword: NEW }).expect(204);
      expect(res.text).toBe('');
      expect((await me(other).expect(401)).body.code).toBe('AUTH.UNAUTHENTICATED');
      // The current session ends too: the web app signs in again with the new password at once.
      await me(user.token).expect(401);
      expect((await login(user.email, OLD).expect(401)).body.code).toBe('AUTH.INVALID_CREDENTIALS');
      // Signed in again in the same second as the change: accepted (iat carries milliseconds).
      const fresh = (await login(user.email, NEW).expect(200)).body.accessToken as string;
      await me(fresh).expect(200);
      const audit = await t.http.get(`/api/audit?entity=user&entityId=${user.id}`).set(auth(admin)).expect(200);
      expect(audit.body.items).toContainEqual(expect.objectContaining({ action: 'user.change_password', actorId: user.id }));
      expect(JSON.stringify(audit.body.items)).not.toMatch(/héron|good-password|argon2/);
    });

    it('counts a wrong current password as a failed login: the 11th try is 429, even with the right one', async () => {
      const user = await t.createUser(['trainer']);
      for (let i = 0; i < 10; i += 1) {
        await changePassword(user.token, { currentPassword: `wrong-password-${i}`, newPassword: NEW }).expect(401);
      }
      const blocked = await changePassword(user.token, { currentPassword: OLD, newPassword: NEW }).expect(429);
      expect(blocked.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
      // The same counter as the login form: it is blocked there too.
      await login(user.email, OLD).expect(429);
      await login(ADMIN.email, ADMIN.password).expect(200);
    });

    it('needs a token (401)', async () => {
      await t.http.put('/api/auth/me/password').send({ currentPassword: OLD, newPassword: NEW }).expect(401);
    });
  });
});
