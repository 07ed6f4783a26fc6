// Cohorts (promotions): query keys, reads and actions of the cohorts list, a cohort and its progress matrix.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { useMutation } from '../../lib/mutation';

/** `['cohorts', …]`: the lists and options; `['cohort', id]`; `['progress', id]`: the matrix. */
export const cohortKeys = {
  lists: ['cohorts'] as const,
  list: (page: number, search: string) => ['cohorts', page, search] as const,
  options: ['cohorts', 'options'] as const,
  detail: (id: string) => ['cohort', id] as const,
  progress: (id: string) => ['progress', id] as const,
};

export const useCohorts = (page: number, search: string) =>
  useQuery({
    queryKey: cohortKeys.list(page, search),
    queryFn: () => call(api.GET('/api/cohorts', { params: { query: { page, pageSize: 20, q: search || undefined } } })),
    placeholderData: keepPreviousData,
  });

export const useCohortOptions = () =>
  useQuery({
    queryKey: cohortKeys.options,
    queryFn: () => call(api.GET('/api/cohorts', { params: { query: { pageSize: 200 } } })),
    select: (page) => page.items.map((c) => ({ value: c.id, label: c.name })),
  });

export const useCohort = (id: string) =>
  useQuery({ queryKey: cohortKeys.detail(id), queryFn: () => call(api.GET('/api/cohorts/{id}', { params: { path: { id } } })) });

export const useCohortProgress = (id: string) =>
  useQuery({ queryKey: cohortKeys.progress(id), queryFn: () => call(api.GET('/api/cohorts/{id}/progress', { params: { path: { id } } })) });

export function useCreateCohort(then?: () => unknown) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateCohortDto']) => call(api.POST('/api/cohorts', { body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: cohortKeys.lists });
      await then?.();
    },
  });
}

export function useSetCohortTrainers(cohortId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (trainerIds: string[]) =>
      call(api.PUT('/api/cohorts/{id}/trainers', { params: { path: { id: cohortId } }, body: { trainerIds } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cohortKeys.detail(cohortId) }),
  });
}
