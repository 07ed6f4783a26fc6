import { CohortDto } from './dto/learner.dto';
import { Cohort } from './entities/cohort.entity';
import { Learner } from './entities/learner.entity';

/** What other libs get of a learner: plain data. */
export interface LearnerRecord {
  id: string;
  firstName: string;
  lastName: string;
  /** Null once anonymised (issue 16). */
  birthDate: string | null;
  email: string;
  pathway: 'training' | 'vae';
  certificationId: string;
  cohortId: string | null;
  vaeAdmissibilityDate: string | null;
  employer: string | null;
  accommodations: string | null;
  userId: string | null;
  /** Issue 16 (3): when the identity was erased (ISO instant), and the pseudonym then shown. */
  anonymisedAt: string | null;
  pseudonym: string | null;
}

export interface CohortRecord {
  id: string;
  name: string;
  certificationId: string;
  startDate: string;
  endDate: string;
  site: string | null;
  trainerIds: string[];
}

/** A learner row as plain data (a learner's view adds the title's code). */
export function record(l: Learner): LearnerRecord {
  return {
    id: l.id,
    firstName: l.firstName,
    lastName: l.lastName,
    birthDate: l.birthDate,
    email: l.email,
    pathway: l.pathway,
    certificationId: l.certificationId,
    cohortId: l.cohortId,
    vaeAdmissibilityDate: l.vaeAdmissibilityDate,
    employer: l.employer,
    accommodations: l.accommodations,
    userId: l.userId,
    anonymisedAt: l.anonymisedAt ? new Date(l.anonymisedAt).toISOString() : null,
    pseudonym: l.pseudonym,
  };
}

/** A cohort as the API shows it; trainers by name (French collation). */
export function cohortView(
  c: Cohort,
  trainers: { id: string; fullName: string }[],
  certificationCode: string,
  learnerCount: number,
): CohortDto {
  const sorted = [...trainers].sort((a, b) => a.fullName.localeCompare(b.fullName, 'fr'));
  return {
    id: c.id,
    name: c.name,
    certificationCode,
    startDate: c.startDate,
    endDate: c.endDate,
    site: c.site,
    trainerIds: sorted.map((t) => t.id),
    trainers: sorted.map((t) => ({ id: t.id, fullName: t.fullName })),
    learnerCount,
  };
}
