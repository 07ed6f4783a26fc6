import { useState } from 'react';
import { Alert, Button, Group, MultiSelect, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { ApiError } from '../../../api/client';
import { fieldError, RuleBadge } from '../../../components/ui';
import { ccpLabel } from '../../../lib/format';
import { useAddCandidate, type Session } from '../api';
import { useLearnerSearch } from '../../learners/api';

/** Registers a candidate; each refusal is shown with its rule, and the overridable ones can be lifted with a reason. */
export function AddCandidateForm({ session }: { session: Session }) {
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q, 250);
  const [learnerId, setLearnerId] = useState<string | null>(null);
  const [ccpCodes, setCcpCodes] = useState<string[]>([]);
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState('');
  const learners = useLearnerSearch(search);
  const taken = new Set(session.candidates.map((c) => c.learnerId));
  const add = useAddCandidate(session.id, () => {
    setLearnerId(null);
    setOverriding(false);
    setReason('');
  });
  // `variables` (with or without override) says which button shows the spinner.
  const mutation = {
    ...add,
    mutate: (withOverride: boolean) =>
      add.mutate({
        learnerId: learnerId ?? '',
        ccpCodes: session.type === 'ccp' && ccpCodes.length ? ccpCodes : undefined,
        override: withOverride ? { reason } : undefined,
      }),
    variables: add.variables && !!add.variables.override,
  };
  const error = mutation.error instanceof ApiError ? mutation.error : null;
  const refusals = error?.refusals ?? [];
  const overridable = refusals.length > 0 && refusals.every((r) => r.overridable);
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (learnerId && !mutation.isPending) mutation.mutate(false);
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5">
            Inscrire un candidat
          </Title>
          <Group align="flex-end">
            <Select
              label="Apprenant"
              placeholder="Rechercher par nom"
              searchable
              searchValue={q}
              onSearchChange={setQ}
              filter={({ options }) => options}
              data={(learners.data?.items ?? [])
                .filter((l) => !taken.has(l.id))
                .map((l) => ({ value: l.id, label: `${l.lastName.toUpperCase()} ${l.firstName}${l.pathway === 'vae' ? ' (VAE)' : ''}` }))}
              value={learnerId}
              onChange={(v) => {
                setLearnerId(v);
                mutation.reset();
                setOverriding(false);
              }}
              w={340}
              nothingFoundMessage="Aucun apprenant"
            />
            {session.type === 'ccp' && (
              <MultiSelect
                label="CCP présentés"
                description="Par défaut : ceux de la session"
                data={session.ccpCodes.map((code) => ({ value: code, label: ccpLabel(code) }))}
                value={ccpCodes}
                onChange={setCcpCodes}
                w={320}
              />
            )}
            <Button type="submit" disabled={!learnerId} loading={mutation.isPending && mutation.variables === false}>
              Inscrire
            </Button>
          </Group>
          {error && (
            <Alert color="red" variant="light" title="Inscription refusée" role="alert">
              <Stack gap={4}>
                {refusals.length > 0 ? (
                  refusals.map((r) => (
                    <Text size="sm" key={r.code}>
                      {r.message} {r.rule && <RuleBadge rule={r.rule} />}{' '}
                      <Text span size="xs" c="dimmed">
                        ({r.code}
                        {r.overridable ? ', dérogation possible' : ''})
                      </Text>
                    </Text>
                  ))
                ) : (
                  <Text size="sm">
                    {error.body.message} {error.body.rule && <RuleBadge rule={error.body.rule} />}
                  </Text>
                )}
              </Stack>
            </Alert>
          )}
          {overridable && !overriding && (
            <Button variant="outline" color="orange" w="fit-content" onClick={() => setOverriding(true)}>
              Inscrire par dérogation…
            </Button>
          )}
          {overridable && overriding && (
            <Paper withBorder p="sm" bg="orange.0">
              <Stack gap="xs">
                <Textarea
                  label="Motif de la dérogation"
                  description="Le motif est conservé avec l'inscription et imprimé au procès-verbal."
                  required
                  autosize
                  minRows={2}
                  value={reason}
                  onChange={(e) => setReason(e.currentTarget.value)}
                  error={fieldError(mutation.error, 'override.reason', 'reason')}
                />
                <Group>
                  <Button
                    color="orange"
                    loading={mutation.isPending && mutation.variables === true}
                    onClick={() => !mutation.isPending && mutation.mutate(true)}
                  >
                    Confirmer l'inscription par dérogation
                  </Button>
                  <Button variant="default" onClick={() => setOverriding(false)}>
                    Annuler
                  </Button>
                </Group>
              </Stack>
            </Paper>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
