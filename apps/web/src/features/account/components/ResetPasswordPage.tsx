import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Anchor, Stack } from '@mantine/core';
import { ApiError } from '../../../api/client';
import { ErrorAlert } from '../../../components/ui';
import { tokenFromHash, useResetPassword } from '../api';
import { NewPasswordForm } from './NewPasswordForm';
import { PublicCard } from './PublicCard';

const linkUnusable = (error: unknown) => error instanceof ApiError && error.body.code === 'AUTH.TOKEN_INVALID';

/** `/reinitialisation#<token>`: the link of a reset e-mail. */
export function ResetPasswordPage() {
  const [token] = useState(tokenFromHash);
  const reset = useResetPassword();
  const navigate = useNavigate();
  if (!token || linkUnusable(reset.error))
    return (
      <PublicCard title="Lien plus valide">
        <Stack>
          <Alert color="orange" variant="light" role="alert">
            Ce lien n’est plus valide : il a déjà servi, ou il a expiré (une heure après la demande). Demandez-en un nouveau.
          </Alert>
          <Anchor component={Link} to="/mot-de-passe-oublie">
            Recevoir un nouveau lien
          </Anchor>
        </Stack>
      </PublicCard>
    );
  return (
    <PublicCard title="Nouveau mot de passe" subtitle="Choisissez le mot de passe de votre compte.">
      <NewPasswordForm
        label="Enregistrer le mot de passe"
        busy={reset.isPending}
        error={reset.error}
        submit={(password) =>
          reset.mutate(
            { token, password },
            {
              onSuccess: () => {
                // The link is spent: it leaves the address bar and the history entry.
                window.history.replaceState(null, '', '/reinitialisation');
                void navigate('/connexion', {
                  replace: true,
                  state: { notice: 'Mot de passe enregistré : connectez-vous avec le nouveau.' },
                });
              },
            },
          )
        }
      />
      {!linkUnusable(reset.error) && <ErrorAlert error={reset.error} title="Mot de passe refusé" />}
    </PublicCard>
  );
}
