import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Code, Group, Select, Table, TextInput } from '@mantine/core';
import { api, call } from '../../api/client';
import { PagedTable, PageTitle } from '../../components/ui';
import { dateTime } from '../../lib/format';

const ENTITIES: Record<string, string> = {
  user: 'Utilisateur',
  certification: 'Titre',
  cohort: 'Cohorte',
  learner: 'Apprenant',
  ecf_evaluation: 'Évaluation ECF',
  ecf_synthesis: 'Synthèse ECF',
  professional_file: 'Dossier professionnel',
  jury_session: 'Session de jury',
  award: 'Livret (CCP, titre)',
};

type Entity =
  'user' | 'certification' | 'cohort' | 'learner' | 'ecf_evaluation' | 'ecf_synthesis' | 'professional_file' | 'jury_session' | 'award';

export function AuditPage() {
  const [page, setPage] = useState(1);
  const [entity, setEntity] = useState<string | null>(null);
  const [entityId, setEntityId] = useState('');
  const query = useQuery({
    queryKey: ['audit', page, entity, entityId],
    queryFn: () =>
      call(
        api.GET('/api/audit', {
          params: { query: { page, pageSize: 50, entity: (entity as Entity) ?? undefined, entityId: entityId.trim() || undefined } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  // Who did it, by name (the log itself keeps only ids).
  const users = useQuery({
    queryKey: ['users', 'names'],
    queryFn: () => call(api.GET('/api/users', { params: { query: { pageSize: 200 } } })),
    select: (page) => new Map(page.items.map((u) => [u.id, u.fullName])),
    staleTime: 300_000,
  });
  return (
    <>
      <PageTitle>Journal d'audit</PageTitle>
      <Group mb="sm" align="flex-end">
        <Select
          label="Objet"
          placeholder="Tous"
          data={Object.entries(ENTITIES).map(([value, label]) => ({ value, label }))}
          value={entity}
          onChange={(v) => {
            setEntity(v);
            setPage(1);
          }}
          clearable
          w={260}
        />
        <TextInput
          label="Identifiant de l'objet"
          value={entityId}
          onChange={(e) => {
            setEntityId(e.currentTarget.value);
            setPage(1);
          }}
          w={340}
        />
      </Group>
      <PagedTable
        query={query}
        empty="Aucune entrée."
        onPage={setPage}
        head={
          <Table.Tr>
            <Table.Th>Quand</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Objet</Table.Th>
            <Table.Th>Par</Table.Th>
            <Table.Th>Détail</Table.Th>
          </Table.Tr>
        }
        row={(a, i) => (
          <Table.Tr key={`${a.at}-${i}`}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateTime(a.at)}</Table.Td>
            <Table.Td>
              <Code>{a.action}</Code>
            </Table.Td>
            <Table.Td>
              {ENTITIES[a.entity] ?? a.entity}
              <br />
              <Code fz="xs">{a.entityId}</Code>
            </Table.Td>
            <Table.Td>{a.actorId ? (users.data?.get(a.actorId) ?? <Code fz="xs">{a.actorId}</Code>) : 'système'}</Table.Td>
            <Table.Td>
              <details>
                <summary style={{ cursor: 'pointer' }}>Avant / après</summary>
                <Code block fz="xs" style={{ maxWidth: 520, overflow: 'auto' }}>
                  {JSON.stringify({ avant: a.before ?? null, après: a.after ?? null }, null, 2)}
                </Code>
              </details>
            </Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
