import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Group, Select, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useAuth } from '../../../auth';
import { PagedTable, PageTitle } from '../../../components/ui';
import { date } from '../../../lib/format';
import { useLearners } from '../api';
import { useCohortOptions } from '../../cohorts/api';
import { ImportPanel } from './ImportPanel';
import { LearnerForm } from './LearnerForm';

export function LearnersPage() {
  const { has } = useAuth();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [cohortId, setCohortId] = useState<string | null>(null);
  const [search] = useDebouncedValue(q, 300);
  const [panel, setPanel] = useState<'create' | 'import' | null>(null);
  const cohorts = useCohortOptions();
  const query = useLearners(page, search, cohortId);
  const cohortName = new Map((cohorts.data ?? []).map((c) => [c.value, c.label]));
  return (
    <>
      <PageTitle
        actions={
          has('admin') && (
            <>
              <Button onClick={() => setPanel('create')}>Nouvel apprenant</Button>
              <Button variant="light" onClick={() => setPanel('import')}>
                Importer un fichier (Excel ou CSV)
              </Button>
            </>
          )
        }
      >
        Apprenants
      </PageTitle>
      {panel === 'create' && <LearnerForm onDone={() => setPanel(null)} />}
      {panel === 'import' && <ImportPanel onDone={() => setPanel(null)} />}
      <Group mb="sm" align="flex-end">
        <TextInput
          label="Rechercher (nom, prénom, e-mail)"
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setPage(1);
          }}
          w={320}
        />
        <Select
          label="Cohorte"
          placeholder="Toutes"
          data={cohorts.data ?? []}
          value={cohortId}
          onChange={(v) => {
            setCohortId(v);
            setPage(1);
          }}
          clearable
          w={280}
        />
      </Group>
      <PagedTable
        query={query}
        empty="Aucun apprenant ne correspond."
        highlightOnHover
        onPage={setPage}
        head={
          <Table.Tr>
            <Table.Th>Nom</Table.Th>
            <Table.Th>Né(e) le</Table.Th>
            <Table.Th>Parcours</Table.Th>
            <Table.Th>Cohorte</Table.Th>
            <Table.Th>E-mail</Table.Th>
          </Table.Tr>
        }
        row={(l) => (
          <Table.Tr key={l.id}>
            <Table.Td>
              <Anchor component={Link} to={`/apprenants/${l.id}`}>
                {l.lastName.toUpperCase()} {l.firstName}
              </Anchor>
            </Table.Td>
            <Table.Td>{date(l.birthDate)}</Table.Td>
            <Table.Td>{l.pathway === 'vae' ? <Badge variant="light">VAE</Badge> : 'Formation'}</Table.Td>
            <Table.Td>{l.cohortId ? (cohortName.get(l.cohortId) ?? '—') : '—'}</Table.Td>
            <Table.Td>{l.email}</Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
