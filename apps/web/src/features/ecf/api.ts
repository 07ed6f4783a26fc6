// ECF (évaluations en cours de formation): query keys, the learner's ECF read, and the actions —
// record an evaluation, write and sign a synthesis, acknowledge it.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { useMutation } from '../../lib/mutation';

/** `['ecf', learnerId]`: a learner's ECF (evaluations and syntheses per CCP, and the title's CCPs). */
export const ecfKeys = {
  of: (learnerId: string | null | undefined) => ['ecf', learnerId] as const,
};

export const useLearnerEcf = (id: string | null | undefined) =>
  useQuery({
    queryKey: ecfKeys.of(id),
    queryFn: () => call(api.GET('/api/learners/{id}/ecf', { params: { path: { id: id! } } })),
    enabled: !!id,
  });

function useEcfAction<V, T>(learnerId: string, request: (variables: V) => Promise<T>, then?: () => unknown) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ecfKeys.of(learnerId) });
      await then?.();
    },
  });
}

export const useRecordEvaluation = (learnerId: string, then?: () => unknown) =>
  useEcfAction(
    learnerId,
    (body: Schemas['CreateEcfEvaluationDto']) =>
      call(api.POST('/api/learners/{id}/ecf-evaluations', { params: { path: { id: learnerId } }, body })),
    then,
  );

export const useSaveSynthesis = (learnerId: string, ccpCode: string, then?: () => unknown) =>
  useEcfAction(
    learnerId,
    (body: Schemas['UpsertSynthesisDto']) =>
      call(api.PUT('/api/learners/{id}/ecf-syntheses/{ccpCode}', { params: { path: { id: learnerId, ccpCode } }, body })),
    then,
  );

export const useSignSynthesis = (learnerId: string, ccpCode: string) =>
  useEcfAction(learnerId, (as: 'evaluator' | 'centre') =>
    call(api.POST('/api/learners/{id}/ecf-syntheses/{ccpCode}/sign', { params: { path: { id: learnerId, ccpCode } }, body: { as } })),
  );

export const useAcknowledgeSynthesis = (learnerId: string) =>
  useEcfAction(learnerId, (ccpCode: string) =>
    call(api.POST('/api/learners/{id}/ecf-syntheses/{ccpCode}/acknowledge', { params: { path: { id: learnerId, ccpCode } } })),
  );
