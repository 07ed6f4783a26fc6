// Public verification of an attestation of results by its code (issue 16, item 1): no sign-in.
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, call } from '../../api/client';

/** `GET /api/verify/:code` — 404 (unknown code) is an answer, not a failure to retry. */
export const useVerification = (code: string | undefined) =>
  useQuery({
    queryKey: ['verification', code],
    enabled: !!code,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    queryFn: () => call(api.GET('/api/verify/{code}', { params: { path: { code: code! } } })),
  });

/** A code as typed, for the address: upper case, spaces and dashes out, then `XXXX-XXXX-XXXX` when it has 12 characters. */
export function tidyCode(typed: string): string {
  const compact = typed.replace(/[\s\u00a0-]+/g, '').toUpperCase();
  return compact.length === 12 ? `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}` : compact;
}
