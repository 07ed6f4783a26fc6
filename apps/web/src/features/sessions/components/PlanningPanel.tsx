import { useState } from 'react';
import { Alert, Box, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { ErrorAlert, fieldError, submitOnce } from '../../../components/ui';
import { dateTime } from '../../../lib/format';
import { SendConvocationsButton } from '../../messages';
import { TimeField } from './TimeField';
import { useUpdateSessionPractical, type Session } from '../api';

/** The convocations' practical details, editable while the session is planned (PATCH, audited). */
export function PlanningPanel({ session }: { session: Session }) {
  const [editing, setEditing] = useState(false);
  const [startTime, setStartTime] = useState<string | null>(session.startTime);
  const [site, setSite] = useState(session.site ?? '');
  const [address, setAddress] = useState(session.address ?? '');
  const mutation = useUpdateSessionPractical(session.id, () => setEditing(false));
  const e = mutation.error;
  const missing = [!session.startTime && "l'heure de convocation", !session.address && "l'adresse du lieu"].filter(Boolean);
  return (
    <section aria-labelledby="practical-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="practical-title">
          Convocations : heure et lieu
        </Title>
        {!editing && (
          <Button
            variant="default"
            size="xs"
            onClick={() => {
              setStartTime(session.startTime);
              setSite(session.site ?? '');
              setAddress(session.address ?? '');
              mutation.reset();
              setEditing(true);
            }}
          >
            Modifier l'heure et le lieu
          </Button>
        )}
      </Group>
      {!editing && missing.length > 0 && (
        <Alert color="yellow" p="xs">
          {`À renseigner avant d'envoyer les convocations : ${missing.join(' et ')} (elles seraient annoncées « précisées par le centre »).`}
        </Alert>
      )}
      {editing && (
        <Paper
          withBorder
          p="md"
          component="form"
          onSubmit={submitOnce(mutation, { startTime, site: site.trim() || null, address: address.trim() || null })}
        >
          <Stack gap="sm">
            <Group grow align="flex-start" className="form-row">
              <TimeField
                label="Heure de convocation"
                description="Chaque jour de la session"
                value={startTime}
                onChange={setStartTime}
                error={fieldError(e, 'startTime')}
              />
              <TextInput label="Lieu" value={site} onChange={(ev) => setSite(ev.currentTarget.value)} error={fieldError(e, 'site')} />
            </Group>
            <Textarea
              label="Adresse du lieu"
              autosize
              minRows={2}
              maxLength={300}
              value={address}
              onChange={(ev) => setAddress(ev.currentTarget.value)}
              error={fieldError(e, 'address')}
            />
            <ErrorAlert error={e && !fieldError(e, 'startTime', 'site', 'address') ? e : null} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEditing(false)}>
                Annuler
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                Enregistrer
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {!editing && (
        <Box mt="sm">
          {session.convocationsSentAt && (
            <Text size="sm" c="dimmed" mb={4}>
              Convocations envoyées le {dateTime(session.convocationsSentAt)}.
            </Text>
          )}
          <SendConvocationsButton sessionId={session.id} />
        </Box>
      )}
    </section>
  );
}
