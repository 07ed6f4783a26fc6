import { frenchDate, IsoDate } from './dates';
import type { Refusal } from './refusal';

/** C. Jury (R-JURY-1…3). */
export const MIN_JURORS = 2;

export function checkJurorCount(count: number): Refusal | null {
  return count >= MIN_JURORS
    ? null
    : {
        code: 'JURY.TOO_FEW_JURORS',
        rule: 'R-JURY-1',
        message: `La délibération demande au moins ${MIN_JURORS} membres de jury (${count} inscrit(s)).`,
      };
}

/** R-JURY-2: a habilitation for the title valid on every day of the session (bounds included). */
export function checkHabilitation(
  habilitations: { certificationId: string; validFrom: IsoDate; validUntil: IsoDate }[],
  session: { certificationId: string; startDate: IsoDate; endDate: IsoDate; titleCode: string },
): Refusal | null {
  const ok = habilitations.some(
    (h) => h.certificationId === session.certificationId && h.validFrom <= session.startDate && session.endDate <= h.validUntil,
  );
  return ok
    ? null
    : {
        code: 'JURY.NOT_HABILITATED',
        rule: 'R-JURY-2',
        message: `Ce membre de jury n'a pas d'habilitation pour le titre ${session.titleCode} valable du ${frenchDate(session.startDate)} au ${frenchDate(session.endDate)}.`,
      };
}

export type ConflictLink = 'trainer' | 'employer' | 'declared';

/** Compare employers as people write them: case, accents, punctuation and spaces aside. */
export function sameEmployer(a: string | null | undefined, b: string | null | undefined): boolean {
  const norm = (s: string): string =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return !!a && !!b && norm(a) !== '' && norm(a) === norm(b);
}

/**
 * R-JURY-3: no link, past or present, between a juror and a candidate. Known links: the juror
 * trained the learner (trainer of one of their cohorts, or evaluator of one of their ECF); works
 * for the learner's employer; a declared link. No time limit.
 */
export function findConflicts(
  juror: { id: string; employer: string | null; trainedLearnerIds: Set<string>; declaredLearnerIds: Set<string> },
  candidates: { learnerId: string; employer: string | null }[],
): { learnerId: string; link: ConflictLink }[] {
  const out: { learnerId: string; link: ConflictLink }[] = [];
  for (const c of candidates) {
    if (juror.trainedLearnerIds.has(c.learnerId)) out.push({ learnerId: c.learnerId, link: 'trainer' });
    if (sameEmployer(juror.employer, c.employer)) out.push({ learnerId: c.learnerId, link: 'employer' });
    if (juror.declaredLearnerIds.has(c.learnerId)) out.push({ learnerId: c.learnerId, link: 'declared' });
  }
  return out;
}

export function conflictRefusal(conflicts: { learnerId: string; link: ConflictLink }[]): Refusal | null {
  if (conflicts.length === 0) return null;
  const words = { trainer: 'a formé le candidat', employer: 'travaille pour son employeur', declared: 'a déclaré un lien' };
  return {
    code: 'JURY.CONFLICT_OF_INTEREST',
    rule: 'R-JURY-3',
    message: `Conflit d'intérêts : le membre de jury ${[...new Set(conflicts.map((c) => words[c.link]))].join(', ')}.`,
    details: conflicts,
  };
}

/** R-SES-1 (centre policy): convened ≥ 1 month before a session titre, ≥ 15 days before a session CCP. */
export function convocationDeadline(
  session: { type: 'title' | 'ccp'; startDate: IsoDate },
  addMonths: (d: IsoDate, n: number) => IsoDate,
  addDays: (d: IsoDate, n: number) => IsoDate,
): IsoDate {
  return session.type === 'title' ? addMonths(session.startDate, -1) : addDays(session.startDate, -15);
}
