import { useState } from 'react';
import { Alert, Button, Card, Code, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useAuth } from '../../../auth';
import { initialResult, ResultFields, type ResultInput } from './ResultForm';
import { DownloadButton, ErrorAlert, fieldError, Loading, submitOnce } from '../../../components/ui';
import { ccpLabel, ccpLabels, dateTime, OUTCOME } from '../../../lib/format';
import { usePv, useRectifyPv, useSignPv, type Pv, type Session } from '../api';

export function PvPanel({ session }: { session: Session }) {
  const { user, has } = useAuth();
  const pv = usePv(session.id);
  const sign = useSignPv(session.id);
  const [rectifying, setRectifying] = useState(false);
  return (
    <section aria-labelledby="pv-title">
      <Loading query={pv}>
        {(p) => {
          const signedByMe = p.signatures.some((s) => s.userId === user?.id);
          return (
            <Card withBorder>
              <Group justify="space-between" mb="xs">
                <Title order={2} size="h4" id="pv-title">
                  Procès-verbal — version {p.version}
                </Title>
                <DownloadButton path={`/api/jury-sessions/${session.id}/pv.pdf`} fileName="pv.pdf">
                  PV (PDF)
                </DownloadButton>
              </Group>
              {p.reason && (
                <Text size="sm" mb="xs">
                  Rectification : « {p.reason} »
                </Text>
              )}
              <Text size="sm" mb="xs">
                Président du jury : {p.president?.fullName ?? 'non désigné'}
              </Text>
              <Table.ScrollContainer minWidth={0} type="native" mb="sm">
                <Table withTableBorder>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Candidat</Table.Th>
                      <Table.Th>Présence</Table.Th>
                      <Table.Th>CCP obtenus</Table.Th>
                      <Table.Th>Titre</Table.Th>
                      <Table.Th>Issue</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {p.candidates.map((c) => (
                      <Table.Tr key={c.learnerId}>
                        <Table.Td>{c.fullName}</Table.Td>
                        <Table.Td>{c.attendance === 'present' ? 'Présent' : 'Absent'}</Table.Td>
                        <Table.Td>{ccpLabels(c.ccpsAwarded) || '—'}</Table.Td>
                        <Table.Td>{c.titleAwarded ? 'Oui' : 'Non'}</Table.Td>
                        <Table.Td>{OUTCOME[c.outcome] ?? c.outcome}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Text size="sm">
                Signatures ({p.signatures.length}/{session.jurors.length}) :{' '}
                {p.signatures.map((s) => `${s.fullName} le ${dateTime(s.signedAt)}`).join(' ; ') || 'aucune'}
              </Text>
              <Text size="xs" c="dimmed" mt={4}>
                Empreinte SHA-256 du contenu : <Code>{p.sha256}</Code>
              </Text>
              {p.sha256V1 && p.sha256V1 !== p.sha256 && (
                <Text size="xs" c="dimmed">
                  Empreinte d’origine (celle des PV imprimés avant le passage au schéma d’empreinte 2, ADR 0014) : <Code>{p.sha256V1}</Code>
                </Text>
              )}
              {p.complete ? (
                <Alert color="green" mt="sm" p="xs">
                  Signé par tous les membres du jury : les résultats sont inscrits aux livrets.
                </Alert>
              ) : (
                has('jury') &&
                !signedByMe && (
                  <Group mt="sm">
                    <Button onClick={() => !sign.isPending && sign.mutate()} loading={sign.isPending}>
                      Signer le procès-verbal
                    </Button>
                  </Group>
                )
              )}
              {signedByMe && !p.complete && (
                <Text size="sm" mt="sm">
                  Vous avez signé. En attente des autres membres du jury.
                </Text>
              )}
              <ErrorAlert error={sign.error} />
              {has('admin') && p.complete && session.status !== 'validated' && (
                <Group mt="sm">
                  {!rectifying && (
                    <Button variant="default" onClick={() => setRectifying(true)}>
                      Rectifier le PV…
                    </Button>
                  )}
                </Group>
              )}
              {rectifying && <Rectification session={session} pv={p} onDone={() => setRectifying(false)} />}
            </Card>
          );
        }}
      </Loading>
    </section>
  );
}

function Rectification({ session, pv, onDone }: { session: Session; pv: Pv; onDone: () => void }) {
  const [learnerId, setLearnerId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const candidate = session.candidates.find((c) => c.learnerId === learnerId);
  const content = pv.content.candidates.find((c) => c.learnerId === learnerId);
  const [result, setResult] = useState<ResultInput | null>(null);
  const mutation = useRectifyPv(session.id, onDone);
  return (
    <Paper
      withBorder
      p="md"
      mt="sm"
      component="form"
      onSubmit={submitOnce(mutation, { reason, results: result && learnerId ? [{ ...result, learnerId }] : [] })}
    >
      <Stack gap="sm">
        <Title order={3} size="h5">
          Rectifier le procès-verbal
        </Title>
        <Text size="sm">Une nouvelle version est établie avec son motif ; elle doit être signée de nouveau par tout le jury.</Text>
        <Select
          label="Candidat dont le résultat change"
          data={session.candidates.map((c) => ({ value: c.learnerId, label: c.fullName }))}
          value={learnerId}
          onChange={(v) => {
            setLearnerId(v);
            const c = session.candidates.find((x) => x.learnerId === v);
            setResult(
              c
                ? initialResult(
                    c.ccpCodes.map((code) => ({ code })),
                    c.result,
                  )
                : null,
            );
          }}
          w={340}
        />
        {candidate && content && (
          <ResultFields
            key={candidate.learnerId}
            idPrefix={`rect-${candidate.learnerId}`}
            ccps={candidate.ccpCodes.map((code) => ({ code, label: ccpLabel(code) }))}
            titleCcps={[]}
            heldBefore={[]}
            finalInterview={candidate.finalInterview}
            initial={candidate.result}
            onChange={setResult}
          />
        )}
        <TextInput
          label="Motif de la rectification"
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldError(mutation.error, 'reason')}
        />
        <ErrorAlert error={mutation.error && !fieldError(mutation.error, 'reason') ? mutation.error : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
          <Button type="submit" loading={mutation.isPending} disabled={!result}>
            Établir la version rectifiée
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
