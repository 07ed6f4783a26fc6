import { auth, createCohort, successorTitle } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 12, part 7 — the contract's `POST /api/learners`: `certificationCode?` (vae: when
 * omitted, the title valid on the recevabilité's notification date — or, when none was valid, the
 * one in its délai de prolongation — if exactly one; otherwise 400 on `certificationCode`).
 *
 * The titles of this file (validUntil is the first day out of force, R-REF-1 / ADR 0002; the
 * délai de prolongation is the year from it, R-CAP-4):
 *
 *   RNCP36805 (seed)  validFrom unknown   in force to 31/08/2025   prolongation to 31/08/2026
 *   RNCP40800         from 01/09/2025     in force to 31/08/2030   prolongation to 31/08/2031
 *   RNCP40900         from 01/01/2026     in force to 31/12/2027   prolongation to 31/12/2028
 *   RNCP41000         from 01/01/2029     in force to 28/02/2031   prolongation to 29/02/2032
 */
describe('POST /api/learners, VAE without certificationCode: the title in force on the recevabilité date', () => {
  let t: TestApp;
  let admin: string;
  let n = 0;

  const title = (code: string, name: string, validFrom: string, validUntil: string) => ({
    ...successorTitle(code),
    name,
    validFrom,
    validUntil,
  });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    for (const body of [
      title('RNCP40800', 'Secrétaire assistant médico-administratif', '2025-09-01', '2030-09-01'),
      title('RNCP40900', 'Assistant de coordination médicale', '2026-01-01', '2028-01-01'),
      title('RNCP41000', 'Secrétaire médical coordinateur', '2029-01-01', '2031-03-01'),
    ]) {
      await t.http.post('/api/certifications').set(auth(admin)).send(body).expect(201);
    }
  });
  afterAll(async () => t.close());

  const vae = (over: Record<string, unknown>) => {
    n += 1;
    return t.http
      .post('/api/learners')
      .set(auth(admin))
      .send({
        firstName: 'Nadia',
        lastName: `Haddad${n}`,
        birthDate: '1985-06-20',
        email: `vae${n}@test.local`,
        pathway: 'vae',
        ...over,
      });
  };
  const learnerCount = async (): Promise<number> => (await t.dataSource.query('SELECT count(*)::int AS n FROM learners'))[0].n;

  it('the acceptance of the contract: created without certificationCode, the learner gets the title in force on its recevabilité date', async () => {
    // 15/01/2025: RNCP36805 in force (its unknown validFrom does not exclude it); RNCP40800 has not started.
    const res = await vae({ vaeAdmissibilityDate: '2025-01-15' }).expect(201);
    expect(res.body).toMatchObject({ pathway: 'vae', cohortId: null, vaeAdmissibilityDate: '2025-01-15', certificationCode: 'RNCP36805' });
    const read = await t.http.get(`/api/learners/${res.body.id}`).set(auth(admin)).expect(200);
    expect(read.body.certificationCode).toBe('RNCP36805');
  });

  it('on the day a title reaches its échéance, its successor (in force from that day) is chosen, not the title in prolongation', async () => {
    const last = await vae({ vaeAdmissibilityDate: '2025-08-31' }).expect(201);
    expect(last.body.certificationCode).toBe('RNCP36805');
    const first = await vae({ vaeAdmissibilityDate: '2025-09-01' }).expect(201);
    expect(first.body.certificationCode).toBe('RNCP40800');
  });

  it('null or an empty code is read as omitted', async () => {
    expect((await vae({ vaeAdmissibilityDate: '2025-01-15', certificationCode: null }).expect(201)).body.certificationCode).toBe(
      'RNCP36805',
    );
    expect((await vae({ vaeAdmissibilityDate: '2025-01-15', certificationCode: '' }).expect(201)).body.certificationCode).toBe('RNCP36805');
  });

  it('when no title was in force, the only one in its délai de prolongation (R-CAP-4)', async () => {
    // 01/12/2031: RNCP40800 expired (prolongation ended 31/08/2031), RNCP41000 in prolongation.
    const res = await vae({ vaeAdmissibilityDate: '2031-12-01' }).expect(201);
    expect(res.body.certificationCode).toBe('RNCP41000');
  });

  it('two titles in force on that date: 400 VALIDATION_FAILED on certificationCode, naming both; nothing written', async () => {
    const before = await learnerCount();
    const res = await vae({ vaeAdmissibilityDate: '2027-03-01' }).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: expect.any(String),
      details: [
        {
          field: 'certificationCode',
          message:
            'Plusieurs titres étaient en vigueur le 01/03/2027, date de recevabilité : RNCP40800 (Secrétaire assistant médico-administratif), RNCP40900 (Assistant de coordination médicale). Précisez le titre visé.',
        },
      ],
    });
    expect(await learnerCount()).toBe(before);
  });

  it('none in force and two in prolongation: 400 on certificationCode, naming both', async () => {
    // 01/06/2031: RNCP40800 (to 31/08/2031) and RNCP41000 (to 29/02/2032) both in prolongation.
    const res = await vae({ vaeAdmissibilityDate: '2031-06-01' }).expect(400);
    expect(res.body.details).toEqual([
      {
        field: 'certificationCode',
        message:
          "Aucun titre n'était en vigueur le 01/06/2031, date de recevabilité, et plusieurs étaient en délai de prolongation : RNCP40800 (Secrétaire assistant médico-administratif), RNCP41000 (Secrétaire médical coordinateur). Précisez le titre visé.",
      },
    ]);
  });

  it('no title in force nor in prolongation: 400 on certificationCode', async () => {
    const res = await vae({ vaeAdmissibilityDate: '2032-06-01' }).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.details).toEqual([
      {
        field: 'certificationCode',
        message:
          "Aucun titre n'était en vigueur ni en délai de prolongation le 01/06/2032, date de recevabilité : précisez le titre visé (code RNCP).",
      },
    ]);
  });

  it('an explicit certificationCode still works (even where omitting it would be ambiguous) and is still checked', async () => {
    const named = await vae({ vaeAdmissibilityDate: '2027-03-01', certificationCode: 'RNCP40900' }).expect(201);
    expect(named.body.certificationCode).toBe('RNCP40900');
    const unknown = await vae({ vaeAdmissibilityDate: '2025-01-15', certificationCode: 'RNCP00000' }).expect(400);
    expect(unknown.body.details).toEqual([{ field: 'certificationCode', message: 'Titre inconnu : RNCP00000.' }]);
    const notText = await vae({ vaeAdmissibilityDate: '2025-01-15', certificationCode: 36805 }).expect(400);
    expect(notText.body.details).toEqual([
      { field: 'certificationCode', message: 'Code RNCP du titre visé (texte), ou rien : le titre en vigueur à la date de recevabilité.' },
    ]);
    const tooLong = await vae({ vaeAdmissibilityDate: '2025-01-15', certificationCode: 'R'.repeat(33) }).expect(400);
    expect(tooLong.body.details.map((d: { field: string }) => d.field)).toEqual(['certificationCode']);
  });

  it('without the recevabilité date, only that date is asked (400), never a 500', async () => {
    const res = await vae({}).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['vaeAdmissibilityDate']);
    const both = await vae({ vaeAdmissibilityDate: '2025-02-30' }).expect(400);
    expect(both.body.details.map((d: { field: string }) => d.field)).toEqual(['vaeAdmissibilityDate']);
  });

  it('a VAE candidate still belongs to no cohort: both problems at once when the title cannot be chosen', async () => {
    const cohort = await createCohort(t, []);
    const res = await vae({ vaeAdmissibilityDate: '2032-06-01', cohortId: cohort.id }).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['certificationCode', 'cohortId']);
  });

  it('training is unchanged: the cohort gives the title', async () => {
    const cohort = await createCohort(t, []);
    n += 1;
    const res = await t.http
      .post('/api/learners')
      .set(auth(admin))
      .send({
        firstName: 'Léo',
        lastName: 'Martin',
        birthDate: '1999-02-03',
        email: `training${n}@test.local`,
        pathway: 'training',
        cohortId: cohort.id,
      })
      .expect(201);
    expect(res.body.certificationCode).toBe('RNCP36805');
  });
});
