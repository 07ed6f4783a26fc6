import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useAuth } from '../auth';
import { ErrorAlert, fieldError } from '../components/ui';

export function LoginPage() {
  const { user, signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const notice = (location.state as { notice?: string } | null)?.notice;
  if (user) return <Navigate to={from} replace />;
  return (
    <Center mih="100vh" bg="gray.0" component="main">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="94vw">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void (async () => {
              if (busy) return;
              setBusy(true);
              setError(null);
              try {
                await signIn(email, password);
                void navigate(from, { replace: true });
              } catch (err) {
                setError(err);
              } finally {
                setBusy(false);
              }
            })();
          }}
        >
          <Stack>
            <div>
              <Title order={1} size="h2">
                Connexion
              </Title>
              <Text size="sm" c="dimmed">
                Titre professionnel Secrétaire assistant médico-social (RNCP36805)
              </Text>
            </div>
            {notice && (
              <Alert color="green" variant="light" role="status">
                {notice}
              </Alert>
            )}
            <TextInput
              label="Adresse e-mail"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldError(error, 'email')}
              autoFocus
            />
            <PasswordInput
              label="Mot de passe"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldError(error, 'password')}
            />
            <ErrorAlert error={error} title="Connexion refusée" />
            <Button type="submit" loading={busy}>
              Se connecter
            </Button>
            <Anchor component={Link} to="/mot-de-passe-oublie" size="sm">
              Mot de passe oublié ?
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
