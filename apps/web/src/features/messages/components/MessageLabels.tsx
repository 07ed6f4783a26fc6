import { Badge, Stack, Text } from '@mantine/core';
import type { MessageStatus } from '../api';

export const STATUS: Record<MessageStatus, { label: string; color: string }> = {
  queued: { label: 'en attente', color: 'yellow' },
  sent: { label: 'envoyé', color: 'green' },
  failed: { label: 'échec', color: 'red' },
};

export const KIND: Record<string, string> = {
  invitation: 'Invitation',
  password_reset: 'Mot de passe oublié',
  convocation_candidate: 'Convocation (candidat)',
  convocation_juror: 'Convocation (jury)',
  results_available: 'Résultats disponibles',
  reminder_pv_signature: 'Rappel : signature du PV',
  reminder_dp: 'Rappel : dossier professionnel',
};

/** « en attente » / « envoyé » / « échec », and « gardé dans l'application » when nothing left the centre (no SMTP_URL). */
export function StatusBadge({ status, embedded }: { status: MessageStatus; embedded: boolean }) {
  const s = STATUS[status];
  return (
    <Stack gap={2}>
      <Badge color={s.color} variant="light">
        {s.label}
      </Badge>
      {status === 'sent' && embedded && (
        <Text size="xs" c="dimmed">
          gardé dans l’application
        </Text>
      )}
    </Stack>
  );
}
