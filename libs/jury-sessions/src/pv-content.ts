import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/platform';
import type { LearnerRecord } from '@app/learners';
import type { TitleStructure } from '@app/referential';
import type { CandidateResult, JurySession, PvContent, SessionCandidate } from './entities/jury-session.entity';
import { candidateName } from './session-views';

/** sha256 of what the PV attests (its version, the rectification's reason, the content). */
export const pvHash = (pv: { version: number; reason: string | null; content: unknown }): string =>
  createHash('sha256')
    .update(canonicalJson({ version: pv.version, reason: pv.reason, content: JSON.parse(JSON.stringify(pv.content)) as unknown }))
    .digest('hex');

/** The PV's content as drafted when the deliberation closes (R-DEC-4): frozen, then hashed. Pure. */
export function draftPvContent(facts: {
  session: JurySession;
  title: TitleStructure;
  jurorIds: string[];
  people: Map<string, string>;
  learners: Map<string, Pick<LearnerRecord, 'firstName' | 'lastName' | 'birthDate'>>;
  candidates: SessionCandidate[];
  results: CandidateResult[];
}): PvContent {
  const { session, title, jurorIds, people, learners, candidates, results } = facts;
  const codeOf = new Map(title.ccps.map((c) => [c.id, c.code]));
  const president = session.presidentId && jurorIds.includes(session.presidentId) ? session.presidentId : null;
  return {
    sessionId: session.id,
    type: session.type,
    certification: { code: title.code, name: title.name },
    startDate: session.startDate,
    endDate: session.endDate,
    site: session.site,
    ceresReference: session.ceresReference,
    jurors: jurorIds
      .map((userId) => ({ userId, fullName: people.get(userId) ?? '' }))
      .sort((a, b) => a.fullName.localeCompare(b.fullName, 'fr')),
    ccps: title.ccps.map(({ code, number, title: ccpTitle }) => ({ code, number, title: ccpTitle })),
    president: president ? { userId: president, fullName: people.get(president) ?? '' } : null,
    candidates: candidates
      .map((c) => {
        const r = results.find((x) => x.learnerId === c.learnerId)!;
        const l = learners.get(c.learnerId)!;
        return {
          learnerId: c.learnerId,
          fullName: candidateName(l),
          attendance: r.attendance,
          ccpsAssessed: c.ccpIds.map((id) => codeOf.get(id)!),
          ccpsAwarded: r.ccpResults.filter((x) => x.awarded).map((x) => codeOf.get(x.ccpId)!),
          finalInterview: c.finalInterview,
          finalInterviewHeld: r.finalInterviewHeld,
          titleAwarded: r.titleAwarded,
          outcome: r.outcome,
          overrides: c.overrides.map(({ codes, reason }) => ({ codes, reason })),
          comment: r.comment,
          birthDate: l.birthDate ?? undefined,
          ccpComments: r.ccpResults.filter((x) => x.comment).map((x) => ({ ccpCode: codeOf.get(x.ccpId)!, comment: x.comment! })),
        };
      })
      .sort((a, b) => a.fullName.localeCompare(b.fullName, 'fr')),
  };
}
