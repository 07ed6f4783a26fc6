import type { TitleStructure } from '@app/referential';
import { addDays, addMonths, convocationDeadline, frenchDate, sessionToClose, SessionStatus } from '@app/rules';
import type { PvContentShown } from './pv-content';
import type { Appeal, CandidateResult, JurySession, SessionCandidate, SessionCcp, SessionJuror } from './entities/jury-session.entity';

export type { SessionStatus } from '@app/rules';

export interface JurorProfileView {
  userId: string;
  employer: string | null;
  habilitations: { certificationCode: string; validFrom: string; validUntil: string; reference: string | null }[];
}

export interface ResultView {
  attendance: 'present' | 'absent';
  ccpResults: { ccpCode: string; awarded: boolean; comment?: string }[];
  finalInterviewHeld: boolean;
  titleAwarded: boolean;
  comment: string | null;
  outcome: 'absent' | 'title' | 'partial' | 'failure';
}

export interface SessionView {
  id: string;
  type: 'title' | 'ccp';
  certificationCode: string;
  ccpCodes: string[];
  startDate: string;
  endDate: string;
  site: string | null;
  /** `HH:MM`, the time candidates are expected each day (issue 12). */
  startTime: string | null;
  address: string | null;
  presidentId: string | null;
  president: { userId: string; fullName: string } | null;
  sessionManagerId: string | null;
  ceresReference: string | null;
  status: SessionStatus;
  jurors: { userId: string; fullName: string }[];
  candidates: {
    learnerId: string;
    fullName: string;
    ccpCodes: string[];
    finalInterview: boolean;
    /** R-SES-2: the decision granted, for the convocation and the jury. */
    accommodations: string | null;
    result: ResultView | null;
    overrides: { codes: string[]; reason: string }[];
  }[];
  dreetsValidation: { validatedOn: string; reference: string } | null;
  /** R-SES-3: appeals on the session's results, with their outcome. */
  appeals: {
    id: string;
    learnerId: string;
    filedOn: string;
    kind: 'gracieux' | 'contentieux';
    summary: string;
    outcome: 'upheld' | 'rejected' | null;
    decidedOn: string | null;
  }[];
  warnings: { code: string; message: string }[];
  /** Issue 14: when the convocations were e-mailed (absent: never). */
  convocationsSentAt?: string;
}

export interface PvView {
  sessionId: string;
  version: number;
  candidates: { learnerId: string; fullName: string; attendance: string; ccpsAwarded: string[]; titleAwarded: boolean; outcome: string }[];
  signatures: { userId: string; fullName: string; signedAt: string }[];
  complete: boolean;
  sha256: string;
  /**
   * Issue 16, ADR 0014: « empreinte d'origine » — the sha256 this version had before it was re-sealed
   * in hash scheme 2 (the one printed on PDFs handed out before); absent when it never changed.
   */
  sha256V1?: string;
  reason: string | null;
  /** The president the PV names (null: none named, or a PV drafted before issue 12). */
  president: { userId: string; fullName: string } | null;
  /** The content as shown: each candidate's name (or « Anonyme <pseudonym> ») and birth date, no salt. */
  content: PvContentShown;
}

/** The candidate's name as lists and the PV print it: « LAMBERT Sophie ». */
export const candidateName = (l: { lastName: string; firstName: string }): string => `${l.lastName.toUpperCase()} ${l.firstName}`;

export function resultView(
  r: Pick<CandidateResult, 'attendance' | 'ccpResults' | 'finalInterviewHeld' | 'titleAwarded' | 'comment' | 'outcome'>,
  title: TitleStructure,
): ResultView {
  const codeOf = new Map(title.ccps.map((c) => [c.id, c.code]));
  return {
    attendance: r.attendance,
    ccpResults: r.ccpResults.map((x) => ({
      ccpCode: codeOf.get(x.ccpId)!,
      awarded: x.awarded,
      ...(x.comment ? { comment: x.comment } : {}),
    })),
    finalInterviewHeld: r.finalInterviewHeld,
    titleAwarded: r.titleAwarded,
    comment: r.comment,
    outcome: r.outcome,
  };
}

/** What one session's view is made of, loaded set-based for many sessions by the repository. */
export interface SessionFacts {
  title: TitleStructure;
  status: SessionStatus;
  ccps: SessionCcp[];
  jurors: SessionJuror[];
  candidates: SessionCandidate[];
  results: CandidateResult[];
  appeals: Appeal[];
  people: Map<string, string>;
  learners: Map<string, { firstName: string; lastName: string; accommodations: string | null }>;
  today: string;
}

/** A session as the API answers it (pure: the facts are loaded before). */
export function sessionView(s: JurySession, f: SessionFacts): SessionView {
  const { title, status, today } = f;
  const codeOf = new Map(title.ccps.map((c) => [c.id, c.code]));
  const deadline = convocationDeadline(s, addMonths, addDays);
  return {
    id: s.id,
    type: s.type,
    certificationCode: title.code,
    ccpCodes: title.ccps.filter((c) => f.ccps.some((x) => x.ccpId === c.id)).map((c) => c.code),
    startDate: s.startDate,
    endDate: s.endDate,
    site: s.site,
    startTime: s.startTime,
    address: s.address,
    presidentId: s.presidentId,
    president: s.presidentId ? { userId: s.presidentId, fullName: f.people.get(s.presidentId) ?? '' } : null,
    sessionManagerId: s.sessionManagerId,
    ceresReference: s.ceresReference,
    status,
    jurors: f.jurors.map((j) => ({ userId: j.userId, fullName: f.people.get(j.userId) ?? '' })),
    candidates: f.candidates
      .map((c) => {
        const l = f.learners.get(c.learnerId)!;
        const r = f.results.find((x) => x.learnerId === c.learnerId);
        return {
          learnerId: c.learnerId,
          fullName: candidateName(l),
          ccpCodes: c.ccpIds.map((id) => codeOf.get(id)!),
          finalInterview: c.finalInterview,
          accommodations: l.accommodations,
          result: r ? resultView(r, title) : null,
          overrides: c.overrides.map(({ codes, reason }) => ({ codes, reason })),
        };
      })
      .sort((a, b) => a.fullName.localeCompare(b.fullName, 'fr')),
    dreetsValidation: s.dreetsValidatedOn ? { validatedOn: s.dreetsValidatedOn, reference: s.dreetsReference ?? '' } : null,
    appeals: f.appeals.map(({ id, learnerId, filedOn, kind, summary, outcome, decidedOn }) => ({
      id,
      learnerId,
      filedOn,
      kind,
      summary,
      outcome,
      decidedOn,
    })),
    ...(s.convocationsSentAt ? { convocationsSentAt: s.convocationsSentAt.toISOString() } : {}),
    warnings:
      status === 'planned' && today > deadline && today <= s.endDate
        ? [
            {
              code: 'SESSION.LATE_CONVOCATION',
              message: `Convocations tardives : pour une session ${s.type === 'title' ? 'titre, 1 mois' : 'CCP, 15 jours'} avant, soit le ${frenchDate(deadline)} au plus tard (R-SES-1, politique du centre).`,
            },
          ]
        : sessionToClose({ status, startDate: s.startDate, endDate: s.endDate }, today)
          ? [
              {
                code: 'SESSION.TO_CLOSE',
                message: `La session s'est terminée le ${frenchDate(s.endDate)} : elle est à clôturer (délibération, PV, signatures).`,
              },
            ]
          : [],
  };
}
