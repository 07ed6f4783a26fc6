import { useState } from 'react';
import { Alert, Button, Checkbox, FileInput, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { ApiError } from '../../../api/client';
import { ErrorAlert } from '../../../components/ui';
import { InviteImportedButton } from '../../messages';
import { useImportLearners, type ImportReport } from '../api';

type Report = ImportReport;

export function ImportPanel({ onDone }: { onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [invite, setInvite] = useState(false);
  const importing = useImportLearners(setReport);
  const mutation = {
    ...importing,
    mutate: (dryRun: boolean) => importing.mutate({ file: file!, dryRun, invite }),
    variables: importing.variables?.dryRun,
  };
  const lineErrors =
    mutation.error instanceof ApiError && Array.isArray(mutation.error.body.details)
      ? (mutation.error.body.details as { line?: number; field?: string; message: string }[]).filter((d) => d.line)
      : [];
  return (
    <Paper withBorder p="md" mb="md">
      <Title order={2} size="h4" mb="xs">
        Importer des apprenants
      </Title>
      <Text size="sm" mb="sm">
        Classeur Excel (.xlsx, première feuille) ou fichier CSV (séparateur ; ou ,, tel qu'Excel l'enregistre : « CSV (séparateur :
        point-virgule) » ou « CSV UTF-8 »). Une ligne d'en-tête : Nom, Prénom, Date de naissance (JJ/MM/AAAA), E-mail, Parcours (formation
        ou VAE), Promotion (pour la formation), Date recevabilité VAE (pour la VAE), Titre (en VAE, facultatif : à défaut, le titre en
        vigueur à la recevabilité), Employeur, Aménagements. Les lignes vides sont ignorées ; les erreurs sont signalées avec le numéro de
        ligne du tableur. Rien n'est enregistré si une ligne est invalide : vérifiez d'abord le fichier, puis importez-le.
      </Text>
      <Group align="flex-end">
        <FileInput
          label="Fichier Excel (.xlsx) ou CSV"
          placeholder="Choisir un fichier"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          value={file}
          onChange={(f) => {
            setFile(f);
            setReport(null);
            mutation.reset();
          }}
          w={360}
          clearable
        />
        <Button
          variant="light"
          disabled={!file}
          loading={mutation.isPending && mutation.variables === true}
          onClick={() => !mutation.isPending && mutation.mutate(true)}
        >
          Vérifier le fichier
        </Button>
        <Button
          disabled={!file || !report || !report.dryRun}
          loading={mutation.isPending && mutation.variables === false}
          onClick={() => !mutation.isPending && mutation.mutate(false)}
        >
          Importer
        </Button>
        <Button variant="default" onClick={onDone}>
          Fermer
        </Button>
      </Group>
      <Checkbox
        mt="sm"
        label="Inviter chaque apprenant créé : un e-mail avec un lien, valable 7 jours, pour choisir son mot de passe"
        checked={invite}
        onChange={(e) => setInvite(e.currentTarget.checked)}
      />
      {mutation.isPending && (
        <Text size="sm" mt="xs" aria-live="polite">
          Traitement du fichier en cours…
        </Text>
      )}
      {report && (
        <Alert color="green" mt="sm" role="status">
          {report.dryRun
            ? `Fichier valide : ${report.lines} ligne(s) prêtes à importer.`
            : `${report.created} apprenant(s) créé(s) sur ${report.lines} ligne(s).${
                importing.variables?.invite ? ' Chacun reçoit une invitation par e-mail.' : ''
              }`}
        </Alert>
      )}
      {report && !report.dryRun && !importing.variables?.invite && report.learnerIds.length > 0 && (
        <Stack mt="sm" gap={4}>
          <Text size="sm">Les apprenants importés n’ont pas encore de compte : invitez-les à choisir leur mot de passe.</Text>
          <InviteImportedButton learnerIds={report.learnerIds} />
        </Stack>
      )}
      {mutation.error && (
        <Stack mt="sm" gap="xs">
          <ErrorAlert error={mutation.error} title="Fichier refusé" />
          {lineErrors.length > 0 && (
            <Table.ScrollContainer minWidth={0} type="native">
              <Table withTableBorder aria-label="Erreurs par ligne">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Ligne</Table.Th>
                    <Table.Th>Colonne</Table.Th>
                    <Table.Th>Problème</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {lineErrors.slice(0, 200).map((d, i) => (
                    <Table.Tr key={i}>
                      <Table.Td>{d.line}</Table.Td>
                      <Table.Td>{d.field ?? '—'}</Table.Td>
                      <Table.Td>{d.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      )}
    </Paper>
  );
}
