// The référentiel: query keys, reads and actions on titles (certifications), their CCPs and successors.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useMutation } from '../../lib/mutation';

export type CertificationFile = Schemas['CreateCertificationDto'];

/** `['certifications']`: the list; `['certification', code]`: one title with its CCPs. */
export const referentialKeys = {
  list: ['certifications'] as const,
  details: ['certification'] as const,
  detail: (code: string) => ['certification', code] as const,
};

export const useCertifications = () => useQuery({ queryKey: referentialKeys.list, queryFn: () => call(api.GET('/api/certifications')) });

export const useCertification = (code: string) =>
  useQuery({
    queryKey: referentialKeys.detail(code),
    queryFn: () => call(api.GET('/api/certifications/{code}', { params: { path: { code } } })),
    staleTime: 300_000,
  });

/** After a title is added, edited or given a successor: every title and the list. */
export function useInvalidateReferential() {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: referentialKeys.details });
    await queryClient.invalidateQueries({ queryKey: referentialKeys.list });
  };
}

/** Asked again when a title is selected: whether it may still be edited changes elsewhere (a cohort, a session). */
export function useRefreshCertification() {
  const queryClient = useQueryClient();
  return (code: string) => queryClient.invalidateQueries({ queryKey: referentialKeys.detail(code) });
}

/** A title in the JSON format of seeds/referentials (round trip), for « Exporter », « Dupliquer » and « Modifier ». */
export const useExportTitle = (code: string, then: (file: CertificationFile, mode: 'duplicate' | 'edit') => unknown) =>
  useMutation({
    mutationFn: (mode: 'duplicate' | 'edit') =>
      call(api.GET('/api/certifications/{code}/export', { params: { path: { code } } })).then((file) => ({ file, mode })),
    onSuccess: ({ file, mode }) => then(file, mode),
  });

/** A new title (« Nouveau titre », « Dupliquer ») or the correction of one no one uses yet (« Modifier »). */
export function useSaveTitle(mode: 'create' | 'edit', then?: (saved: Schemas['CertificationDetailDto']) => unknown) {
  const invalidate = useInvalidateReferential();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: CertificationFile }) =>
      mode === 'create'
        ? call(api.POST('/api/certifications', { body }))
        : call(api.PUT('/api/certifications/{code}', { params: { path: { code } }, body })),
    onSuccess: async (saved) => {
      await invalidate();
      await then?.(saved);
    },
  });
}

/** A title added from its JSON file. */
export function useImportTitle(then?: () => unknown) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      let body: CertificationFile;
      try {
        body = JSON.parse(await file.text()) as CertificationFile;
      } catch {
        throw new ApiError({ statusCode: 400, code: 'VALIDATION_FAILED', message: "Le fichier n'est pas un JSON lisible." });
      }
      return call(api.POST('/api/certifications', { body }));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: referentialKeys.list });
      await then?.();
    },
  });
}

export function useSetSuccessor(code: string) {
  const invalidate = useInvalidateReferential();
  return useMutation({
    mutationFn: (body: Schemas['SetSuccessorDto']) =>
      call(api.PUT('/api/certifications/{code}/successor', { params: { path: { code } }, body })),
    onSuccess: () => invalidate(),
  });
}
