import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '@app/platform';
import type { LearnerRecord } from '@app/learners';
import type { TitleStructure } from '@app/referential';
import type {
  CandidateResult,
  JurySession,
  PvAnonymisedIdentity,
  PvCandidate,
  PvContent,
  PvIdentity,
  PvVersion,
  SessionCandidate,
} from './entities/jury-session.entity';
import { candidateName } from './session-views';

/**
 * What a PV version's sha256 covers (ADR 0014):
 * - scheme 1 (PVs drafted before issue 16, and kept so only when their hash did not verify when
 *   the migration re-sealed them): `{version, reason, content}`, the candidates' names and birth
 *   dates inside;
 * - scheme 2: `{scheme: 2, version, reason, content}` with each candidate's `identity` block left
 *   out. The candidate carries `identityDigest` = sha256(salt ‖ canonicalJson({fullName, birthDate})),
 *   which the hash covers: a name changed is caught by the digest while the identity is there; once
 *   anonymised (`{pseudonym, anonymisedOn}`, the salt gone) the hash still verifies.
 */
export type PvHashScheme = 1 | 2;
export const CURRENT_PV_HASH_SCHEME: PvHashScheme = 2;

type Hashed = { version: number; reason: string | null; content: unknown; hashScheme?: number };

/**
 * sha256 (hex) of what a PV version attests, by its scheme (`hashScheme` absent: 1, the hash of
 * PVs as stored before issue 16 — the row's `hash_scheme` defaults to 1 likewise). Pure.
 */
export const pvHash = (pv: Hashed): string => {
  const content = JSON.parse(JSON.stringify(pv.content)) as unknown;
  const covered =
    (pv.hashScheme ?? 1) === 2
      ? { scheme: 2, version: pv.version, reason: pv.reason, content: withoutIdentities(content) }
      : { version: pv.version, reason: pv.reason, content };
  return createHash('sha256').update(canonicalJson(covered)).digest('hex');
};

/** The content without the candidates' `identity` blocks: what scheme 2 hashes. */
export function withoutIdentities(content: unknown): unknown {
  const c = content as { candidates?: unknown };
  if (!c || typeof c !== 'object' || !Array.isArray(c.candidates)) return content;
  return {
    ...(c as object),
    candidates: (c.candidates as Record<string, unknown>[]).map((k) => {
      const { identity: _identity, ...rest } = k;
      return rest;
    }),
  };
}

/** sha256(salt ‖ canonicalJson({fullName, birthDate})), hex: what the PV hash keeps of an identity. */
export const identityDigest = (i: { fullName: string; birthDate: string | null; salt: string }): string =>
  createHash('sha256')
    .update(i.salt + canonicalJson({ fullName: i.fullName, birthDate: i.birthDate ?? null }))
    .digest('hex');

/** 16 random bytes, hex. */
export const newSalt = (): string => randomBytes(16).toString('hex');

/** A sealed identity block and its digest; `salt`: 16 random bytes, hex (another source only for reproducible seeds). */
export function sealIdentity(
  fullName: string,
  birthDate: string | null | undefined,
  salt: () => string = newSalt,
): { identity: PvIdentity; identityDigest: string } {
  const identity: PvIdentity = { fullName, birthDate: birthDate ?? null, salt: salt() };
  return { identity, identityDigest: identityDigest(identity) };
}

export const isAnonymised = (i: PvCandidate['identity']): i is PvAnonymisedIdentity => !!i && 'pseudonym' in i;

/**
 * A PV content in scheme 2: a candidate stored in scheme 1 (`fullName`, `birthDate` beside the
 * results) gets its identity block and digest; one already in scheme 2 is kept as it is. Returns
 * a new object. Pure (but for the salts).
 */
export function toScheme2(content: PvContent): PvContent {
  const copy = JSON.parse(JSON.stringify(content)) as PvContent;
  copy.candidates = copy.candidates.map((k) => {
    if (k.identity) return k;
    const { fullName, birthDate, learnerId, ...rest } = k;
    return { learnerId, ...sealIdentity(fullName ?? '', birthDate), ...rest };
  });
  return copy;
}

/**
 * Scheme 2's read-time check beyond the hash: each identity still there matches its digest.
 * Returns the learner ids whose identity does not.
 */
