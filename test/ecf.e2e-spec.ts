import { EcfService } from '@app/ecf';
import { countQueries } from '@app/platform';
import { auth, createCohort, createLearner, LearnerFixture } from './support/fixtures';
import { binaryParser, pdfToText } from './support/pdf';
import { startTestApp, TestApp } from './support/test-app';

describe('ECF: evaluations, syntheses, livret, cohort progress (contract: ECF)', () => {
  let t: TestApp;
  let admin: string;
  let trainer: { id: string; token: string };
  let cohort: { id: string };
  let learner: LearnerFixture;
  let vae: LearnerFixture;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    trainer = await t.createUser(['trainer'], { fullName: 'Anne Formatrice' });
    cohort = await createCohort(t, [trainer.id], { name: 'SAMS Lyon 2024-2025', site: 'Lyon Part-Dieu' });
    learner = await createLearner(
      t,
      { pathway: 'training', cohortId: cohort.id, firstName: 'Hélène', lastName: 'Lefèvre', birthDate: '1988-11-03' },
      true,
    );
    vae = await createLearner(t, { pathway: 'vae', vaeAdmissibilityDate: '2025-01-15', certificationCode: 'RNCP36805' });
  });
  afterAll(async () => t.close());

  const evaluation = (over: Record<string, unknown> = {}) => ({
    ccpCode: 'RNCP36805BC01',
    date: '2025-01-20',
    description: 'Production de courriers et d’un compte rendu de réunion',
    results: [
      { competence: 1, acquired: true },
      { competence: 2, acquired: false },
    ],
    comment: 'Bon travail sur la mise en forme',
    ...over,
  });

  describe('R-ECF-1: evaluations', () => {
    it('a trainer of the cohort records an evaluation of one CCP, per competence acquired or not', async () => {
      const res = await t.http.post(`/api/learners/${learner.id}/ecf-evaluations`).set(auth(trainer.token)).send(evaluation()).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        ccpCode: 'RNCP36805BC01',
        date: '2025-01-20',
        description: 'Production de courriers et d’un compte rendu de réunion',
        results: [
          { competence: 1, acquired: true },
          { competence: 2, acquired: false },
        ],
        evaluatorId: trainer.id,
        evaluatorName: 'Anne Formatrice',
        comment: 'Bon travail sur la mise en forme',
      });
    });

    it('refuses a VAE learner: 422 ECF.NOT_FOR_VAE', async () => {
      const res = await t.http.post(`/api/learners/${vae.id}/ecf-evaluations`).set(auth(admin)).send(evaluation()).expect(422);
      expect(res.body).toMatchObject({ code: 'ECF.NOT_FOR_VAE', rule: 'R-ECF-1' });
    });

    it('refuses a competence of another CCP and an unknown competence number: 422 ECF.COMPETENCE_NOT_IN_CCP naming each', async () => {
      const res = await t.http
        .post(`/api/learners/${learner.id}/ecf-evaluations`)
        .set(auth(trainer.token))
        .send(
          evaluation({
            results: [
              { competence: 1, acquired: true },
              { competence: 6, acquired: true },
              { competence: 13, acquired: false },
            ],
          }),
        )
        .expect(422);
      expect(res.body).toMatchObject({ code: 'ECF.COMPETENCE_NOT_IN_CCP', rule: 'R-ECF-1' });
      expect(res.body.details).toEqual([
        { field: 'results[1].competence', message: "La compétence n°6 n'appartient pas au CCP 1." },
        { field: 'results[2].competence', message: "La compétence n°13 n'appartient pas au CCP 1." },
      ]);
      expect(res.body.message).toContain('1, 2, 3, 4, 5');
    });

    it('refuses a CCP of another title (422), a future date (400), 2025-02-30 (400), a competence twice (400)', async () => {
      const other = await t.http
        .post(`/api/learners/${learner.id}/ecf-evaluations`)
        .set(auth(trainer.token))
        .send(evaluation({ ccpCode: 'RNCP40800BC01' }))
        .expect(422);
      expect(other.body.code).toBe('ECF.CCP_NOT_IN_TITLE');
      const inAMonth = new Date(Date.now() + 31 * 86_400_000).toISOString().slice(0, 10);
      const future = await t.http
        .post(`/api/learners/${learner.id}/ecf-evaluations`)
        .set(auth(trainer.token))
        .send(evaluation({ date: inAMonth }))
        .expect(400);
      expect(future.body.details).toEqual([{ field: 'date', message: "La date de l'évaluation ne peut pas être dans le futur." }]);
      const impossible = await t.http
        .post(`/api/learners/${learner.id}/ecf-evaluations`)
        .set(auth(trainer.token))
        .send(evaluation({ date: '2025-02-30' }))
        .expect(400);
      expect(impossible.body.details[0].field).toBe('date');
      const twice = await t.http
        .post(`/api/learners/${learner.id}/ecf-evaluations`)
        .set(auth(trainer.token))
        .send(
          evaluation({
            results: [
              { competence: 1, acquired: true },
              { competence: 1, acquired: false },
            ],
          }),
        )
        .expect(400);
      expect(twice.body.details).toEqual([{ field: 'results[1].competence', message: 'Compétence en double dans cette évaluation.' }]);
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM ecf_evaluations WHERE learner_id = $1', [learner.id]);
      expect(n).toBe(1);
    });

    it('evaluations are append-only in the database', async () => {
      await expect(t.dataSource.query(`UPDATE ecf_evaluations SET description = 'x' WHERE learner_id = $1`, [learner.id])).rejects.toThrow(
        /ajout seul/,
      );
      await expect(t.dataSource.query('DELETE FROM ecf_results')).rejects.toThrow(/ajout seul/);
    });
  });

  describe('R-ECF-2: the synthesis, its signatures and versions', () => {
    const ccp = 'RNCP36805BC01';
    const url = () => `/api/learners/${learner.id}/ecf-syntheses/${ccp}`;

    it('a draft is written and edited in place while nobody has signed', async () => {
      const first = await t.http
        .put(url())
        .set(auth(trainer.token))
        .send({ mastered: false, observations: 'À consolider', competencesToReassess: [2] })
        .expect(200);
      expect(first.body).toMatchObject({
        version: 1,
        mastered: false,
        competencesToReassess: [2],
        locked: false,
        evaluatorSignatures: [],
        centreSignature: null,
      });
      const second = await t.http
        .put(url())
        .set(auth(trainer.token))
        .send({ mastered: true, observations: 'Activité maîtrisée' })
        .expect(200);
      expect(second.body).toMatchObject({ version: 1, mastered: true, competencesToReassess: [] });
    });

    it('refuses a synthesis for a CCP of another title: 422 ECF.CCP_NOT_IN_TITLE', async () => {
      const res = await t.http
        .put(`/api/learners/${learner.id}/ecf-syntheses/RNCP40800BC01`)
        .set(auth(trainer.token))
        .send({ mastered: true, observations: '' })
        .expect(422);
      expect(res.body).toMatchObject({ code: 'ECF.CCP_NOT_IN_TITLE', rule: 'R-ECF-1' });
    });

    it('refuses competences to re-evaluate outside the CCP', async () => {
      const res = await t.http
        .put(url())
        .set(auth(trainer.token))
        .send({ mastered: false, observations: '', competencesToReassess: [9] })
        .expect(422);
      expect(res.body.code).toBe('ECF.COMPETENCE_NOT_IN_CCP');
    });

    it('the learner cannot acknowledge before both signatures: 409 ECF.SYNTHESIS_NOT_SIGNED', async () => {
      const res = await t.http.post(`${url()}/acknowledge`).set(auth(learner.token!)).expect(409);
      expect(res.body.code).toBe('ECF.SYNTHESIS_NOT_SIGNED');
    });

    it('a double click on « sign » records one signature; the second click gets 409 ECF.ALREADY_SIGNED', async () => {
      const results = await Promise.all([1, 2, 3].map(() => t.http.post(`${url()}/sign`).set(auth(trainer.token)).send({})));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'ECF.ALREADY_SIGNED')).toBe(true);
      const ecf = await t.http.get(`/api/learners/${learner.id}/ecf`).set(auth(admin)).expect(200);
      expect(ecf.body.ccps[0].synthesis).toMatchObject({
        locked: false,
        evaluatorSignatures: [{ userId: trainer.id, fullName: 'Anne Formatrice' }],
        centreSignature: null,
      });
    });

    it('once one person signed, a change without a reason is 409 ECF.SYNTHESIS_LOCKED', async () => {
      const res = await t.http.put(url()).set(auth(trainer.token)).send({ mastered: false, observations: 'changement' }).expect(409);
      expect(res.body).toMatchObject({ code: 'ECF.SYNTHESIS_LOCKED', rule: 'R-ECF-2' });
    });

    it('the centre (admin) signs: the synthesis is locked', async () => {
      const res = await t.http.post(`${url()}/sign`).set(auth(admin)).send({}).expect(200);
      expect(res.body).toMatchObject({ locked: true, centreSignature: { fullName: 'Administrateur du centre' } });
      const again = await t.http.post(`${url()}/sign`).set(auth(admin)).send({ as: 'centre' }).expect(409);
      expect(again.body.code).toBe('ECF.ALREADY_SIGNED');
    });

    it('a trainer who neither trains the learner nor evaluated them cannot sign as evaluator', async () => {
      const outsider = await t.createUser(['trainer', 'admin']);
      const res = await t.http.post(`${url()}/sign`).set(auth(outsider.token)).send({ as: 'evaluator' }).expect(422);
      expect(res.body.code).toBe('ECF.NOT_EVALUATOR');
    });

    it('the learner acknowledges « pour information » (idempotent)', async () => {
      const res = await t.http.post(`${url()}/acknowledge`).set(auth(learner.token!)).expect(200);
      expect(res.body.acknowledgedAt).toEqual(expect.any(String));
      const again = await t.http.post(`${url()}/acknowledge`).set(auth(learner.token!)).expect(200);
      expect(again.body.acknowledgedAt).toBe(res.body.acknowledgedAt);
    });

    it('the signed version is frozen in the database itself', async () => {
      await expect(
        t.dataSource.query(`UPDATE ecf_syntheses SET mastered = NOT mastered WHERE learner_id = $1`, [learner.id]),
      ).rejects.toThrow(/Synthèse ECF signée/);
      await expect(t.dataSource.query('DELETE FROM ecf_synthesis_signatures')).rejects.toThrow(/ajout seul/);
    });

    it('a change with a reason creates version 2, signatures empty; version 1 is kept unchanged', async () => {
      const res = await t.http
        .put(url())
        .set(auth(trainer.token))
        .send({
          mastered: false,
          observations: 'Réévaluation demandée',
          competencesToReassess: [3],
          reason: 'Erreur de saisie sur la compétence 3',
        })
        .expect(200);
      expect(res.body).toMatchObject({
        version: 2,
        mastered: false,
        reason: 'Erreur de saisie sur la compétence 3',
        evaluatorSignatures: [],
        centreSignature: null,
        locked: false,
        acknowledgedAt: null,
      });
      const versions = await t.dataSource.query(
        'SELECT version, mastered, reason FROM ecf_syntheses WHERE learner_id = $1 ORDER BY version',
        [learner.id],
      );
      expect(versions).toEqual([
        { version: 1, mastered: true, reason: null },
        { version: 2, mastered: false, reason: 'Erreur de saisie sur la compétence 3' },
      ]);
      const audit = await t.http.get(`/api/audit?entity=ecf_synthesis`).set(auth(admin)).expect(200);
      expect(audit.body.items[0]).toMatchObject({ action: 'ecf_synthesis.create_version', before: { version: 1, locked: true } });
    });
  });

  describe('livret ECF as PDF', () => {
    it('opens as a PDF whose text has the learner, the title and « L’activité 1 est maîtrisée »', async () => {
      const res = await t.http
        .get(`/api/learners/${learner.id}/ecf.pdf`)
        .set(auth(trainer.token))
        .buffer(true)
        .parse(binaryParser)
        .expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe('inline; filename="livret-ecf-lefevre-helene.pdf"');
      const pdf = res.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const { pages, text } = await pdfToText(pdf);
      const all = text.join('\n').replace(/\s+/g, ' ');
      expect(pages).toBeGreaterThanOrEqual(4); // cover + one page per activité type
      expect(all).toContain("LIVRET D'ÉVALUATIONS PASSÉES EN COURS DE FORMATION");
      expect(all).toContain('Secrétaire assistant médico-social');
      expect(all).toContain('LEFÈVRE');
      expect(all).toContain('Hélène');
      expect(all).toContain('03/11/1988');
      expect(all).toContain("L'activité 1 est maîtrisée");
      expect(all).toContain("L'activité 3 est maîtrisée");
      expect(all).toContain('Production de courriers');
      expect(all).toContain(`Page 1 / ${pages}`);
      expect(text[1]).toContain('Activité type 1');
    });

    it('a VAE learner has no ECF: the livret says so per activity', async () => {
      const res = await t.http.get(`/api/learners/${vae.id}/ecf`).set(auth(admin)).expect(200);
      expect(res.body.ccps.map((c: { evaluations: unknown[] }) => c.evaluations.length)).toEqual([0, 0, 0]);
    });
  });

  describe('cohort progress', () => {
    it('gives, per learner and CCP, evaluations, competences acquired (latest result) out of the total, synthesis state', async () => {
      await t.http
        .post(`/api/learners/${learner.id}/ecf-evaluations`)
        .set(auth(trainer.token))
        .send(
          evaluation({
            date: '2025-02-10',
            results: [
              { competence: 2, acquired: true },
              { competence: 1, acquired: false },
            ],
          }),
        )
        .expect(201);
      const res = await t.http.get(`/api/cohorts/${cohort.id}/progress`).set(auth(trainer.token)).expect(200);
      expect(res.body.ccps.map((c: { competencesTotal: number }) => c.competencesTotal)).toEqual([5, 3, 4]);
      const row = res.body.learners.find((l: { learnerId: string }) => l.learnerId === learner.id);
      expect(row.ccps[0]).toEqual({
        ccpCode: 'RNCP36805BC01',
        evaluations: 2,
        competencesAcquired: 1,
        competencesTotal: 5,
        synthesis: 'draft',
        mastered: false,
      });
      expect(row.ccps[1]).toEqual({
        ccpCode: 'RNCP36805BC02',
        evaluations: 0,
        competencesAcquired: 0,
        competencesTotal: 3,
        synthesis: 'none',
        mastered: null,
      });
    });

    it('runs the same number of SQL queries for 5 and for 50 learners', async () => {
      const service = t.app.get(EcfService);
      const adminUser = {
        id: (await t.http.get('/api/auth/me').set(auth(admin))).body.id as string,
        email: 'admin@test.local',
        fullName: 'Admin',
        roles: ['admin' as const],
      };
      const measure = async (size: number): Promise<number> => {
        const c = await createCohort(t, [trainer.id]);
        for (let i = 0; i < size; i += 1) {
          const l = await createLearner(t, { pathway: 'training', cohortId: c.id });
          if (i % 2 === 0)
            await t.http.post(`/api/learners/${l.id}/ecf-evaluations`).set(auth(trainer.token)).send(evaluation()).expect(201);
          if (i % 3 === 0)
            await t.http
              .put(`/api/learners/${l.id}/ecf-syntheses/RNCP36805BC02`)
              .set(auth(trainer.token))
              .send({ mastered: true, observations: 'ok' })
              .expect(200);
        }
        const { result, count } = await countQueries(() => service.cohortProgress(adminUser, c.id));
        expect(result.learners).toHaveLength(size);
        return count;
      };
      const five = await measure(5);
      const fifty = await measure(50);
      console.log(`cohort progress: ${five} SQL queries for 5 learners, ${fifty} for 50`);
      expect(fifty).toBe(five);
      expect(five).toBeLessThanOrEqual(8);
    });
  });
});
