import { useRef, useState } from 'react';
import { Button, Stack, Text, type MantineSpacing } from '@mantine/core';
import { download } from '../../../api/client';
import { ErrorAlert } from '../../../components/ui';

/**
 * « Télécharger mes données » (issue 16, item 2; RGPD art. 15 and 20): a ZIP of everything the
 * centre holds on the learner — learner.json and the DP's attachments —, from
 * GET /api/learners/:id/export. The learner on « Mon livret », the centre on the learner's screen.
 * One download per click, however fast the clicks: a second click while one runs does nothing
 * (the ref is set before React re-renders the button as loading).
 */
export function ExportDataButton({
  learnerId,
  self = false,
  mt,
  mb,
}: {
  learnerId: string;
  /** The learner's own button (« mes données »). */
  self?: boolean;
  mt?: MantineSpacing;
  mb?: MantineSpacing;
}) {
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const start = async (): Promise<void> => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await download(`/api/learners/${learnerId}/export`, 'donnees.zip');
    } catch (e) {
      setError(e);
    } finally {
      running.current = false;
      setBusy(false);
    }
  };
  return (
    <Stack gap={4} maw={480} mt={mt} mb={mb}>
      <Button variant="default" w="fit-content" loading={busy} onClick={() => void start()} data-testid="export-data">
        {self ? 'Télécharger mes données' : 'Télécharger les données de l’apprenant'}
      </Button>
      <Text size="xs" c="dimmed">
        {self
          ? 'Un fichier ZIP avec tout ce que le centre conserve sur vous\u00a0: fiche, ECF, dossier professionnel et pièces jointes, sessions, livret, historique et consultations.'
          : 'Un fichier ZIP (RGPD)\u00a0: fiche, ECF, DP et pièces jointes, sessions, livret, historique, consultations. Le téléchargement est journalisé.'}
      </Text>
      {error ? <ErrorAlert error={error} title="Téléchargement impossible" /> : null}
    </Stack>
  );
}
