import type { AuthUser } from '@app/platform';

/**
 * Which learners a caller may see, as one SQL condition on the learners alias (set-based, no
 * loop): admins all; trainers the learners of the cohorts they train; learners themselves;
 * jurors the candidates of their sessions (condition registered by libs/jury-sessions).
 */
export interface LearnerScope {
  sql: string;
  params: Record<string, unknown>;
}

/** libs/jury-sessions registers the jurors' condition here (it may import learners, not the reverse). */
let juryCondition: ((alias: string) => string) | null = null;
export function registerJuryLearnerCondition(condition: (alias: string) => string): void {
  juryCondition = condition;
}

export function learnerScope(user: AuthUser, alias = 'l'): LearnerScope {
  if (user.roles.includes('admin')) return { sql: 'TRUE', params: {} };
  const parts: string[] = [];
  if (user.roles.includes('learner')) parts.push(`${alias}.user_id = :scopeUserId`);
  if (user.roles.includes('trainer')) {
    parts.push(`${alias}.cohort_id IN (SELECT ct.cohort_id FROM cohort_trainers ct WHERE ct.trainer_id = :scopeUserId)`);
  }
  if (user.roles.includes('jury') && juryCondition) parts.push(juryCondition(alias));
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
