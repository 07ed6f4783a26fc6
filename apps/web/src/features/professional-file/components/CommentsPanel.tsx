import { Card, Stack, Text, Title } from '@mantine/core';
import { dateTime } from '../../../lib/format';
import type { ProfessionalFile } from '../api';
import { CommentForm } from './CommentForm';

/** The trainers' comments on the DP; a trainer adds a general one. */
export function CommentsPanel({ file, learnerId, canComment }: { file: ProfessionalFile; learnerId: string; canComment: boolean }) {
  return (
    <>
      {file.comments.length > 0 && (
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Commentaires des formateurs
          </Title>
          <Stack gap={6}>
            {file.comments.map((c) => (
              <Text key={c.id} size="sm">
                <strong>{c.authorName}</strong>, le {dateTime(c.createdAt)}
                {c.exampleId ? ` (sur l'exemple « ${file.examples.find((e) => e.id === c.exampleId)?.title ?? '…'} »)` : ''} : {c.text}
              </Text>
            ))}
          </Stack>
        </Card>
      )}
      {canComment && <CommentForm learnerId={learnerId} />}
    </>
  );
}
