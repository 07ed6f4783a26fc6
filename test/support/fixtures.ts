import type { TestApp } from './test-app';

/** A fictitious successor title for tests (the real SAMA CCP list is an open question, Q1). */
export function successorTitle(code = 'RNCP40800', prefix = code) {
  return {
    code,
    tpCode: 'TP-09999',
    name: 'Secrétaire assistant médico-administratif',
    acronym: 'SAMA',
    level: 4,
    validUntil: '2030-09-01',
    ccps: [1, 2, 3].map((n) => ({
      code: `${prefix}BC0${n}`,
      number: n,
      title: `Activité type ${n}`,
      competences: [1, 2].map((k) => ({
        number: (n - 1) * 2 + k,
        title: `Compétence ${(n - 1) * 2 + k}`,
        description: 'Description',
        criteria: ['Critère A', 'Critère B'],
      })),
    })),
  };
}

export const auth = (token: string): { Authorization: string } => ({ Authorization: `Bearer ${token}` });

let seq = 0;

export async function createCohort(
  t: TestApp,
  trainerIds: string[],
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; name: string }> {
  seq += 1;
  const res = await t.http
    .post('/api/cohorts')
    .set(auth(await t.adminToken()))
    .send({
      name: `Promotion ${seq}`,
      certificationCode: 'RNCP36805',
      startDate: '2024-09-02',
      endDate: '2025-07-04',
      site: 'Lyon',
      trainerIds,
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`createCohort: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string };
}

export interface LearnerFixture {
  id: string;
  email: string;
  token?: string;
  userId: string | null;
}

/** A learner; with `account`, a learner account is created and logged in. */
export async function createLearner(t: TestApp, body: Record<string, unknown>, account = false): Promise<LearnerFixture> {
  seq += 1;
  const email = (body.email as string) ?? `learner${seq}-${Math.random().toString(36).slice(2, 8)}@test.local`;
  const password = 'learner-password-123';
  const res = await t.http
    .post('/api/learners')
    .set(auth(await t.adminToken()))
    .send({ firstName: 'Camille', lastName: `Durand${seq}`, birthDate: '1990-04-12', email, ...body, ...(account ? { password } : {}) });
  if (res.status !== 201) throw new Error(`createLearner: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.id as string,
    email,
    userId: res.body.userId as string | null,
    token: account ? await t.login(email, password) : undefined,
  };
}
