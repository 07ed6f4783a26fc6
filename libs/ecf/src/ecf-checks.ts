import { QueryFailedError } from 'typeorm';
import { LearnerRecord } from '@app/learners';
import { DomainError } from '@app/platform';
import { CcpStructure } from '@app/referential';
import { SignatureCapacity } from './entities/ecf-synthesis.entity';

/** The ECF's refusals (R-ECF-1, R-ECF-2), as plain functions. */

export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';

export function refuseVae(learner: LearnerRecord): void {
  if (learner.pathway === 'vae') {
    throw new DomainError(
      'ECF.NOT_FOR_VAE',
      "Les ECF concernent le parcours de formation : un candidat VAE n'en a pas.",
      undefined,
      'R-ECF-1',
    );
  }
}

export function competencesOf(ccp: CcpStructure, numbers: number[], field: (i: number) => string): CcpStructure['competences'] {
  const problems = numbers.flatMap((n, i) =>
    ccp.competences.some((k) => k.number === n)
      ? []
      : [{ field: field(i), message: `La compétence n°${n} n'appartient pas au CCP ${ccp.number}.` }],
  );
  if (problems.length) {
    throw new DomainError(
      'ECF.COMPETENCE_NOT_IN_CCP',
      `Compétence(s) hors du CCP ${ccp.number} : ce CCP couvre les compétences ${ccp.competences.map((k) => k.number).join(', ')}.`,
      problems,
      'R-ECF-1',
    );
  }
  return numbers.map((n) => ccp.competences.find((k) => k.number === n)!);
}

export function alreadySigned(capacity: SignatureCapacity): DomainError {
  return new DomainError(
    'ECF.ALREADY_SIGNED',
    capacity === 'centre' ? 'Le centre a déjà signé cette version de la synthèse.' : 'Vous avez déjà signé cette version de la synthèse.',
    undefined,
    'R-ECF-2',
  );
}
