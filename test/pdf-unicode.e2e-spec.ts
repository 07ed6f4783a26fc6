import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { pdfText as printedAs } from '@app/platform';
import { auth, createCohort, createJuror, createLearner, createSession, LearnerFixture, signAllEcf } from './support/fixtures';
import { binaryParser, pdfToText } from './support/pdf';
import { startTestApp, TestApp } from './support/test-app';

const ALL = ['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03'];
/** A 48×48 logo (a blue square), drawn on every document's letterhead. */
const LOGO = (() => {
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(48, 0);
  ihdr.writeUInt32BE(48, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: 48 }, () => [30, 80, 160]).flat())]);
  const raw = Buffer.concat(Array.from({ length: 48 }, () => row));
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
})();

/** Names from the alphabets a French centre meets: Vietnamese, Polish, Greek, Cyrillic, Turkish, Romanian, Czech. */
const NAMES: [string, string][] = [
  ['Thị Ánh', 'NGUYỄN'],
  ['Ελένη', 'Παπαδοπούλου'],
  ['Ольга', 'Кузнецова'],
  ['Şükrü', 'Öztürk'],
  ['Ștefan', 'Țurcanu'],
  ['Jiří', 'Dvořák'],
];
const TRAINER = 'Agnieszka Wójcik-Łęcka';
const JURORS = ['Małgorzata Żółkiewska', 'Γιώργος Οικονόμου'];

/**
 * Issue 12 (1): every PDF — livret ECF, DP, convocations, PV, attestation — prints any Latin,
 * Greek or Cyrillic name exactly as stored (one embedded Unicode font, DejaVu Sans); the text is
 * read back with pdfjs, and the first page of each is rendered to PNG (pdftoppm) for a look.
 */
