import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import type { ProfessionalFile } from '../api';
import { ExampleCard } from './ExampleCard';
import { ExampleForm } from './ExampleForm';

export type Ccp = { ccpCode: string; number: number; title: string };
export type Editing = { ccpCode: string; exampleId?: string } | null;

/** One CCP's examples (1 to 3): the cards, the form of the one being edited or added, what submitting found missing. */
export function ExamplesPanel({
  ccp,
  file,
  learnerId,
  editable,
  canComment,
  editing,
  setEditing,
  missing,
}: {
  ccp: Ccp;
  file: ProfessionalFile;
  learnerId: string;
  editable: boolean;
  canComment: boolean;
  editing: Editing;
  setEditing: (editing: Editing) => void;
  missing: { message: string }[];
}) {
  const examples = file.examples.filter((e) => e.ccpCode === ccp.ccpCode);
  return (
    <section aria-labelledby={`dp-${ccp.ccpCode}`}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id={`dp-${ccp.ccpCode}`}>
          CCP {ccp.number} — {ccp.title}
        </Title>
        <Text size="sm" c="dimmed">
          {examples.length} exemple{examples.length > 1 ? 's' : ''} sur 1 à 3
        </Text>
      </Group>
      <Stack gap="sm">
        {missing.map((m, i) => (
          <Alert key={i} color="red" variant="light" role="alert">
            {m.message}
          </Alert>
        ))}
        {examples.map((example) =>
          editing?.exampleId === example.id ? (
            <ExampleForm key={example.id} learnerId={learnerId} ccpCode={ccp.ccpCode} example={example} onDone={() => setEditing(null)} />
          ) : (
            <ExampleCard
              key={example.id}
              example={example}
              learnerId={learnerId}
              editable={editable}
              canComment={canComment}
              onEdit={() => setEditing({ ccpCode: ccp.ccpCode, exampleId: example.id })}
            />
          ),
        )}
        {editing?.ccpCode === ccp.ccpCode && !editing.exampleId && (
          <ExampleForm
            learnerId={learnerId}
            ccpCode={ccp.ccpCode}
            onDone={() => setEditing(null)}
            onCreated={(exampleId) => setEditing({ ccpCode: ccp.ccpCode, exampleId })}
          />
        )}
        {editable && examples.length < 3 && !(editing?.ccpCode === ccp.ccpCode && !editing.exampleId) && (
          <Button variant="light" w="fit-content" onClick={() => setEditing({ ccpCode: ccp.ccpCode })}>
            Ajouter un exemple au CCP {ccp.number}
          </Button>
        )}
        {examples.length === 0 && !editable && (
          <Text size="sm" c="dimmed">
            Aucun exemple.
          </Text>
        )}
      </Stack>
    </section>
  );
}
