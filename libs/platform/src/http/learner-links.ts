/**
 * Which learner record an account belongs to. Defined here so that libs/auth can show
 * `learnerId` on users without importing libs/learners (which provides it).
 */
export const LEARNER_LINKS = Symbol('LEARNER_LINKS');

export interface LearnerLinks {
  learnerIdsOfUsers(userIds: string[]): Promise<Map<string, string>>;
}