describe('any name on every PDF', () => {
  let t: TestApp;
  let admin: string;
  let sessionId: string;
  const learners: LearnerFixture[] = [];
  const pngDir = join(__dirname, '..', 'test-output', 'pdf-unicode');

  const pdf = async (path: string, token = admin): Promise<Buffer> =>
    (await t.http.get(path).set(auth(token)).buffer(true).parse(binaryParser).expect(200)).body as Buffer;
  /** The text of every page, with pdfjs' line breaks as spaces, NFC (as stored). */
  const text = async (buffer: Buffer): Promise<string> => (await pdfToText(buffer)).text.join(' ').replace(/\s+/g, ' ').normalize('NFC');
  const look = (name: string, buffer: Buffer): void => {
    const dir = mkdtempSync(join(tmpdir(), 'pdf-look-'));
    try {
      writeFileSync(join(dir, 'doc.pdf'), buffer);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', join(dir, 'doc.pdf'), join(dir, 'page')]);
      mkdirSync(pngDir, { recursive: true });
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.png'))) {
        const png = readFileSync(join(dir, file));
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        writeFileSync(join(pngDir, `${name}-${file}`), png);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    // The centre's identity as staff type it on the « Centre » page (the same PUT), with a logo.
    await t.http
      .put('/api/centre')
      .set(auth(admin))
      .send({
        name: 'Centre Horizon Formation — Łódź & Lyon',
        address: '12 rue des Tanneurs\nBâtiment B',
        postalCode: '69003',
        city: 'Lyon',
        agrementNumber: '84 69 12345 69',
        email: 'certification@horizon-formation.fr',
        phone: '04 72 00 00 00',
        signatoryName: 'Dorota Wiśniewska',
        signatoryTitle: 'Directrice',
      })
      .expect(200);
    await t.http.put('/api/centre/logo').set(auth(admin)).attach('file', LOGO, 'logo.png').expect(204);
    const trainer = await t.createUser(['trainer'], { fullName: TRAINER });
    const cohort = await createCohort(t, [trainer.id], { name: 'Promotion Ștefan cel Mare — Ελληνικά' });
    const jurors = [];
    for (const fullName of JURORS) jurors.push(await createJuror(t, { fullName }));
    const session = await createSession(t, {
      type: 'title',
      startDate: '2025-05-12',
      endDate: '2025-05-13',
      site: 'Łódź — salle Ω',
      startTime: '08:30',
      address: '3 place Bellecour, 69002 Lyon',
    });
    sessionId = session.id;
    for (const j of jurors) await t.http.post(`/api/jury-sessions/${sessionId}/jurors`).set(auth(admin)).send({ userId: j.id }).expect(201);
    await t.http.put(`/api/jury-sessions/${sessionId}/president`).set(auth(admin)).send({ userId: jurors[1].id }).expect(200);
    for (const [firstName, lastName] of NAMES) {
      const learner = await createLearner(
        t,
        { firstName, lastName, pathway: 'training', cohortId: cohort.id, accommodations: 'Tiers-temps — décision MDPH n° 2025/Ω-17' },
        true,
      );
      learners.push(learner);
      await t.http
        .post(`/api/learners/${learner.id}/ecf-evaluations`)
        .set(auth(trainer.token))
        .send({
          ccpCode: ALL[0],
          date: '2025-01-15',
          description: `Accueil — ${firstName} ${lastName}`,
          results: [{ competence: 1, acquired: true }],
        })
        .expect(201);
      await signAllEcf(t, learner.id, trainer.token);
      const base = `/api/learners/${learner.id}/professional-file`;
      for (const ccpCode of ALL)
        await t.http
          .post(`${base}/examples`)
          .set(auth(learner.token!))
          .send({
            ccpCode,
            title: `Accueil des patients — ${lastName}`,
            organisation: 'Clinique Świętego Łukasza',
            periodFrom: '2024-01-01',
            periodTo: '2024-03-01',
            tasks: `J'ai accueilli Mme Ζωή et M. Дмитрий 🩺 au secrétariat.`,
            means: 'Logiciel de prise de rendez-vous',
            collaborators: TRAINER,
          })
          .expect(201);
      await t.http.post(`${base}/declaration`).set(auth(learner.token!)).send({ place: 'Łódź' }).expect(200);
      await t.http.post(`${base}/submit`).set(auth(learner.token!)).expect(200);
      await t.http.post(`/api/jury-sessions/${sessionId}/candidates`).set(auth(admin)).send({ learnerId: learner.id }).expect(201);
    }
    await t.http.post(`/api/jury-sessions/${sessionId}/deliberation/open`).set(auth(admin)).expect(200);
    for (const learner of learners)
      await t.http
        .put(`/api/jury-sessions/${sessionId}/candidates/${learner.id}/result`)
        .set(auth(jurors[0].token))
        .send({
          attendance: 'present',
          ccpResults: ALL.map((ccpCode) => ({ ccpCode, awarded: true })),
          finalInterviewHeld: true,
          titleAwarded: true,
        })
        .expect(200);
    await t.http.post(`/api/jury-sessions/${sessionId}/deliberation/close`).set(auth(admin)).expect(200);
    for (const j of jurors) await t.http.post(`/api/jury-sessions/${sessionId}/pv/sign`).set(auth(j.token)).expect(200);
  }, 180_000);
  afterAll(async () => t.close());

  it('pdfText never turns a character the font has into « ? », and shows one it lacks as its code point', () => {
    for (const [first, last] of NAMES) expect(printedAs(`${first} ${last}`)).toBe(`${first} ${last}`.normalize('NFC'));
    for (const name of [TRAINER, ...JURORS, 'Ñandú Çağrı Ğü İı Ăâîșț Ůžěř ĄĘŁŃŚŹŻ Đạo Ễ Ữ']) expect(printedAs(name)).toBe(name);
    // Decomposed input (NFD, as macOS sends it) prints as the precomposed letters.
    expect(printedAs('NGUYỄN'.normalize('NFD'))).toBe('NGUYỄN');
    expect(printedAs('Mme 王 🩺')).toBe('Mme [U+738B] [U+1FA7A]');
    expect(printedAs('a\u0007b')).toBe('ab');
  });

  it('the livret ECF, the DP and the attestation of each learner print their name exactly', async () => {
    for (const [i, learner] of learners.entries()) {
      const [firstName, lastName] = NAMES[i];
      const documents: [string, Buffer][] = [
        ['livret-ecf', await pdf(`/api/learners/${learner.id}/ecf.pdf`)],
        ['dp', await pdf(`/api/learners/${learner.id}/professional-file.pdf`, learner.token)],
        ['attestation', await pdf(`/api/learners/${learner.id}/booklet.pdf`, learner.token)],
      ];
      for (const [kind, buffer] of documents) {
        const read = await text(buffer);
        expect({ kind, firstName: read.includes(firstName) }).toEqual({ kind, firstName: true });
        expect({ kind, lastName: read.includes(lastName) || read.includes(lastName.toUpperCase()) }).toEqual({ kind, lastName: true });
        expect({ kind, questionMarks: /\p{L}\?|\?\p{L}/u.test(read) }).toEqual({ kind, questionMarks: false });
        if (i === 0) look(kind, buffer);
      }
      const ecf = await text(documents[0][1]);
      expect(ecf).toContain(TRAINER);
      expect(ecf).toContain('Promotion Ștefan cel Mare — Ελληνικά');
      const dp = await text(documents[1][1]);
      expect(dp).toContain('Clinique Świętego Łukasza');
      // The emoji the font lacks is shown as its code point, next to the Greek and Cyrillic names kept.
      expect(dp).toContain("J'ai accueilli Mme Ζωή et M. Дмитрий [U+1FA7A] au secrétariat.");
    }
  }, 180_000); // 18 PDFs rendered and read back by pdfjs: minutes when CI runs other files beside it

  it('the convocations and the PV print every candidate and juror exactly', async () => {
    const convocations = await pdf(`/api/jury-sessions/${sessionId}/convocations.pdf`);
    const pv = await pdf(`/api/jury-sessions/${sessionId}/pv.pdf`);
    look('convocations', convocations);
    look('pv', pv);
    for (const [kind, buffer] of [
      ['convocations', convocations],
      ['pv', pv],
    ] as const) {
      const read = await text(buffer);
      for (const [firstName, lastName] of NAMES) {
        expect({ kind, firstName, found: read.includes(firstName) }).toEqual({ kind, firstName, found: true });
        // A last name may be printed in capitals, as French documents print a NOM.
        const found = read.includes(lastName) || read.includes(lastName.toUpperCase());
        expect({ kind, lastName, found }).toEqual({ kind, lastName, found: true });
      }
      expect(read).toContain('Łódź — salle Ω');
      expect({ kind, questionMarks: /\p{L}\?|\?\p{L}/u.test(read) }).toEqual({ kind, questionMarks: false });
    }
    const pvText = await text(pv);
    for (const juror of JURORS) expect(pvText).toContain(juror);
    // The centre as staff set it: letterhead, contact and signatory on the documents that go out.
    const convocationText = await text(convocations);
    for (const read of [convocationText, pvText]) expect(read).toContain('Centre Horizon Formation — Łódź & Lyon');
    for (const expected of [
      '12 rue des Tanneurs',
      '69003 Lyon',
      'certification@horizon-formation.fr',
      '04 72 00 00 00',
      'Dorota Wiśniewska',
      '8 h 30',
      '3 place Bellecour',
    ])
      expect(convocationText).toContain(expected);
    expect(pvText).toContain(JURORS[1]);
  });
});
