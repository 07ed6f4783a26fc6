import { Stack, type MantineSpacing } from '@mantine/core';
import { ExportDataButton } from './ExportDataButton';
import { ReadsList } from './ReadsList';

/** The learner's personal data (issue 16): « Télécharger mes données » and who read the DP or jury dossier. */
export function PersonalData({
  learnerId,
  self = false,
  mt,
  mb,
}: {
  learnerId: string;
  self?: boolean;
  mt?: MantineSpacing;
  mb?: MantineSpacing;
}) {
  return (
    <Stack gap="sm" mt={mt} mb={mb}>
      <ExportDataButton learnerId={learnerId} self={self} />
      <ReadsList learnerId={learnerId} self={self} />
    </Stack>
  );
}
