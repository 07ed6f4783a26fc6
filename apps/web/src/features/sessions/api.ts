// Jury sessions: query keys, reads and actions of the sessions list, a session's page and a
// candidate's dossier. Every action on a session refreshes the session, the lists and its PV.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { useMutation } from '../../lib/mutation';

export type Session = Schemas['SessionViewDto'];
export type Pv = Schemas['PvViewDto'];
export type Dossier = Schemas['CandidateDossierDto'];
type Body<T extends keyof Schemas> = Schemas[T];
/** What a component does once an action succeeded and the caches are refreshed (reset its form…). */
type Then<T = unknown> = (data: T) => unknown;

/** `['sessions', page]`: the lists; `['session', id]`, `['pv', id]`, `['dossier', id, learnerId]`. */
export const sessionKeys = {
  lists: ['sessions'] as const,
  list: (page: number) => ['sessions', page] as const,
  detail: (id: string) => ['session', id] as const,
  pv: (id: string) => ['pv', id] as const,
  dossier: (id: string, learnerId: string) => ['dossier', id, learnerId] as const,
};

export const useSessions = (page: number) =>
  useQuery({
    queryKey: sessionKeys.list(page),
    queryFn: () => call(api.GET('/api/jury-sessions', { params: { query: { page, pageSize: 20 } } })),
    placeholderData: keepPreviousData,
  });

/** The first page of sessions (the homes of jurors and staff). */
export const useRecentSessions = () =>
  useQuery({
    queryKey: sessionKeys.list(1),
    queryFn: () => call(api.GET('/api/jury-sessions', { params: { query: { page: 1, pageSize: 20 } } })),
  });

export const useSession = (id: string) =>
  useQuery({ queryKey: sessionKeys.detail(id), queryFn: () => call(api.GET('/api/jury-sessions/{id}', { params: { path: { id } } })) });

export const usePv = (id: string) =>
  useQuery({ queryKey: sessionKeys.pv(id), queryFn: () => call(api.GET('/api/jury-sessions/{id}/pv', { params: { path: { id } } })) });

export const useDossier = (id: string, learnerId: string) =>
  useQuery({
    queryKey: sessionKeys.dossier(id, learnerId),
    queryFn: () => call(api.GET('/api/jury-sessions/{id}/candidates/{learnerId}/dossier', { params: { path: { id, learnerId } } })),
  });

/** After any action on a session: the session, the lists (status, counts) and its PV. */
export function useInvalidateSession() {
  const queryClient = useQueryClient();
  return async (id: string) => {
    await queryClient.invalidateQueries({ queryKey: sessionKeys.detail(id) });
    await queryClient.invalidateQueries({ queryKey: sessionKeys.lists });
    await queryClient.invalidateQueries({ queryKey: sessionKeys.pv(id) });
  };
}

/** An action on session `id`: the request, then the refresh, then what the component does. */
function useSessionAction<V, T>(id: string, request: (variables: V) => Promise<T>, then?: Then<T>) {
  const invalidate = useInvalidateSession();
  return useMutation({
    mutationFn: request,
    onSuccess: async (data: T) => {
      await invalidate(id);
      await then?.(data);
    },
  });
}

export function useCreateSession(then?: Then) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'CreateSessionDto'>) => call(api.POST('/api/jury-sessions', { body })),
    onSuccess: async (data) => {
      await queryClient.invalidateQueries({ queryKey: sessionKeys.lists });
      await then?.(data);
    },
  });
}

export const useUpdateSessionPractical = (id: string, then?: Then) =>
  useSessionAction(
    id,
    (body: Body<'UpdateSessionDto'>) => call(api.PATCH('/api/jury-sessions/{id}', { params: { path: { id } }, body })),
    then,
  );

export const useAddJuror = (id: string, then?: Then) =>
  useSessionAction(
    id,
    (userId: string) => call(api.POST('/api/jury-sessions/{id}/jurors', { params: { path: { id } }, body: { userId } })),
    then,
  );

export const useRemoveJuror = (id: string) =>
  useSessionAction(id, (userId: string) =>
    call(api.DELETE('/api/jury-sessions/{id}/jurors/{userId}', { params: { path: { id, userId } } })),
  );

export const useSetPresident = (id: string) =>
  useSessionAction(id, (userId: string) =>
    call(api.PUT('/api/jury-sessions/{id}/president', { params: { path: { id } }, body: { userId } })),
  );

export const useAddCandidate = (id: string, then?: Then) =>
  useSessionAction(
    id,
    (body: Body<'AddCandidateDto'>) => call(api.POST('/api/jury-sessions/{id}/candidates', { params: { path: { id } }, body })),
    then,
  );

export const useOpenDeliberation = (id: string) =>
  useSessionAction(id, () => call(api.POST('/api/jury-sessions/{id}/deliberation/open', { params: { path: { id } } })));

export const useCloseDeliberation = (id: string) =>
  useSessionAction(id, () => call(api.POST('/api/jury-sessions/{id}/deliberation/close', { params: { path: { id } } })));

/** A candidate's result: only the session is refreshed (its PV does not exist while deliberating). */
export function useSaveResult(id: string, learnerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'ResultInputDto'>) =>
      call(api.PUT('/api/jury-sessions/{id}/candidates/{learnerId}/result', { params: { path: { id, learnerId } }, body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: sessionKeys.detail(id) });
    },
  });
}

export const useSignPv = (id: string) =>
  useSessionAction(id, () => call(api.POST('/api/jury-sessions/{id}/pv/sign', { params: { path: { id } } })));

export const useRectifyPv = (id: string, then?: Then) =>
  useSessionAction(
    id,
    (body: Body<'RectificationDto'>) => call(api.POST('/api/jury-sessions/{id}/pv/rectifications', { params: { path: { id } }, body })),
    then,
  );

export const useDreetsValidation = (id: string) =>
  useSessionAction(id, (body: Body<'DreetsValidationDto'>) =>
    call(api.POST('/api/jury-sessions/{id}/dreets-validation', { params: { path: { id } }, body })),
  );

export const useFileAppeal = (id: string, then?: Then) =>
  useSessionAction(
    id,
    (v: { learnerId: string; body: Body<'AppealInputDto'> }) =>
      call(
        api.POST('/api/jury-sessions/{id}/candidates/{learnerId}/appeals', {
          params: { path: { id, learnerId: v.learnerId } },
          body: v.body,
        }),
      ),
    then,
  );

export const useDecideAppeal = (id: string) =>
  useSessionAction(id, (v: { appealId: string; learnerId: string; outcome: 'upheld' | 'rejected'; decidedOn: string }) =>
    call(
      api.PUT('/api/jury-sessions/{id}/candidates/{learnerId}/appeals/{appealId}', {
        params: { path: { id, learnerId: v.learnerId, appealId: v.appealId } },
        body: { outcome: v.outcome, decidedOn: v.decidedOn },
      }),
    ),
  );
