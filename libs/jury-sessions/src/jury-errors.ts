import { QueryFailedError } from 'typeorm';
import { DomainError } from '@app/platform';
import { Refusal } from '@app/rules';

/** The PostgreSQL error code of a failed query (23505: a unique key said « once only »). */
export const pgCode = (error: unknown): string | undefined =>
  error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;

/** The rules' refusals as one domain error: the first one's code and rule, every message, the details. */
export function refuse(refusals: Refusal[], extra?: unknown): DomainError {
  const first = refusals[0];
  return new DomainError(
    first.code as never,
    refusals.map((r) => r.message).join(' '),
    extra ??
      refusals.map(({ code, rule, message, overridable, details }) => ({ code, rule, message, overridable: !!overridable, details })),
    first.rule,
  );
}

export function notPlanned(): DomainError {
  return new DomainError('SESSION.NOT_PLANNED', 'La délibération est ouverte : le jury et les candidats ne peuvent plus changer.');
}

export function alreadyRegistered(): DomainError {
  return new DomainError('SESSION.ALREADY_REGISTERED', 'Ce candidat est déjà inscrit à cette session.');
}

export function pvSigned(): DomainError {
  return new DomainError(
    'SESSION.PV_SIGNED',
    'Le PV est signé : il ne change plus. Une correction passe par une rectification.',
    undefined,
    'R-DEC-4',
  );
}
