import { certificationStatusOn, CertificationStatus } from './certification-status';
import { addYears, IsoDate } from './dates';
import type { Outcome } from './decision';

/** R-CAP-1…4, R-ELIG-6: the learner's certification booklet, from the award ledger. */
export interface BookletInput {
  title: {
    id: string;
    code: string;
    validUntil: IsoDate;
    successorId: string | null;
    ccps: { id: string; code: string; number: number; title: string }[];
  };
  pathway: 'training' | 'vae';
  /** Awards not withdrawn, on any title. */
  awards: {
    ccpId: string;
    obtainedOn: IsoDate;
    source: 'session' | 'external' | 'equivalence';
    sessionId: string | null;
    validated: boolean;
  }[];
  titleAward: { awardedOn: IsoDate; sessionId: string | null } | null;
  sessions: {
    sessionId: string;
    type: 'title' | 'ccp';
    startDate: IsoDate;
    attendance: 'present' | 'absent';
    outcome: Outcome;
    ccpsAwarded: string[];
  }[];
  /** Correspondences leading into this title from its predecessors: holding every `from` gives `to`. */
  incoming: { from: string[]; to: string }[];
  successor: { code: string; ccps: { id: string; code: string }[]; correspondences: { from: string[]; to: string }[] } | null;
  today: IsoDate;
}

export interface BookletCcp {
  code: string;
  number: number;
  title: string;
  held: boolean;
  obtainedOn: IsoDate | null;
  source: 'session' | 'external' | 'equivalence' | 'correspondence' | null;
  sessionId: string | null;
  validated: boolean;
}

export interface Booklet {
  status: CertificationStatus;
  ccps: BookletCcp[];
  titleAwarded: boolean;
  titleAwardedOn: IsoDate | null;
  outcome: 'title' | 'partial' | 'none';
  /** Last day to complete the title's missing CCPs (R-CAP-3, R-CAP-4); null when nothing to complete. */
  capitalisationDeadline: IsoDate | null;
  /** R-ELIG-6, training route: last day to sit again without new training. */
  resitWithoutTrainingUntil: IsoDate | null;
  successor: { code: string; ccpsCarried: string[]; ccpsMissing: string[] } | null;
}

/** CCP ids held on a title: direct awards, plus those given by correspondences (R-CAP-3). */
export function heldCcpIds(directlyHeld: Set<string>, incoming: { from: string[]; to: string }[]): Set<string> {
  const held = new Set(directlyHeld);
  for (const c of incoming) if (c.from.every((id) => directlyHeld.has(id))) held.add(c.to);
  return held;
}

export function buildBooklet(input: BookletInput): Booklet {
  const { title } = input;
  const validity = certificationStatusOn(title, input.today);
  const direct = new Map(input.awards.map((a) => [a.ccpId, a]));
  const carried = heldCcpIds(new Set(direct.keys()), input.incoming);
  const ccps: BookletCcp[] = title.ccps.map((c) => {
    const award = direct.get(c.id);
    if (award)
      return {
        code: c.code,
        number: c.number,
        title: c.title,
        held: true,
        obtainedOn: award.obtainedOn,
        source: award.source,
        sessionId: award.sessionId,
        validated: award.validated,
      };
    if (carried.has(c.id)) {
      const from = input.incoming.find((x) => x.to === c.id && x.from.every((id) => direct.has(id)))!;
      const dates = from.from.map((id) => direct.get(id)!.obtainedOn).sort();
      return {
        code: c.code,
        number: c.number,
        title: c.title,
        held: true,
        obtainedOn: dates.at(-1)!,
        source: 'correspondence',
        sessionId: null,
        validated: from.from.every((id) => direct.get(id)!.validated),
      };
    }
    return {
      code: c.code,
      number: c.number,
      title: c.title,
      held: false,
      obtainedOn: null,
      source: null,
      sessionId: null,
      validated: false,
    };
  });
  const holdsSome = ccps.some((c) => c.held);
  // R-DEC-2: the title rests on every CCP of it. A CCP withdrawn afterwards (fraud, or a rectified
  // PV: R-CAP-2) takes the title with it: the award stays in the append-only ledger, but the
  // booklet, the attestations and the verification no longer state it (issue 16 review).
  const titleAwarded = !!input.titleAward && ccps.every((c) => c.held);
  const outcome = titleAwarded ? 'title' : holdsSome ? 'partial' : 'none';
  const lastFailure = input.sessions
    .filter((s) => s.outcome !== 'title')
    .map((s) => s.startDate)
    .sort()
    .at(-1);
  return {
    status: validity.status,
    ccps,
    titleAwarded,
    titleAwardedOn: titleAwarded && input.titleAward ? input.titleAward.awardedOn : null,
    outcome,
    capitalisationDeadline: outcome === 'partial' ? validity.prolongationLastDay : null,
    resitWithoutTrainingUntil: input.pathway === 'training' && !titleAwarded && lastFailure ? addYears(lastFailure, 1) : null,
    successor: input.successor
      ? (() => {
          const heldOnSuccessor = heldCcpIds(new Set(direct.keys()), input.successor.correspondences);
          const codes = new Map(input.successor.ccps.map((c) => [c.id, c.code]));
          return {
            code: input.successor.code,
            ccpsCarried: input.successor.ccps.filter((c) => heldOnSuccessor.has(c.id)).map((c) => codes.get(c.id)!),
            ccpsMissing: input.successor.ccps.filter((c) => !heldOnSuccessor.has(c.id)).map((c) => codes.get(c.id)!),
          };
        })()
      : null,
  };
}
