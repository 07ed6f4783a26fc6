/**
 * Ports through which a lib learns facts owned by a lib it may not import (the owner provides
 * them, globally). Each is optional: until its provider exists, the answer is "none".
 */

/** libs/learners: which learner record an account belongs to (`learnerId` on users). */
export const LEARNER_LINKS = Symbol('LEARNER_LINKS');
export interface LearnerLinks {
  learnerIdsOfUsers(userIds: string[]): Promise<Map<string, string>>;
}

/** libs/booklet: the CCPs each learner holds (capitalised), by CCP id. */
export const HELD_CCPS = Symbol('HELD_CCPS');
export interface HeldCcps {
  heldCcpIds(learnerIds: string[]): Promise<Map<string, Set<string>>>;
}

/** libs/jury-sessions: whether a deliberation involving the learner is open (DP reopening, R-ELIG-5). */
export const OPEN_DELIBERATIONS = Symbol('OPEN_DELIBERATIONS');
export interface OpenDeliberations {
  isDeliberating(learnerId: string): Promise<boolean>;
}

/** libs/jury-sessions: each learner's sessions with a complete (signed) PV, and DREETS validation. */
export const SESSION_HISTORY = Symbol('SESSION_HISTORY');
export interface PastSession {
  sessionId: string;
  type: 'title' | 'ccp';
  certificationId: string;
  startDate: string;
  attendance: 'present' | 'absent';
  outcome: 'absent' | 'title' | 'partial' | 'failure';
  ccpsAwarded: string[];
  validated: boolean;
}
export interface SessionHistory {
  historyOf(learnerIds: string[]): Promise<Map<string, PastSession[]>>;
}
