/**
 * Builders of a centre's facts through the services (never SQL, never HTTP): users, cohorts,
 * learners, ECF, dossiers professionnels, jury sessions. Shared by the demo seed (seeds/demo.ts)
 * and the service-level tests (test/int, through test/support/builders.ts); defaults are a
 * plausible SAMS (RNCP36805) case, each overridable.
 *
 * The jury services are reached through `juryOf(app)` only: the one place to follow when the jury
 * lib's services change shape (issue 13, item 1).
 */
import type { INestApplicationContext } from '@nestjs/common';
import { UsersService } from '@app/auth';
import { EcfService } from '@app/ecf';
import { DeliberationService, JurorProfilesService, PvService, SessionPlanningService } from '@app/jury-sessions';
import { LearnersService } from '@app/learners';
import type { AuthUser, Role } from '@app/platform';
import { ProfessionalFilesService } from '@app/professional-files';

/** What the builders need of an app: its providers. */
export type AppContext = Pick<INestApplicationContext, 'get'>;

type Arg<F, N extends number> = F extends (...args: infer A) => unknown ? A[N] : never;
type Users = UsersService;
type Learners = LearnersService;
type Ecf = EcfService;
type Files = ProfessionalFilesService;

export const SAMS = 'RNCP36805';
export const SAMS_CCPS = ['RNCP36805BC01', 'RNCP36805BC02', 'RNCP36805BC03'];

let seq = 0;
const next = (): number => (seq += 1);
const unique = (): string => `${Date.now().toString(36)}${next()}`;

/** The signed-in user a service expects, from a user as the users service returns it. */
export function asAuthUser(user: { id: string; email: string; fullName: string; roles: Role[] }): AuthUser {
  return { id: user.id, email: user.email, fullName: user.fullName, roles: user.roles };
}

/** An account (created by no one, as at first start or by the seed). */
export async function aUser(app: AppContext, input: Partial<Arg<Users['create'], 0>> & { roles: Role[] }): Promise<AuthUser> {
  const n = unique();
  const user = await app
    .get(UsersService)
    .create({ email: `user-${n}@test.local`, fullName: `Utilisateur ${n}`, password: 'a-good-password-123', ...input }, null);
  return asAuthUser(user);
}

/** A cohort on SAMS (2024-09-02 → 2025-07-04, Lyon) unless told otherwise. */
export async function aCohort(
  app: AppContext,
  actor: AuthUser,
  input: Partial<Arg<Learners['createCohort'], 0>> = {},
): ReturnType<Learners['createCohort']> {
  return app.get(LearnersService).createCohort(
    {
      name: `Promotion ${unique()}`,
      certificationCode: SAMS,
      startDate: '2024-09-02',
      endDate: '2025-07-04',
      site: 'Lyon',
      trainerIds: [],
      ...input,
    },
    actor,
  );
}

/**
 * A learner (training pathway unless told otherwise). With a `password`, the learner account is
 * created too and returned as `account`, ready to act on the learner's own file (DP, ECF).
 */
export async function aLearner(
  app: AppContext,
  actor: AuthUser,
  input: Partial<Arg<Learners['createLearner'], 0>> = {},
): Promise<Awaited<ReturnType<Learners['createLearner']>> & { account: AuthUser | null }> {
  const n = unique();
  const body: Arg<Learners['createLearner'], 0> = {
    firstName: 'Camille',
    lastName: `Durand${n}`,
    birthDate: '1990-04-12',
    email: `learner-${n}@test.local`,
    pathway: 'training',
    ...input,
  };
  const learner = await app.get(LearnersService).createLearner(body, actor);
  const account = learner.userId
    ? { id: learner.userId, email: learner.email, fullName: `${body.firstName} ${body.lastName}`, roles: ['learner' as Role] }
    : null;
  return { ...learner, account };
}

/** An ECF evaluation of some competences of a CCP (all acquired unless told otherwise). */
export async function anEcfEvaluation(
  app: AppContext,
  evaluator: AuthUser,
  learnerId: string,
  input: Partial<Arg<Ecf['recordEvaluation'], 2>> = {},
): ReturnType<Ecf['recordEvaluation']> {
  return app.get(EcfService).recordEvaluation(evaluator, learnerId, {
    ccpCode: SAMS_CCPS[0],
    date: '2025-01-20',
    description: 'Production de courriers et compte rendu de réunion',
    results: [{ competence: 1, acquired: true }],
    ...input,
  });
}

/** The ECF synthesis of a CCP written by the trainer, then signed by the trainer and by the centre. */
export async function signedEcf(
  app: AppContext,
  by: { trainer: AuthUser; centre: AuthUser },
  learnerId: string,
  ccpCode: string,
  input: Partial<Arg<Ecf['upsertSynthesis'], 3>> = {},
): ReturnType<Ecf['sign']> {
  const ecf = app.get(EcfService);
  await ecf.upsertSynthesis(by.trainer, learnerId, ccpCode, { mastered: true, observations: 'Maîtrisé', ...input });
  await ecf.sign(by.trainer, learnerId, ccpCode, 'evaluator');
  return ecf.sign(by.centre, learnerId, ccpCode, 'centre');
}

/** One example per CCP, in the ministry's fields. */
export function dpExamples(ccpCodes: string[] = SAMS_CCPS): Arg<Files['addExample'], 2>[] {
  return ccpCodes.map((ccpCode) => ({
    ccpCode,
    title: `Exemple ${ccpCode}`,
    organisation: 'Clinique',
    periodFrom: '2024-01-01',
    periodTo: '2024-03-01',
    tasks: 't',
    means: 'm',
    collaborators: 'c',
  }));
}

