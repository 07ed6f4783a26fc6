import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { Alert, Button, Code, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { ErrorAlert, Loading, PagedTable, PageTitle } from '../../../components/ui';
import { dateTime, size } from '../../../lib/format';
import { useMessage, useMessages, useResendMessage, type MessageStatus } from '../api';
import { MessageCards } from './MessageCards';
import { KIND, STATUS, StatusBadge } from './MessageLabels';

/** Messages whose link serves once and expires: resending the same text would send a dead link. */
const SINGLE_USE_LINK: Record<string, string> = {
  invitation:
    'Cette invitation porte un lien à usage unique, valable 7 jours : pour l’envoyer de nouveau, invitez la personne depuis sa fiche (un nouveau lien remplace celui-ci).',
  password_reset:
    'Ce lien de mot de passe oublié sert une fois et dure une heure : la personne en demande un nouveau (« Mot de passe oublié ? »).',
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
  const narrow = useMediaQuery('(max-width: 48em)', undefined, { getInitialValueInEffect: false }); // a phone: cards instead of the table
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
      {narrow ? (
        <MessageCards query={messages} onOpen={open} onPage={setPage} />
      ) : (
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
      )}
      <Modal opened={!!opened} onClose={() => open(null)} title="Message" size="lg" closeButtonProps={{ 'aria-label': 'Fermer' }}>
        {opened && <MessageDetail id={opened} onResent={(id) => open(id)} />}
      </Modal>
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
          <ErrorAlert error={resend.error} title="Renvoi impossible" />
          {SINGLE_USE_LINK[m.kind] ? (
            <Text size="sm" c="dimmed">
              {SINGLE_USE_LINK[m.kind]}
            </Text>
          ) : confirming ? (
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
