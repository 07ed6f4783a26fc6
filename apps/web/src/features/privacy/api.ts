// The learner's personal data (issue 16): the read log of their DP and jury dossier.
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';

/** `['reads', learnerId, page]`: who read the learner's DP or jury dossier, newest first. */
export const readKeys = { of: (learnerId: string, page: number) => ['reads', learnerId, page] as const };

export const useReads = (learnerId: string, page: number, enabled: boolean) =>
  useQuery({
    queryKey: readKeys.of(learnerId, page),
    queryFn: () => call(api.GET('/api/learners/{id}/reads', { params: { path: { id: learnerId }, query: { page, pageSize: 20 } } })),
    enabled,
  });
