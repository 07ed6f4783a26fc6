import { useState } from 'react';
import { Badge, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useAuth } from '../../../auth';
import { ErrorAlert, fieldError } from '../../../components/ui';
import { useAddJuror, useRemoveJuror, useSetPresident, type Session } from '../api';
import { useJurorAccounts } from '../../admin/api';

export function JurorsPanel({ session }: { session: Session }) {
  const { has } = useAuth();
  const [userId, setUserId] = useState<string | null>(null);
  const jurors = useJurorAccounts(has('admin') && session.status === 'planned');
  const add = useAddJuror(session.id, () => setUserId(null));
  const remove = useRemoveJuror(session.id);
  const taken = new Set(session.jurors.map((j) => j.userId));
  return (
    <section aria-labelledby="jury-title">
      <Title order={2} size="h4" id="jury-title" mb="xs">
        Jury ({session.jurors.length})
      </Title>
      {session.jurors.length === 0 ? (
        <Text size="sm" c="dimmed">
          Aucun membre de jury. Deux au moins sont nécessaires pour délibérer.
        </Text>
      ) : (
        <Group gap="xs" mb="xs">
          {session.jurors.map((j) => (
            <Badge
              key={j.userId}
              variant="light"
              size="lg"
              rightSection={
                has('admin') && session.status === 'planned' ? (
                  <RemoveX label={`Retirer ${j.fullName}`} onClick={() => remove.mutate(j.userId)} />
                ) : null
              }
            >
              {j.fullName}
              {session.presidentId === j.userId ? ' · président(e)' : ''}
            </Badge>
          ))}
        </Group>
      )}
      <ErrorAlert error={remove.error} />
      <President session={session} />
      {has('admin') && session.status === 'planned' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (userId && !add.isPending) add.mutate(userId);
          }}
        >
          <Group align="flex-end">
            <Select
              label="Ajouter un membre de jury"
              placeholder="Choisir un juré habilité"
              data={(jurors.data?.items ?? []).filter((u) => !taken.has(u.id)).map((u) => ({ value: u.id, label: u.fullName }))}
              value={userId}
              onChange={(v) => {
                setUserId(v);
                add.reset();
              }}
              searchable
              w={320}
              error={fieldError(add.error, 'userId')}
            />
            <Button type="submit" disabled={!userId} loading={add.isPending}>
              Ajouter au jury
            </Button>
          </Group>
          {add.error && !fieldError(add.error, 'userId') ? (
            <div style={{ marginTop: 8 }}>
              <ErrorAlert error={add.error} title="Ce juré ne peut pas siéger" />
            </div>
          ) : null}
        </form>
      )}
    </section>
  );
}

/** The jury's president, chosen among the jurors until the deliberation closes (named on the PV). */
function President({ session }: { session: Session }) {
  const { has } = useAuth();
  const mutation = useSetPresident(session.id);
  const editable = has('admin') && (session.status === 'planned' || session.status === 'deliberating') && session.jurors.length > 0;
  if (!editable)
    return (
      <Text size="sm" mb="xs">
        Président du jury : {session.president?.fullName ?? 'non désigné'}
      </Text>
    );
  return (
    <Stack gap={4} mb="xs">
      <Select
        label="Président du jury"
        description="Choisi parmi les membres du jury ; nommé au procès-verbal"
        placeholder="Non désigné"
        data={session.jurors.map((j) => ({ value: j.userId, label: j.fullName }))}
        value={session.presidentId}
        onChange={(v) => v && v !== session.presidentId && mutation.mutate(v)}
        allowDeselect={false}
        disabled={mutation.isPending}
        maw={340}
      />
      <ErrorAlert error={mutation.error} />
    </Stack>
  );
}

function RemoveX({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button
      type="button"
      aria-label={label}
      onClick={onClick}
      style={{ border: 0, background: 'transparent', cursor: 'pointer', padding: 0, marginLeft: 4 }}
    >
      ×
    </button>
  );
}
