import { useState } from 'react';
import { Button, PasswordInput, Stack, Text } from '@mantine/core';
import { fieldError } from '../../../components/ui';

/**
 * A new password typed twice (the rules: at least 12 characters, not a common one, not one's name
 * or e-mail — the API checks them and answers on the field).
 */
export function NewPasswordForm({
  submit,
  busy,
  error,
  label,
}: {
  submit: (password: string) => void;
  busy: boolean;
  error: unknown;
  label: string;
}) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (password !== again) {
          setMismatch(true);
          return;
        }
        setMismatch(false);
        submit(password);
      }}
    >
      <Stack>
        <Text size="sm" c="dimmed">
          Au moins 12 caractères ; évitez un mot de passe courant, votre nom ou votre adresse e-mail.
        </Text>
        <PasswordInput
          label="Nouveau mot de passe"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldError(error, 'password')}
          autoFocus
        />
        <PasswordInput
          label="Confirmez le mot de passe"
          autoComplete="new-password"
          required
          value={again}
          onChange={(e) => setAgain(e.currentTarget.value)}
          error={mismatch ? 'Les deux mots de passe ne sont pas identiques.' : undefined}
        />
        <Button type="submit" loading={busy}>
          {label}
        </Button>
      </Stack>
    </form>
  );
}
