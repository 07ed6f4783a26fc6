import { useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/mutation';
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api, call, type Schemas } from '../../api/client';
import { DateField } from '../../components/DateField';
import { Empty, ErrorAlert, fieldError, Loading, PagedTable, PageTitle, submitOnce } from '../../components/ui';
import { date, ROLE_LABELS } from '../../lib/format';
import { useCertifications } from '../../lib/queries';
import { useAuth } from '../../auth';

type Role = 'admin' | 'trainer' | 'jury' | 'learner';

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
  const query = useQuery({
    queryKey: ['users', page, role, search, state],
    queryFn: () =>
      call(
        api.GET('/api/users', {
          params: {
            query: {
              page,
              pageSize: 25,
              role: (role as Role) ?? undefined,
              q: search || undefined,
              active: (state as 'true' | 'false' | null) ?? undefined,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
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

function UserForm({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const mutation = useMutation({
    mutationFn: () => call(api.POST('/api/users', { body: { email, fullName, password, roles: roles as Role[] } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onDone();
    },
  });
  const e = mutation.error;
  return (
    <Paper withBorder p="md" mb="md" component="form" onSubmit={submitOnce(mutation)}>
      <Title order={2} size="h4" mb="sm">
        Nouvel utilisateur
      </Title>
      <Stack gap="sm">
        <Group grow align="flex-start">
          <TextInput
            label="Nom complet"
            required
            value={fullName}
            onChange={(ev) => setFullName(ev.currentTarget.value)}
            error={fieldError(e, 'fullName')}
          />
          <TextInput
            label="Adresse e-mail"
            type="email"
            required
            value={email}
            onChange={(ev) => setEmail(ev.currentTarget.value)}
            error={fieldError(e, 'email')}
          />
          <PasswordInput
            label="Mot de passe initial"
            required
            value={password}
            onChange={(ev) => setPassword(ev.currentTarget.value)}
            error={fieldError(e, 'password')}
            autoComplete="new-password"
          />
        </Group>
        <Checkbox.Group label="Rôles" value={roles} onChange={setRoles} error={fieldError(e, 'roles')} required>
          <Group mt={4}>
            {(['admin', 'trainer', 'jury'] as const).map((r) => (
              <Checkbox key={r} value={r} label={ROLE_LABELS[r]} />
            ))}
          </Group>
        </Checkbox.Group>
        <Text size="xs" c="dimmed">
          Les comptes des apprenants se créent depuis leur fiche (Apprenants).
        </Text>
        <ErrorAlert error={e && !fieldError(e, 'fullName', 'email', 'password', 'roles') ? e : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Créer le compte
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

const EDITABLE_ROLES = ['admin', 'trainer', 'jury'] as const;

/** Name and roles. The learner role goes with the learner file (API: 409 USER.LEARNER_ROLE): shown, not editable. */
function EditUserForm({ user, onDone }: { user: Schemas['UserDto']; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [fullName, setFullName] = useState(user.fullName);
  const [roles, setRoles] = useState<string[]>(user.roles.filter((r) => r !== 'learner'));
  const isLearner = user.roles.includes('learner');
  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.PATCH('/api/users/{id}', {
          params: { path: { id: user.id } },
          body: { fullName, roles: [...(isLearner ? ['learner'] : []), ...roles] as Role[] },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onDone();
    },
  });
  const e = mutation.error;
  return (
    <Paper withBorder p="md" mb="md" component="form" onSubmit={submitOnce(mutation)}>
      <Title order={2} size="h4" mb="sm">
        Modifier le compte : {user.email}
      </Title>
      <Stack gap="sm">
        <TextInput
          label="Nom complet"
          required
          value={fullName}
          onChange={(ev) => setFullName(ev.currentTarget.value)}
          error={fieldError(e, 'fullName')}
          w={420}
          maw="100%"
        />
        <Checkbox.Group label="Rôles" value={roles} onChange={setRoles} error={fieldError(e, 'roles')}>
          <Group mt={4}>
            {EDITABLE_ROLES.map((r) => (
              <Checkbox key={r} value={r} label={ROLE_LABELS[r]} />
            ))}
            {isLearner && <Checkbox checked disabled label={`${ROLE_LABELS.learner} (lié à la fiche)`} readOnly />}
          </Group>
        </Checkbox.Group>
        <ErrorAlert error={e && !fieldError(e, 'fullName', 'roles') ? e : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Enregistrer
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Deactivate / reactivate, after a confirmation: a deactivated account is signed out at once. */
function ActivationDialog({ user, onClose }: { user: Schemas['UserDto'] | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { user: me } = useAuth();
  const activate = user?.active === false;
  const mutation = useMutation({
    mutationFn: () => call(api.PATCH('/api/users/{id}', { params: { path: { id: user!.id } }, body: { active: activate } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
  });
  const close = () => {
    mutation.reset();
    onClose();
  };
  return (
    <Modal opened={!!user} onClose={close} title={activate ? 'Réactiver le compte' : 'Désactiver le compte'} centered>
      {user && (
        <form onSubmit={submitOnce(mutation)}>
          <Stack>
            <Text size="sm">
              {activate
                ? `${user.fullName} (${user.email}) pourra de nouveau se connecter.`
                : `${user.fullName} (${user.email}) ne pourra plus se connecter, et ses sessions ouvertes seront fermées immédiatement. Ses données sont conservées ; le compte peut être réactivé.`}
            </Text>
            {!activate && user.id === me?.id && (
              <Text size="sm" c="red">
                C’est votre propre compte : seul un autre administrateur peut le désactiver.
              </Text>
            )}
            <ErrorAlert error={mutation.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Annuler
              </Button>
              <Button type="submit" color={activate ? 'teal' : 'red'} loading={mutation.isPending}>
                {activate ? 'Réactiver' : 'Désactiver'}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

interface HabilitationRow {
  certificationCode: string | null;
  validFrom: string | null;
  validUntil: string | null;
  reference: string;
}

function JurorProfileForm({ user, onDone }: { user: Schemas['UserDto']; onDone: () => void }) {
  const queryClient = useQueryClient();
  const certifications = useCertifications();
  const profile = useQuery({
    queryKey: ['juror-profile', user.id],
    queryFn: () => call(api.GET('/api/users/{id}/juror-profile', { params: { path: { id: user.id } } })),
  });
  return (
    <Paper withBorder p="md" mb="md">
      <Title order={2} size="h4" mb="sm">
        Profil de membre de jury : {user.fullName}
      </Title>
      <Loading query={profile}>
        {(p) => (
          <ProfileEditor
            user={user}
            initial={p}
            titles={(certifications.data ?? []).map((c) => ({ value: c.code, label: `${c.code} — ${c.acronym ?? c.name}` }))}
            onDone={onDone}
            queryClient={queryClient}
          />
        )}
      </Loading>
    </Paper>
  );
}

function ProfileEditor({
  user,
  initial,
  titles,
  onDone,
  queryClient,
}: {
  user: Schemas['UserDto'];
  initial: Schemas['JurorProfileDto'];
  titles: { value: string; label: string }[];
  onDone: () => void;
  queryClient: ReturnType<typeof useQueryClient>;
}) {
  const [employer, setEmployer] = useState(initial.employer ?? '');
  const [rows, setRows] = useState<HabilitationRow[]>(initial.habilitations.map((h) => ({ ...h, reference: h.reference ?? '' })));
  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.PUT('/api/users/{id}/juror-profile', {
          params: { path: { id: user.id } },
          body: {
            employer: employer || undefined,
            habilitations: rows.map((r) => ({
              certificationCode: r.certificationCode ?? '',
              validFrom: r.validFrom ?? '',
              validUntil: r.validUntil ?? '',
              reference: r.reference || undefined,
            })),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['juror-profile', user.id] });
      onDone();
    },
  });
  const e = mutation.error;
  const set = (i: number, patch: Partial<HabilitationRow>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <form onSubmit={submitOnce(mutation)}>
      <Stack gap="sm">
        <TextInput
          label="Employeur actuel"
          description="Un membre de jury ne peut pas évaluer un candidat de son entreprise (R-JURY-3)."
          value={employer}
          onChange={(ev) => setEmployer(ev.currentTarget.value)}
          error={fieldError(e, 'employer')}
          w={420}
          maw="100%"
        />
        <Text size="sm" fw={500}>
          Habilitations (R-JURY-2)
        </Text>
        {rows.length === 0 && <Empty>Aucune habilitation : ce membre ne peut siéger à aucun jury.</Empty>}
        {rows.map((r, i) => (
          <Group key={i} align="flex-end">
            <Select
              label="Titre"
              data={titles}
              value={r.certificationCode}
              onChange={(v) => set(i, { certificationCode: v })}
              error={fieldError(e, `habilitations[${i}].certificationCode`)}
              w={260}
            />
            <DateField
              label="Du"
              value={r.validFrom}
              onChange={(v) => set(i, { validFrom: v })}
              error={fieldError(e, `habilitations[${i}].validFrom`)}
            />
            <DateField
              label="Au"
              value={r.validUntil}
              onChange={(v) => set(i, { validUntil: v })}
              error={fieldError(e, `habilitations[${i}].validUntil`)}
            />
            <TextInput label="Référence de l'arrêté" value={r.reference} onChange={(ev) => set(i, { reference: ev.currentTarget.value })} />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={`Retirer l'habilitation ${i + 1}`}
              onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="light"
          w="fit-content"
          onClick={() => setRows((rs) => [...rs, { certificationCode: 'RNCP36805', validFrom: null, validUntil: null, reference: '' }])}
        >
          Ajouter une habilitation
        </Button>
        {initial.habilitations.length > 0 && (
          <Text size="xs" c="dimmed">
            Enregistrées :{' '}
            {initial.habilitations.map((h) => `${h.certificationCode} du ${date(h.validFrom)} au ${date(h.validUntil)}`).join(' ; ')}
          </Text>
        )}
        <ErrorAlert error={e && !Object.keys((e as { fields?: object }).fields ?? {}).length ? e : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Fermer
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Enregistrer le profil
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
