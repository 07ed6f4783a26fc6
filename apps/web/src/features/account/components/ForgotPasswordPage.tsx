import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { ApiError } from '../../../api/client';
import { ErrorAlert, fieldError } from '../../../components/ui';
import { useForgotPassword } from '../api';
import { PublicCard } from './PublicCard';

/** « Mot de passe oublié ? » — the same confirmation whatever the address (the API never says whether it exists). */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const request = useForgotPassword();
  const tooMany = request.error instanceof ApiError && request.error.status === 429;
  return (
    <PublicCard title="Mot de passe oublié" subtitle="Recevez par e-mail un lien pour choisir un nouveau mot de passe.">
      {request.isSuccess ? (
        <Stack>
          <Alert color="green" variant="light" title="Demande enregistrée" role="status">
            Si un compte existe pour l’adresse {email.trim()}, un e-mail vient de lui être envoyé. Le lien qu’il contient est valable une
            heure et ne sert qu’une fois. Pensez à regarder dans les courriers indésirables.
          </Alert>
          <Anchor component={Link} to="/connexion">
            Retour à la connexion
          </Anchor>
        </Stack>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            request.mutate(email.trim());
          }}
        >
          <Stack>
            <TextInput
              label="Adresse e-mail"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldError(request.error, 'email')}
              autoFocus
            />
            {tooMany ? (
              <Alert color="orange" variant="light" role="alert" title="Trop de demandes">
                Trop de demandes depuis cet appareil : réessayez dans quelques minutes.
              </Alert>
            ) : (
              <ErrorAlert error={request.error} title="Demande impossible" />
            )}
            <Button type="submit" loading={request.isPending}>
              Recevoir le lien
            </Button>
            <Anchor component={Link} to="/connexion" size="sm">
              Retour à la connexion
            </Anchor>
          </Stack>
        </form>
      )}
    </PublicCard>
  );
}
