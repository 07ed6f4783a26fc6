import type { AuthUser, LearnerRelationCondition, Role } from '@app/platform';

/**
 * Which learners a caller may see, as one SQL condition on the learners alias (set-based, no
 * loop): admins all; trainers the learners of the cohorts they train; learners themselves;
 * jurors the candidates of their sessions (the condition of libs/jury-sessions, port
 * JUROR_OF_LEARNER, injected into LearnersService and passed here).
 */
export interface LearnerScope {
  sql: string;
  params: Record<string, unknown>;
}

/** The relations held in other libs' tables (ports JUROR_OF_LEARNER and EVALUATOR_OF_LEARNER). */
export interface ForeignRelations {
  juror: LearnerRelationCondition;
  evaluator: LearnerRelationCondition;
}

export function learnerScope(user: AuthUser, foreign: ForeignRelations, alias = 'l'): LearnerScope {
  if (user.roles.includes('admin')) return { sql: 'TRUE', params: {} };
  const parts: string[] = [];
  if (user.roles.includes('learner')) parts.push(selfCondition(alias));
  if (user.roles.includes('trainer')) parts.push(trainerCondition(alias));
  if (user.roles.includes('jury')) parts.push(foreign.juror.condition(alias));
  return { sql: parts.length ? `(${parts.join(' OR ')})` : 'FALSE', params: { scopeUserId: user.id } };
}

export function cohortScope(user: AuthUser, alias = 'c'): LearnerScope {
  if (user.roles.includes('admin')) return { sql: 'TRUE', params: {} };
  if (user.roles.includes('trainer')) {
    return {
      sql: `${alias}.id IN (SELECT ct.cohort_id FROM cohort_trainers ct WHERE ct.trainer_id = :scopeUserId)`,
      params: { scopeUserId: user.id },
    };
  }
  return { sql: 'FALSE', params: {} };
}

const selfCondition = (alias: string): string => `${alias}.user_id = :scopeUserId`;
const trainerCondition = (alias: string): string =>
  `${alias}.cohort_id IN (SELECT ct.cohort_id FROM cohort_trainers ct WHERE ct.trainer_id = :scopeUserId)`;

// ------------------------------------------------------------------ relations (issue 10)

/**
 * The caller's relation to ONE learner — not the caller's set of roles. Rights on a learner come
 * from these, per operation (architecture.md « Auth »): a user who trains cohort A and sits on a
 * jury where a learner of cohort B is a candidate is, to that learner, only a `juror`.
 *
 * - `admin`: centre staff (every learner);
 * - `trainer`: trains the learner's current cohort;
 * - `evaluator`: a trainer who recorded an ECF evaluation of the learner (even from a former cohort);
 * - `juror`: sits on a session where the learner is a candidate;
 * - `self`: the learner's own account.
 *
 * Each relation needs the matching role as well: a former trainer whose role was removed, or a
 * juror account without the `jury` role any more, has no relation.
 */
export type LearnerRelation = 'admin' | 'trainer' | 'evaluator' | 'juror' | 'self';
export const LEARNER_RELATIONS: readonly LearnerRelation[] = ['admin', 'trainer', 'evaluator', 'juror', 'self'];

/** One boolean column per relation, over the learners alias; parameter `:scopeUserId`. One query for all. */
export function relationColumns(
  user: AuthUser,
  foreign: ForeignRelations,
  alias = 'l',
): { columns: Record<LearnerRelation, string>; params: Record<string, unknown> } {
  const has = (role: Role): boolean => user.roles.includes(role);
  const when = (ok: boolean, sql: () => string): string => (ok ? `(${sql()})` : 'FALSE');
  return {
    columns: {
      admin: has('admin') ? 'TRUE' : 'FALSE',
      trainer: when(has('trainer'), () => trainerCondition(alias)),
      evaluator: when(has('trainer'), () => foreign.evaluator.condition(alias)),
      juror: when(has('jury'), () => foreign.juror.condition(alias)),
      self: when(has('learner'), () => selfCondition(alias)),
    },
    params: { scopeUserId: user.id },
  };
}

