import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { JurySessionsAnonymisation, JurySessionsDataExport } from '@app/jury-sessions';
import { canonicalJson, withCredentials } from '@app/platform';
import type { PvContent } from '../libs/jury-sessions/src/entities/jury-session.entity';
import { pvVerifies } from '../libs/jury-sessions/src/pv-content';
import { resealLegacyPvs } from '../migrations/1796530000000-PvHashSurvivesAnonymisation';
import { auth, createCohort, createJuror, createLearner, createSession, LearnerFixture } from './support/fixtures';
import { binaryParser, pdfToText } from './support/pdf';
import { DB_ROLES, startTestApp, TestApp } from './support/test-app';

const ALL = ['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03'];
const PSEUDONYM = 'ANON-7K3F9Q';

/** A superuser connection to the test file's database: the only way past the append-only triggers. */
async function superuser(databaseUrl: string): Promise<Client> {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = new URL(databaseUrl).pathname;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

/**
 * Issue 16 (3), ADR 0014: a signed PV keeps its sha256 when one of its candidates is anonymised
 * (hash scheme 2: identities outside the hash, a salted digest of each inside); legacy PVs are
 * re-sealed by the migration; the append-only trigger lets the anonymisation, and only it, through.
 */
describe('issue 16 — signed PVs stay verifiable after a candidate is anonymised (ADR 0014)', () => {
  let t: TestApp;
  let admin: string;
  let db: DataSource;
  let j1: { id: string; token: string };
  let j2: { id: string; token: string };
  let cohort: { id: string };
  let odile: LearnerFixture;
  let bruno: LearnerFixture;
  let chloe: LearnerFixture;
  let sessionId: string;
  let signedSha: string;
  const anonymisation = (): JurySessionsAnonymisation => t.app.get(JurySessionsAnonymisation);
  const anonymise = (learnerId: string): Promise<Record<string, number>> =>
    db.transaction((m) => anonymisation().anonymise(m, learnerId, PSEUDONYM));
  const pdfText = async (path: string): Promise<string> => {
    const buffer = (await t.http.get(path).set(auth(admin)).buffer(true).parse(binaryParser).expect(200)).body as Buffer;
    return (await pdfToText(buffer)).text.join(' ').replace(/\s+/g, ' ').normalize('NFC');
  };
  const awarded = (codes: string[]) => ({
    attendance: 'present',
    ccpResults: ALL.map((ccpCode) => ({ ccpCode, awarded: codes.includes(ccpCode) })),
    finalInterviewHeld: true,
    titleAwarded: codes.length === ALL.length,
  });
  const pvRows = async (sid: string) =>
    db.query<
      {
        id: string;
        version: number;
        reason: string | null;
        content: PvContent;
        sha256: string;
        hashScheme: number;
        sha256V1: string | null;
        whole: string;
      }[]
    >(
      `SELECT id, version, reason, content, sha256, hash_scheme AS "hashScheme", sha256_v1 AS "sha256V1", p::text AS whole FROM pv_versions p WHERE session_id = $1 ORDER BY version`,
      [sid],
    );

  /** Jurors, candidates, results, close; signed by both jurors unless `sign` is false. */
  async function runSession(
    body: Record<string, unknown>,
    results: { learner: LearnerFixture; codes: string[] }[],
    sign = true,
  ): Promise<string> {
    const s = await createSession(t, body);
    for (const j of [j1, j2]) await t.http.post(`/api/jury-sessions/${s.id}/jurors`).set(auth(admin)).send({ userId: j.id }).expect(201);
    for (const { learner } of results)
      await t.http
        .post(`/api/jury-sessions/${s.id}/candidates`)
        .set(auth(admin))
        .send({ learnerId: learner.id, override: { reason: 'Pièces remises sur place' } })
        .expect(201);
    await t.http.post(`/api/jury-sessions/${s.id}/deliberation/open`).set(auth(admin)).expect(200);
    for (const { learner, codes } of results)
      await t.http.put(`/api/jury-sessions/${s.id}/candidates/${learner.id}/result`).set(auth(j1.token)).send(awarded(codes)).expect(200);
    await t.http.post(`/api/jury-sessions/${s.id}/deliberation/close`).set(auth(admin)).expect(200);
    if (sign) for (const j of [j1, j2]) await t.http.post(`/api/jury-sessions/${s.id}/pv/sign`).set(auth(j.token)).expect(200);
    return s.id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = t.dataSource;
    admin = await t.adminToken();
    const trainer = await t.createUser(['trainer']);
    cohort = await createCohort(t, [trainer.id]);
    j1 = await createJuror(t, { fullName: 'Paul Juré' });
    j2 = await createJuror(t, { fullName: 'Rose Jurée' });
    odile = await createLearner(t, {
      pathway: 'training',
      cohortId: cohort.id,
      firstName: 'Odile',
      lastName: 'Fontaine',
      birthDate: '1987-09-23',
    });
    bruno = await createLearner(t, {
      pathway: 'training',
      cohortId: cohort.id,
      firstName: 'Bruno',
      lastName: 'Garnier',
      birthDate: '1991-02-14',
    });
    chloe = await createLearner(t, {
      pathway: 'training',
      cohortId: cohort.id,
      firstName: 'Chloé',
      lastName: 'Henry',
      birthDate: '1995-11-30',
    });
    sessionId = await runSession({ type: 'title', startDate: '2025-03-10', endDate: '2025-03-11' }, [
      { learner: odile, codes: ALL },
      { learner: bruno, codes: ['RNCP36805BC01'] },
      { learner: chloe, codes: ['RNCP36805BC02'] },
    ]);
    // Convocations went out before the session (issue 14): the recipients' names as they were sent.
    await db.query(`UPDATE jury_sessions SET convocations_sent_at = '2025-02-10T08:00:00Z', convocations_sent_to = $2 WHERE id = $1`, [
      sessionId,
      JSON.stringify([
        { name: 'FONTAINE Odile', kind: 'candidate' },
        { name: 'GARNIER Bruno', kind: 'candidate' },
        { name: 'Paul Juré', kind: 'juror' },
      ]),
    ]);
    await t.http
      .post(`/api/jury-sessions/${sessionId}/candidates/${odile.id}/appeals`)
      .set(auth(admin))
      .send({ filedOn: '2025-03-20', kind: 'gracieux', summary: 'Odile Fontaine conteste le report du CCP 2' })
      .expect(201);
  }, 180_000);
  afterAll(async () => t.close());

  it('a new PV is drafted in scheme 2: identities in their block, a salted digest beside, the hash verifies', async () => {
    const [row] = await pvRows(sessionId);
    expect(row.hashScheme).toBe(2);
    expect(row.sha256V1).toBeNull();
    const c = (row.content as unknown as { candidates: { learnerId: string; identity: Record<string, string>; identityDigest: string }[] })
      .candidates;
    const o = c.find((k) => k.learnerId === odile.id)!;
    expect(o.identity).toEqual({ fullName: 'FONTAINE Odile', birthDate: '1987-09-23', salt: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(o.identityDigest).toBe(
      createHash('sha256')
        .update(o.identity.salt + canonicalJson({ fullName: 'FONTAINE Odile', birthDate: '1987-09-23' }))
        .digest('hex'),
    );
    expect(pvVerifies(row)).toBe(true);
    const pv = await t.http.get(`/api/jury-sessions/${sessionId}/pv`).set(auth(admin)).expect(200);
    expect(pv.body).toMatchObject({ complete: true, sha256: row.sha256 });
    expect(pv.body).not.toHaveProperty('sha256V1');
    expect(JSON.stringify(pv.body)).not.toContain(o.identity.salt);
    expect(pv.body.content.candidates.find((k: { learnerId: string }) => k.learnerId === odile.id)).toMatchObject({
      fullName: 'FONTAINE Odile',
      birthDate: '1987-09-23',
    });
    signedSha = row.sha256;
  });

  it('the database refuses any other change through the anonymisation path, and the anonymisation outside it', async () => {
    const [row] = await pvRows(sessionId);
    const content = row.content as unknown as { candidates: { learnerId: string; attendance: string; identity: object }[] };
    const changedResult = JSON.parse(JSON.stringify(content)) as typeof content;
    changedResult.candidates[0].attendance = 'absent';
    changedResult.candidates[0].identity = { pseudonym: PSEUDONYM, anonymisedOn: '2026-12-01' };
    const pseudonymOnly = JSON.parse(JSON.stringify(content)) as typeof content;
    pseudonymOnly.candidates[0].identity = { pseudonym: PSEUDONYM, anonymisedOn: '2026-12-01' };
    const withExtra = JSON.parse(JSON.stringify(content)) as typeof content;
    withExtra.candidates[0].identity = { pseudonym: PSEUDONYM, anonymisedOn: '2026-12-01', fullName: 'FONTAINE Odile' };
    const attempt = (next: object, on: boolean) =>
      db.transaction(async (m) => {
        if (on) await m.query(`SELECT set_config('app.anonymisation', 'on', true)`);
        await m.query(`UPDATE pv_versions SET content = $2 WHERE id = $1`, [row.id, JSON.stringify(next)]);
      });
    await expect(attempt(changedResult, true)).rejects.toThrow(/ajout seul/);
    await expect(attempt(withExtra, true)).rejects.toThrow(/ajout seul/);
    await expect(attempt(pseudonymOnly, false)).rejects.toThrow(/ajout seul/);
    await expect(
      db.transaction(async (m) => {
        await m.query(`SELECT set_config('app.anonymisation', 'on', true)`);
        await m.query(`UPDATE pv_versions SET reason = 'x' WHERE id = $1`, [row.id]);
      }),
    ).rejects.toThrow(/ajout seul/);
    await expect(db.query(`DELETE FROM pv_versions WHERE id = $1`, [row.id])).rejects.toThrow(/ajout seul/);
    expect((await pvRows(sessionId))[0].whole).toBe(row.whole);
  });

  it('openSessionOf: the planned session, none once its PV is fully signed; lastSessionDates: the last end date', async () => {
    const a = anonymisation();
    expect(await a.openSessionOf(odile.id)).toBeNull();
    // A session planned (never deliberated), with a candidate who also sat an earlier, signed one.
    const eve = await createLearner(t, {
      pathway: 'training',
      cohortId: cohort.id,
      firstName: 'Ève',
      lastName: 'Perrin',
      birthDate: '1994-04-04',
    });
    const earlier = await runSession({ type: 'title', startDate: '2025-09-01', endDate: '2025-09-01' }, [{ learner: eve, codes: [] }]);
    expect(await a.openSessionOf(eve.id)).toBeNull();
    const planned = await createSession(t, { type: 'title', startDate: '2026-06-15', endDate: '2026-06-16' });
    await t.http
      .post(`/api/jury-sessions/${planned.id}/candidates`)
      .set(auth(admin))
      .send({ learnerId: eve.id, override: { reason: 'Pièces remises sur place' } })
      .expect(201);
    expect(earlier).not.toBe(planned.id);
    expect(await a.openSessionOf(eve.id)).toEqual({ sessionId: planned.id, startDate: '2026-06-15' });
    // Awaiting signatures is still open.
    const dora = await createLearner(t, {
      pathway: 'training',
      cohortId: cohort.id,
      firstName: 'Dora',
      lastName: 'Ibanez',
      birthDate: '1993-05-05',
    });
    const unsigned = await runSession(
      { type: 'title', startDate: '2025-05-05', endDate: '2025-05-06' },
      [{ learner: dora, codes: ALL }],
      false,
    );
    expect(await a.openSessionOf(dora.id)).toEqual({ sessionId: unsigned, startDate: '2025-05-05' });
    await t.http.post(`/api/jury-sessions/${unsigned}/pv/sign`).set(auth(j1.token)).expect(200);
    expect(await a.openSessionOf(dora.id)).toEqual({ sessionId: unsigned, startDate: '2025-05-05' });
    await t.http.post(`/api/jury-sessions/${unsigned}/pv/sign`).set(auth(j2.token)).expect(200);
    expect(await a.openSessionOf(dora.id)).toBeNull();
    await db.transaction(async (m) => expect(await a.openSessionOf(eve.id, m)).toMatchObject({ sessionId: planned.id }));

    const never = await createLearner(t, { pathway: 'training', cohortId: cohort.id });
    const some = await a.lastSessionDates([odile.id, eve.id, dora.id, never.id]);
    expect(Object.fromEntries(some)).toEqual({ [odile.id]: '2025-03-11', [eve.id]: '2026-06-16', [dora.id]: '2025-05-06' });
    const all = await a.lastSessionDates(null);
    expect(all.get(chloe.id)).toBe('2025-03-11');
    expect(all.has(never.id)).toBe(false);
    expect(await a.lastSessionDates([])).toEqual(new Map());
  });

  it('anonymising one candidate keeps the signed PV verifying: same sha256, the others intact, the pseudonym shown, nothing of the person left in the row', async () => {
    const counts = await anonymise(odile.id);
    expect(counts).toEqual({ pvVersions: 1, sessions: 1, appeals: 1 });

    const pv = await t.http.get(`/api/jury-sessions/${sessionId}/pv`).set(auth(admin)).expect(200);
    expect(pv.body).toMatchObject({ sha256: signedSha, complete: true });
    const shown = pv.body.content.candidates as { learnerId: string; fullName: string; birthDate?: string; anonymisedOn?: string }[];
    expect(shown.find((k) => k.learnerId === bruno.id)).toMatchObject({ fullName: 'GARNIER Bruno', birthDate: '1991-02-14' });
    expect(shown.find((k) => k.learnerId === chloe.id)).toMatchObject({ fullName: 'HENRY Chloé', birthDate: '1995-11-30' });
    const o = shown.find((k) => k.learnerId === odile.id)!;
    expect(o).toMatchObject({ fullName: `Anonyme ${PSEUDONYM}`, anonymisedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(o).not.toHaveProperty('birthDate');
    expect(pv.body.candidates.find((k: { learnerId: string }) => k.learnerId === odile.id)).toMatchObject({
      fullName: `Anonyme ${PSEUDONYM}`,
      titleAwarded: true,
      ccpsAwarded: ALL,
    });

    const [row] = await pvRows(sessionId);
    expect(row.sha256).toBe(signedSha);
    expect(pvVerifies(row)).toBe(true);
    expect(row.whole).not.toMatch(/fontaine/i);
    expect(row.whole).not.toContain('Odile');
    expect(row.whole).not.toContain('1987-09-23');
    expect(row.whole).toContain('GARNIER Bruno');

    const text = await pdfText(`/api/jury-sessions/${sessionId}/pv.pdf`);
    expect(text).toContain(`Anonyme ${PSEUDONYM}`);
    expect(text).not.toMatch(/FONTAINE/);
    expect(text).toContain('GARNIER Bruno — né(e) le 14/02/1991');
    expect(text).toContain(signedSha);

    const [session] = await db.query(`SELECT convocations_sent_to AS "to" FROM jury_sessions WHERE id = $1`, [sessionId]);
    expect(session.to).toEqual([
      { name: `Anonyme ${PSEUDONYM}`, kind: 'candidate' },
      { name: 'GARNIER Bruno', kind: 'candidate' },
      { name: 'Paul Juré', kind: 'juror' },
    ]);
    const [appeal] = await db.query(`SELECT summary, kind, filed_on::text FROM appeals WHERE learner_id = $1`, [odile.id]);
    expect(appeal).toEqual({ summary: expect.stringContaining('effacé'), kind: 'gracieux', filed_on: '2025-03-20' });

    // Idempotent: again, nothing to change.
    expect(await anonymise(odile.id)).toEqual({ pvVersions: 0, sessions: 0, appeals: 0 });
    await t.http.get(`/api/jury-sessions/${sessionId}/pv`).set(auth(admin)).expect(200);
  });

  it('the data export names only this learner: results, PV fingerprint, appeals', async () => {
    const out = (await t.app.get(JurySessionsDataExport).exportOf(bruno.id)) as { sessions: Record<string, unknown>[] };
    const s = out.sessions.find((x) => x.sessionId === sessionId)!;
    expect(s).toMatchObject({
      type: 'title',
      certification: { code: 'RNCP36805' },
      startDate: '2025-03-10',
      endDate: '2025-03-11',
      ccpsAssessed: ALL,
      attendance: 'present',
      ccpsAwarded: ['RNCP36805BC01'],
      titleAwarded: false,
      outcome: 'partial',
      resultSource: 'pv',
      pv: { version: 1, signed: true, sha256: signedSha, identityOnPv: { fullName: 'GARNIER Bruno', birthDate: '1991-02-14' } },
      convocationSentAt: '2025-02-10T08:00:00.000Z',
      appeals: [],
    });
    expect(JSON.stringify(out)).not.toContain('HENRY');
    expect(JSON.stringify(out)).not.toContain(PSEUDONYM);
  });

  it('a name changed by SQL on a candidate not anonymised is still caught: 409 PV.INTEGRITY_FAILED; the anonymisation refuses to launder it', async () => {
    const other = await createLearner(t, {
      pathway: 'training',
      cohortId: cohort.id,
      firstName: 'Eva',
      lastName: 'Jacob',
      birthDate: '1980-01-01',
    });
    const victim = await createLearner(t, {
      pathway: 'training',
      cohortId: cohort.id,
      firstName: 'Félix',
      lastName: 'Klein',
      birthDate: '1982-02-02',
    });
    const sid = await runSession({ type: 'title', startDate: '2025-06-02', endDate: '2025-06-02' }, [
      { learner: other, codes: ALL },
      { learner: victim, codes: ALL },
    ]);
    await t.http.get(`/api/jury-sessions/${sid}/pv`).set(auth(admin)).expect(200);
    const su = await superuser(t.databaseUrl);
    try {
      await su.query('BEGIN');
      await su.query('SET LOCAL session_replication_role = replica');
      await su.query(
        `UPDATE pv_versions SET content = jsonb_set(content, '{candidates,1,identity,fullName}', '"KLEIN Félicien"') WHERE session_id = $1`,
        [sid],
      );
      await su.query('COMMIT');
    } finally {
      await su.end();
    }
    const [row] = await pvRows(sid);
    expect(row.whole).toContain('KLEIN Félicien');
    const pv = await t.http.get(`/api/jury-sessions/${sid}/pv`).set(auth(admin));
    expect(pv.status).toBe(409);
    expect(pv.body.code).toBe('PV.INTEGRITY_FAILED');
    expect((await t.http.get(`/api/jury-sessions/${sid}/pv.pdf`).set(auth(admin))).status).toBe(409);
    await expect(anonymise(victim.id)).rejects.toMatchObject({ code: 'PV.INTEGRITY_FAILED' });
    expect((await pvRows(sid))[0].whole).toBe(row.whole);
  });

  it('a legacy (scheme 1) PV is re-sealed by the migration: verified, its first sha256 kept and printed; then anonymised; a tampered one is left as it was', async () => {
    const legacy = await createLearner(t, {
      pathway: 'training',
      cohortId: cohort.id,
      firstName: 'Gaston',
      lastName: 'Lemaire',
      birthDate: '1979-07-07',
    });
    const tampered = await createLearner(t, {
      pathway: 'training',
      cohortId: cohort.id,
      firstName: 'Jules',
      lastName: 'Oger',
      birthDate: '1978-08-08',
    });
    const make = async (startDate: string, learner: LearnerFixture, tamper: boolean) => {
      const s = await createSession(t, { type: 'title', startDate, endDate: startDate });
      await t.http.post(`/api/jury-sessions/${s.id}/jurors`).set(auth(admin)).send({ userId: j1.id }).expect(201);
      await t.http
        .post(`/api/jury-sessions/${s.id}/candidates`)
        .set(auth(admin))
        .send({ learnerId: learner.id, override: { reason: 'Pièces remises sur place' } })
        .expect(201);
      // The content and hash exactly as PVs were drafted before issue 16.
      const content = {
        sessionId: s.id,
        type: 'title',
        certification: { code: 'RNCP36805', name: 'Secrétaire assistant médico-social' },
        startDate,
        endDate: startDate,
        site: 'Lyon',
        ceresReference: null,
        jurors: [{ userId: j1.id, fullName: 'Paul Juré' }],
        candidates: [
          {
            learnerId: learner.id,
            fullName: learner === legacy ? 'LEMAIRE Gaston' : 'OGER Jules',
            attendance: 'present',
            ccpsAssessed: ALL,
            ccpsAwarded: ALL,
            finalInterview: true,
            finalInterviewHeld: true,
            titleAwarded: true,
            outcome: 'title',
            overrides: [],
            comment: null,
            birthDate: learner === legacy ? '1979-07-07' : '1978-08-08',
            ccpComments: [],
          },
        ],
      };
      const sha256 = createHash('sha256')
        .update(canonicalJson({ version: 1, reason: null, content }))
        .digest('hex');
      await db.query(`UPDATE jury_sessions SET deliberation_opened_at = now(), deliberation_closed_at = now() WHERE id = $1`, [s.id]);
      if (tamper) content.candidates[0].ccpsAwarded = ['RNCP36805BC01'];
      const [{ id }] = await db.query(
        `INSERT INTO pv_versions (session_id, version, content, sha256) VALUES ($1, 1, $2, $3) RETURNING id`,
        [s.id, content, sha256],
      );
      await db.query(`INSERT INTO pv_signatures (pv_version_id, user_id) VALUES ($1, $2)`, [id, j1.id]);
      return { sessionId: s.id, sha256 };
    };
    const good = await make('2024-05-02', legacy, false);
    const bad = await make('2024-06-03', tampered, true);
    expect((await pvRows(good.sessionId))[0].hashScheme).toBe(1);
    await t.http.get(`/api/jury-sessions/${good.sessionId}/pv`).set(auth(admin)).expect(200);
    // Scheme 1 has no way through the trigger: the anonymisation refuses rather than break it.
    await expect(anonymise(legacy.id)).rejects.toMatchObject({ code: 'PV.INTEGRITY_FAILED' });

    // The migration's conversion, as the owner (it runs so in production).
    const owner = new Client({ connectionString: withCredentials(t.databaseUrl, DB_ROLES.owner.name, DB_ROLES.owner.password) });
    await owner.connect();
    try {
      await owner.query('BEGIN');
      const run = (sql: string, params?: unknown[]) => owner.query(sql, params).then((r) => r.rows);
      const first = await resealLegacyPvs(run);
      expect(first.resealed).toBeGreaterThanOrEqual(1);
      expect(first.unverified).toBe(1);
      // Idempotent: nothing left to re-seal but the one that does not verify.
      expect(await resealLegacyPvs(run)).toEqual({ resealed: 0, unverified: 1 });
      await owner.query('COMMIT');
    } finally {
      await owner.end();
    }
    const [resealed] = await pvRows(good.sessionId);
    expect(resealed).toMatchObject({ hashScheme: 2, sha256V1: good.sha256 });
    expect(resealed.sha256).not.toBe(good.sha256);
    const pv = await t.http.get(`/api/jury-sessions/${good.sessionId}/pv`).set(auth(admin)).expect(200);
    expect(pv.body).toMatchObject({ sha256: resealed.sha256, sha256V1: good.sha256 });
    expect(pv.body.content.candidates[0]).toMatchObject({ fullName: 'LEMAIRE Gaston', birthDate: '1979-07-07' });
    expect(await pdfText(`/api/jury-sessions/${good.sessionId}/pv.pdf`)).toContain(good.sha256);
    // The trigger is back on after the conversion.
    await expect(db.query(`DELETE FROM pv_versions WHERE session_id = $1`, [good.sessionId])).rejects.toThrow(/ajout seul/);

    const [untouched] = await pvRows(bad.sessionId);
    expect(untouched).toMatchObject({ hashScheme: 1, sha256: bad.sha256, sha256V1: null });
    expect((await t.http.get(`/api/jury-sessions/${bad.sessionId}/pv`).set(auth(admin))).body.code).toBe('PV.INTEGRITY_FAILED');
    await expect(anonymise(tampered.id)).rejects.toMatchObject({ code: 'PV.INTEGRITY_FAILED' });
    // The whole centre checked as reads check it: only the tampered PVs fail (this one and the renamed one above).
    const all = await anonymisation().verifyAllPvs();
    expect(all.checked).toBe(Number((await db.query(`SELECT count(*)::int AS n FROM pv_versions`))[0].n));
    expect(all.failed).toEqual(expect.arrayContaining([{ sessionId: bad.sessionId, version: 1 }]));
    expect(all.failed).toHaveLength(2);

    // The re-sealed PV then anonymises, its (new) sha256 unchanged, its first one still shown.
    expect(await anonymise(legacy.id)).toMatchObject({ pvVersions: 1 });
    const [anonymised] = await pvRows(good.sessionId);
    expect(anonymised).toMatchObject({ sha256: resealed.sha256, sha256V1: good.sha256 });
    expect(anonymised.whole).not.toMatch(/lemaire/i);
    expect(anonymised.whole).not.toContain('1979-07-07');
    const after = await t.http.get(`/api/jury-sessions/${good.sessionId}/pv`).set(auth(admin)).expect(200);
    expect(after.body).toMatchObject({ sha256: resealed.sha256, sha256V1: good.sha256 });
    expect(after.body.content.candidates[0].fullName).toBe(`Anonyme ${PSEUDONYM}`);
  });

  it('a rectified PV: both versions anonymised, both still verify, the latest shown with the pseudonym', async () => {
    const hugo = await createLearner(t, {
      pathway: 'training',
      cohortId: cohort.id,
      firstName: 'Hugo',
      lastName: 'Marchand',
      birthDate: '1988-08-08',
    });
    const ines = await createLearner(t, {
      pathway: 'training',
      cohortId: cohort.id,
      firstName: 'Inès',
      lastName: 'Noël',
      birthDate: '1989-09-09',
    });
    const sid = await runSession({ type: 'title', startDate: '2025-07-01', endDate: '2025-07-01' }, [
      { learner: hugo, codes: ['RNCP36805BC01'] },
      { learner: ines, codes: ALL },
    ]);
    await t.http
      .post(`/api/jury-sessions/${sid}/pv/rectifications`)
      .set(auth(admin))
      .send({
        reason: 'Erreur matérielle : CCP 2 acquis',
        results: [{ learnerId: hugo.id, ...awarded(['RNCP36805BC01', 'RNCP36805BC02']) }],
      })
      .expect(201);
    for (const j of [j1, j2]) await t.http.post(`/api/jury-sessions/${sid}/pv/sign`).set(auth(j.token)).expect(200);
    const before = await pvRows(sid);
    expect(before.map((r) => r.hashScheme)).toEqual([2, 2]);
    expect(await anonymise(hugo.id)).toMatchObject({ pvVersions: 2 });
    const after = await pvRows(sid);
    expect(after.map((r) => r.sha256)).toEqual(before.map((r) => r.sha256));
    for (const r of after) {
      expect(pvVerifies(r)).toBe(true);
      expect(r.whole).not.toMatch(/marchand/i);
      expect(r.whole).not.toContain('1988-08-08');
      expect(r.whole).toContain('NOËL Inès');
    }
    const pv = await t.http.get(`/api/jury-sessions/${sid}/pv`).set(auth(admin)).expect(200);
    expect(pv.body).toMatchObject({ version: 2, sha256: before[1].sha256, complete: true });
    expect(pv.body.candidates.find((k: { learnerId: string }) => k.learnerId === hugo.id)).toMatchObject({
      fullName: `Anonyme ${PSEUDONYM}`,
      ccpsAwarded: ['RNCP36805BC01', 'RNCP36805BC02'],
    });
    // A rectification after the anonymisation keeps the pseudonym and verifies.
    await t.http
      .post(`/api/jury-sessions/${sid}/pv/rectifications`)
      .set(auth(admin))
      .send({ reason: 'Erreur matérielle : CCP 3 acquis', results: [{ learnerId: hugo.id, ...awarded(ALL) }] })
      .expect(201);
    const v3 = await t.http.get(`/api/jury-sessions/${sid}/pv`).set(auth(admin)).expect(200);
    expect(v3.body.content.candidates.find((k: { learnerId: string }) => k.learnerId === hugo.id).fullName).toBe(`Anonyme ${PSEUDONYM}`);
    expect((await pvRows(sid))[2].whole).not.toMatch(/marchand/i);
  });
});
