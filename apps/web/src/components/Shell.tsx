import { useState } from 'react';
import { NavLink as RouterLink, Outlet, useNavigate } from 'react-router';
import { Anchor, AppShell, Burger, Button, Group, Modal, NavLink, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useAuth } from '../auth';
import { ROLE_LABELS } from '../lib/format';
import { ErrorAlert } from './ui';

const LINKS: { to: string; label: string; roles: string[] }[] = [
  { to: '/', label: 'Accueil', roles: ['admin', 'trainer', 'jury', 'learner'] },
  { to: '/livret', label: 'Mon livret', roles: ['learner'] },
  { to: '/mes-ecf', label: 'Mes ECF', roles: ['learner'] },
  { to: '/mon-dossier', label: 'Mon dossier professionnel', roles: ['learner'] },
  { to: '/cohortes', label: 'Cohortes', roles: ['admin', 'trainer'] },
  { to: '/apprenants', label: 'Apprenants', roles: ['admin', 'trainer'] },
  { to: '/sessions', label: 'Sessions de jury', roles: ['admin', 'jury'] },
  { to: '/referentiel', label: 'Référentiel', roles: ['admin'] },
  { to: '/utilisateurs', label: 'Utilisateurs et jurés', roles: ['admin'] },
  { to: '/audit', label: "Journal d'audit", roles: ['admin'] },
  { to: '/messages', label: 'Messages envoyés', roles: ['admin'] },
  { to: '/centre', label: 'Centre', roles: ['admin'] },
  { to: '/mon-mot-de-passe', label: 'Changer mon mot de passe', roles: ['admin', 'trainer', 'jury', 'learner'] },
];

export function Shell() {
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const [opened, { toggle, close }] = useDisclosure();
  const links = LINKS.filter((l) => l.roles.some((r) => (user?.roles as string[] | undefined)?.includes(r)));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#contenu" className="skip-link">
        Aller au contenu
      </a>
      <AppShell.Header>
        {/* One line at any width (390 px included): the name shrinks, « Se déconnecter » stays inside. */}
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <Group wrap="nowrap" gap="xs" miw={0}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Anchor component={RouterLink} to="/" fw={700} c="indigo.8" underline="never" truncate="end">
              SAMS · certification
            </Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap" miw={0} style={{ flexShrink: 0 }}>
            <Text size="sm" visibleFrom="md" truncate="end" maw={360}>
              {user?.fullName} — {user?.roles.map((r) => ROLE_LABELS[r] ?? r).join(', ')}
            </Text>
            <Button
              variant="subtle"
              size="xs"
              onClick={() => {
                signOut();
                void navigate('/connexion');
              }}
            >
              Se déconnecter
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Navigation principale">
        {links.map((l) => (
          <NavLink key={l.to} component={RouterLink} to={l.to} end={l.to === '/'} label={l.label} onClick={close} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="contenu" component="main">
        <Outlet />
      </AppShell.Main>
      <ExpiredSession />
    </AppShell>
  );
}

/** The token expired: sign in again over the page, so that nothing typed in a form is lost. */
function ExpiredSession() {
  const { expired, user, signIn, signOut } = useAuth();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [email, setEmail] = useState(user?.email ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      opened={expired}
      onClose={() => undefined}
      withCloseButton={false}
      title="Votre session a expiré"
      centered
      closeOnEscape={false}
      closeOnClickOutside={false}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void (async () => {
            setBusy(true);
            setError(null);
            try {
              const again = await signIn(email, password);
              setPassword('');
              if (again.id !== user?.id) void navigate('/');
            } catch (err) {
              setError(err);
            } finally {
              setBusy(false);
            }
          })();
        }}
      >
        <Stack>
          <Text size="sm">
            Reconnectez-vous pour continuer : ce que vous étiez en train de saisir est conservé. Enregistrez de nouveau ensuite.
          </Text>
          <TextInput
            label="Adresse e-mail"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Mot de passe"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-autofocus
          />
          <ErrorAlert error={error} title="Connexion refusée" />
          <Group justify="space-between">
            <Button
              variant="subtle"
              onClick={() => {
                signOut();
                void navigate('/connexion');
              }}
            >
              Se déconnecter
            </Button>
            <Button type="submit" loading={busy}>
              Se reconnecter
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
