import { auth, createCohort, createLearner } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('cohorts and learners (contract: Cohorts and learners)', () => {
  let t: TestApp;
  let admin: string;
  let trainerA: { id: string; token: string };
  let trainerB: { id: string; token: string };
  let cohortA: { id: string };
  let cohortB: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    trainerA = await t.createUser(['trainer'], { fullName: 'Anne Formatrice' });
    trainerB = await t.createUser(['trainer'], { fullName: 'Bruno Formateur' });
    cohortA = await createCohort(t, [trainerA.id], { name: 'SAMS Lyon 2024-2025' });
    cohortB = await createCohort(t, [trainerB.id], { name: 'SAMS Villeurbanne 2024-2025' });
  });
  afterAll(async () => t.close());

  describe('cohorts', () => {
    it('an admin creates a cohort on a title, with its trainers', async () => {
      const res = await t.http.get(`/api/cohorts/${cohortA.id}`).set(auth(admin)).expect(200);
      expect(res.body).toMatchObject({
        name: 'SAMS Lyon 2024-2025',
        certificationCode: 'RNCP36805',
        startDate: '2024-09-02',
        endDate: '2025-07-04',
        site: 'Lyon',
        trainerIds: [trainerA.id],
        trainers: [{ id: trainerA.id, fullName: 'Anne Formatrice' }],
      });
    });

    it('refuses trainers who are not trainers, an end before the start and an unknown title (400 by field)', async () => {
      const juror = await t.createUser(['jury']);
      const res = await t.http
        .post('/api/cohorts')
        .set(auth(admin))
        .send({
          name: 'X',
          certificationCode: 'RNCP00000',
          startDate: '2024-09-02',
          endDate: '2024-01-01',
          trainerIds: [juror.id, '00000000-0000-4000-8000-000000000000'],
        })
        .expect(400);
      expect(res.body.details).toEqual([
        { field: 'endDate', message: 'La fin de la promotion précède son début.' },
        { field: 'certificationCode', message: 'Titre inconnu : RNCP00000.' },
        { field: 'trainerIds[0]', message: "Ce compte n'a pas le rôle formateur." },
        { field: 'trainerIds[1]', message: 'Compte introuvable.' },
      ]);
    });

    it('R-CAP-4: refuses a cohort starting once the title is no longer in force (SAMS: from 01/09/2025)', async () => {
      const res = await t.http
        .post('/api/cohorts')
        .set(auth(admin))
        .send({ name: 'Trop tard', certificationCode: 'RNCP36805', startDate: '2025-09-01', endDate: '2026-06-30', trainerIds: [] })
        .expect(422);
      expect(res.body).toMatchObject({ code: 'COHORT.TITLE_OUT_OF_FORCE', rule: 'R-CAP-4' });
      await t.http
        .post('/api/cohorts')
        .set(auth(admin))
        .send({ name: 'Juste à temps', certificationCode: 'RNCP36805', startDate: '2025-08-31', endDate: '2026-06-30', trainerIds: [] })
        .expect(201);
    });

    it('replaces the trainers of a cohort, audited with before and after', async () => {
      const extra = await t.createUser(['trainer'], { fullName: 'Zoé Renfort' });
      const res = await t.http
        .put(`/api/cohorts/${cohortB.id}/trainers`)
        .set(auth(admin))
        .send({ trainerIds: [trainerB.id, extra.id] })
        .expect(200);
      expect(res.body.trainerIds).toEqual([trainerB.id, extra.id]);
      const audit = await t.http.get(`/api/audit?entity=cohort&entityId=${cohortB.id}`).set(auth(admin)).expect(200);
      expect(audit.body.items[0]).toMatchObject({ action: 'cohort.set_trainers', before: { trainerIds: [trainerB.id] } });
      await t.http
        .put(`/api/cohorts/${cohortB.id}/trainers`)
        .set(auth(admin))
        .send({ trainerIds: [trainerB.id] })
        .expect(200);
    });

    it('a trainer lists only the cohorts they train', async () => {
      const res = await t.http.get('/api/cohorts').set(auth(trainerA.token)).expect(200);
      expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([cohortA.id]);
      expect(res.body.total).toBe(1);
    });
  });

  describe('learners', () => {
    it('creates a training learner with an account: the account is linked and `me` knows the learnerId', async () => {
      const learner = await createLearner(
        t,
        { pathway: 'training', cohortId: cohortA.id, employer: 'Clinique du Parc', accommodations: 'Tiers-temps accordé' },
        true,
      );
      const me = await t.http.get('/api/auth/me').set(auth(learner.token!)).expect(200);
      expect(me.body).toMatchObject({ roles: ['learner'], learnerId: learner.id, email: learner.email });
      // The sign-in answer says it too: the web app opens the learner's screens from it.
      const login = await t.http.post('/api/auth/login').send({ email: learner.email, password: 'learner-password-123' }).expect(200);
      expect(login.body.user).toMatchObject({ learnerId: learner.id });
      const res = await t.http.get(`/api/learners/${learner.id}`).set(auth(learner.token!)).expect(200);
      expect(res.body).toMatchObject({
        pathway: 'training',
        cohortId: cohortA.id,
        certificationCode: 'RNCP36805',
        vaeAdmissibilityDate: null,
        employer: 'Clinique du Parc',
        accommodations: 'Tiers-temps accordé',
        userId: me.body.id,
      });
    });

    it('creates a VAE learner with the recevabilité date and the title aimed at, without cohort', async () => {
      const vae = await createLearner(t, { pathway: 'vae', vaeAdmissibilityDate: '2025-01-15', certificationCode: 'RNCP36805' });
      const res = await t.http.get(`/api/learners/${vae.id}`).set(auth(admin)).expect(200);
      expect(res.body).toMatchObject({
        pathway: 'vae',
        cohortId: null,
        vaeAdmissibilityDate: '2025-01-15',
        certificationCode: 'RNCP36805',
      });
    });

    it('requires the cohort for training and the recevabilité for VAE (400 by field; the title is optional, see vae-certification-code)', async () => {
      const base = { firstName: 'A', lastName: 'B', birthDate: '1990-01-01', email: 'route@test.local' };
      const training = await t.http
        .post('/api/learners')
        .set(auth(admin))
        .send({ ...base, pathway: 'training' })
        .expect(400);
      expect(training.body.details.map((d: { field: string }) => d.field)).toEqual(['cohortId']);
      const vae = await t.http
        .post('/api/learners')
        .set(auth(admin))
        .send({ ...base, pathway: 'vae' })
        .expect(400);
      expect(vae.body.details.map((d: { field: string }) => d.field)).toEqual(['vaeAdmissibilityDate']);
      const mixed = await t.http
        .post('/api/learners')
        .set(auth(admin))
        .send({ ...base, pathway: 'vae', cohortId: cohortA.id, vaeAdmissibilityDate: '2025-01-01', certificationCode: 'RNCP36805' })
        .expect(400);
      expect(mixed.body.details).toEqual([{ field: 'cohortId', message: "Un candidat VAE n'appartient pas à une promotion." }]);
    });

    it('refuses impossible dates and a duplicate e-mail; nothing half-written', async () => {
      const bad = await t.http
        .post('/api/learners')
        .set(auth(admin))
        .send({
          firstName: 'A',
          lastName: 'B',
          birthDate: '2025-02-30',
          email: 'dup@test.local',
          pathway: 'training',
          cohortId: cohortA.id,
          password: 'dup-password-123',
        })
        .expect(400);
      expect(bad.body.details).toEqual([{ field: 'birthDate', message: 'Doit être une date réelle au format AAAA-MM-JJ.' }]);
      await createLearner(t, { email: 'dup@test.local', pathway: 'training', cohortId: cohortA.id });
      const dup = await t.http
        .post('/api/learners')
        .set(auth(admin))
        .send({
          firstName: 'A',
          lastName: 'B',
          birthDate: '1990-01-01',
          email: 'DUP@test.local',
          pathway: 'training',
          cohortId: cohortA.id,
        })
        .expect(409);
      expect(dup.body.code).toBe('LEARNER.EMAIL_TAKEN');
      // An account e-mail already used: the learner is not created either (one transaction).
      const taken = await t.http
        .post('/api/learners')
        .set(auth(admin))
        .send({
          firstName: 'A',
          lastName: 'B',
          birthDate: '1990-01-01',
          email: 'admin@test.local',
          pathway: 'training',
          cohortId: cohortA.id,
          password: 'some-password-123',
        })
        .expect(409);
      expect(taken.body.code).toBe('USER.EMAIL_TAKEN');
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM learners WHERE email = 'admin@test.local'`);
      expect(n).toBe(0);
    });

    it('R-ELIG-6: moving a learner to another cohort keeps the enrolment history (append-only)', async () => {
      const learner = await createLearner(t, { pathway: 'training', cohortId: cohortA.id });
      const moved = await t.http.patch(`/api/learners/${learner.id}`).set(auth(admin)).send({ cohortId: cohortB.id }).expect(200);
      expect(moved.body.cohortId).toBe(cohortB.id);
      const history = await t.dataSource.query('SELECT cohort_id FROM learner_enrolments WHERE learner_id = $1 ORDER BY enrolled_at', [
        learner.id,
      ]);
      expect(history.map((h: { cohort_id: string }) => h.cohort_id)).toEqual([cohortA.id, cohortB.id]);
      await expect(t.dataSource.query('DELETE FROM learner_enrolments WHERE learner_id = $1', [learner.id])).rejects.toThrow(/ajout seul/);
      const audit = await t.http.get(`/api/audit?entity=learner&entityId=${learner.id}`).set(auth(admin)).expect(200);
      expect(audit.body.items[0]).toMatchObject({
        action: 'learner.move',
        before: { cohortId: cohortA.id },
        after: { cohortId: cohortB.id },
      });
      // The trainer of the old cohort no longer sees the learner; the new one does.
      await t.http.get(`/api/learners/${learner.id}`).set(auth(trainerA.token)).expect(404);
      await t.http.get(`/api/learners/${learner.id}`).set(auth(trainerB.token)).expect(200);
    });

    it("PATCH changes fields and keeps the learner's login in step with the e-mail", async () => {
      const learner = await createLearner(t, { pathway: 'training', cohortId: cohortA.id }, true);
      const res = await t.http
        .patch(`/api/learners/${learner.id}`)
        .set(auth(admin))
        .send({ email: 'New.Address@test.local', lastName: 'Nouveau', employer: null })
        .expect(200);
      expect(res.body).toMatchObject({ email: 'new.address@test.local', lastName: 'Nouveau', employer: null });
      await t.login('new.address@test.local', 'learner-password-123');
      await t.http.patch(`/api/learners/${learner.id}`).set(auth(admin)).send({ pathway: 'vae' }).expect(400);
    });

    it('searches by name without accents or case, filters by cohort, paginates', async () => {
      await createLearner(t, { pathway: 'training', cohortId: cohortA.id, firstName: 'Hélène', lastName: 'Lefèvre' });
      const res = await t.http.get('/api/learners?q=lefevre').set(auth(admin)).expect(200);
      expect(res.body.items.map((l: { lastName: string }) => l.lastName)).toEqual(['Lefèvre']);
      const page = await t.http.get(`/api/learners?cohortId=${cohortA.id}&pageSize=2&page=1`).set(auth(admin)).expect(200);
      expect(page.body.items).toHaveLength(2);
      expect(page.body.total).toBeGreaterThan(2);
      for (const l of page.body.items) expect(l.cohortId).toBe(cohortA.id);
    });
  });
});
