import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Button, Group, MultiSelect, Paper, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useAuth } from '../../../auth';
import { DateField } from '../../../components/DateField';
import { ErrorAlert, fieldError, PagedTable, PageTitle, submitOnce } from '../../../components/ui';
import { date } from '../../../lib/format';
import { useCohorts, useCreateCohort } from '../api';
import { useTrainerOptions } from '../../admin/api';
import { useCertifications } from '../../referential/api';

export function CohortsPage() {
  const { has } = useAuth();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q, 300);
  const [creating, setCreating] = useState(false);
  const query = useCohorts(page, search);
  return (
    <>
      <PageTitle actions={has('admin') && !creating && <Button onClick={() => setCreating(true)}>Nouvelle cohorte</Button>}>
        {has('admin') ? 'Cohortes' : 'Mes cohortes'}
      </PageTitle>
      {creating && <CohortForm onDone={() => setCreating(false)} />}
      <TextInput
        label="Rechercher une cohorte"
        value={q}
        onChange={(e) => {
          setQ(e.currentTarget.value);
          setPage(1);
        }}
        mb="sm"
        w={320}
      />
      <PagedTable
        query={query}
        empty="Aucune cohorte."
        highlightOnHover
        onPage={setPage}
        head={
          <Table.Tr>
            <Table.Th>Cohorte</Table.Th>
            <Table.Th>Titre</Table.Th>
            <Table.Th>Du</Table.Th>
            <Table.Th>Au</Table.Th>
            <Table.Th>Site</Table.Th>
            <Table.Th>Formateurs</Table.Th>
            <Table.Th>Apprenants</Table.Th>
          </Table.Tr>
        }
        row={(c) => (
          <Table.Tr key={c.id}>
            <Table.Td>
              <Anchor component={Link} to={`/cohortes/${c.id}`}>
                {c.name}
              </Anchor>
            </Table.Td>
            <Table.Td>{c.certificationCode}</Table.Td>
            <Table.Td>{date(c.startDate)}</Table.Td>
            <Table.Td>{date(c.endDate)}</Table.Td>
            <Table.Td>{c.site ?? '—'}</Table.Td>
            <Table.Td>{c.trainers.map((t) => t.fullName).join(', ') || '—'}</Table.Td>
            <Table.Td>{c.learnerCount}</Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}

function CohortForm({ onDone }: { onDone: () => void }) {
  const trainers = useTrainerOptions();
  const certifications = useCertifications();
  const [name, setName] = useState('');
  const [certificationCode, setCode] = useState<string | null>('RNCP36805');
  const [startDate, setStart] = useState<string | null>(null);
  const [endDate, setEnd] = useState<string | null>(null);
  const [site, setSite] = useState('');
  const [trainerIds, setTrainerIds] = useState<string[]>([]);
  const mutation = useCreateCohort(onDone);
  const body = {
    name,
    certificationCode: certificationCode ?? '',
    startDate: startDate ?? '',
    endDate: endDate ?? '',
    site: site || undefined,
    trainerIds,
  };
  const e = mutation.error;
  return (
    <Paper withBorder p="md" mb="md" component="form" onSubmit={submitOnce(mutation, body)}>
      <Title order={2} size="h4" mb="sm">
        Nouvelle cohorte
      </Title>
      <Stack gap="sm">
        <Group grow align="flex-start" className="form-row">
          <TextInput label="Nom" required value={name} onChange={(ev) => setName(ev.currentTarget.value)} error={fieldError(e, 'name')} />
          <Select
            label="Titre préparé"
            required
            data={(certifications.data ?? []).map((c) => ({ value: c.code, label: `${c.code} — ${c.acronym ?? c.name}` }))}
            value={certificationCode}
            onChange={setCode}
            error={fieldError(e, 'certificationCode')}
          />
        </Group>
        <Group grow align="flex-start" className="form-row">
          <DateField label="Début" required value={startDate} onChange={setStart} error={fieldError(e, 'startDate')} />
          <DateField label="Fin" required value={endDate} onChange={setEnd} error={fieldError(e, 'endDate')} />
          <TextInput label="Site" value={site} onChange={(ev) => setSite(ev.currentTarget.value)} error={fieldError(e, 'site')} />
        </Group>
        <MultiSelect
          label="Formateurs"
          data={trainers.data ?? []}
          value={trainerIds}
          onChange={setTrainerIds}
          searchable
          error={fieldError(e, 'trainerIds')}
        />
        <ErrorAlert error={e && !fieldError(e, 'name', 'certificationCode', 'startDate', 'endDate', 'site', 'trainerIds') ? e : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Créer la cohorte
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
