import { DomainError } from '@app/platform';
import { frenchDate } from '@app/rules';

/** 409 LEARNER.ANONYMISED: an anonymised learner's file is closed to every change (issue 16, ADR 0015). */
export function anonymisedError(at: Date | string): DomainError {
  return new DomainError(
    'LEARNER.ANONYMISED',
    `Les données personnelles de cet apprenant ont été anonymisées le ${frenchDate(new Date(at).toISOString().slice(0, 10))} : sa fiche ne peut plus être modifiée.`,
  );
}
