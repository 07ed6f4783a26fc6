import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Badge, Box, Button, Group, MultiSelect, Stack, Table, Text, Tooltip } from '@mantine/core';
import { type Schemas } from '../../../api/client';
import { useAuth } from '../../../auth';
import { InviteCohortButton } from '../../messages';
import { ErrorAlert, Loading, PageTitle } from '../../../components/ui';
import { date } from '../../../lib/format';
import { useCohort, useCohortProgress, useSetCohortTrainers } from '../api';
import { useTrainerOptions } from '../../admin/api';

type Cell = Schemas['ProgressCellDto'];

function ProgressCell({ cell }: { cell: Cell }) {
  const synthesis =
    cell.synthesis === 'signed' ? (
      <Badge color={cell.mastered ? 'green' : 'orange'} size="sm">
        {cell.mastered ? 'Maîtrisée' : 'Non maîtrisée'}
      </Badge>
    ) : cell.synthesis === 'draft' ? (
      <Badge color="yellow" size="sm">
        Synthèse à signer
      </Badge>
    ) : (
      <Badge color="gray" variant="outline" size="sm">
        Pas de synthèse
      </Badge>
    );
  return (
    <Stack gap={2}>
      <Text size="sm">
        {cell.competencesAcquired}/{cell.competencesTotal} compétences acquises
      </Text>
      <Text size="xs" c="dimmed">
        {cell.evaluations} évaluation{cell.evaluations > 1 ? 's' : ''}
      </Text>
      {synthesis}
    </Stack>
  );
}

export function CohortPage() {
  const { id = '' } = useParams();
  const { has } = useAuth();
  const cohort = useCohort(id);
  const progress = useCohortProgress(id);
  return (
    <Loading query={cohort}>
      {(c) => (
        <>
          <PageTitle>{c.name}</PageTitle>
          <Text size="sm" mb="md">
            {c.certificationCode} · du {date(c.startDate)} au {date(c.endDate)}
            {c.site ? ` · ${c.site}` : ''} · formateurs : {c.trainers.map((t) => t.fullName).join(', ') || 'aucun'}
          </Text>
          {has('admin') && <TrainersEditor cohortId={id} current={c.trainerIds} />}
          {has('admin') && (
            <Box my="md">
              <InviteCohortButton cohortId={id} />
            </Box>
          )}
          <Loading query={progress}>
            {(p) => (
              <Table.ScrollContainer minWidth={0} type="native">
                <Table withTableBorder striped aria-label="Progression des apprenants par CCP">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Apprenant</Table.Th>
                      {p.ccps.map((ccp) => (
                        <Table.Th key={ccp.code} scope="col">
                          <Tooltip label={ccp.title}>
                            <span>CCP {ccp.number}</span>
                          </Tooltip>
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {p.learners.length === 0 && (
                      <Table.Tr>
                        <Table.Td colSpan={p.ccps.length + 1}>Aucun apprenant dans cette cohorte.</Table.Td>
                      </Table.Tr>
                    )}
                    {p.learners.map((l) => (
                      <Table.Tr key={l.learnerId}>
                        <Table.Th scope="row">
                          <Anchor component={Link} to={`/apprenants/${l.learnerId}`}>
                            {l.lastName.toUpperCase()} {l.firstName}
                          </Anchor>
                        </Table.Th>
                        {l.ccps.map((cell) => (
                          <Table.Td key={cell.ccpCode}>
                            <ProgressCell cell={cell} />
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Loading>
        </>
      )}
    </Loading>
  );
}

function TrainersEditor({ cohortId, current }: { cohortId: string; current: string[] }) {
  const trainers = useTrainerOptions();
  const [value, setValue] = useState(current);
  const mutation = useSetCohortTrainers(cohortId);
  return (
    <Group align="flex-end" mb="md">
      <MultiSelect label="Formateurs de la cohorte" data={trainers.data ?? []} value={value} onChange={setValue} w={420} searchable />
      <Button variant="light" onClick={() => mutation.mutate(value)} loading={mutation.isPending}>
        Enregistrer les formateurs
      </Button>
      <ErrorAlert error={mutation.error} />
    </Group>
  );
}
