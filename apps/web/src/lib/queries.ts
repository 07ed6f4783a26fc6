// The reads several screens share: one query key and one request each, so that the cache is shared
// and invalidations (['ecf', id], ['dp', id], ['booklet', …], ['session', id]) reach every screen.
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';

export const useMyBooklet = () => useQuery({ queryKey: ['booklet', 'me'], queryFn: () => call(api.GET('/api/me/booklet')) });

export const useLearnerBooklet = (id: string) =>
  useQuery({ queryKey: ['booklet', id], queryFn: () => call(api.GET('/api/learners/{id}/booklet', { params: { path: { id } } })) });

export const useLearnerEcf = (id: string | null | undefined) =>
  useQuery({
    queryKey: ['ecf', id],
    queryFn: () => call(api.GET('/api/learners/{id}/ecf', { params: { path: { id: id! } } })),
    enabled: !!id,
  });

export const useProfessionalFile = (id: string) =>
  useQuery({
    queryKey: ['dp', id],
    queryFn: () => call(api.GET('/api/learners/{id}/professional-file', { params: { path: { id } } })),
  });

export const useCertifications = () => useQuery({ queryKey: ['certifications'], queryFn: () => call(api.GET('/api/certifications')) });

export const useCertification = (code: string) =>
  useQuery({
    queryKey: ['certification', code],
    queryFn: () => call(api.GET('/api/certifications/{code}', { params: { path: { code } } })),
    staleTime: 300_000,
  });

export const useSession = (id: string) =>
  useQuery({ queryKey: ['session', id], queryFn: () => call(api.GET('/api/jury-sessions/{id}', { params: { path: { id } } })) });

/** The first page of sessions (the homes of jurors and staff). */
export const useRecentSessions = () =>
  useQuery({
    queryKey: ['sessions', 1],
    queryFn: () => call(api.GET('/api/jury-sessions', { params: { query: { page: 1, pageSize: 20 } } })),
  });

/** Trainers to choose from (admin only). */
export const useTrainerOptions = () =>
  useQuery({
    queryKey: ['users', 'trainer'],
    queryFn: () => call(api.GET('/api/users', { params: { query: { role: 'trainer', pageSize: 200 } } })),
    select: (page) => page.items.map((u) => ({ value: u.id, label: u.fullName })),
  });

export const useCohortOptions = () =>
  useQuery({
    queryKey: ['cohorts', 'options'],
    queryFn: () => call(api.GET('/api/cohorts', { params: { query: { pageSize: 200 } } })),
    select: (page) => page.items.map((c) => ({ value: c.id, label: c.name })),
  });
