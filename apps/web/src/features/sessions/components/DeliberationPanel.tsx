import { Button, Group, Paper, Text } from '@mantine/core';
import { ErrorAlert } from '../../../components/ui';
import { useCloseDeliberation, useOpenDeliberation, type Session } from '../api';

export function DeliberationPanel({ session }: { session: Session }) {
  const open = useOpenDeliberation(session.id);
  const close = useCloseDeliberation(session.id);
  if (session.status === 'planned')
    return (
      <Group>
        <Button onClick={() => !open.isPending && open.mutate()} loading={open.isPending}>
          Ouvrir la délibération
        </Button>
        <ErrorAlert error={open.error} />
      </Group>
    );
  if (session.status === 'deliberating') {
    const missing = session.candidates.filter((c) => !c.result).length;
    return (
      <Paper withBorder p="md">
        <Text size="sm" mb="xs">
          {missing === 0
            ? 'Tous les résultats sont saisis : le jury peut clore la délibération ; le procès-verbal sera alors établi.'
            : `${missing} candidat(s) sans résultat. Ouvrez le dossier de chaque candidat pour saisir son résultat.`}
        </Text>
        <Button onClick={() => !close.isPending && close.mutate()} loading={close.isPending} disabled={missing > 0}>
          Clore la délibération
        </Button>
        <ErrorAlert error={close.error} />
      </Paper>
    );
  }
  return null;
}
