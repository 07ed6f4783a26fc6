import { useState } from 'react';
import createClient from 'openapi-fetch';
import { Alert, Button, Group, Paper, PasswordInput, Stack, Text } from '@mantine/core';
import { call, session } from '../../api/client';
import type { paths } from '../../api/schema';
import { useAuth } from '../../auth';
import { ErrorAlert, fieldError, PageTitle, submitOnce } from '../../components/ui';
import { useMutation } from '../../lib/mutation';

/**
 * A client without the session middleware: a wrong current password answers 401
 * (AUTH.INVALID_CREDENTIALS, spec/api.md), which the shared client would take for an expired
 * session and answer with the « session expirée » dialog. Here it is an error next to the field.
 */
const plain = createClient<paths>({ baseUrl: window.location.origin });

const MISMATCH = 'Les deux saisies du nouveau mot de passe diffèrent.';

/** « Changer mon mot de passe »: for every account, from the header's account menu. */
export function PasswordPage() {
  const { user, signIn } = useAuth();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const mutation = useMutation({
    mutationFn: async () => {
      await call(
        plain.PUT('/api/auth/me/password', {
          body: { currentPassword, newPassword },
          headers: session.token ? { Authorization: `Bearer ${session.token}` } : {},
        }),
      );
      // The API ends every session opened before the change, this one included, and answers 204
      // (the contract): the app signs in again at once with the new password, which it has.
      await signIn(user!.email, newPassword);
    },
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
      setConfirmation('');
      setDone(true);
    },
  });
  const e = mutation.error;
  const submit = submitOnce(mutation);
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
