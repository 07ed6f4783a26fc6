import { useState } from 'react';
import { Button, Checkbox, Group, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type Schemas } from '../../../api/client';
import { ErrorAlert, fieldError, submitOnce } from '../../../components/ui';
import { useSaveSynthesis, useSignSynthesis } from '../api';
import { SynthesisSummary } from './EcfViews';

type EcfCcp = Schemas['EcfCcpDto'];

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
  const current = ccp.synthesis;
  const [editing, setEditing] = useState(!current);
  const [mastered, setMastered] = useState<'yes' | 'no'>(current?.mastered === false ? 'no' : 'yes');
  const [observations, setObservations] = useState(current?.observations ?? '');
  const [toReassess, setToReassess] = useState<string[]>((current?.competencesToReassess ?? []).map(String));
  const [reason, setReason] = useState('');
  const save = useSaveSynthesis(learnerId, ccp.ccpCode, () => {
    setEditing(false);
    setReason('');
  });
  const body = {
    mastered: mastered === 'yes',
    observations,
    competencesToReassess: toReassess.map(Number),
    reason: current?.locked ? reason : undefined,
  };
  const sign = useSignSynthesis(learnerId, ccp.ccpCode);
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
    <form onSubmit={submitOnce(save, body)}>
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
