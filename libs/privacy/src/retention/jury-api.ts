import type { EntityManager } from 'typeorm';

/**
 * What libs/privacy calls on JurySessionsAnonymisation (@app/jury-sessions, issue 16): PV identities
 * with their hashes kept valid, open sessions, the last session of each learner.
 */
export interface JuryAnonymisationApi {
  anonymise(m: EntityManager, learnerId: string, pseudonym: string): Promise<Record<string, number>>;
  /** A session involving the learner not closed by a fully signed PV, or null. */
  openSessionOf(learnerId: string, m?: EntityManager): Promise<{ sessionId: string; startDate: string } | null>;
  /** End date (YYYY-MM-DD) of the last session each learner was a candidate in; null: every learner. */
  lastSessionDates(learnerIds: string[] | null): Promise<Map<string, string>>;
}
