// « Messages envoyés » (issue 14): the outbox — what the centre sent or will send, its status, and
// « Renvoyer ». Also the actions that send messages from other screens (invitations, convocations),
// so every message-related query key is invalidated from here.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { useMutation } from '../../lib/mutation';
import { useInvalidateLearner } from '../learners/api';
import { useInvalidateSession } from '../sessions/api';

export type MessageStatus = NonNullable<NonNullable<paths['/api/outbox']['get']['parameters']['query']>['status']>;
export type MessageFilter = { page: number; status: MessageStatus | null; to: string; sessionId: string | null };

/** `['outbox', …]`: the list and each message. */
export const messageKeys = {
  all: ['outbox'] as const,
  list: (f: MessageFilter) => ['outbox', 'list', f.page, f.status, f.to, f.sessionId] as const,
  one: (id: string) => ['outbox', 'one', id] as const,
};

export const useMessages = (f: MessageFilter) =>
  useQuery({
    queryKey: messageKeys.list(f),
    queryFn: () =>
      call(
        api.GET('/api/outbox', {
          params: {
            query: {
              page: f.page,
              pageSize: 25,
              status: f.status ?? undefined,
              to: f.to.trim() || undefined,
              sessionId: f.sessionId ?? undefined,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    // A queued message is being sent: its status changes without anyone acting here.
    refetchInterval: (q) => (q.state.data?.items.some((m) => m.status === 'queued') ? 3000 : false),
  });

export const useMessage = (id: string | null) =>
  useQuery({
    queryKey: messageKeys.one(id ?? ''),
    queryFn: () => call(api.GET('/api/outbox/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });

function useMessagesAction<V, T>(request: (variables: V) => Promise<T>, then?: (variables: V) => Promise<void>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: async (_data, variables) => {
      await queryClient.invalidateQueries({ queryKey: messageKeys.all });
      await then?.(variables);
    },
  });
}

/** « Renvoyer »: a new message, same text and files, same recipient. */
export const useResendMessage = () =>
  useMessagesAction((id: string) => call(api.POST('/api/outbox/{id}/resend', { params: { path: { id } } })));

/** « Inviter » a learner (creates the account when there is none). */
export const useInviteLearner = () => {
  const invalidateLearner = useInvalidateLearner(); // the account it may have created
  return useMessagesAction(
    (id: string) => call(api.POST('/api/learners/{id}/invitations', { params: { path: { id } } })),
    (id) => invalidateLearner(id),
  );
};

/**
 * « Inviter les apprenants importés », offered after an import made without invitations: each
 * learner in turn (the one without an e-mail is counted, not fatal).
 */
export const useInviteLearners = () => {
  const invalidateLearner = useInvalidateLearner();
  return useMessagesAction(
    async (ids: string[]) => {
      let invited = 0;
      let withoutEmail = 0;
      for (const id of ids) {
        try {
          await call(api.POST('/api/learners/{id}/invitations', { params: { path: { id } } }));
          invited += 1;
        } catch (error) {
          if (error instanceof ApiError && error.body.code === 'LEARNER.NO_EMAIL') withoutEmail += 1;
          else throw error;
        }
      }
      return { invited, withoutEmail };
    },
    () => invalidateLearner(),
  );
};

/** « Inviter les apprenants sans compte » of a cohort: `{invited}`. */
export const useInviteCohort = () => {
  const invalidateLearner = useInvalidateLearner();
  return useMessagesAction(
    (id: string) => call(api.POST('/api/cohorts/{id}/invitations', { params: { path: { id } } })),
    () => invalidateLearner(),
  );
};

/** « Envoyer les convocations » (or `resend`): each candidate and juror with their PDF. */
export const useSendConvocations = () => {
  const queryClient = useQueryClient();
  const invalidateSession = useInvalidateSession();
  return useMutation({
    mutationFn: ({ sessionId, resend }: { sessionId: string; resend: boolean }) =>
      call(api.POST('/api/jury-sessions/{id}/convocations/send', { params: { path: { id: sessionId } }, body: { resend } })),
    // The session says when they were sent (convocationsSentAt): refreshed after a send and after a 409.
    onSettled: async (_data, _error, { sessionId }) => {
      await queryClient.invalidateQueries({ queryKey: messageKeys.all });
      await invalidateSession(sessionId);
    },
  });
};
