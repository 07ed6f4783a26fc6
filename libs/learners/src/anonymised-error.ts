import { DomainError } from '@app/platform';
import { frenchDate } from '@app/rules';

/**
 * 409 LEARNER.ANONYMISED: an anonymised learner's file is closed to every change (issue 16, ADR
 * 0015) — the learner's fiche, invitations, ECF, DP, booklet, attestations, session registrations.
 * `consequence` replaces the default end of the message (« son dossier ne peut plus être modifié »)
 * where the refused act is not a change of the file (a new attestation).
 */
export function anonymisedError(at: Date | string, consequence = 'son dossier ne peut plus être modifié'): DomainError {
  return new DomainError(
    'LEARNER.ANONYMISED',
    `Les données de cet apprenant ont été anonymisées le ${frenchDate(new Date(at).toISOString().slice(0, 10))} : ${consequence}.`,
  );
}
