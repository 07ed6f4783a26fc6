import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { type Schemas } from '../../../api/client';
import { ErrorAlert, submitOnce } from '../../../components/ui';
import { useAuth } from '../../../auth';
import { useUpdateUser } from '../api';

/** Deactivate / reactivate, after a confirmation: a deactivated account is signed out at once. */
export function ActivationDialog({ user, onClose }: { user: Schemas['UserDto'] | null; onClose: () => void }) {
  const { user: me } = useAuth();
  const activate = user?.active === false;
  const mutation = useUpdateUser(user?.id ?? '', onClose);
  const close = () => {
    mutation.reset();
    onClose();
  };
  return (
    <Modal opened={!!user} onClose={close} title={activate ? 'Réactiver le compte' : 'Désactiver le compte'} centered>
      {user && (
        <form onSubmit={submitOnce(mutation, { active: activate })}>
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
