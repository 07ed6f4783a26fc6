import { useState } from 'react';
import { Button, FileInput, Group, Stack, Text, Title } from '@mantine/core';
import { download } from '../../../api/client';
import { date, size } from '../../../lib/format';
import { ErrorAlert, fieldError } from '../../../components/ui';
import { useDeleteAttachment, useUploadAttachment, type ProfessionalFile } from '../api';

export function AttachmentsPanel({ file, learnerId, editable }: { file: ProfessionalFile; learnerId: string; editable: boolean }) {
  const [picked, setPicked] = useState<File | null>(null);
  const upload = useUploadAttachment(learnerId, () => setPicked(null));
  const remove = useDeleteAttachment(learnerId);
  return (
    <section aria-labelledby="dp-attachments">
      <Title order={2} size="h4" id="dp-attachments" mb="xs">
        Documents illustrant la pratique professionnelle
      </Title>
      <Stack gap="sm">
        {file.attachments.length === 0 ? (
          <Text size="sm" c="dimmed">
            Aucun document joint.
          </Text>
        ) : (
          file.attachments.map((a) => (
            <Group key={a.id} justify="space-between">
              <Text size="sm">
                {a.filename} ({size(a.size)}, ajouté le {date(a.createdAt)})
              </Text>
              <Group gap="xs">
                <Button
                  size="xs"
                  variant="subtle"
                  onClick={() => void download(`/api/learners/${learnerId}/professional-file/attachments/${a.id}`, a.filename)}
                >
                  Ouvrir
                </Button>
                {editable && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => remove.mutate(a.id)}
                    loading={remove.isPending && remove.variables === a.id}
                  >
                    Supprimer
                  </Button>
                )}
              </Group>
            </Group>
          ))
        )}
        {editable && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (picked && !upload.isPending) upload.mutate(picked);
            }}
          >
            <Group align="flex-end">
              <FileInput
                label="Document (PDF, PNG ou JPEG, 10 Mo au plus)"
                placeholder="Choisir un fichier"
                accept="application/pdf,image/png,image/jpeg"
                value={picked}
                onChange={setPicked}
                error={fieldError(upload.error, 'file')}
                w={360}
                clearable
              />
              <Button type="submit" loading={upload.isPending} disabled={!picked}>
                Joindre
              </Button>
            </Group>
            <ErrorAlert error={upload.error && !fieldError(upload.error, 'file') ? upload.error : null} />
          </form>
        )}
        <ErrorAlert error={remove.error} />
      </Stack>
    </section>
  );
}
