import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DocumentIssuer } from '@app/platform';
import { renderPv } from '../libs/jury-sessions/src/documents/pv.pdf';
import { frenchLongDate, frenchTime, sessionWhen } from '../libs/jury-sessions/src/documents/wording';
import { pvHash } from '../libs/jury-sessions/src/pv-content';
import { auth, createCohort, createJuror, createLearner, createSession, LearnerFixture } from './support/fixtures';
import { binaryParser, pdfToText } from './support/pdf';
import { startTestApp, TestApp } from './support/test-app';

const ALL = ['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03'];
const JUROR = 'Agnieszka Wójcik-Łęcka';
const CENTRE = {
  name: 'Centre Ấn — Formation Santé',
  address: '5 place Bellecour',
  postalCode: '69002',
  city: 'Lyon',
  agrementNumber: '84 69 12345 69',
  email: 'contact@centre-an.fr',
  phone: '04 72 00 00 00',
  signatoryName: 'Claire Martin',
  signatoryTitle: 'Directrice',
};

/**
 * Issue 12 (3, 4): convocations that can be sent as they are (dates AND time, place and address,
 * « CCP n — title », entretien final, accommodation R-SES-2, what to bring, contact, date,
 * signatory; one per juror too) and the PV in words (CCP titles, overrides with their rule and
 * reason, birth dates, the jury's observations, the president, each juror's signature with its
 * date) — R-SES-1, R-SES-2, R-DEC-4. PDFs are read back with pdfjs.
 */
