import { useEffect, useState } from 'react';
import { Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { ApiError } from '../../../api/client';
import { both, ErrorAlert, Loading } from '../../../components/ui';
import { useLearnerEcf } from '../../ecf/api';
import { useProfessionalFile, useReopenDp, useSubmitDp, type ProfessionalFile } from '../api';
import { AttachmentsPanel } from './AttachmentsPanel';
import { CommentsPanel } from './CommentsPanel';
import { DeclarationPanel } from './DeclarationPanel';
import { DpStatus } from './DpStatus';
import { ExamplesPanel, type Ccp, type Editing } from './ExamplesPanel';
import { QualificationsPanel } from './QualificationsPanel';

/** The dossier professionnel: the learner edits and submits it; trainers read and comment it. */
export function ProfessionalFileEditor({
  file,
  ccps,
  learnerId,
  mode,
}: {
  file: ProfessionalFile;
  ccps: Ccp[];
  learnerId: string;
  mode: 'learner' | 'trainer' | 'admin' | 'jury';
}) {
  const editable = mode === 'learner' && file.status === 'draft';
  const [editing, setEditing] = useState<Editing>(null);
  const submit = useSubmitDp(learnerId);
  const reopen = useReopenDp(learnerId);
  // A refusal to submit speaks of the dossier as it was: once it changes, the refusal goes.
  const resetSubmit = submit.reset;
  useEffect(() => resetSubmit(), [file, resetSubmit]);
  const missingFor = (ccpCode: string) => (submit.error instanceof ApiError ? submit.error.items.filter((i) => i.ccpCode === ccpCode) : []);
  const declarationMissing = submit.error instanceof ApiError && submit.error.items.some((i) => i.field === 'declaration');
  return (
    <Stack gap="lg">
      <DpStatus file={file} learnerId={learnerId} />
      <CommentsPanel file={file} learnerId={learnerId} canComment={mode === 'trainer'} />

      {ccps.map((ccp) => (
        <ExamplesPanel
          key={ccp.ccpCode}
          ccp={ccp}
          file={file}
          learnerId={learnerId}
          editable={editable}
          canComment={mode === 'trainer'}
          editing={editing}
          setEditing={setEditing}
          missing={missingFor(ccp.ccpCode)}
        />
      ))}

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <QualificationsPanel file={file} learnerId={learnerId} editable={editable} />
        <AttachmentsPanel file={file} learnerId={learnerId} editable={editable} />
      </SimpleGrid>

      <DeclarationPanel file={file} learnerId={learnerId} editable={editable} missing={declarationMissing} />

      {mode === 'learner' && file.status === 'draft' && (
        <Paper withBorder p="md" bg="gray.0">
          <Group justify="space-between">
            <Text size="sm">Quand le dossier est complet, remettez-le : il sera transmis au jury et ne sera plus modifiable.</Text>
            <Button onClick={() => !submit.isPending && submit.mutate()} loading={submit.isPending}>
              Remettre mon dossier
            </Button>
          </Group>
          {submit.error ? <ErrorAlert error={submit.error} title="Le dossier ne peut pas être remis" /> : null}
        </Paper>
      )}
      {(mode === 'learner' || mode === 'admin') && file.status === 'submitted' && (
        <Group>
          <Button variant="default" onClick={() => !reopen.isPending && reopen.mutate()} loading={reopen.isPending}>
            Rouvrir le dossier pour le modifier
          </Button>
          <ErrorAlert error={reopen.error} />
        </Group>
      )}
    </Stack>
  );
}

/** Loads a learner's DP and the CCPs of their title (from the ECF answer, cached), then the editor. */
export function DpOf({ learnerId, mode }: { learnerId: string; mode: 'learner' | 'trainer' | 'admin' | 'jury' }) {
  const dp = useProfessionalFile(learnerId);
  const ecf = useLearnerEcf(learnerId);
  return (
    <Loading query={both(dp, ecf)}>
      {([file, { ccps }]) => <ProfessionalFileEditor file={file} ccps={ccps} learnerId={learnerId} mode={mode} />}
    </Loading>
  );
}