/** A dossier professionnel in draft: its examples, written by the learner. */
export async function dpDraft(
  app: AppContext,
  author: AuthUser,
  learnerId: string,
  examples: Arg<Files['addExample'], 2>[] = dpExamples(),
): Promise<void> {
  const files = app.get(ProfessionalFilesService);
  for (const example of examples) await files.addExample(author, learnerId, example);
}

/** A dossier professionnel written (examples, qualifications), declared on honour and submitted by the learner. */
export async function submittedDp(
  app: AppContext,
  author: AuthUser,
  learnerId: string,
  input: { examples?: Arg<Files['addExample'], 2>[]; qualifications?: Arg<Files['addQualification'], 2>[]; place?: string } = {},
): ReturnType<Files['submit']> {
  const files = app.get(ProfessionalFilesService);
  await dpDraft(app, author, learnerId, input.examples);
  for (const q of input.qualifications ?? []) await files.addQualification(author, learnerId, q);
  await files.signDeclaration(author, learnerId, input.place ?? 'Lyon');
  return files.submit(author, learnerId);
}

/**
 * The jury use cases the builders and tests call, as one thin adapter over the jury lib's services
 * (juror profiles, session planning, deliberation, PV): when they change shape, only these lines do.
 */
export function juryOf(app: AppContext) {
  const jurors = app.get(JurorProfilesService);
  const planning = app.get(SessionPlanningService);
  const deliberation = app.get(DeliberationService);
  const pvs = app.get(PvService);
  type P = SessionPlanningService;
  type D = DeliberationService;
  return {
    setJurorProfile: (actor: AuthUser, userId: string, input: Arg<JurorProfilesService['setJurorProfile'], 2>) =>
      jurors.setJurorProfile(actor, userId, input),
    create: (actor: AuthUser, input: Arg<P['create'], 1>) => planning.create(actor, input),
    get: (user: AuthUser, id: string) => planning.get(user, id),
    addJuror: (actor: AuthUser, id: string, userId: string) => planning.addJuror(actor, id, userId),
    addCandidate: (actor: AuthUser, id: string, input: Arg<P['addCandidate'], 2>) => planning.addCandidate(actor, id, input),
    dossier: (user: AuthUser, id: string, learnerId: string) => deliberation.dossier(user, id, learnerId),
    openDeliberation: (user: AuthUser, id: string) => deliberation.openDeliberation(user, id),
    recordResult: (user: AuthUser, id: string, learnerId: string, input: Arg<D['recordResult'], 3>) =>
      deliberation.recordResult(user, id, learnerId, input),
    closeDeliberation: (user: AuthUser, id: string) => deliberation.closeDeliberation(user, id),
    pv: (user: AuthUser, id: string) => pvs.pv(user, id),
    signPv: (user: AuthUser, id: string) => pvs.signPv(user, id),
  };
}
export type JuryAdapter = ReturnType<typeof juryOf>;
export type SessionInput = Arg<JuryAdapter['create'], 1>;
export type ResultInput = Arg<JuryAdapter['recordResult'], 3>;

/** A juror account with a habilitation for the title over the period (SAMS, 2024-01-01 → 2026-12-31 by default). */
export async function aJuror(
  app: AppContext,
  actor: AuthUser,
  input: {
    fullName?: string;
    employer?: string;
    habilitation?: Partial<Arg<JuryAdapter['setJurorProfile'], 2>['habilitations'][number]>;
  } = {},
): Promise<AuthUser> {
  const juror = await aUser(app, { roles: ['jury'], ...(input.fullName ? { fullName: input.fullName } : {}) });
  await juryOf(app).setJurorProfile(actor, juror.id, {
    employer: input.employer,
    habilitations: [
      { certificationCode: SAMS, validFrom: '2024-01-01', validUntil: '2026-12-31', reference: 'Arrêté 2024-118', ...input.habilitation },
    ],
  });
  return juror;
}

/**
 * A session with its jurors and candidates (each registered with the override's reason when
 * given, as the centre may for refusals it can lift).
 */
export async function aSessionWithJurors(
  app: AppContext,
  actor: AuthUser,
  input: { session: Partial<SessionInput>; jurors: AuthUser[]; candidates?: string[]; override?: { reason: string } },
): ReturnType<JuryAdapter['create']> {
  const jury = juryOf(app);
  const session = await jury.create(actor, {
    type: 'title',
    certificationCode: SAMS,
    startDate: '2025-06-17',
    endDate: '2025-06-17',
    site: 'Lyon',
    ...input.session,
  });
  for (const juror of input.jurors) await jury.addJuror(actor, session.id, juror.id);
  for (const learnerId of input.candidates ?? []) {
    await jury.addCandidate(actor, session.id, { learnerId, ...(input.override ? { override: input.override } : {}) });
  }
  return session;
}

/**
 * A deliberation from opening to the PV signed by every juror given: each result recorded by the
 * juror named with it (the opener by default).
 */
export async function deliberated(
  app: AppContext,
  sessionId: string,
  input: { by: AuthUser; results: { learnerId: string; result: ResultInput; juror?: AuthUser }[]; signers: AuthUser[] },
): ReturnType<JuryAdapter['signPv']> {
  const jury = juryOf(app);
  await jury.openDeliberation(input.by, sessionId);
  for (const { learnerId, result, juror } of input.results) await jury.recordResult(juror ?? input.by, sessionId, learnerId, result);
  let pv = await jury.closeDeliberation(input.by, sessionId);
  for (const signer of input.signers) pv = await jury.signPv(signer, sessionId);
  return pv;
}
