import { Badge, Group } from '@mantine/core';
import { DownloadButton } from '../../../components/ui';
import { date } from '../../../lib/format';
import type { ProfessionalFile } from '../api';

/** Draft or submitted, the patient-data warnings (R-DP-2) of the whole DP, and its PDF. */
export function DpStatus({ file, learnerId }: { file: ProfessionalFile; learnerId: string }) {
  return (
    <Group justify="space-between">
      <Group>
        {file.status === 'submitted' ? (
          <Badge color="green" size="lg">
            Remis le {date(file.submittedAt)}
          </Badge>
        ) : (
          <Badge color="yellow" size="lg">
            Brouillon
          </Badge>
        )}
        {file.warnings.length > 0 && <Badge color="orange">{file.warnings.length} avertissement(s) : données de santé possibles</Badge>}
      </Group>
      <DownloadButton path={`/api/learners/${learnerId}/professional-file.pdf`} fileName="dossier-professionnel.pdf">
        Dossier professionnel (PDF)
      </DownloadButton>
    </Group>
  );
}
