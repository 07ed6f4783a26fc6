import type { ErrorCode } from './error-codes';

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * A refusal the user can understand: a stable code of the contract, a French message, and
 * optionally the rule id (R-…) and details. Services throw these, never HTTP exceptions.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what = 'La ressource demandée'): DomainError {
    return new DomainError('NOT_FOUND', `${what} est introuvable.`);
  }

  static validation(details: FieldProblem[]): DomainError {
    return new DomainError('VALIDATION_FAILED', 'Certaines données envoyées sont invalides : voir le détail par champ.', details);
  }
}
