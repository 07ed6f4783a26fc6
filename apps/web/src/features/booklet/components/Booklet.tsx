import { Alert, Badge, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { Schemas } from '../../../api/client';
import { ccpLabels, date, deadlineWording, hasSomethingToAttest, OUTCOME, SOURCE, today } from '../../../lib/format';
import { AttestationPanel } from './AttestationPanel';

type Booklet = Schemas['BookletDto'];

/** The certification booklet in plain words: what is held, from where, what is missing, until when. */
export function BookletView({ booklet }: { booklet: Booklet }) {
  const held = booklet.ccps.filter((c) => c.held);
  const missing = booklet.ccps.filter((c) => !c.held);
  return (
    <Stack>
      <Card withBorder>
        <Group justify="space-between" align="flex-start">
          <div>
            <Text fw={600}>{booklet.certification.name}</Text>
            <Text size="sm" c="dimmed">
              {booklet.certification.code} ·{' '}
              {booklet.certification.status === 'valid'
                ? `titre en vigueur jusqu'au ${date(booklet.certification.validUntil)}`
                : booklet.certification.status === 'prolongation'
                  ? `titre arrivé à échéance le ${date(booklet.certification.validUntil)}, en délai de prolongation : les candidats déjà engagés peuvent encore le compléter`
                  : `titre arrivé à échéance le ${date(booklet.certification.validUntil)}`}
            </Text>
          </div>
          {booklet.titleAwarded ? (
            <Badge color="green" size="lg">
              Titre obtenu le {date(booklet.titleAwardedOn)}
            </Badge>
          ) : (
            <Badge color={held.length ? 'blue' : 'gray'} size="lg">
              {held.length} CCP sur {booklet.ccps.length} obtenu{held.length > 1 ? 's' : ''}
            </Badge>
          )}
        </Group>
      </Card>

      {booklet.pendingValidation && (
        <Alert color="yellow" title="En attente de validation">
          Des résultats de jury sont en attente de validation par la DREETS. Ils figurent ci-dessous et deviendront définitifs à cette
          validation.
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, md: 3 }}>
        {booklet.ccps.map((c) => (
          <Card key={c.code} withBorder padding="md" aria-label={`CCP ${c.number}`}>
            <Stack gap={6}>
              <Group justify="space-between">
                <Title order={2} size="h5">
                  CCP {c.number}
                </Title>
                {c.held ? (
                  <Badge color="green">Obtenu</Badge>
                ) : (
                  <Badge color="gray" variant="outline">
                    À obtenir
                  </Badge>
                )}
              </Group>
              <Text size="sm">{c.title}</Text>
              {c.held && (
                <Text size="sm" c="dimmed">
                  Obtenu le {date(c.obtainedOn)}
                  {c.source ? ` (${SOURCE[c.source] ?? c.source})` : ''}
                  {c.source === 'session' && !c.validated ? ' — validation DREETS en attente' : ''}
                </Text>
              )}
            </Stack>
          </Card>
        ))}
      </SimpleGrid>

      {!booklet.titleAwarded && (
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Ce qu'il vous reste à faire
          </Title>
          {missing.length === 0 ? (
            <Text size="sm">Vous détenez tous les CCP : le titre sera délivré après l'entretien final devant un jury.</Text>
          ) : (
            <List size="sm" spacing={4}>
              <List.Item>
                Obtenir {missing.length === 1 ? 'le CCP' : 'les CCP'} {missing.map((c) => c.number).join(', ')} pour compléter le titre.
              </List.Item>
              {booklet.capitalisationDeadline && (
                <List.Item>{deadlineWording('capitalisation', booklet.capitalisationDeadline, today()).text}</List.Item>
              )}
              {booklet.resitWithoutTrainingUntil && (
                <List.Item>{deadlineWording('resit', booklet.resitWithoutTrainingUntil, today()).text}</List.Item>
              )}
              {!booklet.capitalisationDeadline && held.length === 0 && (
                <List.Item>Vous n'avez encore passé aucune session de jury.</List.Item>
              )}
            </List>
          )}
        </Card>
      )}

      {booklet.successor && (
        <Alert color="blue" title={`Le titre est remplacé par ${booklet.successor.code}`}>
          CCP reportés : {ccpLabels(booklet.successor.ccpsCarried) || 'aucun'} · CCP à obtenir :{' '}
          {ccpLabels(booklet.successor.ccpsMissing) || 'aucun'}.
        </Alert>
      )}

      <div>
        <Title order={2} size="h4" mb="xs">
          Sessions de jury passées
        </Title>
        {booklet.sessions.length === 0 ? (
          <Text size="sm" c="dimmed">
            Aucune session pour l'instant.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={0} type="native">
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Date</Table.Th>
                  <Table.Th>Session</Table.Th>
                  <Table.Th>Présence</Table.Th>
                  <Table.Th>CCP obtenus</Table.Th>
                  <Table.Th>Résultat</Table.Th>
                  <Table.Th>Validation DREETS</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {booklet.sessions.map((s) => (
                  <Table.Tr key={s.sessionId}>
                    <Table.Td>{date(s.startDate)}</Table.Td>
                    <Table.Td>{s.type === 'title' ? 'Titre' : 'CCP'}</Table.Td>
                    <Table.Td>{s.attendance === 'present' ? 'Présent' : 'Absent'}</Table.Td>
                    <Table.Td>{ccpLabels(s.ccpsAwarded) || '—'}</Table.Td>
                    <Table.Td>{OUTCOME[s.outcome] ?? s.outcome}</Table.Td>
                    <Table.Td>{s.validated ? 'Oui' : 'En attente'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </div>
      {hasSomethingToAttest(booklet) && <AttestationPanel learnerId={booklet.learnerId} />}
    </Stack>
  );
}
