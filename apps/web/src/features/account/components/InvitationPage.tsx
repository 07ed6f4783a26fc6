import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { Alert, Stack, Text } from '@mantine/core';
import { ApiError } from '../../../api/client';
import { useAuth } from '../../../auth';
import { ErrorAlert } from '../../../components/ui';
import { tokenFromHash, useAcceptInvitation } from '../api';
import { NewPasswordForm } from './NewPasswordForm';
import { PublicCard } from './PublicCard';

const linkUnusable = (error: unknown) => error instanceof ApiError && error.body.code === 'AUTH.TOKEN_INVALID';

/** `/invitation#<token>`: the invited person chooses a password and is signed in at once. */
export function InvitationPage() {
  const [token] = useState(tokenFromHash);
  const accept = useAcceptInvitation();
  const navigate = useNavigate();
  const { user } = useAuth();
  if (user && !accept.isPending && !accept.isSuccess && !token) return <Navigate to="/" replace />;
  if (!token || linkUnusable(accept.error))
    return (
      <PublicCard title="Invitation plus valide">
        <Alert color="orange" variant="light" role="alert">
          Ce lien d’invitation n’est plus valide : il a déjà servi, il a expiré (7 jours) ou une invitation plus récente l’a remplacé.
          Demandez une nouvelle invitation au centre de formation. Si vous avez déjà choisi votre mot de passe, connectez-vous.
        </Alert>
      </PublicCard>
    );
  return (
    <PublicCard title="Bienvenue" subtitle="Choisissez votre mot de passe pour ouvrir votre compte.">
      <Stack>
        <Text size="sm">Vous l’utiliserez, avec votre adresse e-mail, pour vous connecter.</Text>
        <NewPasswordForm
          label="Ouvrir mon compte"
          busy={accept.isPending}
          error={accept.error}
          submit={(password) =>
            accept.mutate(
              { token, password },
              {
                onSuccess: (signedIn) => {
                  window.history.replaceState(null, '', '/invitation');
                  void navigate((signedIn.roles as string[]).includes('learner') ? '/livret' : '/', { replace: true });
                },
              },
            )
          }
        />
        {!linkUnusable(accept.error) && <ErrorAlert error={accept.error} title="Mot de passe refusé" />}
      </Stack>
    </PublicCard>
  );
}
