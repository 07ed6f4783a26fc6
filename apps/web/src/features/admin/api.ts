// Administration: accounts (users, roles, activation), jurors' profiles and declared links, and the
// audit log. Query keys, reads and actions; the option lists other features pick users from.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import type { paths } from '../../api/schema';
import { useMutation } from '../../lib/mutation';

export type Role = 'admin' | 'trainer' | 'jury' | 'learner';
export type UserFilter = { page: number; role: string | null; search: string; state: string | null };
export type AuditEntity = NonNullable<NonNullable<paths['/api/audit']['get']['parameters']['query']>['entity']>;
export type AuditFilter = { page: number; entity: AuditEntity | null; actorId: string | null; from: string | null; to: string | null };

/** `['users', …]`: every list and option list of accounts; `['juror-profile', id]`; `['audit', …]`. */
export const userKeys = {
  all: ['users'] as const,
  list: (f: UserFilter) => ['users', f.page, f.role, f.search, f.state] as const,
  byRole: (role: 'trainer' | 'jury') => ['users', role] as const,
  names: ['users', 'names'] as const,
  jurorProfile: (id: string) => ['juror-profile', id] as const,
  audit: (f: AuditFilter) => ['audit', f.page, f.entity, f.actorId, f.from, f.to] as const,
};

export const useUsers = (f: UserFilter) =>
  useQuery({
    queryKey: userKeys.list(f),
    queryFn: () =>
      call(
        api.GET('/api/users', {
          params: {
            query: {
              page: f.page,
              pageSize: 25,
              role: (f.role as Role) ?? undefined,
              q: f.search || undefined,
              active: (f.state as 'true' | 'false' | null) ?? undefined,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });

/** Trainers to choose from (admin only). */
export const useTrainerOptions = () =>
  useQuery({
    queryKey: userKeys.byRole('trainer'),
    queryFn: () => call(api.GET('/api/users', { params: { query: { role: 'trainer', pageSize: 200 } } })),
    select: (page) => page.items.map((u) => ({ value: u.id, label: u.fullName })),
  });

/** Juror accounts (a session's « Ajouter un membre de jury »). */
export const useJurorAccounts = (enabled: boolean) =>
  useQuery({
    queryKey: userKeys.byRole('jury'),
    queryFn: () => call(api.GET('/api/users', { params: { query: { role: 'jury', pageSize: 200 } } })),
    enabled,
  });

/** Everyone's name, for the audit log's « Personne » filter. */
export const useUserNames = () =>
  useQuery({
    queryKey: userKeys.names,
    queryFn: () => call(api.GET('/api/users', { params: { query: { pageSize: 200 } } })),
    select: (p) => p.items.map((u) => ({ value: u.id, label: u.fullName })),
    staleTime: 300_000,
  });

function useUsersAction<V, T>(request: (variables: V) => Promise<T>, then?: () => unknown) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
      await then?.();
    },
  });
}

export const useCreateUser = (then?: () => unknown) =>
  useUsersAction((body: Schemas['CreateUserDto']) => call(api.POST('/api/users', { body })), then);

/** Name, roles or activation (a deactivated account is signed out at once). */
export const useUpdateUser = (id: string, then?: () => unknown) =>
  useUsersAction((body: Schemas['UpdateUserDto']) => call(api.PATCH('/api/users/{id}', { params: { path: { id } }, body })), then);

export const useJurorProfile = (id: string) =>
  useQuery({
    queryKey: userKeys.jurorProfile(id),
    queryFn: () => call(api.GET('/api/users/{id}/juror-profile', { params: { path: { id } } })),
  });

export function useSaveJurorProfile(id: string, then?: () => unknown) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['JurorProfileInputDto']) =>
      call(api.PUT('/api/users/{id}/juror-profile', { params: { path: { id } }, body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: userKeys.jurorProfile(id) });
      await then?.();
    },
  });
}

/** A juror declares a link with a candidate (R-JURY-3): nothing on screen to refresh. */
export const useDeclareLink = (userId: string, then?: () => unknown) =>
  useMutation({
    mutationFn: (body: Schemas['DeclaredLinkInputDto']) =>
      call(api.POST('/api/users/{id}/declared-links', { params: { path: { id: userId } }, body })),
    onSuccess: async () => {
      await then?.();
    },
  });

export const useAudit = (f: AuditFilter) =>
  useQuery({
    queryKey: userKeys.audit(f),
    queryFn: () =>
      call(
        api.GET('/api/audit', {
          params: {
            query: {
              page: f.page,
              pageSize: 50,
              entity: f.entity ?? undefined,
              actorId: f.actorId ?? undefined,
              from: f.from ?? undefined,
              to: f.to ?? undefined,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
