import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDITED_ENTITIES, AuditService, countQueries, PageQueryDto } from '@app/platform';
import { addDays, todayInFrance } from '@app/rules';
import { auth, createCohort, createJuror, createLearner, signAllEcf } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

interface Entry {
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string;
  entityLabel: string | null;
  learnerId: string | null;
}

/** Issue 11 (9): the audit log in words — who (a name), on what (a label), filters by person, entity and date. */
describe('GET /api/audit: names, labels, filters', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let staff: { id: string; token: string };
  let learner: { id: string };
  let session: { id: string };
  // The Paris day the suite starts on: a run that crosses midnight in Paris (23:00 UTC in winter)
  // writes entries on two days, so the date filters are checked against the days actually spanned.
  let firstDay: string;
  let cohortId: string;

  beforeAll(async () => {
    firstDay = todayInFrance();
    t = await startTestApp();
    admin = await t.adminToken();
    adminId = (await t.http.get('/api/auth/me').set(auth(admin))).body.id;
    staff = await t.createUser(['admin'], { fullName: 'Nadia Secrétaire' });
    const trainer = await t.createUser(['trainer'], { fullName: 'Claire Formatrice' });
    const cohort = await createCohort(t, [trainer.id]);
    learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id, firstName: 'Karim', lastName: 'Benali' });
    // The session is created by the second admin: the actor filter separates the two.
    session = (
      await t.http
        .post('/api/jury-sessions')
        .set(auth(staff.token))
        .send({ certificationCode: 'RNCP36805', site: 'Lyon', type: 'title', startDate: '2025-05-12', endDate: '2025-05-12' })
        .expect(201)
    ).body;
    await createJuror(t, { fullName: 'Paul Juré' });
    await signAllEcf(t, learner.id, trainer.token);
    cohortId = cohort.id;
  });
  afterAll(async () => t.close());

  const list = async (query: string): Promise<{ items: Entry[]; total: number }> =>
    (await t.http.get(`/api/audit?${query}`).set(auth(admin)).expect(200)).body;

  it('every entry names its author and labels what it is about (a learner, a session, a user)', async () => {
    const { items } = await list('pageSize=100');
    const created = items.find((e) => e.action === 'learner.create' && e.entityId === learner.id)!;
    expect(created).toMatchObject({ actorId: adminId, entity: 'learner', entityLabel: 'Karim Benali', learnerId: learner.id });
    expect(created.actorName).toEqual(expect.any(String));
    const s = items.find((e) => e.action === 'jury_session.create' && e.entityId === session.id)!;
    expect(s).toMatchObject({ actorId: staff.id, actorName: 'Nadia Secrétaire', entityLabel: 'Session titre du 12/05/2025' });
    const u = items.find((e) => e.action === 'user.create' && e.entityId === staff.id)!;
    expect(u.entityLabel).toBe('Nadia Secrétaire');
  });

  it('labels what other libs own through their own SQL (port AUDIT_LABEL_SOURCES): a cohort by name, ECF by learner, a title by code', async () => {
    const { items } = await list('pageSize=100');
    const cohort = items.find((e) => e.entity === 'cohort' && e.entityId === cohortId)!;
    expect(cohort.entityLabel).toEqual(expect.any(String));
    expect(cohort.entityLabel!.length).toBeGreaterThan(0);
    const ecf = items.filter((e) => e.entity === 'ecf_evaluation' || e.entity === 'ecf_synthesis');
    expect(ecf.length).toBeGreaterThan(0);
    for (const e of ecf) expect(e).toMatchObject({ entityLabel: 'Karim Benali', learnerId: learner.id });
    const titles = (await list('entity=certification&pageSize=5')).items;
    expect(titles.length).toBeGreaterThan(0);
    expect(titles[0].entityLabel).toMatch(/^RNCP\d+ — /);
  });

  it('filters by person (actorId), entity and date range (days of Paris)', async () => {
    const byStaff = await list(`actorId=${staff.id}&pageSize=100`);
    expect(byStaff.total).toBeGreaterThan(0);
    expect(byStaff.items.every((e) => e.actorId === staff.id)).toBe(true);
    expect(byStaff.items.some((e) => e.action === 'jury_session.create')).toBe(true);

    const sessions = await list('entity=jury_session&pageSize=100');
    expect(sessions.items.every((e) => e.entity === 'jury_session')).toBe(true);
    const one = await list(`entity=learner&entityId=${learner.id}`);
    expect(one.items.map((e) => e.action)).toEqual(['learner.create']);

    const all = await list('pageSize=1');
    const lastDay = todayInFrance();
    expect((await list(`from=${firstDay}&to=${lastDay}&pageSize=1`)).total).toBe(all.total);
    expect((await list(`from=${firstDay}&pageSize=1`)).total).toBe(all.total);
    expect((await list(`to=${addDays(firstDay, -1)}&pageSize=1`)).total).toBe(0);
    expect((await list(`from=${addDays(lastDay, 1)}&pageSize=1`)).total).toBe(0);
    expect((await list(`actorId=${staff.id}&from=${firstDay}&to=${lastDay}&pageSize=1`)).total).toBe(byStaff.total);
    if (firstDay === lastDay) expect((await list(`from=${lastDay}&to=${lastDay}&pageSize=1`)).total).toBe(all.total);
  });

  it('refuses a malformed filter (400)', async () => {
    for (const q of ['actorId=nope', 'from=2026-02-31', 'to=30/11/2026']) await t.http.get(`/api/audit?${q}`).set(auth(admin)).expect(400);
  });

  it('names and labels in a bounded number of queries, whatever the page size', async () => {
    const service = t.app.get(AuditService);
    const measure = async (pageSize: number): Promise<{ count: number; items: number }> => {
      const query = Object.assign(new PageQueryDto(), { page: 1, pageSize });
      const { count, result } = await countQueries(() => service.list({}, query));
      return { count, items: result.items.length };
    };
    const small = await measure(2);
    const large = await measure(100);
    expect(large.items).toBeGreaterThan(small.items);
    // page, count (skipped by paginate when the page is not full), labels: never more than 3.
    expect(small.count).toBe(3);
    expect(large.count).toBeLessThanOrEqual(3);
  });

  it('the web app has a sentence for every action code the code base records (AuditPage AUDIT_SENTENCES)', () => {
    const root = join(__dirname, '..');
    const codes = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')) {
          const text = readFileSync(path, 'utf8');
          // A file name is not an action ('learner.json', the export's document: issue 16).
          for (const m of text.matchAll(new RegExp(`'((?:${AUDITED_ENTITIES.join('|')})\\.(?!(?:json|pdf|zip|csv)')[a-z_]+)'`, 'g')))
            codes.add(m[1]);
          // action: `ecf_synthesis.sign_${capacity}` — the capacities of the table's CHECK
          if (text.includes('`ecf_synthesis.sign_${capacity}`'))
            ['evaluator', 'centre'].forEach((c) => codes.add(`ecf_synthesis.sign_${c}`));
        }
      }
    };
    walk(join(root, 'libs'));
    const page = readFileSync(join(root, 'apps/web/src/features/admin/components/AuditPage.tsx'), 'utf8');
    const table = new Set([...page.matchAll(/^\s+'([a-z_]+\.[a-z_]+)': \(x\) =>/gm)].map((m) => m[1]));
    expect(codes.size).toBeGreaterThan(40);
    expect([...codes].filter((c) => !table.has(c))).toEqual([]);
  });
});
