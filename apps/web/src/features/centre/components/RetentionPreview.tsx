import { useState } from 'react';
import { Alert, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../../api/client';
import { ErrorAlert, Loading } from '../../../components/ui';
import { useMutation } from '../../../lib/mutation';
import { date } from '../../../lib/format';

type Preview = Schemas['RetentionPreviewDto'];
type RetentionLearner = Schemas['RetentionLearnerDto'];

/** `['retention', 'preview']`: what the next daily run will erase (issue 16). */
export const retentionKeys = { preview: ['retention', 'preview'] as const };

export const useRetentionPreview = () =>
  useQuery({ queryKey: retentionKeys.preview, queryFn: () => call(api.GET('/api/retention/preview')) });

/** « Appliquer maintenant »: the run the job does at 03:00, at once (POST /api/retention/runs). */
export function useRunRetention() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST('/api/retention/runs')),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: retentionKeys.preview });
      await queryClient.invalidateQueries({ queryKey: ['learners'] });
      await queryClient.invalidateQueries({ queryKey: ['learner'] });
    },
  });
}

const REFERENCES: Record<RetentionLearner['reference'], string> = {
  session: 'dernière session',
  cohort: 'fin de promotion',
  vae: 'recevabilité VAE',
  created: 'création de la fiche',
};

function Learners({ items, attachments }: { items: RetentionLearner[]; attachments?: boolean }) {
  if (items.length === 0) return null;
  const shown = items.slice(0, 50);
  return (
    <List size="sm" spacing={2}>
      {shown.map((l) => (
        <List.Item key={l.learnerId}>
          {l.label} — {REFERENCES[l.reference]} le {date(l.referenceDate)}
          {attachments ? ` · ${l.attachments} pièce${l.attachments > 1 ? 's' : ''} jointe${l.attachments > 1 ? 's' : ''}` : ''}
        </List.Item>
      ))}
      {items.length > shown.length && <List.Item>… et {items.length - shown.length} autre(s)</List.Item>}
    </List>
  );
}

/**
 * « Ce qui sera effacé le … » (issue 16): the next run of the retention policy — DP attachments to
 * delete, identities to anonymise, with the learners — and « Appliquer maintenant » (admin).
 */
export function RetentionPreview() {
  const preview = useRetentionPreview();
  const run = useRunRetention();
  const [confirming, setConfirming] = useState(false);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        Conservation des données : prochaine application
      </Title>
      <Loading query={preview}>
        {(p: Preview) => (
          <Stack gap="xs">
            <Text size="sm" data-testid="retention-summary">
              Le {date(p.nextRunOn)}, seront effacés : {p.attachmentsToDelete} pièce{p.attachmentsToDelete > 1 ? 's' : ''} jointe
              {p.attachmentsToDelete > 1 ? 's' : ''} de DP, {p.identitiesToAnonymise} identité{p.identitiesToAnonymise > 1 ? 's' : ''}{' '}
              anonymisée
              {p.identitiesToAnonymise > 1 ? 's' : ''}.
            </Text>
            <Text size="xs" c="dimmed">
              Chaque jour à 3 h (heure de Paris) : pièces jointes {p.policy.attachmentsYears} an{p.policy.attachmentsYears > 1 ? 's' : ''},
              identité {p.policy.identityYears} an{p.policy.identityYears > 1 ? 's' : ''} après la dernière session (sans session : fin de
              promotion, recevabilité VAE ou création de la fiche, la plus tardive). Le livret, les résultats, les PV et les statistiques
              restent, sous un pseudonyme.
            </Text>
            {p.attachmentLearners.length > 0 && (
              <>
                <Text size="sm" fw={600}>
                  Pièces jointes de DP à effacer
                </Text>
                <Learners items={p.attachmentLearners} attachments />
              </>
            )}
            {p.identityLearners.length > 0 && (
              <>
                <Text size="sm" fw={600}>
                  Identités à anonymiser
                </Text>
                <Learners items={p.identityLearners} />
              </>
            )}
            {p.skippedOpenSession > 0 && (
              <Text size="sm" c="orange">
                {p.skippedOpenSession} identité(s) échue(s) reportée(s) : une session les concernant n’est pas close.
              </Text>
            )}
            {run.data && 'status' in run.data && (
              // 202: a long first run goes on after the answer; its result will be in the log.
              <Alert color="blue" variant="light" role="status" title="Application en cours">
                {run.data.message}
              </Alert>
            )}
            {run.data && !('status' in run.data) && (
              <Alert color="green" variant="light" role="status" title="Politique appliquée">
                {run.data.attachmentsDeleted} pièce(s) jointe(s) effacée(s), {run.data.identitiesAnonymised} identité(s) anonymisée(s)
                {run.data.skippedOpenSession ? `, ${run.data.skippedOpenSession} reportée(s) (session en cours)` : ''}.
              </Alert>
            )}
            <ErrorAlert error={run.error} />
            {confirming ? (
              <Group>
                <Text size="sm">Ces effacements sont définitifs.</Text>
                <Button variant="default" onClick={() => setConfirming(false)}>
                  Annuler
                </Button>
                <Button
                  color="red"
                  loading={run.isPending}
                  onClick={() => run.mutate(undefined, { onSettled: () => setConfirming(false) })}
                >
                  Confirmer l’application
                </Button>
              </Group>
            ) : (
              <Group>
                <Button
                  variant="light"
                  color="red"
                  disabled={p.attachmentsToDelete === 0 && p.identitiesToAnonymise === 0}
                  onClick={() => setConfirming(true)}
                >
                  Appliquer maintenant…
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </Loading>
    </Paper>
  );
}