/**
 * What each learner-scoped operation accepts. `read` is the contract's visibility (spec/api.md):
 * a caller with none of the read relations, and none of the operation's, gets 404 (no leak of
 * existence). A caller who may read the learner but has no accepted relation gets 403
 * AUTH.FORBIDDEN: they already know the learner exists, and it is the answer a caller with only
 * that role would get from the role guard (a juror writing an ECF → 403).
 */
export const LEARNER_OPERATIONS = {
  /** GET the learner, their ECF (and livret ECF), DP (and its PDF, attachments), booklet (and attestation). */
  read: { accepts: ['admin', 'trainer', 'juror', 'self'], refusal: 'Vous ne pouvez pas consulter le dossier de cet apprenant.' },
  /** ECF evaluations and syntheses: the trainers of the learner's current cohort, and the centre. */
  'ecf.write': {
    accepts: ['admin', 'trainer'],
    refusal: "Seuls les formateurs de la promotion de l'apprenant et le centre enregistrent ses ECF.",
    asJuror: 'Vous voyez cet apprenant comme membre de jury : seuls ses formateurs enregistrent ses ECF.',
  },
  /** Signing a synthesis: as evaluator (a trainer of the cohort or who evaluated the CCP, R-ECF-2), or as the centre (admin). */
  'ecf.sign': {
    accepts: ['admin', 'trainer', 'evaluator'],
    refusal: "Signent la synthèse un formateur évaluateur de l'apprenant et le centre.",
    asJuror: 'Vous voyez cet apprenant comme membre de jury : seuls ses formateurs évaluateurs et le centre signent ses synthèses.',
  },
  'ecf.acknowledge': { accepts: ['self'], refusal: "Seul l'apprenant prend connaissance de sa synthèse." },
  /** The DP's content: the learner only (R-DP-1). */
  'dp.write': { accepts: ['self'], refusal: "Seul l'apprenant écrit son dossier professionnel (R-DP-1)." },
  'dp.reopen': { accepts: ['self', 'admin'], refusal: "Seul l'apprenant ou un administrateur rouvre le dossier professionnel." },
  'dp.comment': {
    accepts: ['trainer'],
    refusal: "Seuls les formateurs de la promotion de l'apprenant commentent son dossier.",
    asJuror: 'Vous voyez cet apprenant comme membre de jury : seuls ses formateurs commentent son dossier professionnel.',
  },
  /** Centre-only changes (prior CCPs, fraud withdrawal, …): the role guard already asks for admin. */
  centre: { accepts: ['admin'], refusal: 'Seul le centre effectue cette opération.' },
} as const satisfies Record<string, { accepts: readonly LearnerRelation[]; refusal: string; asJuror?: string }>;

export type LearnerOperation = keyof typeof LEARNER_OPERATIONS;

/** The decision for one operation: `allowed`, `hidden` (answer 404) or `forbidden` (403, with its French message). */
export function decideAccess(
  relations: ReadonlySet<LearnerRelation>,
  operation: LearnerOperation,
): { outcome: 'allowed' } | { outcome: 'hidden' } | { outcome: 'forbidden'; message: string } {
  const rule: { accepts: readonly LearnerRelation[]; refusal: string; asJuror?: string } = LEARNER_OPERATIONS[operation];
  if (rule.accepts.some((r) => relations.has(r))) return { outcome: 'allowed' };
  if (!LEARNER_OPERATIONS.read.accepts.some((r) => relations.has(r))) return { outcome: 'hidden' };
  const onlyJuror = relations.has('juror') && !relations.has('trainer') && !relations.has('admin');
  return { outcome: 'forbidden', message: onlyJuror && rule.asJuror ? rule.asJuror : rule.refusal };
}