describe('session documents: convocations and the PV in words', () => {
  let t: TestApp;
  let admin: string;
  let learner: LearnerFixture;
  let agnieszka: { id: string; token: string };
  let other: { id: string; token: string };
  let outsider: { id: string; token: string };
  let sessionId: string;
  let ccpTitles: Record<string, string>;
  let centreSet: boolean;
  const s = (path = ''): string => `/api/jury-sessions/${sessionId}${path}`;
  const pdf = async (path: string, token = admin): Promise<Buffer> =>
    (await t.http.get(path).set(auth(token)).buffer(true).parse(binaryParser).expect(200)).body as Buffer;
  const text = async (buffer: Buffer): Promise<{ pages: number; all: string }> => {
    const read = await pdfToText(buffer);
    // A line may break after a hyphen (« R-⏎ELIG-5 »): joined back, other breaks read as spaces.
    return { pages: read.pages, all: read.text.join(' ').replace(/-\n/g, '-').replace(/\s+/g, ' ').normalize('NFC') };
  };
  const keep = (name: string, buffer: Buffer): void => {
    mkdirSync(join(__dirname, '..', 'test-output', 'session-documents'), { recursive: true });
    writeFileSync(join(__dirname, '..', 'test-output', 'session-documents', name), buffer);
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    // The centre's identity, as staff set it in the web app (libs/centre, built beside this).
    centreSet = (await t.http.put('/api/centre').set(auth(admin)).send(CENTRE)).status === 200;
    const title = await t.http.get('/api/certifications/RNCP36805').set(auth(admin)).expect(200);
    ccpTitles = Object.fromEntries(
      (title.body.ccps as { code: string; number: number; title: string }[]).map((c) => [c.code, `CCP ${c.number} — ${c.title}`]),
    );
    const trainer = await t.createUser(['trainer']);
    const cohort = await createCohort(t, [trainer.id]);
    learner = await createLearner(t, {
      pathway: 'training',
      cohortId: cohort.id,
      firstName: 'Thị Ánh',
      lastName: 'NGUYỄN',
      birthDate: '1990-04-12',
      accommodations: 'Tiers-temps et pauses régulières',
    });
    agnieszka = await createJuror(t, { fullName: JUROR });
    other = await createJuror(t, { fullName: 'Jean Dupont' });
    outsider = await createJuror(t, { fullName: 'Hors Session' });
  }, 120_000);
  afterAll(async () => t.close());

  describe('startTime and address (R-SES-1)', () => {
    it('are optional, accepted and returned; « 8:30 » is read as 08:30', async () => {
      const bare = await createSession(t, { type: 'title', startDate: '2025-03-03', endDate: '2025-03-03' });
      const read = await t.http.get(`/api/jury-sessions/${bare.id}`).set(auth(admin)).expect(200);
      expect(read.body).toMatchObject({ startTime: null, address: null, presidentId: null, president: null });

      const created = await createSession(t, {
        type: 'title',
        startDate: '2025-03-10',
        endDate: '2025-03-10',
        site: 'Lyon — salle Rhône',
        startTime: '8:30',
        address: '12 rue des Lilas\n69003 Lyon',
      });
      sessionId = created.id;
      expect(created).toMatchObject({ startTime: '08:30', address: '12 rue des Lilas\n69003 Lyon' });
      const got = await t.http.get(s()).set(auth(admin)).expect(200);
      expect(got.body).toMatchObject({ startTime: '08:30', address: '12 rue des Lilas\n69003 Lyon', president: null });
    });

    it.each([['25:00'], ['8h30'], ['08:60'], [''], ['0830'], [830]])(
      'a bad startTime %p is a 400 naming startTime with a French message',
      async (startTime) => {
        const res = await t.http
          .post('/api/jury-sessions')
          .set(auth(admin))
          .send({ type: 'title', certificationCode: 'RNCP36805', startDate: '2025-03-10', endDate: '2025-03-10', startTime });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        const detail = (res.body.details as { field: string; message: string }[]).find((d) => d.field === 'startTime');
        expect(detail?.message).toContain('HH:MM');
      },
    );

    it('PATCH changes time, address and site while planned (null clears), audited; bad input 400; a juror 403', async () => {
      const res = await t.http.patch(s()).set(auth(admin)).send({ startTime: '09:15', address: null }).expect(200);
      expect(res.body).toMatchObject({ startTime: '09:15', address: null, site: 'Lyon — salle Rhône' });
      const back = await t.http
        .patch(s())
        .set(auth(admin))
        .send({ startTime: '08:30', address: '12 rue des Lilas\n69003 Lyon' })
        .expect(200);
      expect(back.body).toMatchObject({ startTime: '08:30', address: '12 rue des Lilas\n69003 Lyon' });
      const bad = await t.http.patch(s()).set(auth(admin)).send({ startTime: '8h' }).expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['startTime']);
      await t.http
        .patch(s())
        .set(auth(admin))
        .send({ address: 'x'.repeat(301) })
        .expect(400);
      await t.http.patch(s()).set(auth(admin)).send({ president: 'x' }).expect(400);
      for (const body of [{ startTime: 830 }, { address: {} }, { site: '   ' }, { startTime: ['08:30'] }, [{ startTime: '08:30' }]])
        expect({ body, status: (await t.http.patch(s()).set(auth(admin)).send(body)).status }).toEqual({ body, status: 400 });
      await t.http
        .patch('/api/jury-sessions/00000000-0000-4000-8000-000000000000')
        .set(auth(admin))
        .send({ startTime: '08:30' })
        .expect(404);
      await t.http.patch(s()).set(auth(agnieszka.token)).send({ startTime: '10:00' }).expect(403);
      const audit = await t.http.get(`/api/audit?entity=jury_session&entityId=${sessionId}&pageSize=50`).set(auth(admin)).expect(200);
      const updates = (audit.body.items as { action: string; before: unknown; after: unknown }[]).filter(
        (e) => e.action === 'jury_session.update',
      );
      expect(updates).toHaveLength(2);
      expect(updates.map((u) => u.after)).toEqual(
        expect.arrayContaining([{ startTime: '09:15', address: null, site: 'Lyon — salle Rhône' }]),
      );
    });
  });

  describe('the jury and its president', () => {
    it('the president is a juror of the session: 422 JURY.PRESIDENT_NOT_JUROR otherwise; removing them clears it', async () => {
      for (const j of [agnieszka, other]) await t.http.post(s('/jurors')).set(auth(admin)).send({ userId: j.id }).expect(201);
      const notJuror = await t.http.put(s('/president')).set(auth(admin)).send({ userId: outsider.id }).expect(422);
      expect(notJuror.body.code).toBe('JURY.PRESIDENT_NOT_JUROR');
      expect(notJuror.body.message).toContain('parmi les membres du jury');
      await t.http.put(s('/president')).set(auth(admin)).send({ userId: '00000000-0000-4000-8000-000000000000' }).expect(422);
      for (const body of [{ userId: 'nope' }, {}, { userId: 5 }, { userId: null }])
        expect({ body, status: (await t.http.put(s('/president')).set(auth(admin)).send(body)).status }).toEqual({ body, status: 400 });
      await t.http.put(s('/president')).set(auth(agnieszka.token)).send({ userId: agnieszka.id }).expect(403);

      await t.http.post(s('/jurors')).set(auth(admin)).send({ userId: outsider.id }).expect(201);
      const named = await t.http.put(s('/president')).set(auth(admin)).send({ userId: outsider.id }).expect(200);
      expect(named.body.president).toEqual({ userId: outsider.id, fullName: 'Hors Session' });
      const removed = await t.http
        .delete(s(`/jurors/${outsider.id}`))
        .set(auth(admin))
        .expect(200);
      expect(removed.body).toMatchObject({ presidentId: null, president: null });

      const res = await t.http.put(s('/president')).set(auth(admin)).send({ userId: agnieszka.id }).expect(200);
      expect(res.body).toMatchObject({ presidentId: agnieszka.id, president: { userId: agnieszka.id, fullName: JUROR } });
      // The juror sees who chairs.
      const seen = await t.http.get(s()).set(auth(agnieszka.token)).expect(200);
      expect(seen.body.president.fullName).toBe(JUROR);
    });

    it('registers the candidate by an override (no ECF synthesis, no DP: R-ELIG-4, R-ELIG-5)', async () => {
      const res = await t.http
        .post(s('/candidates'))
        .set(auth(admin))
        .send({ learnerId: learner.id, override: { reason: 'Dossier remis en main propre le 03/03/2025' } })
        .expect(201);
      expect(res.body.overrides[0].codes).toEqual(['ELIG.MISSING_ECF_SYNTHESIS', 'ELIG.DP_NOT_SUBMITTED']);
    });
  });

  describe('convocations', () => {
    it("a candidate's convocation: name exactly, birth date, date AND time, place and address, « CCP n — title », entretien final, accommodation, what to bring, contact, date and signatory", async () => {
      const buffer = await pdf(s(`/candidates/${learner.id}/convocation.pdf`));
      keep('convocation-candidate.pdf', buffer);
      const { pages, all } = await text(buffer);
      expect(pages).toBe(1);
      for (const expected of [
        'Thị Ánh',
        'NGUYỄN',
        'Né(e) le 12/04/1990',
        "Objet : convocation à la session d'examen du titre professionnel",
        'le lundi 10 mars 2025 à 8 h 30',
        'Lyon — salle Rhône',
        '12 rue des Lilas, 69003 Lyon',
        ccpTitles.RNCP36805BC01,
        ccpTitles.RNCP36805BC02,
        ccpTitles.RNCP36805BC03,
        "l'entretien final avec le jury",
        'Aménagement accordé : Tiers-temps et pauses régulières.',
        "pièce d'identité en cours de validité",
        'dossier professionnel (DP), imprimé',
        'cette convocation',
      ])
        expect({ expected, found: all.includes(expected) }).toEqual({ expected, found: true });
      expect(all).not.toContain('RNCP36805BC0');
      if (centreSet) {
        for (const expected of [CENTRE.name, 'contact@centre-an.fr', '04 72 00 00 00', 'Fait à Lyon, le ', 'Claire Martin', 'Directrice'])
          expect({ expected, found: all.includes(expected) }).toEqual({ expected, found: true });
      } else {
        expect(all).toMatch(/Fait le \d\d\/\d\d\/\d{4}/);
      }
    });

    it("a juror's convocation: the session, time, place, the number of candidates, the CCPs, the president; 404 for a non-juror", async () => {
      const buffer = await pdf(s(`/jurors/${agnieszka.id}/convocation.pdf`));
      keep('convocation-juror.pdf', buffer);
      const { pages, all } = await text(buffer);
      expect(pages).toBe(1);
      for (const expected of [
        JUROR,
        'convocation en qualité de membre du jury',
        'le lundi 10 mars 2025 à 8 h 30',
        '12 rue des Lilas, 69003 Lyon',
        'Candidats : 1, dont 1 avec entretien final',
        `Président du jury : vous-même (${JUROR})`,
        'Jean Dupont',
        ccpTitles.RNCP36805BC02,
        'R-JURY-3',
      ])
        expect({ expected, found: all.includes(expected) }).toEqual({ expected, found: true });
      const theOther = (await text(await pdf(s(`/jurors/${other.id}/convocation.pdf`)))).all;
      expect(theOther).toContain(`Président du jury : ${JUROR}`);
      await t.http
        .get(s(`/jurors/${outsider.id}/convocation.pdf`))
        .set(auth(admin))
        .expect(404);
      await t.http
        .get(s(`/candidates/${other.id}/convocation.pdf`))
        .set(auth(admin))
        .expect(404);
      await t.http
        .get(s(`/jurors/${agnieszka.id}/convocation.pdf`))
        .set(auth(agnieszka.token))
        .expect(403);
    });

    it('convocations.pdf: every candidate, then every juror, one page each', async () => {
      const buffer = await pdf(s('/convocations.pdf'));
      keep('convocations.pdf', buffer);
      const { pages, all } = await text(buffer);
      expect(pages).toBe(3);
      expect(all.indexOf('NGUYỄN')).toBeLessThan(all.indexOf(JUROR));
      expect(all).toContain('Jean Dupont');
    });

    it('a session over several days says « du … au …, chaque jour à … »; without time, that the centre will give it', () => {
      expect(sessionWhen({ startDate: '2027-01-11', endDate: '2027-01-12', startTime: '08:30' })).toBe(
        'du lundi 11 janvier 2027 au mardi 12 janvier 2027, chaque jour à 8 h 30',
      );
      expect(sessionWhen({ startDate: '2027-09-01', endDate: '2027-09-01', startTime: null })).toBe(
        "le mercredi 1er septembre 2027 (l'heure vous sera précisée par le centre)",
      );
      expect(frenchTime('14:05')).toBe('14 h 05');
      expect(frenchTime('09:00')).toBe('9 h');
      expect(frenchLongDate('2024-02-29')).toBe('jeudi 29 février 2024');
    });
  });

  describe('the PV in words (R-DEC-4)', () => {
    it('results with the jury’s observations; closed: the PV JSON names the president and the birth dates, the president no longer changes (409)', async () => {
      await t.http.post(s('/deliberation/open')).set(auth(admin)).expect(200);
      await t.http.patch(s()).set(auth(admin)).send({ startTime: '10:00' }).expect(409);
      await t.http
        .put(s(`/candidates/${learner.id}/result`))
        .set(auth(agnieszka.token))
        .send({
          attendance: 'present',
          ccpResults: ALL.map((ccpCode) => ({
            ccpCode,
            awarded: ccpCode !== 'RNCP36805BC02',
            ...(ccpCode === 'RNCP36805BC02' ? { comment: 'Planification des rendez-vous à consolider' } : {}),
          })),
          finalInterviewHeld: true,
          titleAwarded: false,
          comment: 'Très bonne maîtrise de l’accueil ; à représenter au CCP 2.',
        })
        .expect(200);
      // During the deliberation, the president may still change (and back).
      await t.http.put(s('/president')).set(auth(admin)).send({ userId: other.id }).expect(200);
      await t.http.put(s('/president')).set(auth(admin)).send({ userId: agnieszka.id }).expect(200);
      const closed = await t.http.post(s('/deliberation/close')).set(auth(agnieszka.token)).expect(200);
      expect(closed.body.president).toEqual({ userId: agnieszka.id, fullName: JUROR });
      expect(closed.body.content.president).toEqual({ userId: agnieszka.id, fullName: JUROR });
      expect(closed.body.content.candidates[0]).toMatchObject({
        fullName: 'NGUYỄN Thị Ánh',
        birthDate: '1990-04-12',
        comment: 'Très bonne maîtrise de l’accueil ; à représenter au CCP 2.',
        ccpComments: [{ ccpCode: 'RNCP36805BC02', comment: 'Planification des rendez-vous à consolider' }],
      });
      expect(closed.body.content.ccps).toHaveLength(3);
      const drafted = await t.http.put(s('/president')).set(auth(admin)).send({ userId: other.id }).expect(409);
      expect(drafted.body.code).toBe('SESSION.NOT_DELIBERATING');

      const pending = (await text(await pdf(s('/pv.pdf'), agnieszka.token))).all;
      expect(pending).toContain('en attente');
      expect(pending).toContain('PV en attente de signatures');
    });

    it('the PV PDF: CCP titles, the override in words with its rule and reason, the birth date, the observations, the president, each signature with its date', async () => {
      for (const j of [agnieszka, other]) await t.http.post(s('/pv/sign')).set(auth(j.token)).expect(200);
      const json = await t.http.get(s('/pv')).set(auth(other.token)).expect(200);
      expect(json.body.complete).toBe(true);
      expect(json.body.sha256).toMatch(/^[0-9a-f]{64}$/);
      const buffer = await pdf(s('/pv.pdf'), other.token);
      keep('pv.pdf', buffer);
      const { all } = await text(buffer);
      for (const expected of [
        'PROCÈS-VERBAL DE DÉLIBÉRATION DU JURY',
        'NGUYỄN Thị Ánh — né(e) le 12/04/1990',
        `Président du jury : ${JUROR}`,
        'Président(e) du jury',
        ccpTitles.RNCP36805BC01,
        ccpTitles.RNCP36805BC02,
        ccpTitles.RNCP36805BC03,
        'non obtenu',
        'Planification des rendez-vous à consolider',
        'Très bonne maîtrise de l’accueil ; à représenter au CCP 2.',
        'Réussite partielle',
        "synthèse ECF non signée (évaluateur et centre) à l'inscription (R-ELIG-4)",
        "dossier professionnel non remis à l'inscription (R-ELIG-5)",
        'Motif : Dossier remis en main propre le 03/03/2025',
        "signé dans l'application le",
        'PV signé par tous les membres du jury.',
        json.body.sha256,
      ])
        expect({ expected, found: all.includes(expected) }).toEqual({ expected, found: true });
      expect(all).not.toContain('ELIG.');
      expect(all).not.toContain('RNCP36805BC0');
      expect(all).not.toContain('en attente');
      expect(all.split("signé dans l'application le").length - 1).toBe(2);
      if (centreSet) expect(all).toContain(CENTRE.name);
    });

    it('signed: the president no longer changes (409 SESSION.PV_SIGNED, R-DEC-4); the PV still verifies', async () => {
      const res = await t.http.put(s('/president')).set(auth(admin)).send({ userId: other.id }).expect(409);
      expect(res.body.code).toBe('SESSION.PV_SIGNED');
      await t.http.get(s('/pv')).set(auth(admin)).expect(200);
    });

    it('a PV version stored before issue 12 keeps verifying against its sha256 and prints, over HTTP (R-DEC-4)', async () => {
      const old = await createSession(t, { type: 'title', startDate: '2025-01-10', endDate: '2025-01-10' });
      await t.http.post(`/api/jury-sessions/${old.id}/jurors`).set(auth(admin)).send({ userId: other.id }).expect(201);
      // The content exactly as PVs were drafted before: no ccps, president, birthDate or ccpComments.
      const content = {
        sessionId: old.id,
        type: 'title',
        certification: { code: 'RNCP36805', name: 'Secrétaire assistant médico-social' },
        startDate: '2025-01-10',
        endDate: '2025-01-10',
        site: 'Lyon',
        ceresReference: null,
        jurors: [{ userId: other.id, fullName: 'Jean Dupont' }],
        candidates: [],
      };
      const sha256 = pvHash({ version: 1, reason: null, content });
      const db = t.app.get(DataSource);
      await db.query(`UPDATE jury_sessions SET deliberation_opened_at = now(), deliberation_closed_at = now() WHERE id = $1`, [old.id]);
      await db.query(`INSERT INTO pv_versions (session_id, version, content, sha256) VALUES ($1, 1, $2, $3)`, [old.id, content, sha256]);
      const pv = await t.http.get(`/api/jury-sessions/${old.id}/pv`).set(auth(admin)).expect(200);
      expect(pv.body).toMatchObject({ sha256, president: null });
      expect(pv.body.content).not.toHaveProperty('president');
      const { all } = await text(await pdf(`/api/jury-sessions/${old.id}/pv.pdf`));
      expect(all).toContain('Président du jury : non désigné');
      expect(all).toContain(sha256);
    });

    it('a PV drafted before issue 12 (no CCP titles, birth dates or president in its hashed content) still prints, its CCPs named from the référentiel', async () => {
      const issuer: DocumentIssuer = {
        name: 'Centre',
        address: '',
        postalCode: '',
        city: '',
        agrementNumber: '',
        email: '',
        phone: '',
        signatoryName: '',
        signatoryTitle: '',
        logo: null,
      };
      const buffer = await renderPv(
        {
          sessionId: '00000000-0000-4000-8000-000000000001',
          version: 1,
          candidates: [],
          signatures: [],
          complete: false,
          sha256: 'a'.repeat(64),
          reason: null,
          president: null,
          content: {
            sessionId: '00000000-0000-4000-8000-000000000001',
            type: 'title',
            certification: { code: 'RNCP36805', name: 'Secrétaire assistant médico-social' },
            startDate: '2025-01-10',
            endDate: '2025-01-10',
            site: null,
            ceresReference: null,
            jurors: [{ userId: '00000000-0000-4000-8000-000000000002', fullName: 'Paul Juré' }],
            candidates: [
              {
                learnerId: '00000000-0000-4000-8000-000000000003',
                fullName: 'MOREAU Léa',
                attendance: 'present',
                ccpsAssessed: ['RNCP36805BC01'],
                ccpsAwarded: ['RNCP36805BC01'],
                finalInterview: true,
                finalInterviewHeld: true,
                titleAwarded: false,
                outcome: 'partial',
                overrides: [],
                comment: null,
              },
            ],
          },
        },
        issuer,
        [{ code: 'RNCP36805BC01', number: 1, title: 'Assister une équipe' }],
      );
      const { all } = await text(buffer);
      expect(all).toContain('CCP 1 — Assister une équipe');
      expect(all).toContain('Président du jury : non désigné');
      expect(all).toContain('MOREAU Léa');
      expect(all).toContain('en attente');
    });
  });
});
