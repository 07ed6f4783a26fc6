import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { ApiError } from '../../../api/client';
import { ErrorAlert } from '../../../components/ui';
import { dateTime } from '../../../lib/format';
import { useInviteCohort, useInviteLearner, useInviteLearners, useSendConvocations } from '../api';

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
            ? 'Aucune invitation à envoyer : chaque apprenant de la cohorte a déjà ouvert son compte, vient d’être invité (moins de 10 minutes) ou n’a pas d’adresse e-mail.'
            : invitationsSent(invite.data.invited)}{' '}
          <Anchor component={Link} to="/messages">
            Voir les messages
          </Anchor>
        </Text>
      )}
      <ErrorAlert error={invite.error} title="Invitations impossibles" />
    </Stack>
  );
}

const invitationsSent = (n: number) => (n > 1 ? `${n} invitations envoyées.` : `${n} invitation envoyée.`);

/** After an import made without invitations: « Inviter les apprenants importés » (each gets a 7-day link). */
export function InviteImportedButton({ learnerIds }: { learnerIds: string[] }) {
  const invite = useInviteLearners();
  return (
    <Stack gap={4}>
      <Group>
        <Button variant="light" loading={invite.isPending} disabled={invite.isSuccess} onClick={() => invite.mutate(learnerIds)}>
          Inviter les apprenants importés
        </Button>
      </Group>
      {invite.isSuccess && (
        <Text size="sm" c="green" role="status">
          {invitationsSent(invite.data.invited)}
          {invite.data.withoutEmail > 0 &&
            ` ${invite.data.withoutEmail} apprenant(s) sans adresse e-mail : renseignez-la sur leur fiche.`}{' '}
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

const ROLE: Record<string, string> = { candidate: 'candidat', juror: 'juré' };

/**
 * « Envoyer les convocations » of a session. Already sent → 409 SESSION.CONVOCATIONS_SENT: when and
 * to whom, then « Renvoyer », confirmed, which sends `{resend: true}`.
 */
export function SendConvocationsButton({ sessionId }: { sessionId: string }) {
  const send = useSendConvocations();
  const [confirming, setConfirming] = useState(false);
  const sentBefore = send.error instanceof ApiError && send.error.body.code === 'SESSION.CONVOCATIONS_SENT' ? send.error : null;
  const who = (sentBefore?.body.details as SentBefore[] | undefined) ?? [];
  const when = who.find((w) => w.sentAt)?.sentAt;
  return (
    <Stack gap={4}>
      <Group>
        <Button
          loading={send.isPending && send.variables?.resend === false}
          disabled={send.isPending || !!sentBefore}
          onClick={() => send.mutate({ sessionId, resend: false })}
        >
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
      {send.isSuccess && send.data.skipped.length > 0 && (
        <Alert color="orange" variant="light" title="Sans adresse e-mail : rien n’a été envoyé à">
          {send.data.skipped.map((s) => (
            <Text size="sm" key={`${s.kind}-${s.name}`}>
              {s.name} ({ROLE[s.kind] ?? s.kind}) — {s.reason}
            </Text>
          ))}
        </Alert>
      )}
      {sentBefore ? (
        <Alert color="orange" variant="light" role="alert" title="Convocations déjà envoyées">
          <Stack gap={6}>
            <Text size="sm">
              {when ? `Déjà envoyées le ${dateTime(when)}` : 'Déjà envoyées'}
              {who.length > 0
                ? ` à : ${who.map((w) => (w.kind && ROLE[w.kind] ? `${w.name} (${ROLE[w.kind]})` : w.name)).join(', ')}.`
                : '.'}
            </Text>
            {confirming ? (
              <Group>
                <Text size="sm">Envoyer de nouveau chaque convocation, PDF joint ?</Text>
                <Button
                  color="orange"
                  loading={send.isPending}
                  onClick={() => send.mutate({ sessionId, resend: true }, { onSettled: () => setConfirming(false) })}
                >
                  Confirmer le renvoi
                </Button>
                <Button variant="default" disabled={send.isPending} onClick={() => setConfirming(false)}>
                  Annuler
                </Button>
              </Group>
            ) : (
              <Group>
                <Button variant="default" onClick={() => setConfirming(true)}>
                  Renvoyer
                </Button>
                <Anchor component={Link} to={`/messages?sessionId=${sessionId}`} size="sm">
                  Voir les messages de la session
                </Anchor>
              </Group>
            )}
          </Stack>
        </Alert>
      ) : (
        <ErrorAlert error={send.error} title="Envoi impossible" />
      )}
    </Stack>
  );
}
