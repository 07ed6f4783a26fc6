/**
 * Every error code of the contract (../shared/spec/api.md) and its HTTP status: the one table.
 * Services and rules raise DomainError with one of these codes; the exception filter maps it.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.INVALID_CREDENTIALS': 401,
  'AUTH.FORBIDDEN': 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  'AUTH.TOO_MANY_ATTEMPTS': 429,
  CONFLICT: 409,
  'USER.EMAIL_TAKEN': 409,
  'CERTIFICATION.CODE_TAKEN': 409,
  'CERTIFICATION.CCP_CODE_TAKEN': 409,
  'REF.INVALID_SUCCESSOR': 422,
  'REF.INVALID_CORRESPONDENCE': 422,
  'REF.INVALID_STRUCTURE': 422,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export function statusOf(code: string): number {
  return (ERROR_STATUS as Record<string, number>)[code] ?? 500;
}
