import type { Refusal } from './refusal';

/** D. Decisions (R-DEC-1…3). */
export type Outcome = 'absent' | 'title' | 'partial' | 'failure';

export interface ResultInput {
  attendance: 'present' | 'absent';
  ccpResults: { ccpId: string; awarded: boolean }[];
  finalInterviewHeld?: boolean;
  titleAwarded?: boolean;
}

export interface ResultContext {
  /** CCPs registered for this candidate in this session. */
  assessedCcpIds: string[];
  /** Every CCP of the title. */
  titleCcpIds: string[];
  /** CCPs the candidate already held before this session. */
  heldBefore: Set<string>;
  /** The final interview is part of this candidate's session (R-DEC-2, R-DEC-3). */
  finalInterview: boolean;
}

/** R-DEC-1: absent, title, partial success (some CCP awarded) or failure (nothing awarded). */
export function outcomeOf(result: ResultInput): Outcome {
  if (result.attendance === 'absent') return 'absent';
  if (result.titleAwarded) return 'title';
  return result.ccpResults.some((r) => r.awarded) ? 'partial' : 'failure';
}

/** Validates a candidate's result; returns the refusals (empty when valid). */
export function checkResult(result: ResultInput, ctx: ResultContext): Refusal[] {
  const refusals: Refusal[] = [];
  if (result.attendance === 'absent') {
    if (result.ccpResults.some((r) => r.awarded) || result.titleAwarded) {
      refusals.push({ code: 'DEC.CCP_RESULTS_MISMATCH', rule: 'R-DEC-1', message: 'Un candidat absent ne peut obtenir ni CCP ni titre.' });
    }
    return refusals;
  }
  const given = result.ccpResults.map((r) => r.ccpId);
  const sameSet =
    given.length === ctx.assessedCcpIds.length &&
    new Set(given).size === given.length &&
    given.every((id) => ctx.assessedCcpIds.includes(id));
  if (!sameSet) {
    refusals.push({
      code: 'DEC.CCP_RESULTS_MISMATCH',
      rule: 'R-DEC-1',
      message: 'Les résultats doivent porter exactement sur les CCP évalués pour ce candidat, un résultat par CCP.',
    });
  }
  if (result.titleAwarded) {
    const after = new Set([...ctx.heldBefore, ...result.ccpResults.filter((r) => r.awarded).map((r) => r.ccpId)]);
    const holdsAll = ctx.titleCcpIds.every((id) => after.has(id));
    if (!holdsAll || !ctx.finalInterview || !result.finalInterviewHeld) {
      refusals.push({
        code: 'DEC.TITLE_NOT_ALLOWED',
        rule: ctx.assessedCcpIds.length === ctx.titleCcpIds.length ? 'R-DEC-2' : 'R-DEC-3',
        message: !holdsAll
          ? "Le titre n'est délivré que si le candidat détient, après cette session, tous les CCP du titre."
          : "Le titre n'est délivré qu'après l'entretien final avec le jury.",
      });
    }
  }
  return refusals;
}
