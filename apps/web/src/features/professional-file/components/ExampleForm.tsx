import { useState } from 'react';
import { Alert, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { ApiError } from '../../../api/client';
import { today } from '../../../lib/format';
import { DateField } from '../../../components/DateField';
import { ErrorAlert, fieldError, submitOnce } from '../../../components/ui';
import { useSaveExample, type Example, type ExampleInput } from '../api';

const FIELDS: { key: keyof ExampleInput; label: string; help: string; long?: boolean; optional?: boolean }[] = [
  { key: 'title', label: "Intitulé de l'exemple", help: 'La tâche ou la situation, en quelques mots.' },
  { key: 'organisation', label: "Nom de l'entreprise, organisme ou association", help: '' },
  { key: 'service', label: 'Chantier, atelier, service', help: 'Facultatif.', optional: true },
  {
    key: 'tasks',
    label: '1. Décrivez les tâches ou opérations que vous avez effectuées, et dans quelles conditions',
    help: 'Sans nom de patient ni numéro de sécurité sociale.',
    long: true,
  },
  { key: 'means', label: '2. Précisez les moyens utilisés', help: 'Logiciels, outils, documents.', long: true },
  { key: 'collaborators', label: '3. Avec qui avez-vous travaillé ?', help: 'Fonctions, pas de noms de patients.', long: true },
  { key: 'extra', label: '4. Informations complémentaires (facultatif)', help: '', long: true, optional: true },
];

const emptyExample = (ccpCode: string): ExampleInput => ({
  ccpCode,
  title: '',
  organisation: '',
  service: '',
  periodFrom: '',
  periodTo: '',
  tasks: '',
  means: '',
  collaborators: '',
  extra: '',
});

/** The patient-data warnings (R-DP-2) of one field of an example. */
const warningsOf = (example: Example | undefined, key: string) => (example?.warnings ?? []).filter((w) => w.field.endsWith(`.${key}`));

export function ExampleForm({
  learnerId,
  ccpCode,
  example,
  onDone,
  onCreated,
}: {
  learnerId: string;
  ccpCode: string;
  example?: Example;
  onDone: () => void;
  /** A new example saved with warnings stays open for correction, now as that example. */
  onCreated?: (id: string) => void;
}) {
  const [values, setValues] = useState<ExampleInput>(() =>
    example
      ? {
          ccpCode,
          title: example.title,
          organisation: example.organisation,
          service: example.service ?? '',
          periodFrom: example.periodFrom,
          periodTo: example.periodTo,
          tasks: example.tasks,
          means: example.means,
          collaborators: example.collaborators,
          extra: example.extra ?? '',
        }
      : emptyExample(ccpCode),
  );
  const [saved, setSaved] = useState<Example | undefined>(example);
  const mutation = useSaveExample(learnerId, (result) => {
    setSaved(result);
    if (result.warnings.length === 0) onDone();
    else if (!example) onCreated?.(result.id);
  });
  const error = mutation.error;
  const set = (key: keyof ExampleInput, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const generic = error && !(error instanceof ApiError && error.status === 400 && Object.keys(error.fields).length > 0);
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={submitOnce(mutation, {
        exampleId: saved?.id,
        body: { ...values, service: values.service || undefined, extra: values.extra || undefined },
      })}
    >
      <Stack gap="sm">
        <Title order={4} size="h5">
          {saved ? 'Modifier l’exemple' : 'Nouvel exemple de pratique professionnelle'}
        </Title>
        {FIELDS.slice(0, 3).map((f) => (
          <TextInput
            key={f.key}
            label={f.label}
            description={f.help || undefined}
            required={!f.optional}
            value={values[f.key] ?? ''}
            onChange={(e) => set(f.key, e.currentTarget.value)}
            error={fieldError(error, f.key)}
          />
        ))}
        <Group grow align="flex-start" className="form-row">
          <DateField
            label="Période : du"
            required
            value={values.periodFrom || null}
            onChange={(v) => set('periodFrom', v ?? '')}
            error={fieldError(error, 'periodFrom')}
            maxDate={today()}
          />
          <DateField
            label="Période : au"
            required
            value={values.periodTo || null}
            onChange={(v) => set('periodTo', v ?? '')}
            error={fieldError(error, 'periodTo')}
          />
        </Group>
        {FIELDS.slice(3).map((f) => {
          const warnings = warningsOf(saved, f.key);
          return (
            <div key={f.key}>
              <Textarea
                label={f.label}
                description={f.help || undefined}
                required={!f.optional}
                autosize
                minRows={3}
                maxRows={14}
                value={values[f.key] ?? ''}
                onChange={(e) => set(f.key, e.currentTarget.value)}
                error={fieldError(error, f.key)}
              />
              {warnings.map((w, i) => (
                <Alert key={i} color="orange" variant="light" mt={4} p="xs" role="status" title="Donnée de santé possible (R-DP-2)">
                  {w.message}
                </Alert>
              ))}
            </div>
          );
        })}
        {generic ? <ErrorAlert error={error} /> : null}
        {saved && saved.warnings.length > 0 && !mutation.isPending && (
          <Text size="sm" fw={600}>
            ⚠ Exemple enregistré. Vérifiez les passages signalés, corrigez-les puis enregistrez de nouveau.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Fermer
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Enregistrer l'exemple
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
