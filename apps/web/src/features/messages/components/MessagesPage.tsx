import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDebouncedValue } from '@mantine/hooks';
import { Alert, Badge, Button, Code, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { ErrorAlert, Loading, PagedTable, PageTitle } from '../../../components/ui';
import { dateTime, size } from '../../../lib/format';
import { useMessage, useMessages, useResendMessage, type MessageStatus } from '../api';

const STATUS: Record<MessageStatus, { label: string; color: string }> = {
  queued: { label: 'en attente', color: 'yellow' },
  sent: { label: 'envoyé', color: 'green' },
  failed: { label: 'échec', color: 'red' },
};

const KIND: Record<string, string> = {
  invitation: 'Invitation',
  password_reset: 'Mot de passe oublié',
  convocation_candidate: 'Convocation (candidat)',
  convocation_juror: 'Convocation (jury)',
  results_available: 'Résultats disponibles',
  reminder_pv_signature: 'Rappel : signature du PV',
  reminder_dp: 'Rappel : dossier professionnel',
};

/** « Messages envoyés » (staff): every message the centre sent or will send, its status, « Renvoyer ». */
export function MessagesPage() {
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<MessageStatus | null>(null);
  const [to, setTo] = useState('');
  const sessionId = params.get('sessionId');
  const opened = params.get('message');
  const [toSearched] = useDebouncedValue(to, 300); // typed key by key: one request once the typing pauses
  const messages = useMessages({ page, status, to: toSearched, sessionId });
  const open = (id: string | null) =>
    setParams(
      (p) => {
        if (id) p.set('message', id);
        else p.delete('message');
        return p;
      },
      { replace: false },
    );
  return (
    <Stack>
      <PageTitle>Messages envoyés</PageTitle>
      <Text size="sm" c="dimmed">
        Invitations, mots de passe oubliés, convocations, résultats et rappels : chaque message tel qu’il est parti, avec la signature du
        centre. Sans serveur d’envoi configuré (SMTP_URL), les messages sont gardés ici.
      </Text>
      {sessionId && (
        <Alert variant="light" color="blue">
          Messages d’une session de jury.{' '}
          <Button variant="subtle" size="compact-sm" onClick={() => setParams({})}>
            Voir tous les messages
          </Button>
        </Alert>
      )}
      <Group align="end" wrap="wrap">
        <TextInput
          label="Destinataire"
          placeholder="nom ou adresse"
          value={to}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setTo(value);
            setPage(1);
          }}
          maw="100%"
        />
        <Select
          label="Statut"
          placeholder="Tous"
          clearable
          data={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))}
          value={status}
          onChange={(v) => {
            setStatus(v as MessageStatus | null);
            setPage(1);
          }}
        />
      </Group>
      <PagedTable
        query={messages}
        empty="Aucun message."
        onPage={setPage}
        head={
          <Table.Tr>
            <Table.Th>Date</Table.Th>
            <Table.Th>Destinataire</Table.Th>
            <Table.Th>Objet</Table.Th>
            <Table.Th>Statut</Table.Th>
          </Table.Tr>
        }
        row={(m) => (
          <Table.Tr key={m.id}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateTime(m.createdAt)}</Table.Td>
            <Table.Td>
              {m.toName ? (
                <>
                  {m.toName}
                  <Text size="xs" c="dimmed">
                    {m.to}
                  </Text>
                </>
              ) : (
                m.to
              )}
            </Table.Td>
            <Table.Td>
              <Button
                variant="subtle"
                size="compact-sm"
                onClick={() => open(m.id)}
                style={{ whiteSpace: 'normal', height: 'auto', textAlign: 'left' }}
              >
                {m.subject}
              </Button>
              <Text size="xs" c="dimmed">
                {KIND[m.kind] ?? m.kind}
              </Text>
            </Table.Td>
            <Table.Td>
              <StatusBadge status={m.status} embedded={m.delivery === 'embedded'} />
              {m.status !== 'sent' && m.lastError && (
                <Text size="xs" c="red">
                  {m.lastError}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        )}
      />
      <Modal opened={!!opened} onClose={() => open(null)} title="Message" size="lg">
        {opened && <MessageDetail id={opened} onResent={(id) => open(id)} />}
      </Modal>
    </Stack>
  );
}

function StatusBadge({ status, embedded }: { status: MessageStatus; embedded: boolean }) {
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

function MessageDetail({ id, onResent }: { id: string; onResent: (id: string) => void }) {
  const message = useMessage(id);
  const resend = useResendMessage();
  const [confirming, setConfirming] = useState(false);
  return (
    <Loading query={message}>
      {(m) => (
        <Stack>
          <div>
            <Text fw={600}>{m.subject}</Text>
            <Text size="sm">
              À : {m.toName ? `${m.toName} <${m.to}>` : m.to}
              {m.replyTo && ` · Réponse à : ${m.replyTo}`}
            </Text>
            <Text size="sm" c="dimmed">
              {KIND[m.kind] ?? m.kind} · écrit le {dateTime(m.createdAt)}
              {m.sentAt && ` · envoyé le ${dateTime(m.sentAt)}`} · {m.attempts} essai{m.attempts > 1 ? 's' : ''}
            </Text>
            <Group gap="xs" mt={4}>
              <StatusBadge status={m.status} embedded={m.delivery === 'embedded'} />
            </Group>
            {m.lastError && m.status !== 'sent' && (
              <Text size="sm" c="red">
                Dernière erreur : {m.lastError}
              </Text>
            )}
          </div>
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="message-text">
            {m.text}
          </Code>
          {m.attachments.length > 0 && (
            <div>
              <Text size="sm" fw={600}>
                Pièces jointes
              </Text>
              {m.attachments.map((a) => (
                <Text size="sm" key={a.filename}>
                  {a.filename} ({size(a.size)})
                </Text>
              ))}
            </div>
          )}
          <ErrorAlert error={resend.error} />
          {confirming ? (
            <Group>
              <Text size="sm">Envoyer de nouveau ce message à {m.to} ?</Text>
              <Button
                loading={resend.isPending}
                onClick={() =>
                  resend.mutate(m.id, {
                    onSuccess: (r) => {
                      setConfirming(false);
                      onResent(r.id);
                    },
                  })
                }
              >
                Confirmer le renvoi
              </Button>
              <Button variant="default" onClick={() => setConfirming(false)}>
                Annuler
              </Button>
            </Group>
          ) : (
            <Group>
              <Button variant="light" onClick={() => setConfirming(true)}>
                Renvoyer
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Loading>
  );
}
