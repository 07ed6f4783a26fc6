import { useState } from 'react';
import { Button, Checkbox, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type Schemas } from '../../../api/client';
import { ErrorAlert, fieldError, submitOnce } from '../../../components/ui';
import { ROLE_LABELS } from '../../../lib/format';
import { useCreateUser, useUpdateUser, type Role } from '../api';

export function UserForm({ onDone }: { onDone: () => void }) {
  const [email, setEmail] = useState('');
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const mutation = useCreateUser(onDone);
  const e = mutation.error;
  return (
    <Paper
      withBorder
      p="md"
      mb="md"
      component="form"
      onSubmit={submitOnce(mutation, { email, fullName, password, roles: roles as Role[] })}
    >
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
export function EditUserForm({ user, onDone }: { user: Schemas['UserDto']; onDone: () => void }) {
  const [fullName, setFullName] = useState(user.fullName);
  const [roles, setRoles] = useState<string[]>(user.roles.filter((r) => r !== 'learner'));
  const isLearner = user.roles.includes('learner');
  const mutation = useUpdateUser(user.id, onDone);
  const e = mutation.error;
  return (
    <Paper
      withBorder
      p="md"
      mb="md"
      component="form"
      onSubmit={submitOnce(mutation, { fullName, roles: [...(isLearner ? ['learner'] : []), ...roles] as Role[] })}
    >
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
