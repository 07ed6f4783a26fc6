// Learners: query keys, reads and actions of the learners list, a learner's page, creation, edition
// and the CSV import.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, call, session, type Schemas } from '../../api/client';
import { useMutation } from '../../lib/mutation';

export type ImportReport = Schemas['ImportReportDto'];

/** `['learners', …]`: the lists and searches; `['learner', id]`: one learner. */
export const learnerKeys = {
  lists: ['learners'] as const,
  list: (page: number, search: string, cohortId: string | null) => ['learners', page, search, cohortId] as const,
  search: (q: string) => ['learners', 'search', q] as const,
  detail: (id: string) => ['learner', id] as const,
};

/** For other features (an invitation creates the learner's account): one learner, or every learner, and the lists. */
export function useInvalidateLearner() {
  const queryClient = useQueryClient();
  return async (id?: string) => {
    await queryClient.invalidateQueries({ queryKey: id ? learnerKeys.detail(id) : (['learner'] as const) });
    await queryClient.invalidateQueries({ queryKey: learnerKeys.lists });
  };
}

export const useLearners = (page: number, search: string, cohortId: string | null) =>
  useQuery({
    queryKey: learnerKeys.list(page, search, cohortId),
    queryFn: () =>
      call(
        api.GET('/api/learners', { params: { query: { page, pageSize: 25, q: search || undefined, cohortId: cohortId ?? undefined } } }),
      ),
    placeholderData: keepPreviousData,
  });

/** The first 20 learners matching a name (a session's « Inscrire un candidat »). */
export const useLearnerSearch = (q: string) =>
  useQuery({
    queryKey: learnerKeys.search(q),
    queryFn: () => call(api.GET('/api/learners', { params: { query: { q: q || undefined, pageSize: 20 } } })),
  });

export const useLearner = (id: string) =>
  useQuery({ queryKey: learnerKeys.detail(id), queryFn: () => call(api.GET('/api/learners/{id}', { params: { path: { id } } })) });

export function useCreateLearner(then?: (learner: Schemas['LearnerDto']) => unknown) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateLearnerDto']) => call(api.POST('/api/learners', { body })),
    onSuccess: async (learner) => {
      await queryClient.invalidateQueries({ queryKey: learnerKeys.lists });
      await then?.(learner);
    },
  });
}

export function useUpdateLearner(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['UpdateLearnerDto']) => call(api.PATCH('/api/learners/{id}', { params: { path: { id } }, body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: learnerKeys.detail(id) });
      await queryClient.invalidateQueries({ queryKey: learnerKeys.lists });
    },
  });
}

/** The CSV import: `dryRun` checks every line and writes nothing; the report says line by line. */
export function useImportLearners(then?: (report: ImportReport) => unknown) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, dryRun, invite = false }: { file: File; dryRun: boolean; invite?: boolean }) => {
      const form = new FormData();
      form.append('file', file);
      // invite=true: each learner created gets an account and an invitation, in the import's transaction (issue 14).
      const response = await fetch(`/api/learners/import?dryRun=${dryRun}${invite && !dryRun ? '&invite=true' : ''}`, {
        method: 'POST',
        body: form,
        headers: session.token ? { Authorization: `Bearer ${session.token}` } : {},
      }).catch(() => {
        throw new ApiError({ statusCode: 0, code: 'NETWORK', message: 'Le serveur ne répond pas.' });
      });
      const body = (await response.json().catch(() => ({}))) as ImportReport & {
        code?: string;
        message?: string;
        details?: unknown;
        statusCode?: number;
      };
      if (!response.ok)
        throw new ApiError({
          statusCode: response.status,
          code: body.code ?? 'HTTP',
          message: body.message ?? `Erreur ${response.status}.`,
          details: body.details,
        });
      return body;
    },
    onSuccess: async (report) => {
      await then?.(report);
      if (!report.dryRun) await queryClient.invalidateQueries({ queryKey: learnerKeys.lists });
    },
  });
}
