import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_COHORT, DEMO_LEARNER_EMAIL, DEMO_PASSWORD, DEMO_TITLE, DEMO_TITLE_NAME, demoCcp, demoDates, seedDemo } from '../seeds/demo';
import { auth } from './support/fixtures';
import { binaryParser, pdfToText } from './support/pdf';
import { startTestApp, TestApp } from './support/test-app';

describe('demo seed (npm run seed:demo)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    await seedDemo(t.app); // idempotent
  });
  afterAll(async () => t.close());

  it('creates the documented accounts once, and a cohort of 12 learners with varied ECF progress', async () => {
    mkdirSync(join(__dirname, '..', 'test-output'), { recursive: true });
    const trainer = await t.login('formatrice@demo.sams.fr', DEMO_PASSWORD);
    await t.login('secretariat@demo.sams.fr', DEMO_PASSWORD);
    const cohorts = await t.http.get('/api/cohorts').set(auth(trainer)).expect(200);
    expect(cohorts.body.items.map((c: { name: string }) => c.name)).toEqual([DEMO_COHORT]);
    expect(cohorts.body.items[0].learnerCount).toBe(12);
    const progress = await t.http.get(`/api/cohorts/${cohorts.body.items[0].id}/progress`).set(auth(trainer)).expect(200);
    const states = new Set(progress.body.learners.flatMap((l: { ccps: { synthesis: string }[] }) => l.ccps.map((c) => c.synthesis)));
    expect([...states].sort()).toEqual(['draft', 'none', 'signed']);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE email LIKE '%@demo.sams.fr'`);
    expect(n).toBe(6);
  });

  it('has dossiers professionnels in several states: a draft, one submitted with a warning, one submitted clean, none', async () => {
    const admin = await t.login('secretariat@demo.sams.fr', DEMO_PASSWORD);
    const list = await t.http.get('/api/learners?pageSize=200').set(auth(admin)).expect(200);
    const byName = (last: string): string => list.body.items.find((l: { lastName: string }) => l.lastName === last).id;
    const dp = async (last: string) =>
      (
        await t.http
          .get(`/api/learners/${byName(last)}/professional-file`)
          .set(auth(admin))
          .expect(200)
      ).body;
    const moreau = await dp('Moreau');
    expect(moreau).toMatchObject({ status: 'draft', warnings: [] });
    expect(moreau.examples).toHaveLength(2);
    const benali = await dp('Benali');
    expect(benali.status).toBe('submitted');
    expect(benali.warnings).toEqual([expect.objectContaining({ code: 'DP.POSSIBLE_PATIENT_DATA' })]);
    expect(benali.comments).toHaveLength(1);
    expect(await dp('Lambert')).toMatchObject({ status: 'submitted', warnings: [] });
    expect(await dp('Girard')).toMatchObject({ status: 'draft', examples: [] });
    const pdf = await t.http
      .get(`/api/learners/${byName('Benali')}/professional-file.pdf`)
      .set(auth(admin))
      .buffer(true)
      .parse(binaryParser)
      .expect(200);
    mkdirSync(join(__dirname, '..', 'test-output'), { recursive: true });
    writeFileSync(join(__dirname, '..', 'test-output', 'dossier-professionnel-demo.pdf'), pdf.body as Buffer);
  });

  it('has a closed session titre (titled, partial, absent) and a planned session CCP; a juror conflicts with some learners', async () => {
    const jury = await t.login('jury2@demo.sams.fr', DEMO_PASSWORD);
    const list = await t.http.get('/api/jury-sessions').set(auth(jury)).expect(200);
    const [ccp, titre] = list.body.items;
    expect(titre).toMatchObject({ type: 'title', status: 'closed' });
    expect(titre.candidates.map((c: { result: { outcome: string } }) => c.result.outcome).sort()).toEqual(['absent', 'partial', 'title']);
    expect(ccp).toMatchObject({ type: 'ccp', status: 'planned', ccpCodes: [demoCcp(2)] });
    expect(ccp.candidates[0]).toMatchObject({ fullName: 'BENALI Karim', finalInterview: true });
    const admin = await t.login('secretariat@demo.sams.fr', DEMO_PASSWORD);
    const moreau = (await t.http.get('/api/learners?q=Moreau').set(auth(admin))).body.items[0].id as string;
    // Without an override, the refusal names every problem at once: the DP (R-ELIG-5, which may be
    // lifted) and the conflict (R-JURY-3, which may not), so that no reason is written for nothing.
    const both = await t.http.post(`/api/jury-sessions/${ccp.id}/candidates`).set(auth(admin)).send({ learnerId: moreau }).expect(422);
    expect(both.body.code).toBe('ELIG.DP_NOT_SUBMITTED');
    expect(both.body.details).toEqual([
      expect.objectContaining({ code: 'ELIG.DP_NOT_SUBMITTED', rule: 'R-ELIG-5', overridable: true }),
      expect.objectContaining({ code: 'JURY.CONFLICT_OF_INTEREST', rule: 'R-JURY-3', overridable: false }),
    ]);
    const refused = await t.http
      .post(`/api/jury-sessions/${ccp.id}/candidates`)
      .set(auth(admin))
      .send({ learnerId: moreau, override: { reason: 'Démonstration' } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'JURY.CONFLICT_OF_INTEREST', details: [{ learnerId: moreau, link: 'employer' }] });
    const lambert = (await t.http.get('/api/learners?q=Lambert').set(auth(admin))).body.items[0].id as string;
    const booklet = await t.http.get(`/api/learners/${lambert}/booklet`).set(auth(admin)).expect(200);
    expect(booklet.body).toMatchObject({ titleAwarded: true, pendingValidation: true });
  });

  it('is usable on the day it is loaded: a demo title open today, successor of SAMS, a cohort running, sessions past and upcoming', async () => {
    const dates = demoDates();
    const admin = await t.login('secretariat@demo.sams.fr', DEMO_PASSWORD);
    const title = await t.http.get(`/api/certifications/${DEMO_TITLE}`).set(auth(admin)).expect(200);
    expect(title.body).toMatchObject({
      name: DEMO_TITLE_NAME,
      demo: true,
      status: 'valid',
      validFrom: dates.titleValidFrom,
      validUntil: dates.titleValidUntil,
      predecessorCode: 'RNCP36805',
    });
    expect(dates.titleValidFrom < dates.today && dates.today < dates.titleValidUntil).toBe(true);
    const sams = await t.http.get('/api/certifications/RNCP36805').set(auth(admin)).expect(200);
    expect(sams.body.successorCode).toBe(DEMO_TITLE);
    expect(sams.body.correspondences).toEqual([1, 2, 3].map((n) => ({ from: [`RNCP36805BC0${n}`], to: demoCcp(n) })));
    const [cohort] = (await t.http.get('/api/cohorts').set(auth(admin)).expect(200)).body.items;
    expect(cohort.startDate < dates.today && dates.today < cohort.endDate).toBe(true);
    const sessions = (await t.http.get('/api/jury-sessions').set(auth(admin)).expect(200)).body.items;
    expect(sessions.map((s: { startDate: string }) => s.startDate)).toEqual([dates.ccpSession, dates.titleSession]);
    // The session titre is past, the session CCP is today: its jury deliberates today (never before its first day).
    expect(dates.titleSession < dates.today && dates.today === dates.ccpSession).toBe(true);
    // Thomas Girard's CCP 1 of SAMS carries over to the demo title (R-CAP-3).
    const girard = (await t.http.get('/api/learners?q=Girard').set(auth(admin))).body.items[0].id as string;
    const booklet = await t.http.get(`/api/learners/${girard}/booklet`).set(auth(admin)).expect(200);
    expect(booklet.body.certification.code).toBe(DEMO_TITLE);
    expect(booklet.body.ccps[0]).toMatchObject({ code: demoCcp(1), held: true, source: 'correspondence' });
    expect(booklet.body.ccps.slice(1).map((c: { held: boolean }) => c.held)).toEqual([false, false]);
  });

  it('the demo learner signs in and reads their livret ECF; it is written to test-output/ to be looked at', async () => {
    const token = await t.login(DEMO_LEARNER_EMAIL, DEMO_PASSWORD);
    const me = await t.http.get('/api/auth/me').set(auth(token)).expect(200);
    const res = await t.http
      .get(`/api/learners/${me.body.learnerId}/ecf.pdf`)
      .set(auth(token))
      .buffer(true)
      .parse(binaryParser)
      .expect(200);
    mkdirSync(join(__dirname, '..', 'test-output'), { recursive: true });
    writeFileSync(join(__dirname, '..', 'test-output', 'livret-ecf-demo.pdf'), res.body as Buffer);
    const text = (await pdfToText(res.body as Buffer)).text.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('MOREAU');
    expect(text).toContain("L'activité 1 est maîtrisée");
    expect(text).toContain('Claire Martin');
  });

  it('issue 16 review, R-CAP-2 / R-DEC-2: a CCP of a titled learner withdrawn for fraud takes the title off the booklet, revokes the attestation, and the next one attests no title', async () => {
    const admin = await t.login('secretariat@demo.sams.fr', DEMO_PASSWORD);
    const lambert = (await t.http.get('/api/learners?q=Lambert').set(auth(admin))).body.items[0].id as string;
    const before = await t.http.get(`/api/learners/${lambert}/credential`).set(auth(admin)).expect(200);
    const first = await t.http.get(`/api/verify/${before.body.verificationCode}`).expect(200);
    expect(first.body).toMatchObject({ valid: true, titleAwarded: true });
    await t.http
      .post(`/api/learners/${lambert}/award-withdrawals`)
      .set(auth(admin))
      .send({ ccpCode: demoCcp(1), reason: 'Fraude documentaire constatée' })
      .expect(201);
    const booklet = await t.http.get(`/api/learners/${lambert}/booklet`).set(auth(admin)).expect(200);
    expect(booklet.body).toMatchObject({ titleAwarded: false, titleAwardedOn: null, outcome: 'partial' });
    expect((await t.http.get(`/api/verify/${before.body.verificationCode}`).expect(200)).body).toMatchObject({ valid: false });
    const after = await t.http.get(`/api/learners/${lambert}/credential`).set(auth(admin)).expect(200);
    expect(after.body.verificationCode).not.toBe(before.body.verificationCode);
    const now = await t.http.get(`/api/verify/${after.body.verificationCode}`).expect(200);
    expect(now.body).toMatchObject({ valid: true, titleAwarded: false });
    expect(now.body.ccps.map((c: { code: string }) => c.code)).not.toContain(demoCcp(1));
    const pdf = await t.http.get(`/api/learners/${lambert}/booklet.pdf`).set(auth(admin)).buffer(true).parse(binaryParser).expect(200);
    const text = (await pdfToText(pdf.body as Buffer)).text.join('\n');
    expect(text).toContain('non obtenu');
    expect(text).not.toMatch(/Titre[^\n]*obtenu le/);
  });
});
