import { useState } from 'react';
import { ActionIcon, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { type Schemas } from '../../../api/client';
import { DateField } from '../../../components/DateField';
import { Empty, ErrorAlert, fieldError, Loading, submitOnce } from '../../../components/ui';
import { date } from '../../../lib/format';
import { useCertifications } from '../../referential/api';
import { useJurorProfile, useSaveJurorProfile } from '../api';

interface HabilitationRow {
  certificationCode: string | null;
  validFrom: string | null;
  validUntil: string | null;
  reference: string;
}

export function JurorProfileForm({ user, onDone }: { user: Schemas['UserDto']; onDone: () => void }) {
  const certifications = useCertifications();
  const profile = useJurorProfile(user.id);
  return (
    <Paper withBorder p="md" mb="md">
      <Title order={2} size="h4" mb="sm">
        Profil de membre de jury : {user.fullName}
      </Title>
      <Loading query={profile}>
        {(p) => (
          <ProfileEditor
            user={user}
            initial={p}
            titles={(certifications.data ?? []).map((c) => ({ value: c.code, label: `${c.code} — ${c.acronym ?? c.name}` }))}
            onDone={onDone}
          />
        )}
      </Loading>
    </Paper>
  );
}

function ProfileEditor({
  user,
  initial,
  titles,
  onDone,
}: {
  user: Schemas['UserDto'];
  initial: Schemas['JurorProfileDto'];
  titles: { value: string; label: string }[];
  onDone: () => void;
}) {
  const [employer, setEmployer] = useState(initial.employer ?? '');
  const [rows, setRows] = useState<HabilitationRow[]>(initial.habilitations.map((h) => ({ ...h, reference: h.reference ?? '' })));
  const mutation = useSaveJurorProfile(user.id, onDone);
  const body = {
    employer: employer || undefined,
    habilitations: rows.map((r) => ({
      certificationCode: r.certificationCode ?? '',
      validFrom: r.validFrom ?? '',
      validUntil: r.validUntil ?? '',
      reference: r.reference || undefined,
    })),
  };
  const e = mutation.error;
  const set = (i: number, patch: Partial<HabilitationRow>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <form onSubmit={submitOnce(mutation, body)}>
      <Stack gap="sm">
        <TextInput
          label="Employeur actuel"
          description="Un membre de jury ne peut pas évaluer un candidat de son entreprise (R-JURY-3)."
          value={employer}
          onChange={(ev) => setEmployer(ev.currentTarget.value)}
          error={fieldError(e, 'employer')}
          w={420}
          maw="100%"
        />
        <Text size="sm" fw={500}>
          Habilitations (R-JURY-2)
        </Text>
        {rows.length === 0 && <Empty>Aucune habilitation : ce membre ne peut siéger à aucun jury.</Empty>}
        {rows.map((r, i) => (
          <Group key={i} align="flex-end">
            <Select
              label="Titre"
              data={titles}
              value={r.certificationCode}
              onChange={(v) => set(i, { certificationCode: v })}
              error={fieldError(e, `habilitations[${i}].certificationCode`)}
              w={260}
            />
            <DateField
              label="Du"
              value={r.validFrom}
              onChange={(v) => set(i, { validFrom: v })}
              error={fieldError(e, `habilitations[${i}].validFrom`)}
            />
            <DateField
              label="Au"
              value={r.validUntil}
              onChange={(v) => set(i, { validUntil: v })}
              error={fieldError(e, `habilitations[${i}].validUntil`)}
            />
            <TextInput label="Référence de l'arrêté" value={r.reference} onChange={(ev) => set(i, { reference: ev.currentTarget.value })} />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={`Retirer l'habilitation ${i + 1}`}
              onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="light"
          w="fit-content"
          onClick={() => setRows((rs) => [...rs, { certificationCode: 'RNCP36805', validFrom: null, validUntil: null, reference: '' }])}
        >
          Ajouter une habilitation
        </Button>
        {initial.habilitations.length > 0 && (
          <Text size="xs" c="dimmed">
            Enregistrées :{' '}
            {initial.habilitations.map((h) => `${h.certificationCode} du ${date(h.validFrom)} au ${date(h.validUntil)}`).join(' ; ')}
          </Text>
        )}
        <ErrorAlert error={e && !Object.keys((e as { fields?: object }).fields ?? {}).length ? e : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Fermer
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Enregistrer le profil
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
