import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../lib/mutation';
import {
  Accordion,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Radio,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { api, call, type Schemas } from '../api/client';
import { date, dateTime, today } from '../lib/format';
import { DateField } from './DateField';
import { ErrorAlert, fieldError, submitOnce } from './ui';

type EcfCcp = Schemas['EcfCcpDto'];
type Synthesis = Schemas['SynthesisDto'];
type CcpDetail = Schemas['CcpDetailDto'];

export function SynthesisStatus({ synthesis }: { synthesis: Synthesis | null | undefined }) {
  if (!synthesis)
    return (
      <Badge variant="outline" color="gray">
        Pas de synthèse
      </Badge>
    );
  if (!synthesis.locked) return <Badge color="yellow">Synthèse en brouillon</Badge>;
  const complete = synthesis.evaluatorSignatures.length > 0 && synthesis.centreSignature;
  return <Badge color={complete ? 'green' : 'blue'}>{complete ? 'Synthèse signée' : 'Synthèse en cours de signature'}</Badge>;
}

/** The evaluations of one CCP, as a table. */
export function EvaluationsTable({ ccp }: { ccp: EcfCcp }) {
  if (ccp.evaluations.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Aucune évaluation enregistrée.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={0} type="native">
      <Table withTableBorder striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Date</Table.Th>
            <Table.Th>Mise en situation</Table.Th>
            <Table.Th>Compétences</Table.Th>
            <Table.Th>Évaluateur</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ccp.evaluations.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{date(e.date)}</Table.Td>
              <Table.Td>
                {e.description}
                {e.comment && (
                  <Text size="xs" c="dimmed">
                    {e.comment}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {e.results.map((r) => (
                  <Badge key={r.competence} mr={4} color={r.acquired ? 'green' : 'orange'} variant="light">
                    C{r.competence} {r.acquired ? 'A' : 'NA'}
                  </Badge>
                ))}
              </Table.Td>
              <Table.Td>{e.evaluatorName}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The synthesis as signed: mastered or not, observations, who signed and when. */
export function SynthesisSummary({ synthesis }: { synthesis: Synthesis }) {
  return (
    <Stack gap={4}>
      <Text size="sm">
        L'activité est maîtrisée : <strong>{synthesis.mastered ? 'OUI' : 'NON'}</strong> (version {synthesis.version})
      </Text>
      {synthesis.observations && <Text size="sm">Observations : {synthesis.observations}</Text>}
      {synthesis.competencesToReassess.length > 0 && (
        <Text size="sm">Compétences à réévaluer : {synthesis.competencesToReassess.map((c) => `C${c}`).join(', ')}</Text>
      )}
      <Text size="xs" c="dimmed">
        Évaluateur(s) : {synthesis.evaluatorSignatures.map((s) => `${s.fullName} le ${dateTime(s.signedAt)}`).join(' ; ') || 'non signé'} ·
        Centre :{' '}
        {synthesis.centreSignature
          ? `${synthesis.centreSignature.fullName} le ${dateTime(synthesis.centreSignature.signedAt)}`
          : 'non signé'}
        {synthesis.acknowledgedAt ? ` · Vu par l'apprenant le ${dateTime(synthesis.acknowledgedAt)}` : ''}
      </Text>
    </Stack>
  );
}

/** Records one ECF evaluation: the CCP's competences as a checklist, the criteria as help. */
export function EvaluationForm({ learnerId, ccp, onDone }: { learnerId: string; ccp: CcpDetail; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [day, setDay] = useState<string | null>(today());
  const [description, setDescription] = useState('');
  const [comment, setComment] = useState('');
  const [results, setResults] = useState<Record<number, 'acquired' | 'not' | undefined>>({});
  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/learners/{id}/ecf-evaluations', {
          params: { path: { id: learnerId } },
          body: {
            ccpCode: ccp.code,
            date: day ?? '',
            description,
            comment: comment || undefined,
            results: Object.entries(results)
              .filter(([, v]) => v)
              .map(([k, v]) => ({ competence: Number(k), acquired: v === 'acquired' })),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['ecf', learnerId] });
      onDone();
    },
  });
  const error = mutation.error;
  return (
    <form onSubmit={submitOnce(mutation)}>
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

/** Edits the synthesis (a draft in place; once signed, a new version with a reason) and signs it. */
export function SynthesisEditor({
  learnerId,
  ccp,
  competences,
  canSignAsCentre,
}: {
  learnerId: string;
  ccp: EcfCcp;
  competences: number[];
  canSignAsCentre: boolean;
}) {
  const queryClient = useQueryClient();
  const current = ccp.synthesis;
  const [editing, setEditing] = useState(!current);
  const [mastered, setMastered] = useState<'yes' | 'no'>(current?.mastered === false ? 'no' : 'yes');
  const [observations, setObservations] = useState(current?.observations ?? '');
  const [toReassess, setToReassess] = useState<string[]>((current?.competencesToReassess ?? []).map(String));
  const [reason, setReason] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['ecf', learnerId] });
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PUT('/api/learners/{id}/ecf-syntheses/{ccpCode}', {
          params: { path: { id: learnerId, ccpCode: ccp.ccpCode } },
          body: {
            mastered: mastered === 'yes',
            observations,
            competencesToReassess: toReassess.map(Number),
            reason: current?.locked ? reason : undefined,
          },
        }),
      ),
    onSuccess: async () => {
      await refresh();
      setEditing(false);
      setReason('');
    },
  });
  const sign = useMutation({
    mutationFn: (as: 'evaluator' | 'centre') =>
      call(
        api.POST('/api/learners/{id}/ecf-syntheses/{ccpCode}/sign', {
          params: { path: { id: learnerId, ccpCode: ccp.ccpCode } },
          body: { as },
        }),
      ),
    onSuccess: refresh,
  });
  if (!editing && current) {
    return (
      <Stack gap="xs">
        <SynthesisSummary synthesis={current} />
        <ErrorAlert error={sign.error} />
        <Group>
          <Button variant="default" onClick={() => setEditing(true)}>
            {current.locked ? 'Modifier (nouvelle version)' : 'Modifier le brouillon'}
          </Button>
          <Button
            onClick={() => sign.mutate('evaluator')}
            loading={sign.isPending && sign.variables === 'evaluator'}
            disabled={sign.isPending}
          >
            Signer en tant qu'évaluateur
          </Button>
          {canSignAsCentre && (
            <Button
              variant="light"
              onClick={() => sign.mutate('centre')}
              loading={sign.isPending && sign.variables === 'centre'}
              disabled={sign.isPending || !!current.centreSignature}
            >
              Signer pour le centre
            </Button>
          )}
        </Group>
      </Stack>
    );
  }
  const error = save.error;
  return (
    <form onSubmit={submitOnce(save)}>
      <Stack gap="sm">
        <div>
          <Text size="sm" fw={500} id={`mastered-${ccp.ccpCode}`}>
            L'activité est maîtrisée
          </Text>
          <SegmentedControl
            aria-labelledby={`mastered-${ccp.ccpCode}`}
            value={mastered}
            onChange={(v) => setMastered(v)}
            data={[
              { value: 'yes', label: 'Oui' },
              { value: 'no', label: 'Non' },
            ]}
          />
        </div>
        <Textarea
          label="Observations"
          value={observations}
          onChange={(e) => setObservations(e.currentTarget.value)}
          autosize
          minRows={3}
          error={fieldError(error, 'observations')}
          required
        />
        <Checkbox.Group label="Compétences à réévaluer" value={toReassess} onChange={setToReassess}>
          <Group mt={4}>
            {competences.map((c) => (
              <Checkbox key={c} value={String(c)} label={`C${c}`} />
            ))}
          </Group>
        </Checkbox.Group>
        {current?.locked && (
          <TextInput
            label="Motif de la modification"
            description="La synthèse a déjà été signée : une nouvelle version sera créée, à signer de nouveau."
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldError(error, 'reason')}
          />
        )}
        {error && !fieldError(error, 'observations', 'reason') && <ErrorAlert error={error} />}
        <Group justify="flex-end">
          {current && (
            <Button variant="default" onClick={() => setEditing(false)}>
              Annuler
            </Button>
          )}
          <Button type="submit" loading={save.isPending}>
            Enregistrer la synthèse
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A learner reads their ECF per CCP and acknowledges each signed synthesis. */
export function LearnerEcfView({ learnerId, ccps, canAcknowledge }: { learnerId: string; ccps: EcfCcp[]; canAcknowledge: boolean }) {
  const queryClient = useQueryClient();
  const ack = useMutation({
    mutationFn: (ccpCode: string) =>
      call(api.POST('/api/learners/{id}/ecf-syntheses/{ccpCode}/acknowledge', { params: { path: { id: learnerId, ccpCode } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['ecf', learnerId] }),
  });
  return (
    <Accordion multiple defaultValue={ccps.map((c) => c.ccpCode)} variant="separated">
      {ccps.map((ccp) => {
        const synthesis = ccp.synthesis;
        return (
          <Accordion.Item key={ccp.ccpCode} value={ccp.ccpCode}>
            <Accordion.Control>
              <Group justify="space-between" pr="sm">
                <Text fw={600}>
                  CCP {ccp.number} — {ccp.title}
                </Text>
                <SynthesisStatus synthesis={synthesis} />
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack>
                <EvaluationsTable ccp={ccp} />
                <Title order={3} size="h6">
                  Synthèse
                </Title>
                {synthesis?.locked ? (
                  <>
                    <SynthesisSummary synthesis={synthesis} />
                    {canAcknowledge && !synthesis.acknowledgedAt && (
                      <Tooltip label="Vous attestez en avoir pris connaissance (pour information).">
                        <Button
                          w="fit-content"
                          onClick={() => ack.mutate(ccp.ccpCode)}
                          loading={ack.isPending && ack.variables === ccp.ccpCode}
                          disabled={ack.isPending}
                        >
                          J'ai pris connaissance de la synthèse
                        </Button>
                      </Tooltip>
                    )}
                  </>
                ) : (
                  <Text size="sm" c="dimmed">
                    La synthèse n'est pas encore signée par vos formateurs.
                  </Text>
                )}
                {ack.variables === ccp.ccpCode && <ErrorAlert error={ack.error} />}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        );
      })}
    </Accordion>
  );
}
