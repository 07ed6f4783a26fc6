import { useState } from 'react';
import { Badge, Button, Group, Select, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type Schemas } from '../../../api/client';
import { PagedTable, PageTitle } from '../../../components/ui';
import { ROLE_LABELS } from '../../../lib/format';
import { useUsers } from '../api';
import { ActivationDialog } from './ActivationDialog';
import { JurorProfileForm } from './JurorProfileForm';
import { EditUserForm, UserForm } from './UserForms';

export function UsersPage() {
  const [page, setPage] = useState(1);
  const [role, setRole] = useState<string | null>(null);
  const [state, setState] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q, 300);
  const [creating, setCreating] = useState(false);
  const [profileOf, setProfileOf] = useState<Schemas['UserDto'] | null>(null);
  const [editing, setEditing] = useState<Schemas['UserDto'] | null>(null);
  const [toggling, setToggling] = useState<Schemas['UserDto'] | null>(null);
  const query = useUsers({ page, role, search, state });
  return (
    <>
      <PageTitle actions={!creating && <Button onClick={() => setCreating(true)}>Nouvel utilisateur</Button>}>
        Utilisateurs et membres de jury
      </PageTitle>
      {creating && <UserForm onDone={() => setCreating(false)} />}
      {profileOf && <JurorProfileForm key={profileOf.id} user={profileOf} onDone={() => setProfileOf(null)} />}
      {editing && <EditUserForm key={editing.id} user={editing} onDone={() => setEditing(null)} />}
      <ActivationDialog user={toggling} onClose={() => setToggling(null)} />
      <Group mb="sm" align="flex-end">
        <TextInput
          label="Rechercher"
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setPage(1);
          }}
          w={280}
        />
        <Select
          label="Rôle"
          placeholder="Tous"
          data={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))}
          value={role}
          onChange={(v) => {
            setRole(v);
            setPage(1);
          }}
          clearable
          w={240}
        />
        <Select
          label="État"
          placeholder="Tous"
          data={[
            { value: 'true', label: 'Actifs' },
            { value: 'false', label: 'Désactivés' },
          ]}
          value={state}
          onChange={(v) => {
            setState(v);
            setPage(1);
          }}
          clearable
          w={180}
        />
      </Group>
      <PagedTable
        query={query}
        empty="Aucun utilisateur."
        onPage={setPage}
        head={
          <Table.Tr>
            <Table.Th>Nom</Table.Th>
            <Table.Th>E-mail</Table.Th>
            <Table.Th>Rôles</Table.Th>
            <Table.Th>
              <span className="visually-hidden">Actions</span>
            </Table.Th>
          </Table.Tr>
        }
        row={(u) => (
          <Table.Tr key={u.id}>
            <Table.Td>
              {u.fullName}
              {u.active === false && (
                <Badge color="gray" variant="outline" ml={6}>
                  désactivé
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{u.email}</Table.Td>
            <Table.Td>
              {u.roles.map((r) => (
                <Badge key={r} variant="light" mr={4}>
                  {ROLE_LABELS[r] ?? r}
                </Badge>
              ))}
            </Table.Td>
            <Table.Td>
              <Button size="xs" variant="subtle" onClick={() => setEditing(u)} aria-label={`Modifier ${u.fullName}`}>
                Modifier
              </Button>
              <Button
                size="xs"
                variant="subtle"
                color={u.active === false ? 'teal' : 'red'}
                onClick={() => setToggling(u)}
                aria-label={`${u.active === false ? 'Réactiver' : 'Désactiver'} ${u.fullName}`}
              >
                {u.active === false ? 'Réactiver' : 'Désactiver'}
              </Button>
              {u.roles.includes('jury') && (
                <Button size="xs" variant="subtle" onClick={() => setProfileOf(u)}>
                  Habilitations de {u.fullName}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
