import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BookletService } from '@app/booklet';
import { DeliberationService, PvService, SessionPlanningService } from '@app/jury-sessions';
import { LearnersService } from '@app/learners';
import { countQueries } from '@app/platform';
import { auth, createCohort, createJuror, createLearner, createSession, LearnerFixture, successorTitle } from './support/fixtures';
import { binaryParser, pdfToText } from './support/pdf';
import { startTestApp, TestApp } from './support/test-app';

const ALL = ['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03'];

describe('capitalisation, rectifications, appeals, documents and bounded reads', () => {
  let t: TestApp;
  let admin: string;
  let adminUser: { id: string; email: string; fullName: string; roles: ['admin'] };
  let trainer: { id: string; token: string };
  let cohort: { id: string };
  let j1: { id: string; token: string };
  let j2: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    const me = await t.http.get('/api/auth/me').set(auth(admin));
    adminUser = { id: me.body.id, email: me.body.email, fullName: me.body.fullName, roles: ['admin'] };
    trainer = await t.createUser(['trainer']);
    cohort = await createCohort(t, [trainer.id]);
    j1 = await createJuror(t, { fullName: 'Paul Juré' });
    j2 = await createJuror(t, { fullName: 'Rose Jurée' });
  });
  afterAll(async () => t.close());

  /** A whole session for these learners: jurors, registration (with override), results, close, both signatures. */
  async function runSession(
    body: Record<string, unknown>,
    results: { learner: LearnerFixture; result: Record<string, unknown> }[],
  ): Promise<string> {
    const s = await createSession(t, body);
    for (const j of [j1, j2]) await t.http.post(`/api/jury-sessions/${s.id}/jurors`).set(auth(admin)).send({ userId: j.id }).expect(201);
    for (const { learner } of results) {
      await t.http
        .post(`/api/jury-sessions/${s.id}/candidates`)
        .set(auth(admin))
        .send({ learnerId: learner.id, override: { reason: 'Pièces remises sur place' } })
        .expect(201);
    }
    await t.http.post(`/api/jury-sessions/${s.id}/deliberation/open`).set(auth(admin)).expect(200);
    for (const { learner, result } of results) {
      await t.http.put(`/api/jury-sessions/${s.id}/candidates/${learner.id}/result`).set(auth(j1.token)).send(result).expect(200);
    }
    await t.http.post(`/api/jury-sessions/${s.id}/deliberation/close`).set(auth(admin)).expect(200);
    for (const j of [j1, j2]) await t.http.post(`/api/jury-sessions/${s.id}/pv/sign`).set(auth(j.token)).expect(200);
    return s.id;
  }
  const awarded = (codes: string[], all = ALL) => ({
    attendance: 'present',
    ccpResults: all.map((ccpCode) => ({ ccpCode, awarded: codes.includes(ccpCode) })),
    finalInterviewHeld: true,
  });

  describe('R-CAP-1 / R-CAP-3: prior CCPs and the successor title', () => {
    it('records a CCP obtained elsewhere once (409 BOOKLET.ALREADY_HELD) and carries it to the successor through the correspondences', async () => {
      const learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
      const prior = { ccpCode: 'RNCP36805BC01', obtainedOn: '2023-06-20', source: 'external', reference: 'Livret n° 2023-0451' };
      const res = await t.http.post(`/api/learners/${learner.id}/prior-ccps`).set(auth(admin)).send(prior).expect(201);
      expect(res.body.ccps[0]).toMatchObject({ held: true, source: 'external', obtainedOn: '2023-06-20', validated: true });
      const again = await t.http.post(`/api/learners/${learner.id}/prior-ccps`).set(auth(admin)).send(prior).expect(409);
      // R-CAP-2: a fraud withdrawal is the only removal, logged with its reason.
      const other = await createLearner(t, { pathway: 'training', cohortId: cohort.id });
      await t.http.post(`/api/learners/${other.id}/prior-ccps`).set(auth(admin)).send(prior).expect(201);
      await t.http
        .post(`/api/learners/${other.id}/award-withdrawals`)
        .set(auth(admin))
        .send({ ccpCode: 'RNCP36805BC01', reason: 'court' })
        .expect(400);
      const withdrawn = await t.http
        .post(`/api/learners/${other.id}/award-withdrawals`)
        .set(auth(admin))
        .send({ ccpCode: 'RNCP36805BC01', reason: 'Fraude établie par la DREETS le 12/09/2025' })
        .expect(201);
      expect(withdrawn.body.ccps[0].held).toBe(false);
      await t.http
        .post(`/api/learners/${other.id}/award-withdrawals`)
        .set(auth(admin))
        .send({ ccpCode: 'RNCP36805BC01', reason: 'Fraude établie par la DREETS' })
        .expect(404);
      const audit = await t.http.get('/api/audit?entity=award').set(auth(admin)).expect(200);
      expect(audit.body.items[0]).toMatchObject({
        action: 'award.withdraw',
        after: { reason: 'Fraude : Fraude établie par la DREETS le 12/09/2025' },
      });
      expect(again.body).toMatchObject({ code: 'BOOKLET.ALREADY_HELD', rule: 'R-CAP-2' });
      await t.http.post(`/api/learners/${learner.id}/prior-ccps`).set(auth(trainer.token)).send(prior).expect(403);

      await t.http.post('/api/certifications').set(auth(admin)).send(successorTitle()).expect(201);
      await t.http
        .put('/api/certifications/RNCP36805/successor')
        .set(auth(admin))
        .send({
          successorCode: 'RNCP40800',
          correspondences: [
            { from: ['RNCP36805BC01'], to: 'RNCP40800BC01' },
            { from: ['RNCP36805BC02', 'RNCP36805BC03'], to: 'RNCP40800BC03' },
          ],
        })
        .expect(200);
      const booklet = await t.http.get(`/api/learners/${learner.id}/booklet`).set(auth(learner.token!)).expect(200);
      expect(booklet.body.successor).toEqual({
        code: 'RNCP40800',
        ccpsCarried: ['RNCP40800BC01'],
        ccpsMissing: ['RNCP40800BC02', 'RNCP40800BC03'],
      });

      // Moved to a cohort of the successor title, the learner holds its CCP 1 by correspondence.
      const next = await createCohort(t, [trainer.id], { certificationCode: 'RNCP40800', startDate: '2025-09-01', endDate: '2026-06-30' });
      await t.http.patch(`/api/learners/${learner.id}`).set(auth(admin)).send({ cohortId: next.id }).expect(200);
      const onSuccessor = await t.http.get(`/api/learners/${learner.id}/booklet`).set(auth(learner.token!)).expect(200);
      expect(onSuccessor.body.certification.code).toBe('RNCP40800');
      expect(onSuccessor.body.ccps.map((c: { code: string; held: boolean; source: string | null }) => [c.code, c.held, c.source])).toEqual([
        ['RNCP40800BC01', true, 'correspondence'],
        ['RNCP40800BC02', false, null],
        ['RNCP40800BC03', false, null],
      ]);
    });
  });

  describe('R-SES-3 / R-DEC-4: an appeal upheld, then a rectification signed again', () => {
    let learner: LearnerFixture;
    let sessionId: string;

    it('records the appeal and its outcome; a second decision is 409', async () => {
      learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
      sessionId = await runSession({ type: 'title', startDate: '2025-04-01', endDate: '2025-04-01' }, [
        { learner, result: awarded(['RNCP36805BC01']) },
      ]);
      const appeal = await t.http
        .post(`/api/jury-sessions/${sessionId}/candidates/${learner.id}/appeals`)
        .set(auth(admin))
        .send({ filedOn: '2025-04-20', kind: 'gracieux', summary: 'Erreur de report sur le CCP 2' })
        .expect(201);
      // The answer has the shape the contract documents (AppealViewDto), as the session view lists it.
      expect(appeal.body).toEqual({
        id: expect.any(String),
        learnerId: learner.id,
        filedOn: '2025-04-20',
        kind: 'gracieux',
        summary: 'Erreur de report sur le CCP 2',
        outcome: null,
        decidedOn: null,
      });
      const decided = await t.http
        .put(`/api/jury-sessions/${sessionId}/candidates/${learner.id}/appeals/${appeal.body.id}`)
        .set(auth(admin))
        .send({ outcome: 'upheld', decidedOn: '2025-05-10' })
        .expect(200);
      expect(decided.body).toMatchObject({ id: appeal.body.id, learnerId: learner.id, outcome: 'upheld', decidedOn: '2025-05-10' });
      const again = await t.http
        .put(`/api/jury-sessions/${sessionId}/candidates/${learner.id}/appeals/${appeal.body.id}`)
        .set(auth(admin))
        .send({ outcome: 'rejected', decidedOn: '2025-05-11' })
        .expect(409);
      expect(again.body.code).toBe('SESSION.APPEAL_DECIDED');
      const session = await t.http.get(`/api/jury-sessions/${sessionId}`).set(auth(admin)).expect(200);
      expect(session.body.appeals).toEqual([
        {
          id: appeal.body.id,
          learnerId: learner.id,
          filedOn: '2025-04-20',
          kind: 'gracieux',
          summary: 'Erreur de report sur le CCP 2',
          outcome: 'upheld',
          decidedOn: '2025-05-10',
        },
      ]);
      await expect(t.dataSource.query(`UPDATE appeals SET outcome = 'rejected' WHERE id = $1`, [appeal.body.id])).rejects.toThrow(
        /Recours décidé/,
      );
    });

    it('the rectification is a new PV version with its reason, to be signed again; then the CCP is awarded', async () => {
      const res = await t.http
        .post(`/api/jury-sessions/${sessionId}/pv/rectifications`)
        .set(auth(admin))
        .send({
          reason: 'Recours gracieux accueilli le 10/05/2025 : CCP 2 acquis',
          results: [{ learnerId: learner.id, ...awarded(['RNCP36805BC01', 'RNCP36805BC02']) }],
        })
        .expect(201);
      expect(res.body).toMatchObject({ version: 2, complete: false, reason: 'Recours gracieux accueilli le 10/05/2025 : CCP 2 acquis' });
      const session = await t.http.get(`/api/jury-sessions/${sessionId}`).set(auth(admin)).expect(200);
      expect(session.body.status).toBe('awaiting_signatures');
      let booklet = await t.http.get(`/api/learners/${learner.id}/booklet`).set(auth(admin)).expect(200);
      expect(booklet.body.ccps.filter((c: { held: boolean }) => c.held).map((c: { code: string }) => c.code)).toEqual(['RNCP36805BC01']);
      for (const j of [j1, j2]) await t.http.post(`/api/jury-sessions/${sessionId}/pv/sign`).set(auth(j.token)).expect(200);
      booklet = await t.http.get(`/api/learners/${learner.id}/booklet`).set(auth(admin)).expect(200);
      expect(booklet.body.ccps.filter((c: { held: boolean }) => c.held).map((c: { code: string }) => c.code)).toEqual([
        'RNCP36805BC01',
        'RNCP36805BC02',
      ]);
    });

    it('a rectification that removes a CCP withdraws it, with its reason (the ledger keeps the award)', async () => {
      await t.http
        .post(`/api/jury-sessions/${sessionId}/pv/rectifications`)
        .set(auth(admin))
        .send({ reason: 'Erreur matérielle : CCP 1 non acquis', results: [{ learnerId: learner.id, ...awarded(['RNCP36805BC02']) }] })
        .expect(201);
      for (const j of [j1, j2]) await t.http.post(`/api/jury-sessions/${sessionId}/pv/sign`).set(auth(j.token)).expect(200);
      const booklet = await t.http.get(`/api/learners/${learner.id}/booklet`).set(auth(admin)).expect(200);
      expect(booklet.body.ccps.filter((c: { held: boolean }) => c.held).map((c: { code: string }) => c.code)).toEqual(['RNCP36805BC02']);
      const [row] = await t.dataSource.query(
        `SELECT w.reason FROM award_withdrawals w JOIN ccp_awards a ON a.id = w.award_id JOIN ccps c ON c.id = a.ccp_id WHERE a.learner_id = $1 AND c.code = 'RNCP36805BC01'`,
        [learner.id],
      );
      expect(row.reason).toContain('Erreur matérielle');
      const versions = await t.dataSource.query(
        'SELECT version, rectifies_id IS NOT NULL AS rectifies FROM pv_versions WHERE session_id = $1 ORDER BY version',
        [sessionId],
      );
      expect(versions).toEqual([
        { version: 1, rectifies: false },
        { version: 2, rectifies: true },
        { version: 3, rectifies: true },
      ]);
    });
  });

  describe('visibility of jurors', () => {
    it('a juror sees the sessions they sit on and those candidates, nothing else', async () => {
      const candidate = await createLearner(t, { pathway: 'training', cohortId: cohort.id });
      const stranger = await createLearner(t, { pathway: 'training', cohortId: cohort.id });
      const s = await createSession(t, { type: 'title', startDate: '2025-05-05', endDate: '2025-05-05' });
      await t.http.post(`/api/jury-sessions/${s.id}/jurors`).set(auth(admin)).send({ userId: j1.id }).expect(201);
      await t.http
        .post(`/api/jury-sessions/${s.id}/candidates`)
        .set(auth(admin))
        .send({ learnerId: candidate.id, override: { reason: 'Test de visibilité' } })
        .expect(201);
      const outsider = await createJuror(t);
      await t.http.get(`/api/jury-sessions/${s.id}`).set(auth(j1.token)).expect(200);
      await t.http.get(`/api/jury-sessions/${s.id}`).set(auth(outsider.token)).expect(404);
      await t.http.get(`/api/learners/${candidate.id}`).set(auth(j1.token)).expect(200);
      await t.http.get(`/api/learners/${stranger.id}`).set(auth(j1.token)).expect(404);
      await t.http.get(`/api/jury-sessions/${s.id}/candidates/${candidate.id}/dossier`).set(auth(outsider.token)).expect(404);
      await t.http
        .post('/api/jury-sessions')
        .set(auth(j1.token))
        .send({ type: 'title', certificationCode: 'RNCP36805', startDate: '2025-05-05', endDate: '2025-05-05' })
        .expect(403);
      await t.http.get('/api/jury-sessions').set(auth(trainer.token)).expect(403);
    });
  });

  describe('documents', () => {
    it('the PV, the attestation of results and the convocations read back as PDF; a convocation states the accommodation granted (R-SES-2)', async () => {
      const learner = await createLearner(
        t,
        { pathway: 'training', cohortId: cohort.id, firstName: 'Léa', lastName: 'Moreau', accommodations: 'Tiers-temps' },
        true,
      );
      const absent = await createLearner(t, { pathway: 'training', cohortId: cohort.id, firstName: 'Yanis', lastName: 'Brunet' }, true);
      const sessionId = await runSession(
        { type: 'title', startDate: '2025-05-12', endDate: '2025-05-13', ceresReference: 'CERES-25-0512' },
        [
          { learner, result: awarded(['RNCP36805BC01', 'RNCP36805BC03']) },
          { learner: absent, result: { attendance: 'absent', ccpResults: [] } },
        ],
      );
      const get = (path: string, token = admin) => t.http.get(path).set(auth(token)).buffer(true).parse(binaryParser).expect(200);
      mkdirSync(join(__dirname, '..', 'test-output'), { recursive: true });
      const pv = await get(`/api/jury-sessions/${sessionId}/pv.pdf`, j1.token);
      writeFileSync(join(__dirname, '..', 'test-output', 'pv.pdf'), pv.body as Buffer);
      const pvText = (await pdfToText(pv.body as Buffer)).text.join(' ').replace(/\s+/g, ' ');
      for (const s of [
        'PROCÈS-VERBAL DE DÉLIBÉRATION',
        'Paul Juré',
        'Rose Jurée',
        'MOREAU Léa',
        'BRUNET Yanis',
        'Réussite partielle',
        'Absent',
        'Pièces remises sur place',
        'CERES-25-0512',
        'PV signé par tous',
      ]) {
        expect(pvText).toContain(s);
      }
      const attestation = await get(`/api/learners/${learner.id}/booklet.pdf`, learner.token);
      writeFileSync(join(__dirname, '..', 'test-output', 'attestation.pdf'), attestation.body as Buffer);
      const aText = (await pdfToText(attestation.body as Buffer)).text.join(' ').replace(/\s+/g, ' ');
      for (const s of [
        'ATTESTATION DE RÉSULTATS',
        'MOREAU Léa',
        'Réussite partielle',
        '31/08/2026',
        'En attente',
        'ne vaut ni livret de certification ni titre',
      ])
        expect(aText).toContain(s);
      const convocations = await get(`/api/jury-sessions/${sessionId}/convocations.pdf`);
      writeFileSync(join(__dirname, '..', 'test-output', 'convocations.pdf'), convocations.body as Buffer);
      const c = await pdfToText(convocations.body as Buffer);
      // Issue 12: one page per candidate, then one per juror (2 + 2).
      expect(c.pages).toBe(4);
      expect(c.text.join(' ')).toContain("pièce d'identité");
      expect(c.text.join(' ')).toContain('Aménagement accordé : Tiers-temps.');
    });
  });

  describe('bounded reads', () => {
    it('the booklet runs the same number of queries for 1 and for 10 past sessions', async () => {
      const service = t.app.get(BookletService);
      const learners = t.app.get(LearnersService);
      const measure = async (sessions: number): Promise<number> => {
        const l = await createLearner(t, { pathway: 'training', cohortId: cohort.id });
        for (let i = 0; i < sessions; i += 1) {
          await runSession(
            {
              type: 'title',
              startDate: `2025-0${1 + Math.floor(i / 5)}-${String(10 + (i % 5)).padStart(2, '0')}`,
              endDate: `2025-0${1 + Math.floor(i / 5)}-${String(10 + (i % 5)).padStart(2, '0')}`,
            },
            [{ learner: l, result: { attendance: 'absent', ccpResults: [] } }],
          );
        }
        const [record] = await learners.learnersByIds([l.id]);
        const { result, count } = await countQueries(() => service.bundleOf(record));
        expect(result.booklet.sessions).toHaveLength(sessions);
        return count;
      };
      const one = await measure(1);
      const ten = await measure(10);
      console.log(`booklet: ${one} SQL queries with 1 past session, ${ten} with 10`);
      expect(ten).toBe(one);
    });

    it('the PV and the session view run the same number of queries for 3 and for 30 candidates; the dossier is bounded', async () => {
      const pvs = t.app.get(PvService);
      const planning = t.app.get(SessionPlanningService);
      const deliberation = t.app.get(DeliberationService);
      const measure = async (size: number): Promise<{ pv: number; view: number; dossier: number }> => {
        const group = await Promise.all(Array.from({ length: size }, () => createLearner(t, { pathway: 'training', cohortId: cohort.id })));
        const id = await runSession(
          { type: 'title', startDate: '2025-07-01', endDate: '2025-07-01' },
          group.map((learner, i) => ({
            learner,
            result: i % 3 === 0 ? { attendance: 'absent', ccpResults: [] } : awarded(i % 2 ? ALL : ['RNCP36805BC01']),
          })),
        );
        const pv = await countQueries(() => pvs.pv(adminUser, id));
        expect(pv.result.candidates).toHaveLength(size);
        const view = await countQueries(() => planning.get(adminUser, id));
        const dossier = await countQueries(() => deliberation.dossier(adminUser, id, group[0].id));
        return { pv: pv.count, view: view.count, dossier: dossier.count };
      };
      const three = await measure(3);
      const thirty = await measure(30);
      console.log(
        `PV: ${three.pv} SQL queries for 3 candidates, ${thirty.pv} for 30; session view: ${three.view} / ${thirty.view}; dossier: ${three.dossier} / ${thirty.dossier}`,
      );
      expect(thirty).toEqual(three);
    });
  });
});
