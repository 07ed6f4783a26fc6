import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  Paper,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { ApiError } from '../../../api/client';
import { useAuth } from '../../../auth';
import { DateField } from '../../../components/DateField';
import { ErrorAlert, fieldError, PagedTable, PageTitle, submitOnce } from '../../../components/ui';
import { date } from '../../../lib/format';
import { useCreateLearner, useImportLearners, useLearners, type ImportReport } from '../api';
import { useCohortOptions } from '../../cohorts/api';
import { useCertifications } from '../../referential/api';

export function LearnersPage() {
  const { has } = useAuth();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [cohortId, setCohortId] = useState<string | null>(null);
  const [search] = useDebouncedValue(q, 300);
  const [panel, setPanel] = useState<'create' | 'import' | null>(null);
  const cohorts = useCohortOptions();
  const query = useLearners(page, search, cohortId);
  const cohortName = new Map((cohorts.data ?? []).map((c) => [c.value, c.label]));
  return (
    <>
      <PageTitle
        actions={
          has('admin') && (
            <>
              <Button onClick={() => setPanel('create')}>Nouvel apprenant</Button>
              <Button variant="light" onClick={() => setPanel('import')}>
                Importer un fichier (Excel ou CSV)
              </Button>
            </>
          )
        }
      >
        Apprenants
      </PageTitle>
      {panel === 'create' && <LearnerForm onDone={() => setPanel(null)} />}
      {panel === 'import' && <ImportPanel onDone={() => setPanel(null)} />}
      <Group mb="sm" align="flex-end">
        <TextInput
          label="Rechercher (nom, prénom, e-mail)"
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setPage(1);
          }}
          w={320}
        />
        <Select
          label="Cohorte"
          placeholder="Toutes"
          data={cohorts.data ?? []}
          value={cohortId}
          onChange={(v) => {
            setCohortId(v);
            setPage(1);
          }}
          clearable
          w={280}
        />
      </Group>
      <PagedTable
        query={query}
        empty="Aucun apprenant ne correspond."
        highlightOnHover
        onPage={setPage}
        head={
          <Table.Tr>
            <Table.Th>Nom</Table.Th>
            <Table.Th>Né(e) le</Table.Th>
            <Table.Th>Parcours</Table.Th>
            <Table.Th>Cohorte</Table.Th>
            <Table.Th>E-mail</Table.Th>
          </Table.Tr>
        }
        row={(l) => (
          <Table.Tr key={l.id}>
            <Table.Td>
              <Anchor component={Link} to={`/apprenants/${l.id}`}>
                {l.lastName.toUpperCase()} {l.firstName}
              </Anchor>
            </Table.Td>
            <Table.Td>{date(l.birthDate)}</Table.Td>
            <Table.Td>{l.pathway === 'vae' ? <Badge variant="light">VAE</Badge> : 'Formation'}</Table.Td>
            <Table.Td>{l.cohortId ? (cohortName.get(l.cohortId) ?? '—') : '—'}</Table.Td>
            <Table.Td>{l.email}</Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}

function LearnerForm({ onDone }: { onDone: () => void }) {
  const navigate = useNavigate();
  const cohorts = useCohortOptions();
  const certifications = useCertifications();
  const [v, setV] = useState({ firstName: '', lastName: '', email: '', employer: '', accommodations: '', password: '' });
  const [birthDate, setBirthDate] = useState<string | null>(null);
  const [pathway, setPathway] = useState<'training' | 'vae'>('training');
  const [cohortId, setCohortId] = useState<string | null>(null);
  const [vaeDate, setVaeDate] = useState<string | null>(null);
  // VAE: left empty, the API takes the title in force on the recevabilité's date (contract).
  const [certificationCode, setCode] = useState<string | null>(null);
  const mutation = useCreateLearner((learner) => navigate(`/apprenants/${learner.id}`));
  const body = {
    firstName: v.firstName,
    lastName: v.lastName,
    email: v.email,
    birthDate: birthDate ?? '',
    pathway,
    cohortId: pathway === 'training' ? (cohortId ?? undefined) : undefined,
    vaeAdmissibilityDate: pathway === 'vae' ? (vaeDate ?? undefined) : undefined,
    certificationCode: pathway === 'vae' ? (certificationCode ?? undefined) : undefined,
    employer: v.employer || undefined,
    accommodations: v.accommodations || undefined,
    password: v.password || undefined,
  };
  const e = mutation.error;
  const text = (key: keyof typeof v, label: string, props: Record<string, unknown> = {}) => (
    <TextInput
      label={label}
      value={v[key]}
      onChange={(ev) => {
        const value = ev.currentTarget.value; // read now: React clears currentTarget once the event is handled
        setV((s) => ({ ...s, [key]: value }));
      }}
      error={fieldError(e, key)}
      {...props}
    />
  );
  const known = [
    'firstName',
    'lastName',
    'email',
    'birthDate',
    'pathway',
    'cohortId',
    'vaeAdmissibilityDate',
    'certificationCode',
    'employer',
    'accommodations',
    'password',
  ];
  return (
    <Paper withBorder p="md" mb="md" component="form" onSubmit={submitOnce(mutation, body)}>
      <Title order={2} size="h4" mb="sm">
        Nouvel apprenant
      </Title>
      <Stack gap="sm">
        <Group grow align="flex-start" className="form-row">
          {text('lastName', 'Nom', { required: true })}
          {text('firstName', 'Prénom', { required: true })}
          <DateField label="Date de naissance" required value={birthDate} onChange={setBirthDate} error={fieldError(e, 'birthDate')} />
        </Group>
        <Group grow align="flex-start" className="form-row">
          {text('email', 'Adresse e-mail', { required: true, type: 'email' })}
          {text('employer', 'Employeur (facultatif)')}
        </Group>
        <div>
          <Text size="sm" fw={500} id="pathway-label">
            Parcours
          </Text>
          <SegmentedControl
            aria-labelledby="pathway-label"
            value={pathway}
            onChange={(p) => setPathway(p)}
            data={[
              { value: 'training', label: 'Formation' },
              { value: 'vae', label: 'VAE' },
            ]}
          />
        </div>
        {pathway === 'training' ? (
          <Select
            label="Cohorte"
            required
            data={cohorts.data ?? []}
            value={cohortId}
            onChange={setCohortId}
            error={fieldError(e, 'cohortId')}
            searchable
          />
        ) : (
          <Group grow align="flex-start" className="form-row">
            <Select
              label="Titre visé (facultatif)"
              description="Laisser vide : le titre en vigueur à la date de recevabilité"
              clearable
              data={(certifications.data ?? []).map((c) => ({ value: c.code, label: `${c.code} — ${c.acronym ?? c.name}` }))}
              value={certificationCode}
              onChange={setCode}
              error={fieldError(e, 'certificationCode')}
            />
            <DateField
              label="Date de recevabilité VAE"
              required
              value={vaeDate}
              onChange={setVaeDate}
              error={fieldError(e, 'vaeAdmissibilityDate')}
            />
          </Group>
        )}
        <Textarea
          label="Aménagements d'épreuve accordés (facultatif)"
          value={v.accommodations}
          onChange={(ev) => {
            const value = ev.currentTarget.value; // read now: React clears currentTarget once the event is handled
            setV((s) => ({ ...s, accommodations: value }));
          }}
          error={fieldError(e, 'accommodations')}
          autosize
        />
        <PasswordInput
          label="Mot de passe du compte apprenant (facultatif)"
          description="Renseigné, l'apprenant peut se connecter avec son e-mail pour suivre son livret et rédiger son dossier."
          value={v.password}
          onChange={(ev) => {
            const value = ev.currentTarget.value; // read now: React clears currentTarget once the event is handled
            setV((s) => ({ ...s, password: value }));
          }}
          error={fieldError(e, 'password')}
          autoComplete="new-password"
        />
        <ErrorAlert error={e && !fieldError(e, ...known) ? e : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Créer l'apprenant
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

type Report = ImportReport;

function ImportPanel({ onDone }: { onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const importing = useImportLearners(setReport);
  const mutation = {
    ...importing,
    mutate: (dryRun: boolean) => importing.mutate({ file: file!, dryRun }),
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
      {mutation.isPending && (
        <Text size="sm" mt="xs" aria-live="polite">
          Traitement du fichier en cours…
        </Text>
      )}
      {report && (
        <Alert color="green" mt="sm" role="status">
          {report.dryRun
            ? `Fichier valide : ${report.lines} ligne(s) prêtes à importer.`
            : `${report.created} apprenant(s) créé(s) sur ${report.lines} ligne(s).`}
        </Alert>
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
