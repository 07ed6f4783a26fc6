// Issue 16 (2): the learner's data export — GET /api/learners/:id/export → a ZIP of learner.json and
// the DP's attachments, checked against the database (read directly with a pg client), by the
// learner (their own account) and by the centre; refused to trainers, jurors and other learners.
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ZipArchive } from 'archiver';
import { Client } from 'pg';
import { LearnerExportService } from '../libs/privacy/src/export/learner-export.service';
import { AuthUser, countQueries } from '@app/platform';
import { binary, sha256, unzip } from './support/export-zip';
import { auth, createCohort, createJuror, createLearner, createSession, LearnerFixture, signAllEcf } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** A PDF of `size` bytes (random, incompressible: several stored rows of 512 KiB for the big ones). */
const pdfOf = (size: number, seed: number): Buffer => {
  const body = Buffer.alloc(size - 9);
  let x = seed;
  for (let i = 0; i < body.length; i += 1) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    body[i] = x >> 16;
  }
  return Buffer.concat([Buffer.from('%PDF-1.4\n'), body]);
};
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 7)]);

describe('learner data export (issue 16)', () => {
  let t: TestApp;
  let pg: Client;
  let admin: string;
  let trainer: { id: string; token: string };
  let juror: { id: string; token: string };
  let learner: LearnerFixture;
  let other: LearnerFixture;
  let quiet: LearnerFixture;
  const uploads: { filename: string; bytes: Buffer }[] = [
    { filename: 'Compte rendu – été 2026 (1).pdf', bytes: pdfOf(1_300_000, 1) },
    { filename: 'Σύνοψη — отчёт практики.png', bytes: PNG },
    { filename: 'Compte rendu – été 2026 (1).pdf', bytes: pdfOf(2_000, 2) },
    { filename: '../../etc/passwd.pdf', bytes: pdfOf(3_000, 3) },
  ];

  const download = async (token: string, id = learner.id) =>
    t.http.get(`/api/learners/${id}/export`).set(auth(token)).buffer(true).parse(binary);

  beforeAll(async () => {
    t = await startTestApp();
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    admin = await t.adminToken();
    trainer = await t.createUser(['trainer'], { fullName: 'Anne Formatrice' });
    juror = await createJuror(t, { fullName: 'Paul Juré' });
    const cohort = await createCohort(t, [trainer.id]);
    learner = await createLearner(
      t,
      {
        pathway: 'training',
        cohortId: cohort.id,
        firstName: 'Zoë',
        lastName: 'Ångström-Øre',
        birthDate: '1994-02-28',
        employer: 'Clinique Saint-Éloi',
        accommodations: 'Tiers-temps (décision MDPH du 2024-05-02)',
      },
      true,
    );
    other = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
    quiet = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);

    // ECF: one evaluation with a comment, every synthesis signed.
    await t.http
      .post(`/api/learners/${learner.id}/ecf-evaluations`)
      .set(auth(trainer.token))
      .send({
        ccpCode: 'RNCP36805BC01',
        date: '2025-01-20',
        description: 'Compte rendu de réunion',
        comment: 'Très bonne mise en forme',
        results: [
          { competence: 1, acquired: true },
          { competence: 2, acquired: false },
        ],
      })
      .expect(201);
    await signAllEcf(t, learner.id, trainer.token);
    // DP: an example, a comment by the trainer, the attachments.
    const base = `/api/learners/${learner.id}/professional-file`;
    await t.http
      .post(`${base}/examples`)
      .set(auth(learner.token!))
      .send({
        ccpCode: 'RNCP36805BC01',
        title: 'Accueil des patients',
        organisation: 'Clinique',
        periodFrom: '2024-01-01',
        periodTo: '2024-03-01',
        tasks: 'Accueil physique et téléphonique',
        means: 'Logiciel de rendez-vous',
        collaborators: 'Équipe',
      })
      .expect(201);
    await t.http.post(`${base}/comments`).set(auth(trainer.token)).send({ text: 'Précisez le contexte.' }).expect(201);
    for (const u of uploads)
      await t.http.post(`${base}/attachments`).set(auth(learner.token!)).attach('file', u.bytes, { filename: u.filename }).expect(201);
    // A session where the juror sits and the learner is a candidate: the juror sees the learner.
    const session = await createSession(t, { type: 'title', startDate: '2025-03-10', endDate: '2025-03-11', ceresReference: 'CERES-X' });
    await t.http.post(`/api/jury-sessions/${session.id}/jurors`).set(auth(admin)).send({ userId: juror.id }).expect(201);
    await t.http
      .post(`/api/jury-sessions/${session.id}/candidates`)
      .set(auth(admin))
      .send({ learnerId: learner.id, override: { reason: 'DP remis le jour même' } })
      .expect(201);
    // The ledger: a CCP obtained elsewhere, recorded by the centre (after the registration: R-ELIG-3).
    await t.http
      .post(`/api/learners/${learner.id}/prior-ccps`)
      .set(auth(admin))
      .send({ ccpCode: 'RNCP36805BC03', obtainedOn: '2023-06-20', source: 'external', reference: 'Livret n° 2023-0451' })
      .expect(201);
  }, 120000);
  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  async function exported(token: string) {
    const res = await download(token);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="donnees-angstrom-ore-zoe-\d{4}-\d{2}-\d{2}\.zip"$/);
    const entries = await unzip(res.body as Buffer);
    const json = JSON.parse(entries.get('learner.json')!.toString('utf8'));
    return { entries, json };
  }

  it('the learner, signed in with their account, downloads everything held on them — checked against the database', async () => {
    const { entries, json } = await exported(learner.token!);
    expect(json).toMatchObject({ format: 'sams-learner-export/1', exportedBy: { role: 'learner' } });
    expect(Date.now() - Date.parse(json.exportedAt)).toBeLessThan(60_000);

    // identity: every column of the learner row.
    const [row] = (
      await pg.query(
        `SELECT l.*, l.birth_date::text AS birth_date, l.vae_admissibility_date::text AS vae_admissibility_date FROM learners l WHERE l.id = $1`,
        [learner.id],
      )
    ).rows;
    const camel = (k: string) => k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    for (const [column, value] of Object.entries(row)) {
      const expected = value instanceof Date ? value.toISOString() : value;
      expect([column, json.identity[camel(column)]]).toEqual([column, expected]);
    }
    expect(json.identity).toMatchObject({
      firstName: 'Zoë',
      lastName: 'Ångström-Øre',
      birthDate: '1994-02-28',
      employer: 'Clinique Saint-Éloi',
      accommodations: 'Tiers-temps (décision MDPH du 2024-05-02)',
      certificationCode: 'RNCP36805',
    });

    // account: the login, roles, dates; no hash, no token.
    const [user] = (await pg.query('SELECT * FROM users WHERE id = $1', [learner.userId])).rows;
    expect(json.account).toMatchObject({
      email: user.email,
      fullName: user.full_name,
      roles: ['learner'],
      active: true,
      hasPassword: true,
      createdAt: user.created_at.toISOString(),
    });
    const [signIn] = (await pg.query('SELECT max(at) AS at FROM login_attempts WHERE email = $1 AND succeeded', [user.email])).rows;
    expect(json.account.lastSignInAt).toBe(signIn.at.toISOString());
    const text = entries.get('learner.json')!.toString('utf8');
    expect(text).not.toContain(user.password_hash);
    expect(text).not.toMatch(/passwordHash|password_hash|tokenHash|token_hash|\$argon2/);

    // enrolments: the cohort history.
    const enrolments = (
      await pg.query(
        `SELECT c.id, c.name, c.start_date::text AS start, c.end_date::text AS "end", c.site, e.enrolled_at
           FROM learner_enrolments e JOIN cohorts c ON c.id = e.cohort_id WHERE e.learner_id = $1 ORDER BY e.enrolled_at`,
        [learner.id],
      )
    ).rows;
    expect(json.enrolments).toMatchObject({ pathway: 'training', certificationCode: 'RNCP36805', vaeAdmissibilityDate: null });
    expect(json.enrolments.cohorts).toEqual(
      enrolments.map((e) => ({
        cohortId: e.id,
        name: e.name,
        certificationCode: 'RNCP36805',
        startDate: e.start,
        endDate: e.end,
        site: e.site,
        enrolledAt: e.enrolled_at.toISOString(),
        current: true,
      })),
    );

    // ECF: the evaluation with its results and comment, the syntheses with their signatures.
    const evaluations = (
      await pg.query('SELECT id, date::text AS date, description, comment FROM ecf_evaluations WHERE learner_id = $1', [learner.id])
    ).rows;
    const bc01 = json.ecf.ccps.find((c: { ccpCode: string }) => c.ccpCode === 'RNCP36805BC01');
    expect(bc01.evaluations).toEqual([
      expect.objectContaining({
        id: evaluations[0].id,
        date: evaluations[0].date,
        description: evaluations[0].description,
        comment: 'Très bonne mise en forme',
        evaluatorName: 'Anne Formatrice',
        results: [
          { competence: 1, acquired: true },
          { competence: 2, acquired: false },
        ],
      }),
    ]);
    const [{ n: signatures }] = (
      await pg.query(
        `SELECT count(*)::int AS n FROM ecf_synthesis_signatures s JOIN ecf_syntheses y ON y.id = s.synthesis_id WHERE y.learner_id = $1`,
        [learner.id],
      )
    ).rows;
    type Synthesis = { evaluatorSignatures: { fullName: string; signedAt: string }[]; centreSignature: { fullName: string } | null };
    const exportedSignatures = json.ecf.ccps.flatMap((c: { synthesis: Synthesis }) => [
      ...c.synthesis.evaluatorSignatures,
      ...(c.synthesis.centreSignature ? [c.synthesis.centreSignature] : []),
    ]);
    expect(signatures).toBe(6);
    expect(exportedSignatures).toHaveLength(signatures);
    expect(json.ecf.ccps[0].synthesis.evaluatorSignatures[0]).toMatchObject({ fullName: 'Anne Formatrice', signedAt: expect.any(String) });
    expect(json.ecf.ccps.map((c: { synthesis: { mastered: boolean } }) => c.synthesis.mastered)).toEqual([true, true, true]);

    // DP: the example's text, the trainer's comment, the attachments (path in the ZIP, sha256).
    expect(json.professionalFile.examples).toEqual([
      expect.objectContaining({ title: 'Accueil des patients', tasks: 'Accueil physique et téléphonique' }),
    ]);
    expect(json.professionalFile.comments).toEqual([
      expect.objectContaining({ text: 'Précisez le contexte.', authorName: 'Anne Formatrice' }),
    ]);
    const stored = (
      await pg.query(
        `SELECT a.id, a.filename, a.size, a.sha256 FROM dp_attachments a JOIN professional_files f ON f.id = a.file_id
          WHERE f.learner_id = $1 ORDER BY a.created_at, a.id`,
        [learner.id],
      )
    ).rows;
    expect(json.professionalFile.attachments.map((a: { id: string; path: string }) => [a.id, a.path])).toEqual([
      [stored[0].id, 'dp/Compte rendu – été 2026 (1).pdf'],
      [stored[1].id, 'dp/Σύνοψη — отчёт практики.png'],
      [stored[2].id, 'dp/Compte rendu – été 2026 (1) (2).pdf'],
      [stored[3].id, 'dp/passwd.pdf'],
    ]);
    json.professionalFile.attachments.forEach((a: { path: string; sha256: string; size: number }, i: number) => {
      const bytes = entries.get(a.path)!;
      expect(bytes).toBeDefined();
      expect(sha256(bytes)).toBe(sha256(uploads[i].bytes)); // the uploaded bytes
      expect(a.sha256).toBe(stored[i].sha256);
      expect(a.size).toBe(uploads[i].bytes.length);
    });
    expect([...entries.keys()].sort()).toEqual(
      ['learner.json', ...json.professionalFile.attachments.map((a: { path: string }) => a.path)].sort(),
    );

    // audit: the entries on the learner and those mentioning them; actors by name and role.
    const auditRows = (
      await pg.query(
        `SELECT action FROM audit_log
          WHERE (entity = 'learner' AND entity_id = $1::text) OR (entity = 'user' AND entity_id = $2::text)
             OR (entity = 'professional_file' AND entity_id = (SELECT id::text FROM professional_files WHERE learner_id = $1::uuid))
             OR strpos(before::text, $1::text) > 0 OR strpos(after::text, $1::text) > 0
          ORDER BY at, id`,
        [learner.id, learner.userId],
      )
    ).rows;
    // learner.export of this very download is written before the ZIP, after learner.json was built.
    expect(json.audit.map((a: { action: string }) => a.action)).toEqual(
      auditRows.map((r) => r.action).filter((a) => a !== 'learner.export'),
    );
    expect(json.audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['learner.create', 'ecf_evaluation.create', 'professional_file.add_attachment']),
    );
    const creation = json.audit.find((a: { action: string }) => a.action === 'learner.create');
    expect(creation.actor).toEqual({ fullName: expect.any(String), role: 'admin' });
    expect(JSON.stringify(json.audit)).not.toContain('admin@test.local');
    const upload = json.audit.find((a: { action: string }) => a.action === 'professional_file.add_attachment');
    expect(upload.actor).toEqual({ fullName: user.full_name, role: 'learner' });

    // messages: what the outbox holds for the learner.
    const messages = (
      await pg.query('SELECT subject FROM outbox_messages WHERE learner_id = $1 OR user_id = $2 OR lower(to_address) = $3', [
        learner.id,
        learner.userId,
        learner.email,
      ])
    ).rows;
    expect(json.messages.map((m: { subject: string }) => m.subject).sort()).toEqual(messages.map((m) => m.subject).sort());

    // The export itself is audited.
    const [entry] = (
      await pg.query(
        `SELECT actor_id, entity, after FROM audit_log WHERE action = 'learner.export' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
        [learner.id],
      )
    ).rows;
    expect(entry).toMatchObject({
      actor_id: learner.userId,
      entity: 'learner',
      after: { format: 'sams-learner-export/1', by: 'learner', attachments: 4 },
    });
    expect(entry.after.learnerJsonSha256).toBe(sha256(entries.get('learner.json')!));
  });

  it('the centre downloads it too; the ledger and the sessions come from their libs, checked against the database', async () => {
    const { json } = await exported(admin);
    expect(json.exportedBy).toEqual({ role: 'admin' });
    expect(json.identity.id).toBe(learner.id);
    const awards = (
      await pg.query(`SELECT obtained_on::text AS on, source, reference FROM ccp_awards WHERE learner_id = $1 ORDER BY obtained_on`, [
        learner.id,
      ])
    ).rows;
    expect(awards).toHaveLength(1);
    expect(json.ledger.ccpAwards).toEqual([
      expect.objectContaining({
        ccpCode: 'RNCP36805BC03',
        obtainedOn: awards[0].on,
        source: awards[0].source,
        reference: awards[0].reference,
      }),
    ]);
    expect(json.ledger).toMatchObject({ titleAwards: [], withdrawals: [] });
    // The sessions: the learner's candidacy (C1's JurySessionsDataExport), no other candidate.
    const sessions = (await pg.query('SELECT session_id::text AS id, ccp_ids FROM session_candidates WHERE learner_id = $1', [learner.id]))
      .rows;
    expect(sessions).toHaveLength(1);
    expect(json.sessions.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual([sessions[0].id]);
    expect(json.sessions.sessions[0]).toMatchObject({
      type: 'title',
      ccpsAssessed: ['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03'],
      overrides: [expect.objectContaining({ reason: 'DP remis le jour même' })],
    });
    expect(JSON.stringify(json.sessions)).not.toContain(other.id);
  });

  it('a VAE learner without an account: account null, the recevabilité in enrolments, a ZIP of learner.json alone', async () => {
    const vae = await createLearner(t, {
      pathway: 'vae',
      vaeAdmissibilityDate: '2025-10-01',
      certificationCode: 'RNCP36805',
      firstName: 'Ίρις',
      lastName: 'Кузнецова',
    });
    const res = await download(admin, vae.id);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="donnees-[a-z0-9-]+\.zip"$/);
    const entries = await unzip(res.body as Buffer);
    expect([...entries.keys()]).toEqual(['learner.json']);
    const json = JSON.parse(entries.get('learner.json')!.toString('utf8'));
    expect(json).toMatchObject({
      identity: { id: vae.id, firstName: 'Ίρις', lastName: 'Кузнецова', userId: null },
      account: null,
      enrolments: { pathway: 'vae', vaeAdmissibilityDate: '2025-10-01', cohorts: [], currentCohortId: null },
      professionalFile: { fileId: null, attachments: [], examples: [] },
      reads: [],
      sessions: { sessions: [] },
    });
    expect(json.ecf.ccps.every((c: { evaluations: unknown[] }) => c.evaluations.length === 0)).toBe(true);
  });

  it('refuses their trainer and a juror who sees them (403), another learner and an unknown id (404), a bad id (400)', async () => {
    const trainerRes = await t.http.get(`/api/learners/${learner.id}/export`).set(auth(trainer.token));
    expect(trainerRes.status).toBe(403);
    expect(trainerRes.body).toMatchObject({ code: 'AUTH.FORBIDDEN' });
    expect([403, 404]).toContain((await t.http.get(`/api/learners/${learner.id}/export`).set(auth(juror.token))).status);
    expect((await t.http.get(`/api/learners/${learner.id}/export`).set(auth(juror.token))).status).toBe(403); // role guard: learner or admin
    const otherRes = await t.http.get(`/api/learners/${learner.id}/export`).set(auth(other.token!));
    expect(otherRes.status).toBe(404);
    expect(otherRes.headers['content-type']).toMatch(/json/);
    expect((await t.http.get(`/api/learners/00000000-0000-4000-8000-000000000000/export`).set(auth(admin))).status).toBe(404);
    expect((await t.http.get(`/api/learners/nope/export`).set(auth(admin))).status).toBe(400);
    expect((await t.http.get(`/api/learners/${learner.id}/export`)).status).toBe(401);
  });

  it('runs a number of statements that does not grow with the learner’s data', async () => {
    const service = t.app.get(LearnerExportService);
    const asAdmin: AuthUser = {
      id: (await pg.query(`SELECT id FROM users WHERE email = 'admin@test.local'`)).rows[0].id,
      email: 'admin@test.local',
      fullName: 'Admin',
      roles: ['admin'],
    };
    await service.prepare(asAdmin, quiet.id); // caches warm (accounts, référentiel)
    await service.prepare(asAdmin, learner.id);
    const small = await countQueries(() => service.prepare(asAdmin, quiet.id));
    const big = await countQueries(() => service.prepare(asAdmin, learner.id));
    expect(big.count).toBe(small.count);
    // 17 today: access 1, learners 1, auth 1, ECF 1, DP 2, booklet 6, sessions 1, audit + messages + reads 3, the audit entry 1.
    expect(big.count).toBeLessThanOrEqual(20);
  });

  it('20 parallel exports give 20 valid ZIPs', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => download(i % 2 ? admin : learner.token!)));
    for (const res of results) {
      expect(res.status).toBe(200);
      const entries = await unzip(res.body as Buffer);
      expect(entries.size).toBe(5);
      expect(sha256(entries.get('dp/Compte rendu – été 2026 (1).pdf')!)).toBe(sha256(uploads[0].bytes));
    }
  }, 120000);

  it('a download cut after a few bytes leaves the server healthy: archive stopped, no connection held, the next export whole', async () => {
    // A learner whose ZIP (27 MB of incompressible attachments) cannot sit in the sockets' buffers:
    // the server is still writing when the client goes away.
    const heavy = await createLearner(
      t,
      { pathway: 'training', cohortId: (await pg.query('SELECT cohort_id FROM learners WHERE id = $1', [learner.id])).rows[0].cohort_id },
      true,
    );
    const big = [pdfOf(9_000_000, 11), pdfOf(9_000_000, 12), pdfOf(9_000_000, 13)];
    for (const [i, bytes] of big.entries())
      await t.http
        .post(`/api/learners/${heavy.id}/professional-file/attachments`)
        .set(auth(heavy.token!))
        .attach('file', bytes, { filename: `gros-${i}.pdf` })
        .expect(201);
    const aborts = jest.spyOn(ZipArchive.prototype, 'abort');
    const server = t.app.getHttpServer() as http.Server;
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    for (let i = 0; i < 12; i += 1) {
      await new Promise<void>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: `/api/learners/${heavy.id}/export`, headers: auth(admin) }, (res) => {
          expect(res.statusCode).toBe(200);
          res.once('data', () => {
            req.destroy(); // the socket goes away mid-download
            resolve();
          });
        });
        req.on('error', (e) =>
          e.message.includes('socket hang up') || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(e),
        );
      });
    }
    // Each cut download stopped its archive; every pool connection comes back (12 cut downloads > the pool's 10).
    for (let i = 0; i < 50 && aborts.mock.calls.length < 12; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(aborts).toHaveBeenCalledTimes(12);
    aborts.mockRestore();
    const pool = (t.dataSource.driver as unknown as { master: { totalCount: number; idleCount: number; waitingCount: number } }).master;
    for (let i = 0; i < 50 && pool.idleCount !== pool.totalCount; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(pool.waitingCount).toBe(0);
    expect(pool.idleCount).toBe(pool.totalCount);
    const res = await download(admin, heavy.id);
    expect(res.status).toBe(200);
    const entries = await unzip(res.body as Buffer);
    expect(big.map((_b, i) => sha256(entries.get(`dp/gros-${i}.pdf`)!))).toEqual(big.map(sha256));
    await t.http.get('/api/health').expect(200);
  }, 120000);

  it('an attachment that cannot be read mid-ZIP cuts the connection: never a ZIP that looks complete; the server stays up', async () => {
    const cohortId = (await pg.query('SELECT cohort_id FROM learners WHERE id = $1', [learner.id])).rows[0].cohort_id as string;
    const broken = await createLearner(t, { pathway: 'training', cohortId }, true);
    const up = await t.http
      .post(`/api/learners/${broken.id}/professional-file/attachments`)
      .set(auth(broken.token!))
      .attach('file', pdfOf(1_300_000, 21), { filename: 'abîmé.pdf' })
      .expect(201);
    await pg.query('DELETE FROM dp_attachment_chunks WHERE attachment_id = $1 AND seq = 1', [up.body.id]);
    const started = Date.now();
    const server = t.app.getHttpServer() as http.Server;
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    const outcome = await new Promise<{ status: number; body: Buffer; cut: boolean }>((resolve) => {
      const chunks: Buffer[] = [];
      const req = http.get({ host: '127.0.0.1', port, path: `/api/learners/${broken.id}/export`, headers: auth(admin) }, (res) => {
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), cut: !res.complete }));
        res.on('aborted', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), cut: true }));
        res.on('error', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), cut: true }));
      });
      req.on('error', () => resolve({ status: 0, body: Buffer.concat(chunks), cut: true }));
    });
    expect(outcome.status).toBe(200); // learner.json was sent before the bytes were found missing
    expect(outcome.cut).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000); // cut at once, not by a timeout
    await expect(unzip(outcome.body)).rejects.toThrow();
    await t.http.get('/api/health').expect(200);
    expect((await download(admin)).status).toBe(200);
  });

  it('an anonymised learner is not exported: 409 LEARNER.ANONYMISED, in JSON', async () => {
    await t.http
      .post(`/api/learners/${other.id}/anonymisation`)
      .set(auth(admin))
      .send({ reason: 'Fin de la durée de conservation' })
      .expect(200);
    const res = await t.http.get(`/api/learners/${other.id}/export`).set(auth(admin));
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.body).toMatchObject({ code: 'LEARNER.ANONYMISED' });
  });
});
