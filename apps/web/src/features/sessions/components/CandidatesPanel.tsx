import { Link } from 'react-router';
import { Anchor, Badge, Table, Text, Title } from '@mantine/core';
import { useAuth } from '../../../auth';
import { ccpLabels, OUTCOME, overrideLabel } from '../../../lib/format';
import { AddCandidateForm } from './AddCandidateForm';
import type { Session } from '../api';

export function CandidatesPanel({ session }: { session: Session }) {
  const { has } = useAuth();
  return (
    <section aria-labelledby="candidates-title">
      <Title order={2} size="h4" id="candidates-title" mb="xs">
        Candidats ({session.candidates.length})
      </Title>
      {session.candidates.length > 0 && (
        <Table.ScrollContainer minWidth={0} type="native" mb="sm">
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Candidat</Table.Th>
                <Table.Th>CCP évalués</Table.Th>
                <Table.Th>Entretien final</Table.Th>
                <Table.Th>Aménagements</Table.Th>
                <Table.Th>Dérogations</Table.Th>
                <Table.Th>Résultat</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {session.candidates.map((c) => (
                <Table.Tr key={c.learnerId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/sessions/${session.id}/candidats/${c.learnerId}`}>
                      {c.fullName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{ccpLabels(c.ccpCodes)}</Table.Td>
                  <Table.Td>{c.finalInterview ? 'Oui' : 'Non'}</Table.Td>
                  <Table.Td>{c.accommodations ?? '—'}</Table.Td>
                  <Table.Td>
                    {c.overrides.length === 0
                      ? '—'
                      : c.overrides.map((o, i) => (
                          <Text key={i} size="xs">
                            <span title={o.codes.join(', ')}>{overrideLabel(o.codes)}</span> : « {o.reason} »
                          </Text>
                        ))}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {c.result ? (
                      <Badge
                        styles={{ label: { overflow: 'visible' } }}
                        color={c.result.outcome === 'title' ? 'green' : c.result.outcome === 'partial' ? 'blue' : 'gray'}
                      >
                        {OUTCOME[c.result.outcome]}
                      </Badge>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {has('admin') && session.status === 'planned' && <AddCandidateForm session={session} />}
    </section>
  );
}
