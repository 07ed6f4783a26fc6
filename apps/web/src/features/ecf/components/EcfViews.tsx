import { Badge, Stack, Table, Text } from '@mantine/core';
import { type Schemas } from '../../../api/client';
import { date, dateTime } from '../../../lib/format';

type EcfCcp = Schemas['EcfCcpDto'];
type Synthesis = Schemas['SynthesisDto'];

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
