/** A session's status, derived from its facts, never stored (architecture.md « Derive states from facts »). */
export type SessionStatus = 'planned' | 'deliberating' | 'awaiting_signatures' | 'closed' | 'validated';

export interface SessionStatusFacts {
  deliberationOpened: boolean;
  /** The deliberation closed: the PV is drafted (R-DEC-4). */
  pvDrafted: boolean;
  /** Every juror signed the latest PV version (R-DEC-4, `pvComplete`). */
  signaturesComplete: boolean;
  /** The DREETS validated the results (R-DEC-5). */
  dreetsValidated: boolean;
}

/**
 * R-DEC-4, R-DEC-5: planned until the deliberation opens; deliberating until it closes (the PV is
 * drafted); awaiting signatures until every juror signed; then closed, and validated once the
 * DREETS has validated the results.
 */
export function sessionStatus(facts: SessionStatusFacts): SessionStatus {
  if (!facts.deliberationOpened) return 'planned';
  if (!facts.pvDrafted) return 'deliberating';
  if (!facts.signaturesComplete) return 'awaiting_signatures';
  return facts.dreetsValidated ? 'validated' : 'closed';
}

/**
 * R-DEC-4: a PV version is complete (immutable, its results reach the learners) when every juror
 * of the session signed it — a session without jurors has no complete PV. One signature per juror
 * per version is the database's (unique key), so counting is enough.
 */
export function pvComplete(counts: { jurors: number; signatures: number }): boolean {
  return counts.jurors > 0 && counts.signatures >= counts.jurors;
}
