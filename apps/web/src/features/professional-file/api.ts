// The dossier professionnel (DP): query keys, the read, and every action on it — examples,
// qualifications, documents, comments, the déclaration sur l'honneur, submit and reopen. Each
// action refreshes `['dp', learnerId]`, which the learner's, the trainer's and the jury's screens share.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, call, session, type Schemas } from '../../api/client';
import { useMutation } from '../../lib/mutation';

export type ProfessionalFile = Schemas['ProfessionalFileDto'];
export type Example = Schemas['ExampleDto'];
export type ExampleInput = Schemas['ExampleInputDto'];

/** `['dp', learnerId]`. */
export const dpKeys = {
  of: (learnerId: string) => ['dp', learnerId] as const,
};

export const useProfessionalFile = (id: string) =>
  useQuery({
    queryKey: dpKeys.of(id),
    queryFn: () => call(api.GET('/api/learners/{id}/professional-file', { params: { path: { id } } })),
  });

/** An action on a learner's DP: the request, the DP refreshed, then what the component does. */
function useDpAction<V, T>(learnerId: string, request: (variables: V) => Promise<T>, then?: (data: T) => unknown) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: async (data: T) => {
      await queryClient.invalidateQueries({ queryKey: dpKeys.of(learnerId) });
      await then?.(data);
    },
  });
}

const path = (id: string) => ({ params: { path: { id } } });

/** Creates an example, or updates `exampleId`; the answer carries its patient-data warnings (R-DP-2). */
export const useSaveExample = (learnerId: string, then?: (saved: Example) => unknown) =>
  useDpAction(
    learnerId,
    ({ exampleId, body }: { exampleId?: string; body: ExampleInput }) =>
      exampleId
        ? call(
            api.PUT('/api/learners/{id}/professional-file/examples/{exampleId}', { params: { path: { id: learnerId, exampleId } }, body }),
          )
        : call(api.POST('/api/learners/{id}/professional-file/examples', { ...path(learnerId), body })),
    then,
  );

export const useDeleteExample = (learnerId: string) =>
  useDpAction(learnerId, (exampleId: string) =>
    call(api.DELETE('/api/learners/{id}/professional-file/examples/{exampleId}', { params: { path: { id: learnerId, exampleId } } })),
  );

export const useAddComment = (learnerId: string, then?: () => unknown) =>
  useDpAction(
    learnerId,
    (body: { text: string; exampleId?: string }) =>
      call(api.POST('/api/learners/{id}/professional-file/comments', { ...path(learnerId), body })),
    then,
  );

export const useAddQualification = (learnerId: string, then?: () => unknown) =>
  useDpAction(
    learnerId,
    (body: Schemas['QualificationInputDto']) =>
      call(api.POST('/api/learners/{id}/professional-file/qualifications', { ...path(learnerId), body })),
    then,
  );

export const useDeleteQualification = (learnerId: string) =>
  useDpAction(learnerId, (qualificationId: string) =>
    call(
      api.DELETE('/api/learners/{id}/professional-file/qualifications/{qualificationId}', {
        params: { path: { id: learnerId, qualificationId } },
      }),
    ),
  );

/** A document (PDF, PNG, JPEG ≤ 10 Mo), sent as multipart: outside the typed client. */
export const useUploadAttachment = (learnerId: string, then?: () => unknown) =>
  useDpAction(
    learnerId,
    async (file: File) => {
      const form = new FormData();
      form.append('file', file);
      const response = await fetch(`/api/learners/${learnerId}/professional-file/attachments`, {
        method: 'POST',
        body: form,
        headers: session.token ? { Authorization: `Bearer ${session.token}` } : {},
      }).catch(() => {
        throw new ApiError({ statusCode: 0, code: 'NETWORK', message: 'Le serveur ne répond pas.' });
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string; details?: unknown; rule?: string };
        throw new ApiError({
          statusCode: response.status,
          code: body.code ?? 'HTTP',
          message: body.message ?? `Erreur ${response.status}.`,
          details: body.details,
          rule: body.rule,
        });
      }
    },
    then,
  );

export const useDeleteAttachment = (learnerId: string) =>
  useDpAction(learnerId, (attachmentId: string) =>
    call(
      api.DELETE('/api/learners/{id}/professional-file/attachments/{attachmentId}', { params: { path: { id: learnerId, attachmentId } } }),
    ),
  );

export const useSignDeclaration = (learnerId: string) =>
  useDpAction(learnerId, (place: string) =>
    call(api.POST('/api/learners/{id}/professional-file/declaration', { ...path(learnerId), body: { place } })),
  );

export const useSubmitDp = (learnerId: string) =>
  useDpAction(learnerId, () => call(api.POST('/api/learners/{id}/professional-file/submit', path(learnerId))));

export const useReopenDp = (learnerId: string) =>
  useDpAction(learnerId, () => call(api.POST('/api/learners/{id}/professional-file/reopen', path(learnerId))));
