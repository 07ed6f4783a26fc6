import { Badge, Button, Card, Group, Text } from '@mantine/core';
import { date } from '../../../lib/format';
import { ErrorAlert } from '../../../components/ui';
import { useDeleteExample, type Example } from '../api';
import { CommentForm } from './CommentForm';

export function ExampleCard({
  example,
  learnerId,
  editable,
  onEdit,
  canComment,
}: {
  example: Example;
  learnerId: string;
  editable: boolean;
  onEdit: () => void;
  canComment: boolean;
}) {
  const remove = useDeleteExample(learnerId);
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" align="flex-start">
        <div>
          <Text fw={600}>{example.title}</Text>
          <Text size="sm" c="dimmed">
            {example.organisation}
            {example.service ? ` · ${example.service}` : ''} · du {date(example.periodFrom)} au {date(example.periodTo)}
          </Text>
        </div>
        {example.warnings.length > 0 && <Badge color="orange">{example.warnings.length} avertissement(s) données de santé</Badge>}
      </Group>
      <Text size="sm" mt="xs" lineClamp={3}>
        {example.tasks}
      </Text>
      {example.warnings.map((w, i) => (
        <Text key={i} size="xs" fw={600}>
          ⚠ {w.message}
        </Text>
      ))}
      <Group mt="xs">
        {editable && (
          <>
            <Button size="xs" variant="light" onClick={onEdit}>
              Modifier
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              loading={remove.isPending}
              onClick={() => window.confirm('Supprimer cet exemple ?') && remove.mutate(example.id)}
            >
              Supprimer
            </Button>
          </>
        )}
        {canComment && <CommentForm learnerId={learnerId} exampleId={example.id} />}
      </Group>
      <ErrorAlert error={remove.error} />
    </Card>
  );
}
