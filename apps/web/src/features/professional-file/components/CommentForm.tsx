import { useState } from 'react';
import { Button, Group, Stack, Textarea } from '@mantine/core';
import { ErrorAlert, fieldError, submitOnce } from '../../../components/ui';
import { useAddComment } from '../api';

export function CommentForm({ learnerId, exampleId }: { learnerId: string; exampleId?: string }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const mutation = useAddComment(learnerId, () => {
    setText('');
    setOpen(false);
  });
  if (!open)
    return (
      <Button size="xs" variant="light" onClick={() => setOpen(true)}>
        {exampleId ? 'Commenter cet exemple' : 'Ajouter un commentaire général'}
      </Button>
    );
  return (
    <form style={{ width: '100%' }} onSubmit={submitOnce(mutation, { text, exampleId })}>
      <Stack gap="xs">
        <Textarea
          label="Commentaire pour l'apprenant"
          required
          autosize
          minRows={2}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={fieldError(mutation.error, 'text')}
        />
        <ErrorAlert error={mutation.error && !fieldError(mutation.error, 'text') ? mutation.error : null} />
        <Group>
          <Button size="xs" type="submit" loading={mutation.isPending}>
            Publier le commentaire
          </Button>
          <Button size="xs" variant="default" onClick={() => setOpen(false)}>
            Annuler
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
