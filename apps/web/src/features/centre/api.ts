// The centre's identity (issue 12): query keys, reads and actions of the « Centre » page.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, call, session, type Schemas } from '../../api/client';
import { useMutation } from '../../lib/mutation';

export type Centre = Schemas['CentreDto'];
export type CentreInput = Schemas['CentreInputDto'];

/** `['centre']`: the identity; `['centre', 'logo']`: the logo's image, for the preview. */
export const centreKeys = {
  identity: ['centre'] as const,
  logo: ['centre', 'logo'] as const,
};

/** PNG or JPEG, 1 MB at most: said before sending, the API checks it again (and that it prints). */
export const MAX_LOGO_BYTES = 1024 * 1024;
export const LOGO_TYPES = 'image/png,image/jpeg';

export const useCentre = () => useQuery({ queryKey: centreKeys.identity, queryFn: () => call(api.GET('/api/centre')) });

/** The logo as a Blob (with the session's token), when there is one. */
export const useCentreLogo = (hasLogo: boolean) =>
  useQuery({
    queryKey: centreKeys.logo,
    enabled: hasLogo,
    queryFn: async (): Promise<Blob> => {
      const response = await fetch('/api/centre/logo', { headers: session.token ? { Authorization: `Bearer ${session.token}` } : {} });
      if (!response.ok) throw await apiError(response);
      return response.blob();
    },
  });

/** PUT /api/centre: the page keeps what the server saved (trimmed, e-mail in lower case). */
export function useSaveCentre() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CentreInput) => call(api.PUT('/api/centre', { body })),
    onSuccess: (saved) => queryClient.setQueryData(centreKeys.identity, saved),
  });
}

export function useUploadLogo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      if (file.size > MAX_LOGO_BYTES) {
        throw new ApiError({
          statusCode: 413,
          code: 'PAYLOAD_TOO_LARGE',
          message: 'Le logo dépasse 1 Mo : réduisez-le (image redimensionnée ou compressée).',
          details: [{ field: 'file', message: 'Le logo dépasse 1 Mo : réduisez-le (image redimensionnée ou compressée).' }],
        });
      }
      const form = new FormData();
      form.append('file', file);
      let response: Response;
      try {
        response = await fetch('/api/centre/logo', {
          method: 'PUT',
          body: form,
          headers: session.token ? { Authorization: `Bearer ${session.token}` } : {},
        });
      } catch {
        throw new ApiError({
          statusCode: 0,
          code: 'NETWORK',
          message: 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.',
        });
      }
      if (!response.ok) throw await apiError(response);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: centreKeys.identity });
    },
  });
}

export function useDeleteLogo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.DELETE('/api/centre/logo')),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: centreKeys.logo, exact: true });
      await queryClient.invalidateQueries({ queryKey: centreKeys.identity, exact: true });
    },
  });
}

async function apiError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string; details?: unknown; rule?: string };
  return new ApiError({
    statusCode: response.status,
    code: body.code ?? 'HTTP_' + response.status,
    message: body.message ?? `Erreur ${response.status}.`,
    details: body.details,
    rule: body.rule,
  });
}
