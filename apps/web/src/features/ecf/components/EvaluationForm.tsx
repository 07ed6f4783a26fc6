import { useState } from 'react';
import { Button, Card, Group, List, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type Schemas } from '../../../api/client';
import { today } from '../../../lib/format';
import { DateField } from '../../../components/DateField';
import { ErrorAlert, fieldError, submitOnce } from '../../../components/ui';
import { useRecordEvaluation } from '../api';

type CcpDetail = Schemas['CcpDetailDto'];

/** Records one ECF evaluation: the CCP's competences as a checklist, the criteria as help. */
export function EvaluationForm({ learnerId, ccp, onDone }: { learnerId: string; ccp: CcpDetail; onDone: () => void }) {
  const [day, setDay] = useState<string | null>(today());
  const [description, setDescription] = useState('');
  const [comment, setComment] = useState('');
  const [results, setResults] = useState<Record<number, 'acquired' | 'not' | undefined>>({});
  const mutation = useRecordEvaluation(learnerId, onDone);
  const body = {
    ccpCode: ccp.code,
    date: day ?? '',
    description,
    comment: comment || undefined,
    results: Object.entries(results)
      .filter(([, v]) => v)
      .map(([k, v]) => ({ competence: Number(k), acquired: v === 'acquired' })),
  };
  const error = mutation.error;
  return (
    <form onSubmit={submitOnce(mutation, body)}>
      <Stack>
        <Group grow align="flex-start" className="form-row">
          <DateField
            label="Date de l'évaluation"
            required
            value={day}
            onChange={setDay}
            error={fieldError(error, 'date')}
            maxDate={today()}
          />
          <TextInput
            label="Mise en situation évaluée"
            required
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={fieldError(error, 'description')}
            placeholder="Ex. : accueil physique et téléphonique d'un patient"
          />
        </Group>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend>
            <Text fw={600} size="sm">
              Compétences évaluées (ne cochez que celles observées)
            </Text>
          </legend>
          <Stack gap="xs" mt="xs">
            {ccp.competences.map((c) => (
              <Card key={c.number} withBorder padding="xs">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div style={{ flex: 1 }}>
                    <Text size="sm" fw={500} id={`comp-${ccp.code}-${c.number}`}>
                      C{c.number} — {c.title}
                    </Text>
                    {c.criteria.length > 0 && (
                      <details>
                        <summary style={{ fontSize: 12, cursor: 'pointer' }}>Critères d'évaluation</summary>
                        <List size="xs" mt={4}>
                          {c.criteria.map((crit, i) => (
                            <List.Item key={i}>{crit}</List.Item>
                          ))}
                        </List>
                      </details>
                    )}
                  </div>
                  <Radio.Group
                    value={results[c.number] ?? 'none'}
                    onChange={(v) => setResults((r) => ({ ...r, [c.number]: v === 'none' ? undefined : v }))}
                  >
                    <Group gap="sm" role="radiogroup" aria-labelledby={`comp-${ccp.code}-${c.number}`}>
                      <Radio value="acquired" label="Acquis" />
                      <Radio value="not" label="Non acquis" />
                      <Radio value="none" label="Non évaluée" />
                    </Group>
                  </Radio.Group>
                </Group>
              </Card>
            ))}
          </Stack>
          {fieldError(error, 'results') && (
            <Text c="var(--mantine-color-error)" size="sm" mt={4} role="alert">
              {fieldError(error, 'results')}
            </Text>
          )}
        </fieldset>
        <Textarea
          label="Commentaire (facultatif)"
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        {error && !fieldError(error, 'date', 'description', 'results') && <ErrorAlert error={error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Enregistrer l'évaluation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
