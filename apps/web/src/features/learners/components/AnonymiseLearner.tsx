import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../../api/client';
import { ErrorAlert, fieldError, submitOnce } from '../../../components/ui';
import { dateTime } from '../../../lib/format';
import { useMutation } from '../../../lib/mutation';

type Learner = Schemas['LearnerDto'];

/** POST /api/learners/:id/anonymisation (admin, issue 16): the learner's identity erased at once. */
function useAnonymiseLearner(id: string, then: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => call(api.POST('/api/learners/{id}/anonymisation', { params: { path: { id } }, body: { reason } })),
    onSuccess: async () => {
      // Every view of this learner changes (name, DP text, attachments, booklet's holder).
      await queryClient.invalidateQueries();
      then();
    },
  });
}

/** « Données personnelles anonymisées le … »: shown on an anonymised learner's page. */
export function AnonymisedBanner({ learner }: { learner: Learner }) {
  if (!learner.anonymisedAt) return null;
  return (
    <Alert
      color="gray"
      variant="light"
      mb="md"
      role="status"
      title={`Données personnelles anonymisées le ${dateTime(learner.anonymisedAt)}`}
    >
      Nom, date de naissance, e-mail, employeur, aménagements, texte et pièces jointes du dossier professionnel ont été effacés ; le compte
      est désactivé. Le livret, les résultats et les PV restent, sous le pseudonyme {learner.pseudonym}. La fiche ne peut plus être
      modifiée.
    </Alert>
  );
}

/** The API's minimum (AnonymiseLearnerDto: 10 characters once trimmed, as a withdrawal's reason). */
const REASON_MIN = 10;

/**
 * « Anonymiser… » (admin): a reason, then a confirmation step; a double click sends one request
 * (useMutation's guard) and the server anonymises once (row lock, 409 LEARNER.ANONYMISED after).
 */
export function AnonymiseLearnerButton({ learner }: { learner: Learner }) {
  const [opened, setOpened] = useState(false);
  const [step, setStep] = useState<'reason' | 'confirm'>('reason');
  const [reason, setReason] = useState('');
  const close = () => {
    setOpened(false);
    setStep('reason');
    mutation.reset();
  };
  const mutation = useAnonymiseLearner(learner.id, () => {
    setOpened(false);
    setStep('reason');
    setReason('');
  });
  if (learner.anonymisedAt) return null;
  const trimmed = reason.trim();
  return (
    <>
      <Button variant="light" color="red" onClick={() => setOpened(true)}>
        Anonymiser…
      </Button>
      <Modal opened={opened} onClose={close} title="Anonymiser l’apprenant" centered>
        {step === 'reason' ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (trimmed.length >= REASON_MIN) setStep('confirm');
            }}
          >
            <Stack>
              <Text size="sm">
                Les données personnelles de {learner.firstName} {learner.lastName} seront effacées ou remplacées par un pseudonyme : nom,
                date de naissance, e-mail, employeur, aménagements, texte et pièces jointes du dossier professionnel, commentaires ; son
                compte sera désactivé. Le livret, les résultats et les PV restent.
              </Text>
              <Textarea
                label="Motif"
                description="Conservé dans le journal (10 à 500 caractères)"
                required
                autosize
                minRows={2}
                maxLength={500}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={fieldError(mutation.error, 'reason')}
              />
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  Annuler
                </Button>
                <Button type="submit" disabled={trimmed.length < REASON_MIN}>
                  Continuer
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <form onSubmit={submitOnce(mutation, trimmed)}>
            <Stack>
              <Text size="sm" fw={600}>
                Cette anonymisation est définitive : elle ne pourra pas être annulée.
              </Text>
              <Text size="sm">Motif : {trimmed}</Text>
              <ErrorAlert error={mutation.error && !fieldError(mutation.error, 'reason') ? mutation.error : null} />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setStep('reason')}>
                  Retour
                </Button>
                <Button type="submit" color="red" loading={mutation.isPending}>
                  Anonymiser définitivement
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
