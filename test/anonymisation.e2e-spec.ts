import { Client } from 'pg';
import { auth, createCohort, createJuror, createLearner, createSession, signAllEcf, submitDp } from './support/fixtures';
import { DB_ROLES, startTestApp, TestApp } from './support/test-app';

/** The test file's database as the owner role (every table readable, as a backup would be). */
async function asOwner(databaseUrl: string): Promise<Client> {
  const url = new URL(databaseUrl);
  url.username = DB_ROLES.owner.name;
  url.password = DB_ROLES.owner.password;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

/** Every row of every table of every schema but PostgreSQL's own, as text: table → rows. */
async function dumpText(client: Client): Promise<Map<string, string[]>> {
  const tables = await client.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const out = new Map<string, string[]>();
  for (const { schema, name } of tables.rows) {
    const rows = await client.query<{ t: string }>(`SELECT t::text AS t FROM "${schema}"."${name}" t`);
    out.set(
      `${schema}.${name}`,
      rows.rows.map((r) => r.t),
    );
  }
  return out;
}

const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

/**
 * Issue 16 (3): an admin anonymises one learner at once. The learner has everything the centre
 * keeps on a person: identity, account, an e-mail sent, ECF syntheses with observations, a DP with
 * text, a trainer's comment and an attachment, audit entries of their changes. Afterwards their
 * old name, e-mail and birth date are nowhere in the database (owner's dump of every table).
 */
describe('issue 16 — anonymising a learner at once (POST /api/learners/:id/anonymisation)', () => {
  let t: TestApp;
  let admin: string;
  let trainer: { id: string; token: string };
  let cohort: { id: string };
  const person = {
    firstName: 'Zéphyrine',
    lastName: 'Quenouillard',
    birthDate: '1961-02-27',
    email: 'zephyrine.quenouillard@exemple-anonymisation.fr',
    employer: 'Clinique des Tilleuls',
    accommodations: 'Tiers-temps (décision MDPH)',
  };
  let learner: { id: string; userId: string | null; token?: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    trainer = await t.createUser(['trainer']);
    cohort = await createCohort(t, [trainer.id]);
    learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id, ...person }, true);
    const base = `/api/learners/${learner.id}`;
    // A DP with text that names people, an attachment that names the learner, a trainer's comment.
    const example = await t.http
      .post(`${base}/professional-file/examples`)
      .set(auth(learner.token!))
      .send({
        ccpCode: 'RNCP36805BC01',
        title: 'Accueil des patients',
        organisation: 'Clinique des Tilleuls',
        periodFrom: '2024-01-01',
        periodTo: '2024-03-01',
        tasks: 'Moi, Zéphyrine Quenouillard, j’accueille les patients',
        means: 'Logiciel de rendez-vous',
        collaborators: 'Équipe d’accueil',
      })
      .expect(201);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n% Attestation employeur de Zéphyrine Quenouillard\n'), Buffer.alloc(2000, 32)]);
    await t.http
      .post(`${base}/professional-file/attachments`)
      .set(auth(learner.token!))
      .attach('file', pdf, { filename: 'attestation-quenouillard.pdf', contentType: 'application/pdf' })
      .expect(201);
    await t.http
      .post(`${base}/professional-file/comments`)
      .set(auth(trainer.token))
      .send({ text: 'Bien, Zéphyrine Quenouillard : précisez le contexte', exampleId: example.body.id })
      .expect(201);
    await t.http
      .put(`${base}/ecf-syntheses/RNCP36805BC01`)
      .set(auth(trainer.token))
      .send({ mastered: true, observations: 'Zéphyrine Quenouillard maîtrise l’accueil' })
      .expect(200);
    // Changes audited with before/after (the employer, then the e-mail: learner.update and user.change_email).
    await t.http.patch(base).set(auth(admin)).send({ employer: 'Clinique des Tilleuls — Lyon' }).expect(200);
    // An e-mail to the learner (the outbox keeps its recipient and body).
    await t.http.post('/api/auth/password-reset-requests').send({ email: person.email }).expect(202);
    for (let i = 0; i < 50; i += 1) {
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE to_address = $1`, [person.email]);
      if (n > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);
  afterAll(async () => t.close());

  it('refuses a missing or too long reason (400 on reason), a non-admin (403), an unknown learner (404)', async () => {
    const url = `/api/learners/${learner.id}/anonymisation`;
    const missing = await t.http.post(url).set(auth(admin)).send({}).expect(400);
    expect(missing.body.details).toEqual([expect.objectContaining({ field: 'reason' })]);
    await t.http.post(url).set(auth(admin)).send({ reason: '   ' }).expect(400);
    // At least 10 characters once trimmed, as a withdrawal's reason.
    const short = await t.http.post(url).set(auth(admin)).send({ reason: '  court   ' }).expect(400);
    expect(short.body.details).toEqual([expect.objectContaining({ field: 'reason', message: expect.stringContaining('10 caractères') })]);
    await t.http
      .post(url)
      .set(auth(admin))
      .send({ reason: 'x'.repeat(501) })
      .expect(400);
    await t.http.post(url).set(auth(trainer.token)).send({ reason: 'Demande de l’intéressé' }).expect(403);
    await t.http
      .post('/api/learners/00000000-0000-4000-8000-000000000000/anonymisation')
      .set(auth(admin))
      .send({ reason: 'Demande de l’intéressé' })
      .expect(404);
  });

  it('refuses while a session involving the learner is open: 409 LEARNER.SESSION_OPEN naming its date', async () => {
    const other = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
    await signAllEcf(t, other.id, trainer.token);
    await submitDp(t, other);
    const jurors = [await createJuror(t), await createJuror(t)];
    const session = await createSession(t, { type: 'title', startDate: '2026-06-15', endDate: '2026-06-16' });
    for (const j of jurors)
      await t.http.post(`/api/jury-sessions/${session.id}/jurors`).set(auth(admin)).send({ userId: j.id }).expect(201);
    await t.http.post(`/api/jury-sessions/${session.id}/candidates`).set(auth(admin)).send({ learnerId: other.id }).expect(201);
    const res = await t.http
      .post(`/api/learners/${other.id}/anonymisation`)
      .set(auth(admin))
      .send({ reason: 'Demande de l’intéressé' })
      .expect(409);
    expect(res.body.code).toBe('LEARNER.SESSION_OPEN');
    expect(res.body.message).toContain('15/06/2026');
    const [row] = await t.dataSource.query('SELECT anonymised_at FROM learners WHERE id = $1', [other.id]);
    expect(row.anonymised_at).toBeNull();
  });

  it('20 parallel POSTs: one anonymisation, one audit entry; the others 409 LEARNER.ANONYMISED', async () => {
    const url = `/api/learners/${learner.id}/anonymisation`;
    const reason =
      `Demande d’effacement de Zéphyrine Quenouillard (${person.email}) reçue le 01/12/2026 : ` +
      'ZEPHYRINE QUENOUILLARD, dite zephyrine, née le 27/02/1961 (27/2/1961, 1961-02-27)';
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.http.post(url).set(auth(admin)).send({ reason })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'LEARNER.ANONYMISED')).toBe(true);
    const ok = answers.find((a) => a.status === 200)!.body;
    expect(ok).toMatchObject({ id: learner.id, firstName: 'Anonyme', birthDate: null, employer: null, accommodations: null });
    expect(ok.lastName).toMatch(/^ANON-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(ok.pseudonym).toBe(ok.lastName);
    expect(ok.email).toBe(`${ok.pseudonym.toLowerCase()}@anonymise.invalid`);
    expect(typeof ok.anonymisedAt).toBe('string');
    const entries = await t.dataSource.query(
      `SELECT actor_id, after FROM audit_log WHERE action = 'learner.anonymise' AND entity = 'learner' AND entity_id = $1`,
      [learner.id],
    );
    expect(entries).toHaveLength(1);
    expect(entries[0].after).toMatchObject({ trigger: 'manual', pseudonym: ok.pseudonym });
    expect(entries[0].after.reason).toContain(ok.pseudonym);
    // Scrubbed: names whatever the case and accents, the e-mail, the birth date in any format; the day of the request stays.
    const stored = entries[0].after.reason as string;
    const plain = stored.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    for (const gone of ['zephyrine', 'quenouillard', 'exemple-anonymisation', '1961', '27/02', '27/2']) expect(plain).not.toContain(gone);
    expect(stored).toContain('reçue le 01/12/2026');
    expect(stored.match(/\[date effacée\]/g)).toHaveLength(3);
    expect(entries[0].after.counts).toMatchObject({
      'learners.learners': 1,
      'auth.accounts': 1,
      'ecf.syntheses': 1,
      'professionalFiles.examples': 1,
      'professionalFiles.comments': 1,
      'professionalFiles.attachments': 1,
    });
  });

  it('leaves the old name, e-mail and birth date nowhere in the database (every table, as the owner)', async () => {
    const client = await asOwner(t.databaseUrl);
    try {
      const dump = await dumpText(client);
      const needles = [
        person.lastName,
        person.firstName,
        person.email,
        person.birthDate,
        person.accommodations,
        person.employer,
        hex(person.lastName),
      ];
      const found: string[] = [];
      for (const [table, rows] of dump) {
        for (const row of rows) {
          for (const n of needles) if (row.toLowerCase().includes(n.toLowerCase())) found.push(`${table}: ${n} in ${row.slice(0, 300)}`);
        }
      }
      expect(found).toEqual([]);
      // The dump did read the tables that held them (not an empty database).
      expect(dump.get('public.learners')!.length).toBeGreaterThan(1);
      expect(dump.get('public.audit_log')!.length).toBeGreaterThan(5);
    } finally {
      await client.end();
    }
  });

  it('the account can no longer sign in, its tokens are refused; a search by the old name finds nothing', async () => {
    const login = await t.http.post('/api/auth/login').send({ email: person.email, password: 'learner-password-123' });
    expect(login.status).toBe(401);
    await t.http.get('/api/auth/me').set(auth(learner.token!)).expect(401);
    const search = await t.http
      .get(`/api/learners?q=${encodeURIComponent(person.lastName)}`)
      .set(auth(admin))
      .expect(200);
    expect(search.body.total).toBe(0);
    const list = await t.http.get(`/api/learners?cohortId=${cohort.id}`).set(auth(admin)).expect(200);
    expect(list.body.items.find((l: { id: string }) => l.id === learner.id)).toMatchObject({
      firstName: 'Anonyme',
      lastName: expect.stringMatching(/^ANON-/),
    });
  });

  it('a learner whose session is closed by a signed PV: anonymised, the PV still verifies under the pseudonym, the booklet unchanged, their name nowhere', async () => {
    const sat = {
      firstName: 'Barthélémy',
      lastName: 'Ollivandrier',
      birthDate: '1958-11-03',
      email: 'b.ollivandrier@exemple-anonymisation.fr',
    };
    const candidate = await createLearner(t, { pathway: 'training', cohortId: cohort.id, ...sat }, true);
    await signAllEcf(t, candidate.id, trainer.token);
    await submitDp(t, candidate);
    const jurors = [await createJuror(t), await createJuror(t)];
    const session = await createSession(t, { type: 'title', startDate: '2025-03-10', endDate: '2025-03-11' });
    const s = `/api/jury-sessions/${session.id}`;
    for (const j of jurors) await t.http.post(`${s}/jurors`).set(auth(admin)).send({ userId: j.id }).expect(201);
    await t.http.post(`${s}/candidates`).set(auth(admin)).send({ learnerId: candidate.id }).expect(201);
    await t.http.post(`${s}/deliberation/open`).set(auth(jurors[0].token)).expect(200);
    await t.http
      .put(`${s}/candidates/${candidate.id}/result`)
      .set(auth(jurors[0].token))
      .send({
        attendance: 'present',
        ccpResults: ['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03'].map((ccpCode) => ({ ccpCode, awarded: true })),
        finalInterviewHeld: true,
        titleAwarded: true,
      })
      .expect(200);
    await t.http.post(`${s}/deliberation/close`).set(auth(jurors[0].token)).expect(200);
    for (const j of jurors) await t.http.post(`${s}/pv/sign`).set(auth(j.token)).expect(200);
    const pvBefore = (await t.http.get(`${s}/pv`).set(auth(admin)).expect(200)).body;
    const bookletBefore = (await t.http.get(`/api/learners/${candidate.id}/booklet`).set(auth(admin)).expect(200)).body;

    const done = await t.http
      .post(`/api/learners/${candidate.id}/anonymisation`)
      .set(auth(admin))
      .send({ reason: 'Demande de l’intéressé' })
      .expect(200);
    const pvAfter = (await t.http.get(`${s}/pv`).set(auth(admin)).expect(200)).body;
    expect(pvAfter.sha256).toBe(pvBefore.sha256);
    expect(pvAfter.complete).toBe(true);
    expect(JSON.stringify(pvAfter)).toContain(done.body.pseudonym);
    expect(JSON.stringify(pvAfter)).not.toContain(sat.lastName);
    const bookletAfter = (await t.http.get(`/api/learners/${candidate.id}/booklet`).set(auth(admin)).expect(200)).body;
    expect(bookletAfter.titleAwarded).toBe(true);
    expect(bookletAfter.ccps).toEqual(bookletBefore.ccps);

    const client = await asOwner(t.databaseUrl);
    try {
      const found: string[] = [];
      for (const [table, rows] of await dumpText(client)) {
        for (const row of rows) {
          for (const n of [sat.lastName, sat.email, sat.birthDate, hex(sat.lastName)]) {
            if (row.toLowerCase().includes(n.toLowerCase())) found.push(`${table}: ${n} in ${row.slice(0, 300)}`);
          }
        }
      }
      expect(found).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('the learner file is closed: PATCH and invitation 409 LEARNER.ANONYMISED; the DP keeps its shape, text erased', async () => {
    const patch = await t.http.patch(`/api/learners/${learner.id}`).set(auth(admin)).send({ firstName: 'Zéphyrine' }).expect(409);
    expect(patch.body.code).toBe('LEARNER.ANONYMISED');
    const invite = await t.http.post(`/api/learners/${learner.id}/invitations`).set(auth(admin)).expect(409);
    expect(invite.body.code).toBe('LEARNER.ANONYMISED');
    const dp = await t.http.get(`/api/learners/${learner.id}/professional-file`).set(auth(admin)).expect(200);
    expect(dp.body.examples).toHaveLength(1);
    expect(dp.body.examples[0]).toMatchObject({ ccpCode: 'RNCP36805BC01', tasks: '[effacé]', periodFrom: '2024-01-01' });
    expect(dp.body.attachments ?? []).toHaveLength(0);
    // The audit log is still append-only outside an anonymisation.
    await expect(t.dataSource.query(`UPDATE audit_log SET after = '{}'::jsonb WHERE entity_id = $1`, [learner.id])).rejects.toThrow(
      /ajout seul/,
    );
  });
});
