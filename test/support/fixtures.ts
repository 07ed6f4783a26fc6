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

const SAMS_CCPS = ['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03'];

/** A juror account with a habilitation for SAMS over the given period. */
export async function createJuror(
  t: TestApp,
  over: { employer?: string; validFrom?: string; validUntil?: string; fullName?: string } = {},
): Promise<{ id: string; token: string }> {
  const juror = await t.createUser(['jury'], { fullName: over.fullName });
  const res = await t.http
    .put(`/api/users/${juror.id}/juror-profile`)
    .set(auth(await t.adminToken()))
    .send({
      employer: over.employer,
      habilitations: [
        {
          certificationCode: 'RNCP36805',
          validFrom: over.validFrom ?? '2024-01-01',
          validUntil: over.validUntil ?? '2026-12-31',
          reference: 'Arrêté 2024-118',
        },
      ],
    });
  if (res.status !== 200) throw new Error(`juror profile: ${res.status} ${JSON.stringify(res.body)}`);
  return juror;
}

/** Every ECF synthesis written and signed by the trainer and the centre. */
export async function signAllEcf(t: TestApp, learnerId: string, trainerToken: string, ccps = SAMS_CCPS): Promise<void> {
  for (const ccp of ccps) {
    await t.http
      .put(`/api/learners/${learnerId}/ecf-syntheses/${ccp}`)
      .set(auth(trainerToken))
      .send({ mastered: true, observations: 'Maîtrisé' })
      .expect(200);
    await t.http.post(`/api/learners/${learnerId}/ecf-syntheses/${ccp}/sign`).set(auth(trainerToken)).send({}).expect(200);
    await t.http
      .post(`/api/learners/${learnerId}/ecf-syntheses/${ccp}/sign`)
      .set(auth(await t.adminToken()))
      .send({ as: 'centre' })
      .expect(200);
  }
}

/** A complete dossier professionnel, submitted by the learner. */
export async function submitDp(t: TestApp, learner: LearnerFixture, ccps = SAMS_CCPS): Promise<void> {
  const base = `/api/learners/${learner.id}/professional-file`;
  for (const ccpCode of ccps) {
    await t.http
      .post(`${base}/examples`)
      .set(auth(learner.token!))
      .send({
        ccpCode,
        title: `Exemple ${ccpCode}`,
        organisation: 'Clinique',
        periodFrom: '2024-01-01',
        periodTo: '2024-03-01',
        tasks: 't',
        means: 'm',
        collaborators: 'c',
      })
      .expect(201);
  }
  await t.http.post(`${base}/declaration`).set(auth(learner.token!)).send({ place: 'Lyon' }).expect(200);
  await t.http.post(`${base}/submit`).set(auth(learner.token!)).expect(200);
}

export async function createSession(t: TestApp, body: Record<string, unknown>): Promise<{ id: string }> {
  const res = await t.http
    .post('/api/jury-sessions')
    .set(auth(await t.adminToken()))
    .send({ certificationCode: 'RNCP36805', site: 'Lyon', ...body });
  if (res.status !== 201) throw new Error(`createSession: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
}
