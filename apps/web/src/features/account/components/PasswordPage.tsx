import { useState } from 'react';
import { Alert, Button, Group, Paper, PasswordInput, Stack, Text } from '@mantine/core';
import { ErrorAlert, fieldError, PageTitle, submitOnce } from '../../../components/ui';
import { useAuth } from '../../../auth';
import { useChangePassword } from '../api';

const MISMATCH = 'Les deux saisies du nouveau mot de passe diffèrent.';

/** « Changer mon mot de passe »: for every account, from the header's account menu. */
export function PasswordPage() {
  const { user } = useAuth();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const mutation = useChangePassword(() => {
    setCurrentPassword('');
    setNewPassword('');
    setConfirmation('');
    setDone(true);
  });
  const e = mutation.error;
  const submit = submitOnce(mutation, { currentPassword, newPassword });
  return (
    <>
      <PageTitle>Changer mon mot de passe</PageTitle>
      <Paper
        withBorder
        p="md"
        maw={480}
        component="form"
        onSubmit={(ev) => {
          setDone(false);
          if (newPassword !== confirmation) {
            ev.preventDefault();
            setMismatch(true);
            return;
          }
          setMismatch(false);
          submit(ev);
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            12 caractères au moins ; une phrase ou plusieurs mots valent mieux qu’un mot compliqué. Vos autres sessions ouvertes (autre
            navigateur, autre appareil) seront fermées.
          </Text>
          {/* The account's e-mail, for password managers. */}
          <input type="email" name="username" autoComplete="username" value={user?.email ?? ''} readOnly hidden />
          <PasswordInput
            label="Mot de passe actuel"
            required
            autoComplete="current-password"
            value={currentPassword}
            onChange={(ev) => setCurrentPassword(ev.currentTarget.value)}
            error={fieldError(e, 'currentPassword')}
          />
          <PasswordInput
            label="Nouveau mot de passe"
            required
            autoComplete="new-password"
            value={newPassword}
            onChange={(ev) => setNewPassword(ev.currentTarget.value)}
            error={fieldError(e, 'newPassword')}
          />
          <PasswordInput
            label="Nouveau mot de passe (confirmation)"
            required
            autoComplete="new-password"
            value={confirmation}
            onChange={(ev) => setConfirmation(ev.currentTarget.value)}
            error={mismatch ? MISMATCH : undefined}
          />
          <ErrorAlert error={e && !fieldError(e, 'currentPassword', 'newPassword') ? e : null} />
          {done && (
            <Alert color="green" variant="light" role="status">
              Votre mot de passe a été changé. Vos autres sessions ont été fermées.
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={mutation.isPending}>
              Changer le mot de passe
            </Button>
          </Group>
        </Stack>
      </Paper>
    </>
  );
}