export function identityMismatches(content: PvContent): string[] {
  return content.candidates
    .filter((k) => k.identity && !isAnonymised(k.identity) && identityDigest(k.identity) !== k.identityDigest)
    .map((k) => k.learnerId);
}

/** Whether a stored PV version verifies: its hash by its scheme and, in scheme 2, each identity by its digest. */
export function pvVerifies(pv: Pick<PvVersion, 'version' | 'content' | 'sha256' | 'reason'> & { hashScheme?: number }): boolean {
  if (pvHash(pv) !== pv.sha256) return false;
  return (pv.hashScheme ?? 1) !== 2 || identityMismatches(pv.content).length === 0;
}

/** The label an anonymised candidate carries on screens and PDFs: « Anonyme ANON-7K3F… ». */
export const anonymisedLabel = (pseudonym: string): string => `Anonyme ${pseudonym}`;

/** A candidate as screens and the PDF read it, whatever the scheme: name (or pseudonym) and birth date. */
export interface PvCandidateShown extends Omit<PvCandidate, 'identity' | 'identityDigest' | 'fullName' | 'birthDate'> {
  fullName: string;
  /** YYYY-MM-DD; absent from PVs drafted before issue 12, and once the candidate is anonymised. */
  birthDate?: string;
  /** Issue 16: the candidate was anonymised on that day (YYYY-MM-DD); `fullName` is then the pseudonym's label. */
  anonymisedOn?: string;
  pseudonym?: string;
  identityDigest?: string;
}

export type PvContentShown = Omit<PvContent, 'candidates'> & { candidates: PvCandidateShown[] };

/** The stored content as shown: identities flattened (no salt), anonymised candidates by their pseudonym. Pure. */
export function shownContent(content: PvContent): PvContentShown {
  return {
    ...content,
    candidates: content.candidates.map((k) => {
      const { identity, identityDigest: digest, fullName, birthDate, ...rest } = k;
      if (!identity) return { ...rest, fullName: fullName ?? '', ...(birthDate ? { birthDate } : {}) };
      if (isAnonymised(identity))
        return {
          ...rest,
          fullName: anonymisedLabel(identity.pseudonym),
          pseudonym: identity.pseudonym,
          anonymisedOn: identity.anonymisedOn,
          identityDigest: digest,
        };
      return {
        ...rest,
        fullName: identity.fullName,
        ...(identity.birthDate ? { birthDate: identity.birthDate } : {}),
        identityDigest: digest,
      };
    }),
  };
}

/** The PV's content as drafted when the deliberation closes (R-DEC-4): frozen, then hashed (scheme 2). Pure but for the salts. */
export function draftPvContent(facts: {
  session: JurySession;
  title: TitleStructure;
  jurorIds: string[];
  people: Map<string, string>;
  learners: Map<string, Pick<LearnerRecord, 'firstName' | 'lastName' | 'birthDate'>>;
  candidates: SessionCandidate[];
  results: CandidateResult[];
  /** The salts' source: random (the default); seeds/scale.ts passes its seeded generator to stay reproducible. */
  salt?: () => string;
}): PvContent {
  const { session, title, jurorIds, people, learners, candidates, results, salt = newSalt } = facts;
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
          name: candidateName(l),
          candidate: {
            learnerId: c.learnerId,
            ...sealIdentity(candidateName(l), l.birthDate, salt),
            attendance: r.attendance,
            ccpsAssessed: c.ccpIds.map((id) => codeOf.get(id)!),
            ccpsAwarded: r.ccpResults.filter((x) => x.awarded).map((x) => codeOf.get(x.ccpId)!),
            finalInterview: c.finalInterview,
            finalInterviewHeld: r.finalInterviewHeld,
            titleAwarded: r.titleAwarded,
            outcome: r.outcome,
            overrides: c.overrides.map(({ codes, reason }) => ({ codes, reason })),
            comment: r.comment,
            ccpComments: r.ccpResults.filter((x) => x.comment).map((x) => ({ ccpCode: codeOf.get(x.ccpId)!, comment: x.comment! })),
          } satisfies PvCandidate,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
      .map((x) => x.candidate),
  };
}
