import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, TestApp } from './support/test-app';
import { createCohort, successorTitle } from './support/fixtures';

/** The référentiel file the app ships, as a centre would upload it. */
const shipped = (): Record<string, unknown> & { code: string; notes?: string[]; ccps: { code: string }[] } =>
  JSON.parse(readFileSync(join(__dirname, '..', 'seeds', 'referentials', 'sams-rncp36805.json'), 'utf8'));

/** Every RNCP code of a référentiel file renamed: the same content as a new version. */
const recoded = <T>(file: T, from: string, to: string): T => JSON.parse(JSON.stringify(file).replaceAll(from, to)) as T;

describe('référentiel (contract: Référentiel)', () => {
  let t: TestApp;
  let admin: string;
  let trainer: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    trainer = (await t.createUser(['trainer'])).token;
  });
  afterAll(async () => t.close());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('R-REF-2: SAMS is present after start, with 3 CCPs and 12 competences with their criteria', async () => {
    const list = await t.http.get('/api/certifications').set(auth(trainer)).expect(200);
    const sams = list.body.find((c: { code: string }) => c.code === 'RNCP36805');
    expect(sams).toMatchObject({
      code: 'RNCP36805',
      tpCode: 'TP-00057',
      name: 'Secrétaire assistant médico-social',
      level: 4,
      validUntil: '2025-09-01',
      successorCode: null,
    });
    expect(sams.ccps.map((c: { code: string }) => c.code)).toEqual(['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03']);

    const res = await t.http.get('/api/certifications/RNCP36805').set(auth(trainer)).expect(200);
    expect(res.body.ccps).toHaveLength(3);
    const numbers = res.body.ccps.map((c: { competences: { number: number }[] }) => c.competences.map((k) => k.number));
    expect(numbers).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8],
      [9, 10, 11, 12],
    ]);
    for (const ccp of res.body.ccps) {
      for (const k of ccp.competences) {
        expect(k.title.length).toBeGreaterThan(5);
        expect(k.criteria.length).toBeGreaterThanOrEqual(4);
      }
    }
    expect(res.body.ccps[0].competences[0].criteria[0]).toBe('L’information transmise est fiable');
  });

  it('R-CAP-4: reports the status of the title today (SAMS: expired once its délai de prolongation ended on 31/08/2026)', async () => {
    const res = await t.http.get('/api/certifications/RNCP36805').set(auth(trainer)).expect(200);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    const expected = today < '2025-09-01' ? 'valid' : today < '2026-09-01' ? 'prolongation' : 'expired';
    expect(res.body.status).toBe(expected);
  });

  it('answers 404 NOT_FOUND for an unknown title', async () => {
    const res = await t.http.get('/api/certifications/RNCP00000').set(auth(trainer)).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('R-REF-3: an admin adds a new title version; the same code again is 409', async () => {
    const res = await t.http.post('/api/certifications').set(auth(admin)).send(successorTitle()).expect(201);
    expect(res.body).toMatchObject({ code: 'RNCP40800', status: 'valid', successorCode: null, predecessorCode: null });
    expect(res.body.ccps[2].competences.map((k: { number: number }) => k.number)).toEqual([5, 6]);
    const again = await t.http.post('/api/certifications').set(auth(admin)).send(successorTitle()).expect(409);
    expect(again.body.code).toBe('CERTIFICATION.CODE_TAKEN');
  });

  it('refuses a title whose CCP codes belong to another title (409) or whose numbers repeat (422 REF.INVALID_STRUCTURE)', async () => {
    const stolen = successorTitle('RNCP40801', 'RNCP40800');
    const taken = await t.http.post('/api/certifications').set(auth(admin)).send(stolen).expect(409);
    expect(taken.body.code).toBe('CERTIFICATION.CCP_CODE_TAKEN');

    const twice = successorTitle('RNCP40802');
    twice.ccps[1].competences[0].number = 1;
    const res = await t.http.post('/api/certifications').set(auth(admin)).send(twice).expect(422);
    expect(res.body).toMatchObject({ code: 'REF.INVALID_STRUCTURE', rule: 'R-REF-2' });
    expect(res.body.details).toEqual([
      { field: 'ccps[1].competences[0].number', message: 'La compétence n°1 est en double dans le titre.' },
    ]);
    await t.http.get('/api/certifications/RNCP40802').set(auth(admin)).expect(404);
  });

  it('answers 403 when a trainer adds a title or a successor', async () => {
    await t.http.post('/api/certifications').set(auth(trainer)).send(successorTitle('RNCP40803')).expect(403);
    await t.http
      .put('/api/certifications/RNCP36805/successor')
      .set(auth(trainer))
      .send({ successorCode: 'RNCP40800', correspondences: [] })
      .expect(403);
  });

  describe('PUT /api/certifications/:code/successor (R-REF-3)', () => {
    const valid = {
      successorCode: 'RNCP40800',
      correspondences: [
        { from: ['RNCP36805BC01'], to: 'RNCP40800BC01' },
        { from: ['RNCP36805BC02'], to: 'RNCP40800BC02' },
        { from: ['RNCP36805BC02', 'RNCP36805BC03'], to: 'RNCP40800BC03' },
      ],
    };

    it('refuses a `from` CCP that is not of the old title and a `to` CCP that is not of the successor', async () => {
      const res = await t.http
        .put('/api/certifications/RNCP36805/successor')
        .set(auth(admin))
        .send({ successorCode: 'RNCP40800', correspondences: [{ from: ['RNCP40800BC01', 'RNCP36805BC01'], to: 'RNCP36805BC02' }] })
        .expect(422);
      expect(res.body).toMatchObject({ code: 'REF.INVALID_CORRESPONDENCE', rule: 'R-REF-3' });
      expect(res.body.details).toEqual([
        { field: 'correspondences[0].from[0]', message: "RNCP40800BC01 n'est pas un CCP du titre RNCP36805." },
        { field: 'correspondences[0].to', message: "RNCP36805BC02 n'est pas un CCP du titre successeur RNCP40800." },
      ]);
    });

    it('refuses an unknown successor and a title as its own successor', async () => {
      const unknown = await t.http
        .put('/api/certifications/RNCP36805/successor')
        .set(auth(admin))
        .send({ successorCode: 'RNCP99999', correspondences: [] })
        .expect(422);
      expect(unknown.body.code).toBe('REF.INVALID_SUCCESSOR');
      const self = await t.http
        .put('/api/certifications/RNCP36805/successor')
        .set(auth(admin))
        .send({ successorCode: 'RNCP36805', correspondences: [] })
        .expect(422);
      expect(self.body.code).toBe('REF.INVALID_SUCCESSOR');
    });

    it('answers 404 for an unknown old title', async () => {
      await t.http.put('/api/certifications/RNCP11111/successor').set(auth(admin)).send(valid).expect(404);
    });

    it('declares the successor with its correspondences, readable from both titles, and audited', async () => {
      const res = await t.http.put('/api/certifications/RNCP36805/successor').set(auth(admin)).send(valid).expect(200);
      expect(res.body.successorCode).toBe('RNCP40800');
      expect(res.body.correspondences).toEqual(valid.correspondences);
      const successor = await t.http.get('/api/certifications/RNCP40800').set(auth(trainer)).expect(200);
      expect(successor.body.predecessorCode).toBe('RNCP36805');
      const audit = await t.http.get('/api/audit?entity=certification').set(auth(admin)).expect(200);
      const entry = audit.body.items.find((a: { action: string }) => a.action === 'certification.set_successor');
      expect(entry.before.successorCode).toBeNull();
      expect(entry.after.successorCode).toBe('RNCP40800');
    });

    it('refuses a cycle in the chain of successors', async () => {
      const res = await t.http
        .put('/api/certifications/RNCP40800/successor')
        .set(auth(admin))
        .send({ successorCode: 'RNCP36805', correspondences: [] })
        .expect(422);
      expect(res.body.code).toBe('REF.INVALID_SUCCESSOR');
    });
  });

  describe('référentiel files: import unchanged, export, edit before use (issue 11)', () => {
    it('takes the shipped JSON unchanged: its descriptors are kept, its provenance notes accepted and not stored', async () => {
      // Unchanged, it only collides with the title already loaded from it: validation passed.
      const same = await t.http.post('/api/certifications').set(auth(admin)).send(shipped()).expect(409);
      expect(same.body.code).toBe('CERTIFICATION.CODE_TAKEN');
      const copy = recoded(shipped(), 'RNCP36805', 'RNCP36890');
      const res = await t.http.post('/api/certifications').set(auth(admin)).send(copy).expect(201);
      expect(res.body).toMatchObject({
        code: 'RNCP36890',
        nsf: '324t',
        romeCodes: ['M1609'],
        trainingHours: 552,
        trainingDurationMonths: [12, 14],
        validFrom: null,
        demo: false,
        editable: true,
      });
      expect(res.body.ccps.map((c: { code: string }) => c.code)).toEqual(['RNCP36890BC01', 'RNCP36890BC02', 'RNCP36890BC03']);
      expect(res.body).not.toHaveProperty('notes');
    });

    it('still refuses a truly unknown field, at the top and inside a CCP (400 VALIDATION_FAILED)', async () => {
      const top = await t.http
        .post('/api/certifications')
        .set(auth(admin))
        .send({ ...recoded(shipped(), 'RNCP36805', 'RNCP36891'), isTrusted: true })
        .expect(400);
      expect(top.body.code).toBe('VALIDATION_FAILED');
      expect(top.body.details).toEqual([expect.objectContaining({ field: 'isTrusted' })]);
      const nested = recoded<ReturnType<typeof shipped> & { ccps: Record<string, unknown>[] }>(shipped(), 'RNCP36805', 'RNCP36891');
      nested.ccps[0].weight = 2;
      const inner = await t.http.post('/api/certifications').set(auth(admin)).send(nested).expect(400);
      expect(inner.body.details).toEqual([expect.objectContaining({ field: 'ccps[0].weight' })]);
      await t.http.get('/api/certifications/RNCP36891').set(auth(admin)).expect(404);
    });

    it('exports a title as the shipped file (provenance notes aside); export → import under new codes → export round-trips', async () => {
      const exported = await t.http.get('/api/certifications/RNCP36805/export').set(auth(trainer)).expect(200);
      const { notes, ...withoutNotes } = shipped();
      expect(notes?.length).toBeGreaterThan(0);
      expect(exported.body).toEqual(withoutNotes);
      expect(Object.keys(exported.body)).toEqual(Object.keys(withoutNotes));

      const renamed = recoded(exported.body as ReturnType<typeof shipped>, 'RNCP36805', 'RNCP36892');
      await t.http.post('/api/certifications').set(auth(admin)).send(renamed).expect(201);
      const again = await t.http.get('/api/certifications/RNCP36892/export').set(auth(trainer)).expect(200);
      expect(again.body).toEqual(renamed);
      expect(recoded(again.body as ReturnType<typeof shipped>, 'RNCP36892', 'RNCP36805')).toEqual(exported.body);
      await t.http.get('/api/certifications/RNCP00000/export').set(auth(trainer)).expect(404);
    });

    it('R-REF-3: a version no one uses yet is corrected whole (PUT); once a cohort uses it, 409', async () => {
      const draft = successorTitle('RNCP40810');
      await t.http.post('/api/certifications').set(auth(admin)).send(draft).expect(201);
      const edited = {
        ...draft,
        name: 'Secrétaire assistant médico-administratif (corrigé)',
        validFrom: '2025-09-01',
        ccps: [
          { ...draft.ccps[1], number: 1, title: 'Activité type 2 devenue 1' },
          { ...draft.ccps[0], number: 2, competences: [{ ...draft.ccps[0].competences[0], criteria: ['Critère unique'] }] },
          {
            code: 'RNCP40810BC04',
            number: 3,
            title: 'Activité nouvelle',
            competences: [{ number: 9, title: 'Compétence 9', criteria: [] }],
          },
        ],
      };
      await t.http.put('/api/certifications/RNCP40810').set(auth(trainer)).send(edited).expect(403);
      const mismatch = await t.http
        .put('/api/certifications/RNCP40810')
        .set(auth(admin))
        .send({ ...edited, code: 'RNCP40811' })
        .expect(400);
      expect(mismatch.body.details).toEqual([expect.objectContaining({ field: 'code' })]);
      const res = await t.http.put('/api/certifications/RNCP40810').set(auth(admin)).send(edited).expect(200);
      expect(res.body).toMatchObject({
        name: 'Secrétaire assistant médico-administratif (corrigé)',
        validFrom: '2025-09-01',
        editable: true,
      });
      expect(res.body.ccps.map((c: { code: string; number: number }) => `${c.number}:${c.code}`)).toEqual([
        '1:RNCP40810BC02',
        '2:RNCP40810BC01',
        '3:RNCP40810BC04',
      ]);
      expect(res.body.ccps[1].competences).toEqual([
        { number: 1, title: 'Compétence 1', description: 'Description', criteria: ['Critère unique'] },
      ]);
      const audit = await t.http.get('/api/audit?entity=certification').set(auth(admin)).expect(200);
      expect(audit.body.items.some((a: { action: string }) => a.action === 'certification.update')).toBe(true);

      await createCohort(t, [], { certificationCode: 'RNCP40810', startDate: '2025-09-01', endDate: '2026-07-01' });
      const used = await t.http.put('/api/certifications/RNCP40810').set(auth(admin)).send(draft).expect(409);
      expect(used.body).toMatchObject({ code: 'CONFLICT', rule: 'R-REF-3' });
      expect(used.body.message).toContain('1 promotion(s)');
      const after = await t.http.get('/api/certifications/RNCP40810').set(auth(admin)).expect(200);
      expect(after.body.editable).toBe(false);
      expect(after.body.ccps).toHaveLength(3);
    });
  });

  describe('audit log', () => {
    it('recorded the SAMS seed and is readable by admins, newest first, paginated', async () => {
      const res = await t.http.get('/api/audit?entity=certification&pageSize=50').set(auth(admin)).expect(200);
      expect(res.body.items.some((a: { action: string }) => a.action === 'certification.seed')).toBe(true);
      const times = res.body.items.map((a: { at: string }) => a.at);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it('is append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused', async () => {
      await expect(t.dataSource.query(`UPDATE audit_log SET action = 'tampered'`)).rejects.toThrow(/ajout seul/);
      await expect(t.dataSource.query('DELETE FROM audit_log')).rejects.toThrow(/ajout seul/);
      await expect(t.dataSource.query('TRUNCATE audit_log')).rejects.toThrow(/ajout seul/);
      const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM audit_log');
      expect(count).toBeGreaterThan(0);
    });
  });
});
