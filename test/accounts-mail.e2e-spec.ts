import { auth, createCohort, createLearner } from './support/fixtures';
import { Delivered, startSmtp, TestSmtp } from './support/smtp';
import { startTestApp, TestApp } from './support/test-app';

const PUBLIC_URL = 'https://sams.centre.test';
const NEW_PASSWORD = 'Clair-de-lune-sur-Rhone-42';

/** The token of the link in a delivered e-mail (after « #»), for the given page. */
function tokenIn(message: Delivered, page: 'invitation' | 'reinitialisation'): string {
  const match = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}/${page}#([A-Za-z0-9_-]+)`).exec(message.parsed.text ?? '');
  if (!match) throw new Error(`no ${page} link in: ${message.parsed.text}`);
  return match[1];
}

/** Issue 14 (2, 3, 5) — contract « Accounts and messages » (spec/api.md), against a real SMTP server. */
describe('accounts by e-mail: invitations and forgotten passwords (contract « Accounts and messages »)', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: string;
  let cohortId: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_SEND_TIMEOUT_SECONDS: '3', PUBLIC_URL });
    admin = await t.adminToken();
    cohortId = (await createCohort(t, [])).id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** Waits for the next message to `address` delivered after `since` messages. */
  const nextTo = async (address: string, since: number): Promise<Delivered> => {
    const end = Date.now() + 15_000;
    for (;;) {
      const found = smtp.messages.slice(since).find((d) => d.envelopeTo.includes(address));
      if (found) return found;
      if (Date.now() > end) throw new Error(`no message to ${address}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 2500));
  const sentTo = (address: string): Delivered[] => smtp.messages.filter((d) => d.envelopeTo.includes(address));

  describe('POST /api/learners/:id/invitations → 202 · POST /api/auth/invitations/accept → 200 {accessToken, user}', () => {
    it('a learner without an account is invited, accepts, signs in and reads « Mon livret »', async () => {
      const learner = await createLearner(t, { pathway: 'training', cohortId, email: 'ines.haddad@example.test' });
      expect(learner.userId).toBeNull();
      const since = smtp.messages.length;
      await t.http.post(`/api/learners/${learner.id}/invitations`).set(auth(admin)).expect(202);
      const mail = await nextTo('ines.haddad@example.test', since);
      expect(mail.parsed.subject).toContain('Votre compte');
      expect(mail.parsed.text).toContain('vous invite');
      expect(mail.parsed.text).toMatch(/valable jusqu'au \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2} \(heure de Paris\)/);
      expect(mail.parsed.text).toContain('ignorez-le');
      const token = tokenIn(mail, 'invitation');
      // The account exists, linked, without a usable password: it cannot sign in yet.
      const [row] = await t.dataSource.query('SELECT user_id FROM learners WHERE id = $1', [learner.id]);
      expect(row.user_id).not.toBeNull();
      await t.http.post('/api/auth/login').send({ email: 'ines.haddad@example.test', password: NEW_PASSWORD }).expect(401);

      const accepted = await t.http.post('/api/auth/invitations/accept').send({ token, password: NEW_PASSWORD }).expect(200);
      expect(accepted.body.user).toMatchObject({ email: 'ines.haddad@example.test', roles: ['learner'], learnerId: learner.id });
      const me = await t.http.get('/api/auth/me').set(auth(accepted.body.accessToken)).expect(200);
      expect(me.body.learnerId).toBe(learner.id);
      await t.http.get('/api/me/booklet').set(auth(accepted.body.accessToken)).expect(200);
      await t.login('ines.haddad@example.test', NEW_PASSWORD);
      // Used once: the same link again is refused.
      const again = await t.http.post('/api/auth/invitations/accept').send({ token, password: NEW_PASSWORD }).expect(400);
      expect(again.body.code).toBe('AUTH.TOKEN_INVALID');
    });

    it('tokens are stored hashed: the token from the e-mail is nowhere in the table, its sha256 is', async () => {
      const learner = await createLearner(t, { pathway: 'training', cohortId, email: 'hash.check@example.test' });
      const since = smtp.messages.length;
      await t.http.post(`/api/learners/${learner.id}/invitations`).set(auth(admin)).expect(202);
      const token = tokenIn(await nextTo('hash.check@example.test', since), 'invitation');
      const { createHash } = await import('node:crypto');
      const rows: { dump: string }[] = await t.dataSource.query('SELECT row_to_json(a)::text AS dump FROM account_tokens a');
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.some((r) => r.dump.includes(token))).toBe(false);
      expect(rows.some((r) => r.dump.includes(createHash('sha256').update(token).digest('hex')))).toBe(true);
      // Nor in the audit log.
      const audit: { n: number }[] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.invite' AND (coalesce(before::text, '') || coalesce(after::text, '')) LIKE $1`,
        [`%${token}%`],
      );
      expect(audit[0].n).toBe(0);
    });

    it('a second invitation voids the first link; 20 parallel accepts of one token → exactly one 200', async () => {
      const learner = await createLearner(t, { pathway: 'training', cohortId, email: 'parallel@example.test' });
      let since = smtp.messages.length;
      await t.http.post(`/api/learners/${learner.id}/invitations`).set(auth(admin)).expect(202);
      const first = tokenIn(await nextTo('parallel@example.test', since), 'invitation');
      since = smtp.messages.length;
      await t.http.post(`/api/learners/${learner.id}/invitations`).set(auth(admin)).expect(202);
      const second = tokenIn(await nextTo('parallel@example.test', since), 'invitation');
      expect(second).not.toBe(first);
      const voided = await t.http.post('/api/auth/invitations/accept').send({ token: first, password: NEW_PASSWORD }).expect(400);
      expect(voided.body.code).toBe('AUTH.TOKEN_INVALID');

      const answers = await Promise.all(
        Array.from({ length: 20 }, () => t.http.post('/api/auth/invitations/accept').send({ token: second, password: NEW_PASSWORD })),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 400)).toHaveLength(19);
      expect(answers.filter((a) => a.status === 400).every((a) => a.body.code === 'AUTH.TOKEN_INVALID')).toBe(true);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.accept_invitation'`);
      expect(n).toBe(2); // this one and the first test's
    });

    it('422 LEARNER.NO_EMAIL when the learner has no e-mail; 404 for an unknown learner', async () => {
      const learner = await createLearner(t, { pathway: 'training', cohortId, email: 'soon.blank@example.test' });
      // Every learner has an e-mail through the API; a blank one can only come from the database.
      await t.dataSource.query(`UPDATE learners SET email = '' WHERE id = $1`, [learner.id]);
      const res = await t.http.post(`/api/learners/${learner.id}/invitations`).set(auth(admin)).expect(422);
      expect(res.body.code).toBe('LEARNER.NO_EMAIL');
      await t.http.post('/api/learners/00000000-0000-4000-8000-000000000000/invitations').set(auth(admin)).expect(404);
    });

    it('POST /api/learners {invite: true} without a password creates the account and invites it', async () => {
      const since = smtp.messages.length;
      const res = await t.http
        .post('/api/learners')
        .set(auth(admin))
        .send({
          firstName: 'Noé',
          lastName: 'Vasseur',
          birthDate: '1992-05-06',
          email: 'noe.vasseur@example.test',
          pathway: 'training',
          cohortId,
          invite: true,
        })
        .expect(201);
      const token = tokenIn(await nextTo('noe.vasseur@example.test', since), 'invitation');
      const accepted = await t.http.post('/api/auth/invitations/accept').send({ token, password: NEW_PASSWORD }).expect(200);
      expect(accepted.body.user.learnerId).toBe(res.body.id);
    });
  });

  describe('POST /api/users {invite: true} (password optional) · POST /api/users/:id/invitations → 202', () => {
    it('a trainer invited without a password accepts and signs in; a weak password is a 400 on `password` and keeps the link', async () => {
      const since = smtp.messages.length;
      const created = await t.http
        .post('/api/users')
        .set(auth(admin))
        .send({ email: 'claire.martin@example.test', fullName: 'Claire Martin', roles: ['trainer'], invite: true })
        .expect(201);
      const token = tokenIn(await nextTo('claire.martin@example.test', since), 'invitation');
      const weak = await t.http.post('/api/auth/invitations/accept').send({ token, password: 'claire.martin-2026' }).expect(400);
      expect(weak.body.details.map((d: { field: string }) => d.field)).toContain('password');
      const ok = await t.http.post('/api/auth/invitations/accept').send({ token, password: NEW_PASSWORD }).expect(200);
      expect(ok.body.user).toMatchObject({ id: created.body.id, roles: ['trainer'], learnerId: null });
      await t.http.get('/api/auth/me').set(auth(ok.body.accessToken)).expect(200);
    });

    it('without invite, the password stays required (400)', async () => {
      const res = await t.http
        .post('/api/users')
        .set(auth(admin))
        .send({ email: 'no.password@example.test', fullName: 'Sans Mot', roles: ['trainer'] })
        .expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('password');
    });

    it('POST /api/users/:id/invitations re-invites an account not yet opened; an opened one → 409 USER.ALREADY_OPEN (no takeover by a new link); 404 unknown', async () => {
      const pending = (
        await t.http
          .post('/api/users')
          .set(auth(admin))
          .send({ email: 'jury.reinvite@example.test', fullName: 'Paul Juré', roles: ['jury'], invite: true })
          .expect(201)
      ).body;
      const since = smtp.messages.length;
      await t.http.post(`/api/users/${pending.id}/invitations`).set(auth(admin)).expect(202);
      const mail = await nextTo('jury.reinvite@example.test', since);
      expect(mail.parsed.text).toContain(`${PUBLIC_URL}/invitation#`);
      // Fresh-eyes review: staff re-inviting an account whose owner chose a password could read the
      // new link (embedded outbox) and replace that password.
      const opened = await t.createUser(['jury'], { email: 'jury.opened@example.test', fullName: 'Jeanne Ouverte' });
      const refused = await t.http.post(`/api/users/${opened.id}/invitations`).set(auth(admin)).expect(409);
      expect(refused.body.code).toBe('USER.ALREADY_OPEN');
      await t.http.post('/api/users/00000000-0000-4000-8000-000000000000/invitations').set(auth(admin)).expect(404);
    });

    it('links are personal: a corrected e-mail voids them, « renvoyer » refuses them (409 MESSAGE.NOT_RESENDABLE), staff never read them when SMTP delivers, a reset voids a pending invitation', async () => {
      const learner = await createLearner(t, { pathway: 'training', cohortId, email: 'typo@exemple.fr' });
      let since = smtp.messages.length;
      await t.http.post(`/api/learners/${learner.id}/invitations`).set(auth(admin)).expect(202);
      const first = tokenIn(await nextTo('typo@exemple.fr', since), 'invitation');
      await t.http.patch(`/api/learners/${learner.id}`).set(auth(admin)).send({ email: 'corrige@exemple.fr' }).expect(200);
      expect((await t.http.post('/api/auth/invitations/accept').send({ token: first, password: NEW_PASSWORD }).expect(400)).body.code).toBe(
        'AUTH.TOKEN_INVALID',
      );
      const sent = (await t.http.get('/api/outbox?to=typo@exemple.fr').set(auth(admin)).expect(200)).body.items[0];
      expect((await t.http.post(`/api/outbox/${sent.id}/resend`).set(auth(admin)).expect(409)).body.code).toBe('MESSAGE.NOT_RESENDABLE');
      const shown = (await t.http.get(`/api/outbox/${sent.id}`).set(auth(admin)).expect(200)).body.text as string;
      expect(shown).not.toContain(first);
      expect(shown).toContain('/invitation#(lien masqué');
      const row = await t.dataSource.query('SELECT text_body FROM outbox_messages WHERE id = $1', [sent.id]);
      expect(row[0].text_body).not.toContain(first);

      since = smtp.messages.length;
      await t.http.post(`/api/learners/${learner.id}/invitations`).set(auth(admin)).expect(202);
      const pending = tokenIn(await nextTo('corrige@exemple.fr', since), 'invitation');
      since = smtp.messages.length;
      await t.http.post('/api/auth/password-reset-requests').send({ email: 'corrige@exemple.fr' }).expect(202);
      const reset = tokenIn(await nextTo('corrige@exemple.fr', since), 'reinitialisation');
      await t.http.post('/api/auth/password-resets').send({ token: reset, password: NEW_PASSWORD }).expect(204);
      expect(
        (await t.http.post('/api/auth/invitations/accept').send({ token: pending, password: 'Un-autre-mot-2026-x' }).expect(400)).body.code,
      ).toBe('AUTH.TOKEN_INVALID');
    });

    it('a name is one line: a line break in a learner’s or a user’s name is refused (400), by the API and in an imported file (fresh-eyes review)', async () => {
      const learner = await t.http
        .post('/api/learners')
        .set(auth(admin))
        .send({
          pathway: 'training',
          cohortId,
          firstName: 'Eve',
          lastName: 'Evil\nBcc: spy@evil.test',
          birthDate: '1990-01-01',
          email: 'eve@example.test',
        })
        .expect(400);
      expect(learner.body.details.map((d: { field: string }) => d.field)).toContain('lastName');
      const user = await t.http
        .post('/api/users')
        .set(auth(admin))
        .send({ email: 'crlf@example.test', fullName: 'Paul\r\nJuré', roles: ['jury'], invite: true })
        .expect(400);
      expect(user.body.details.map((d: { field: string }) => d.field)).toContain('fullName');
      const csv = `nom;prenom;date_naissance;email;parcours;promotion\n"Evil\nBcc: x@y.z";Eve;01/01/1990;eve.csv@example.test;formation;${cohortId}\n`;
      const imported = await t.http.post('/api/learners/import').set(auth(admin)).attach('file', Buffer.from(csv), 'a.csv').expect(422);
      expect(JSON.stringify(imported.body.details)).toContain('une seule ligne');
    });

    it('a learner account created with the e-mail of a learner who has none is linked to that learner', async () => {
      const learner = await createLearner(t, { pathway: 'training', cohortId, email: 'late.account@example.test' });
      const res = await t.http
        .post('/api/users')
        .set(auth(admin))
        .send({ email: 'Late.Account@example.test', fullName: 'Camille Tardive', password: NEW_PASSWORD, roles: ['learner'] })
        .expect(201);
      expect(res.body.learnerId).toBe(learner.id);
      const token = await t.login('late.account@example.test', NEW_PASSWORD);
      expect((await t.http.get('/api/auth/me').set(auth(token)).expect(200)).body.learnerId).toBe(learner.id);
      await t.http.get('/api/me/booklet').set(auth(token)).expect(200);
    });
  });

  describe('POST /api/auth/password-reset-requests → 202 · POST /api/auth/password-resets → 204 (every open session ends)', () => {
    const email = 'oubli@example.test';
    let userId: string;
    let oldSession: string;

    beforeAll(async () => {
      const user = await t.createUser(['trainer'], { email, fullName: 'Odile Oubli', password: 'Ancien-mot-de-passe-Lyon' });
      userId = user.id;
      oldSession = user.token;
    });

    it('forgotten password → e-mail → reset → the session opened before is refused (401), the new password works, the old one not', async () => {
      const since = smtp.messages.length;
      const res = await t.http.post('/api/auth/password-reset-requests').send({ email: 'OUBLI@example.test' }).expect(202);
      const mail = await nextTo(email, since);
      expect(mail.parsed.subject).toBe('Réinitialisation de votre mot de passe');
      expect(mail.parsed.text).toContain('une heure');
      expect(mail.parsed.text).toContain('votre mot de passe reste inchangé');
      const token = tokenIn(mail, 'reinitialisation');
      await t.http.get('/api/auth/me').set(auth(oldSession)).expect(200);
      await t.http.post('/api/auth/password-resets').send({ token, password: NEW_PASSWORD }).expect(204);
      await t.http.get('/api/auth/me').set(auth(oldSession)).expect(401);
      await t.http.post('/api/auth/login').send({ email, password: 'Ancien-mot-de-passe-Lyon' }).expect(401);
      await t.login(email, NEW_PASSWORD);
      const reused = await t.http.post('/api/auth/password-resets').send({ token, password: 'Encore-un-autre-secret-7' }).expect(400);
      expect(reused.body.code).toBe('AUTH.TOKEN_INVALID');
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.reset_password' AND entity_id = $1`,
        [userId],
      );
      expect(n).toBe(1);
      expect(res.body).toEqual({});
    });

    it('an expired token and an unknown token → 400 AUTH.TOKEN_INVALID', async () => {
      const since = smtp.messages.length;
      await t.http.post('/api/auth/password-reset-requests').send({ email }).expect(202);
      const token = tokenIn(await nextTo(email, since), 'reinitialisation');
      // A reset token is not an invitation token.
      const wrongKind = await t.http.post('/api/auth/invitations/accept').send({ token, password: 'Encore-un-autre-secret-7' }).expect(400);
      expect(wrongKind.body.code).toBe('AUTH.TOKEN_INVALID');
      await t.dataSource.query(
        `UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND used_at IS NULL`,
        [userId],
      );
      const expired = await t.http.post('/api/auth/password-resets').send({ token, password: 'Encore-un-autre-secret-7' }).expect(400);
      expect(expired.body.code).toBe('AUTH.TOKEN_INVALID');
      const unknown = await t.http
        .post('/api/auth/password-resets')
        .send({ token: 'x'.repeat(43), password: 'Encore-un-autre-secret-7' })
        .expect(400);
      expect(unknown.body.code).toBe('AUTH.TOKEN_INVALID');
      await t.login(email, NEW_PASSWORD);
    });

    it('an unknown e-mail: the same 202 and the same body, nothing sent; a deactivated account gets nothing either', async () => {
      const known = await t.http.post('/api/auth/password-reset-requests').send({ email: 'personne@example.test' }).expect(202);
      const disabled = await t.createUser(['trainer'], { email: 'desactive@example.test' });
      await t.http.patch(`/api/users/${disabled.id}`).set(auth(admin)).send({ active: false }).expect(200);
      const before = smtp.messages.length;
      const unknown = await t.http.post('/api/auth/password-reset-requests').send({ email: 'personne.inconnue@example.test' }).expect(202);
      await t.http.post('/api/auth/password-reset-requests').send({ email: 'desactive@example.test' }).expect(202);
      expect(unknown.body).toEqual(known.body);
      expect(unknown.headers['content-length']).toBe(known.headers['content-length']);
      await settle();
      expect(smtp.messages.length).toBe(before);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE to_address IN ($1, $2)`, [
        'personne.inconnue@example.test',
        'desactive@example.test',
      ]);
      expect(n).toBe(0);
    });

    it('at most 3 reset e-mails per account per hour: a 4th request answers 202 and sends nothing', async () => {
      const user = await t.createUser(['trainer'], { email: 'quota@example.test' });
      for (let i = 0; i < 3; i += 1)
        await t.http.post('/api/auth/password-reset-requests').send({ email: 'quota@example.test' }).expect(202);
      await smtp.waitFor(0);
      const end = Date.now() + 15_000;
      while (sentTo('quota@example.test').length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(sentTo('quota@example.test')).toHaveLength(3);
      // Parallel requests cannot slip past the limit either.
      await Promise.all(
        Array.from({ length: 5 }, () => t.http.post('/api/auth/password-reset-requests').send({ email: 'quota@example.test' }).expect(202)),
      );
      await settle();
      expect(sentTo('quota@example.test')).toHaveLength(3);
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM account_tokens WHERE user_id = $1 AND purpose = 'password_reset'`,
        [user.id],
      );
      expect(n).toBe(3);
    });
  });

  describe('POST /api/cohorts/:id/invitations → 202 {invited: n}, after an import (POST /api/learners/import?invite=)', () => {
    it('invites every learner of the cohort without an active account; those who signed in are skipped; import?invite=true invites at once', async () => {
      const cohort = await createCohort(t, [], { name: 'Promotion import courriel' });
      const csv =
        'Nom;Prénom;Date de naissance;E-mail;Parcours;Promotion\r\n' +
        `Lemoine;Anaïs;03/02/1995;anais.lemoine@example.test;formation;${cohort.name}\r\n` +
        `Diallo;Moussa;12/11/1988;moussa.diallo@example.test;formation;${cohort.name}\r\n` +
        `Roux;Léon;27/07/2000;leon.roux@example.test;formation;${cohort.name}\r\n`;
      const imported = await t.http
        .post('/api/learners/import')
        .set(auth(admin))
        .attach('file', Buffer.from(csv, 'utf8'), { filename: 'apprenants.csv', contentType: 'text/csv' })
        .expect(200);
      expect(imported.body.created).toBe(3);
      await settle();
      expect(sentTo('anais.lemoine@example.test')).toHaveLength(0);

      // Anaïs gets her account and signs in before the cohort's invitations.
      let since = smtp.messages.length;
      const anais = imported.body.learnerIds[0] as string;
      await t.http.post(`/api/learners/${anais}/invitations`).set(auth(admin)).expect(202);
      const token = tokenIn(await nextTo('anais.lemoine@example.test', since), 'invitation');
      await t.http.post('/api/auth/invitations/accept').send({ token, password: NEW_PASSWORD }).expect(200);

      since = smtp.messages.length;
      const res = await t.http.post(`/api/cohorts/${cohort.id}/invitations`).set(auth(admin)).expect(202);
      expect(res.body).toEqual({ invited: 2 });
      const moussa = await nextTo('moussa.diallo@example.test', since);
      await nextTo('leon.roux@example.test', since);
      await settle();
      expect(sentTo('anais.lemoine@example.test')).toHaveLength(1);
      const accepted = await t.http
        .post('/api/auth/invitations/accept')
        .send({ token: tokenIn(moussa, 'invitation'), password: NEW_PASSWORD })
        .expect(200);
      expect(accepted.body.user.learnerId).toBe(imported.body.learnerIds[1]);
      await t.http.get('/api/me/booklet').set(auth(accepted.body.accessToken)).expect(200);

      // Again at once (a double click, 20 parallel calls): nobody is invited twice within 10 minutes.
      const burst = await Promise.all(
        Array.from({ length: 20 }, () => t.http.post(`/api/cohorts/${cohort.id}/invitations`).set(auth(admin))),
      );
      expect(burst.map((r) => r.status)).toEqual(Array(20).fill(202));
      expect(burst.map((r) => (r.body as { invited: number }).invited)).toEqual(Array(20).fill(0));
      // Later: only Léon (no password chosen yet) is invited again.
      await t.dataSource.query("UPDATE account_tokens SET created_at = created_at - interval '11 minutes'");
      expect((await t.http.post(`/api/cohorts/${cohort.id}/invitations`).set(auth(admin)).expect(202)).body).toEqual({ invited: 1 });
      await t.http.post('/api/cohorts/00000000-0000-4000-8000-000000000000/invitations').set(auth(admin)).expect(404);

      // import?invite=true: each learner created is invited; a dry run sends nothing.
      const one = (name: string, mail: string): string =>
        `Nom;Prénom;Date de naissance;E-mail;Parcours;Promotion\r\n${name};Zoé;01/01/1990;${mail};formation;${cohort.name}\r\n`;
      await t.http
        .post('/api/learners/import?invite=true&dryRun=true')
        .set(auth(admin))
        .attach('file', Buffer.from(one('Essai', 'zoe.essai@example.test'), 'utf8'), { filename: 'a.csv', contentType: 'text/csv' })
        .expect(200);
      since = smtp.messages.length;
      await t.http
        .post('/api/learners/import?invite=true')
        .set(auth(admin))
        .attach('file', Buffer.from(one('Martin', 'zoe.martin@example.test'), 'utf8'), { filename: 'b.csv', contentType: 'text/csv' })
        .expect(200);
      tokenIn(await nextTo('zoe.martin@example.test', since), 'invitation');
      await settle();
      expect(sentTo('zoe.essai@example.test')).toHaveLength(0);
    });
  });

  it('the audit log lists the new actions user.invite and user.reset_password', async () => {
    const list = await t.http.get('/api/audit?entity=user').set(auth(admin)).expect(200);
    const actions = (list.body.items as { action: string }[]).map((i) => i.action);
    expect(actions).toContain('user.invite');
    expect(actions).toContain('user.reset_password');
  });
});
