// The certification booklet (livret): query keys and reads. The booklet follows from the award
// ledger: sessions (PV signed by all), prior CCPs and withdrawals change it, through invalidateBooklet.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { useMutation } from '../../lib/mutation';

/** `['booklet', 'me']`: the signed-in learner's; `['booklet', learnerId]`: a learner's. */
export const bookletKeys = {
  mine: ['booklet', 'me'] as const,
  of: (learnerId: string) => ['booklet', learnerId] as const,
};

export const useMyBooklet = () => useQuery({ queryKey: bookletKeys.mine, queryFn: () => call(api.GET('/api/me/booklet')) });

export const useLearnerBooklet = (id: string) =>
  useQuery({ queryKey: bookletKeys.of(id), queryFn: () => call(api.GET('/api/learners/{id}/booklet', { params: { path: { id } } })) });

/** For the features whose actions change a learner's booklet (prior CCPs, withdrawal). */
export function useInvalidateBooklet() {
  const queryClient = useQueryClient();
  return (learnerId: string) => queryClient.invalidateQueries({ queryKey: bookletKeys.of(learnerId) });
}

/** Staff: a CCP obtained elsewhere or by equivalence (append-only, R-CAP). */
export function useAddPriorCcp(learnerId: string, then?: () => unknown) {
  const invalidate = useInvalidateBooklet();
  return useMutation({
    mutationFn: (body: Schemas['PriorCcpInputDto']) =>
      call(api.POST('/api/learners/{id}/prior-ccps', { params: { path: { id: learnerId } }, body })),
    onSuccess: async () => {
      await then?.();
      await invalidate(learnerId);
    },
  });
}

/** Staff: a CCP withdrawn for fraud (append-only). */
export function useWithdrawAward(learnerId: string, then?: () => unknown) {
  const invalidate = useInvalidateBooklet();
  return useMutation({
    mutationFn: (body: Schemas['WithdrawalInputDto']) =>
      call(api.POST('/api/learners/{id}/award-withdrawals', { params: { path: { id: learnerId } }, body })),
    onSuccess: async () => {
      await then?.();
      await invalidate(learnerId);
    },
  });
}

/**
 * The signed credential (Open Badges 3.0 / W3C VC as a JWT, EdDSA) of the learner's current results
 * and its verification code: the attestation is issued, or the current one reused, on request.
 */
export function useCredential(learnerId: string) {
  return useMutation({
    mutationFn: () => call(api.GET('/api/learners/{id}/credential', { params: { path: { id: learnerId } } })),
  });
}
