import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { ApiError } from '../../../api/client';
import { ErrorAlert } from '../../../components/ui';
import { dateTime } from '../../../lib/format';
import { useInviteCohort, useInviteLearner, useSendConvocations } from '../api';

/** « Inviter » on a learner's page: the account is created when there is none, then the link is sent. */
export function InviteLearnerButton({ learnerId, hasAccount }: { learnerId: string; hasAccount: boolean }) {
  const invite = useInviteLearner();
  return (
    <Stack gap={4}>
      <Group>
        <Button variant="light" loading={invite.isPending} onClick={() => invite.mutate(learnerId)}>
          {hasAccount ? 'Renvoyer l’invitation' : 'Inviter'}
        </Button>
      </Group>
      {invite.isSuccess && (
        <Text size="sm" c="green" role="status">
          Invitation envoyée : le lien est valable 7 jours.{' '}
          <Anchor component={Link} to="/messages">
            Voir les messages
          </Anchor>
        </Text>
      )}
      <ErrorAlert error={invite.error} title="Invitation impossible" />
    </Stack>
  );
}

/** « Inviter les apprenants sans compte » of a cohort (after an import). */
export function InviteCohortButton({ cohortId }: { cohortId: string }) {
  const invite = useInviteCohort();
  return (
    <Stack gap={4}>
      <Group>
        <Button variant="light" loading={invite.isPending} onClick={() => invite.mutate(cohortId)}>
          Inviter les apprenants sans compte
        </Button>
      </Group>
      {invite.isSuccess && (
        <Text size="sm" c="green" role="status">
          {invite.data.invited === 0
            ? 'Tous les apprenants de la cohorte ont déjà un compte.'
            : `${invite.data.invited} invitation${invite.data.invited > 1 ? 's' : ''} envoyée${invite.data.invited > 1 ? 's' : ''}.`}{' '}
          <Anchor component={Link} to="/messages">
            Voir les messages
          </Anchor>
        </Text>
      )}
      <ErrorAlert error={invite.error} title="Invitations impossibles" />
    </Stack>
  );
}

interface SentBefore {
  name: string;
  kind?: string;
  sentAt?: string;
}

/** « Envoyer les convocations » of a session; sent already → says when and to whom, and offers « Renvoyer ». */
export function SendConvocationsButton({ sessionId }: { sessionId: string }) {
  const send = useSendConvocations();
  const [resendAsked, setResendAsked] = useState(false);
  const sentBefore = send.error instanceof ApiError && send.error.body.code === 'SESSION.CONVOCATIONS_SENT' ? send.error : null;
  const who = (sentBefore?.body.details as SentBefore[] | undefined) ?? [];
  return (
    <Stack gap={4}>
      <Group>
        <Button loading={send.isPending && !resendAsked} onClick={() => send.mutate({ sessionId, resend: false })}>
          Envoyer les convocations
        </Button>
      </Group>
      {send.isSuccess && (
        <Text size="sm" c="green" role="status">
          {send.data.queued} convocation{send.data.queued > 1 ? 's' : ''} envoyée{send.data.queued > 1 ? 's' : ''} par e-mail, PDF joint.{' '}
          <Anchor component={Link} to={`/messages?sessionId=${sessionId}`}>
            Voir les messages de la session
          </Anchor>
        </Text>
      )}
      {sentBefore ? (
        <Alert color="orange" variant="light" role="alert" title="Convocations déjà envoyées">
          <Stack gap={6}>
            <Text size="sm">{sentBefore.body.message}</Text>
            {who.length > 0 && <Text size="sm">{who.map((w) => `${w.name}${w.sentAt ? ` (${dateTime(w.sentAt)})` : ''}`).join(', ')}</Text>}
            <Group>
              <Button
                color="orange"
                loading={send.isPending && resendAsked}
                onClick={() => {
                  setResendAsked(true);
                  send.mutate({ sessionId, resend: true }, { onSettled: () => setResendAsked(false) });
                }}
              >
                Renvoyer à tous
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : (
        <ErrorAlert error={send.error} title="Envoi impossible" />
      )}
    </Stack>
  );
}
