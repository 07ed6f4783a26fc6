import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../lib/mutation';
import {
  Alert,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { ApiError, api, call, download, session, type Schemas } from '../api/client';
import { date, dateTime, size, today } from '../lib/format';
import { DateField } from './DateField';
import { both, DownloadButton, ErrorAlert, fieldError, Loading, submitOnce } from './ui';
import { useLearnerEcf, useProfessionalFile } from '../lib/queries';

type ProfessionalFile = Schemas['ProfessionalFileDto'];
type Example = Schemas['ExampleDto'];
type ExampleInput = Schemas['ExampleInputDto'];
type Ccp = { ccpCode: string; number: number; title: string };

const FIELDS: { key: keyof ExampleInput; label: string; help: string; long?: boolean; optional?: boolean }[] = [
  { key: 'title', label: "Intitulé de l'exemple", help: 'La tâche ou la situation, en quelques mots.' },
  { key: 'organisation', label: "Nom de l'entreprise, organisme ou association", help: '' },
  { key: 'service', label: 'Chantier, atelier, service', help: 'Facultatif.', optional: true },
  {
    key: 'tasks',
    label: '1. Décrivez les tâches ou opérations que vous avez effectuées, et dans quelles conditions',
    help: 'Sans nom de patient ni numéro de sécurité sociale.',
    long: true,
  },
  { key: 'means', label: '2. Précisez les moyens utilisés', help: 'Logiciels, outils, documents.', long: true },
  { key: 'collaborators', label: '3. Avec qui avez-vous travaillé ?', help: 'Fonctions, pas de noms de patients.', long: true },
  { key: 'extra', label: '4. Informations complémentaires (facultatif)', help: '', long: true, optional: true },
];

const emptyExample = (ccpCode: string): ExampleInput => ({
  ccpCode,
  title: '',
  organisation: '',
  service: '',
  periodFrom: '',
  periodTo: '',
  tasks: '',
  means: '',
  collaborators: '',
  extra: '',
});

/** The patient-data warnings (R-DP-2) of one field of an example. */
const warningsOf = (example: Example | undefined, key: string) => (example?.warnings ?? []).filter((w) => w.field.endsWith(`.${key}`));

function ExampleForm({
  learnerId,
  ccpCode,
  example,
  onDone,
  onCreated,
}: {
  learnerId: string;
  ccpCode: string;
  example?: Example;
  onDone: () => void;
  /** A new example saved with warnings stays open for correction, now as that example. */
  onCreated?: (id: string) => void;
}) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<ExampleInput>(() =>
    example
      ? {
          ccpCode,
          title: example.title,
          organisation: example.organisation,
          service: example.service ?? '',
          periodFrom: example.periodFrom,
          periodTo: example.periodTo,
          tasks: example.tasks,
          means: example.means,
          collaborators: example.collaborators,
          extra: example.extra ?? '',
        }
      : emptyExample(ccpCode),
  );
  const [saved, setSaved] = useState<Example | undefined>(example);
  const mutation = useMutation({
    mutationFn: () => {
      const body = { ...values, service: values.service || undefined, extra: values.extra || undefined };
      return saved
        ? call(
            api.PUT('/api/learners/{id}/professional-file/examples/{exampleId}', {
              params: { path: { id: learnerId, exampleId: saved.id } },
              body,
            }),
          )
        : call(api.POST('/api/learners/{id}/professional-file/examples', { params: { path: { id: learnerId } }, body }));
    },
    onSuccess: async (result) => {
      setSaved(result);
      await queryClient.invalidateQueries({ queryKey: ['dp', learnerId] });
      if (result.warnings.length === 0) onDone();
      else if (!example) onCreated?.(result.id);
    },
  });
  const error = mutation.error;
  const set = (key: keyof ExampleInput, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const generic = error && !(error instanceof ApiError && error.status === 400 && Object.keys(error.fields).length > 0);
  return (
    <Paper withBorder p="md" component="form" onSubmit={submitOnce(mutation)}>
      <Stack gap="sm">
        <Title order={4} size="h5">
          {saved ? 'Modifier l’exemple' : 'Nouvel exemple de pratique professionnelle'}
        </Title>
        {FIELDS.slice(0, 3).map((f) => (
          <TextInput
            key={f.key}
            label={f.label}
            description={f.help || undefined}
            required={!f.optional}
            value={values[f.key] ?? ''}
            onChange={(e) => set(f.key, e.currentTarget.value)}
            error={fieldError(error, f.key)}
          />
        ))}
        <Group grow align="flex-start" className="form-row">
          <DateField
            label="Période : du"
            required
            value={values.periodFrom || null}
            onChange={(v) => set('periodFrom', v ?? '')}
            error={fieldError(error, 'periodFrom')}
            maxDate={today()}
          />
          <DateField
            label="Période : au"
            required
            value={values.periodTo || null}
            onChange={(v) => set('periodTo', v ?? '')}
            error={fieldError(error, 'periodTo')}
          />
        </Group>
        {FIELDS.slice(3).map((f) => {
          const warnings = warningsOf(saved, f.key);
          return (
            <div key={f.key}>
              <Textarea
                label={f.label}
                description={f.help || undefined}
                required={!f.optional}
                autosize
                minRows={3}
                maxRows={14}
                value={values[f.key] ?? ''}
                onChange={(e) => set(f.key, e.currentTarget.value)}
                error={fieldError(error, f.key)}
              />
              {warnings.map((w, i) => (
                <Alert key={i} color="orange" variant="light" mt={4} p="xs" role="status" title="Donnée de santé possible (R-DP-2)">
                  {w.message}
                </Alert>
              ))}
            </div>
          );
        })}
        {generic ? <ErrorAlert error={error} /> : null}
        {saved && saved.warnings.length > 0 && !mutation.isPending && (
          <Text size="sm" fw={600}>
            ⚠ Exemple enregistré. Vérifiez les passages signalés, corrigez-les puis enregistrez de nouveau.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Fermer
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Enregistrer l'exemple
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ExampleCard({
  example,
  learnerId,
  editable,
  onEdit,
  canComment,
}: {
  example: Example;
  learnerId: string;
  editable: boolean;
  onEdit: () => void;
  canComment: boolean;
}) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () =>
      call(
        api.DELETE('/api/learners/{id}/professional-file/examples/{exampleId}', {
          params: { path: { id: learnerId, exampleId: example.id } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['dp', learnerId] }),
  });
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" align="flex-start">
        <div>
          <Text fw={600}>{example.title}</Text>
          <Text size="sm" c="dimmed">
            {example.organisation}
            {example.service ? ` · ${example.service}` : ''} · du {date(example.periodFrom)} au {date(example.periodTo)}
          </Text>
        </div>
        {example.warnings.length > 0 && <Badge color="orange">{example.warnings.length} avertissement(s) données de santé</Badge>}
      </Group>
      <Text size="sm" mt="xs" lineClamp={3}>
        {example.tasks}
      </Text>
      {example.warnings.map((w, i) => (
        <Text key={i} size="xs" fw={600}>
          ⚠ {w.message}
        </Text>
      ))}
      <Group mt="xs">
        {editable && (
          <>
            <Button size="xs" variant="light" onClick={onEdit}>
              Modifier
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              loading={remove.isPending}
              onClick={() => window.confirm('Supprimer cet exemple ?') && remove.mutate()}
            >
              Supprimer
            </Button>
          </>
        )}
        {canComment && <CommentForm learnerId={learnerId} exampleId={example.id} />}
      </Group>
      <ErrorAlert error={remove.error} />
    </Card>
  );
}

function CommentForm({ learnerId, exampleId }: { learnerId: string; exampleId?: string }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const mutation = useMutation({
    mutationFn: () =>
      call(api.POST('/api/learners/{id}/professional-file/comments', { params: { path: { id: learnerId } }, body: { text, exampleId } })),
    onSuccess: async () => {
      setText('');
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ['dp', learnerId] });
    },
  });
  if (!open)
    return (
      <Button size="xs" variant="light" onClick={() => setOpen(true)}>
        {exampleId ? 'Commenter cet exemple' : 'Ajouter un commentaire général'}
      </Button>
    );
  return (
    <form style={{ width: '100%' }} onSubmit={submitOnce(mutation)}>
      <Stack gap="xs">
        <Textarea
          label="Commentaire pour l'apprenant"
          required
          autosize
          minRows={2}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={fieldError(mutation.error, 'text')}
        />
        <ErrorAlert error={mutation.error && !fieldError(mutation.error, 'text') ? mutation.error : null} />
        <Group>
          <Button size="xs" type="submit" loading={mutation.isPending}>
            Publier le commentaire
          </Button>
          <Button size="xs" variant="default" onClick={() => setOpen(false)}>
            Annuler
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Qualifications({ file, learnerId, editable }: { file: ProfessionalFile; learnerId: string; editable: boolean }) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [issuer, setIssuer] = useState('');
  const [obtainedOn, setObtainedOn] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['dp', learnerId] });
  const add = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/learners/{id}/professional-file/qualifications', {
          params: { path: { id: learnerId } },
          body: { title, issuer, obtainedOn: obtainedOn ?? '' },
        }),
      ),
    onSuccess: async () => {
      setTitle('');
      setIssuer('');
      setObtainedOn(null);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (qualificationId: string) =>
      call(
        api.DELETE('/api/learners/{id}/professional-file/qualifications/{qualificationId}', {
          params: { path: { id: learnerId, qualificationId } },
        }),
      ),
    onSuccess: refresh,
  });
  return (
    <Stack gap="sm">
      {file.qualifications.length > 0 ? (
        <Table.ScrollContainer minWidth={0} type="native">
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Intitulé</Table.Th>
                <Table.Th>Organisme</Table.Th>
                <Table.Th>Date</Table.Th>
                {editable && (
                  <Table.Th>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {file.qualifications.map((q) => (
                <Table.Tr key={q.id}>
                  <Table.Td>{q.title}</Table.Td>
                  <Table.Td>{q.issuer}</Table.Td>
                  <Table.Td>{date(q.obtainedOn)}</Table.Td>
                  {editable && (
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => remove.mutate(q.id)}
                        loading={remove.isPending && remove.variables === q.id}
                        aria-label={`Supprimer ${q.title}`}
                      >
                        Supprimer
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <Text size="sm" c="dimmed">
          Aucun titre, diplôme ou certificat déclaré.
        </Text>
      )}
      {editable && (
        <form onSubmit={submitOnce(add)}>
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label="Titre, diplôme, CQP, attestation"
              w={260}
              required
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={fieldError(add.error, 'title')}
            />
            <TextInput
              label="Organisme"
              w={200}
              required
              value={issuer}
              onChange={(e) => setIssuer(e.currentTarget.value)}
              error={fieldError(add.error, 'issuer')}
            />
            <DateField
              label="Date d'obtention"
              w={150}
              required
              value={obtainedOn}
              onChange={setObtainedOn}
              error={fieldError(add.error, 'obtainedOn')}
              maxDate={today()}
            />
            <Button type="submit" loading={add.isPending}>
              Ajouter
            </Button>
          </Group>
          <ErrorAlert error={add.error && !fieldError(add.error, 'title', 'issuer', 'obtainedOn') ? add.error : null} />
        </form>
      )}
      <ErrorAlert error={remove.error} />
    </Stack>
  );
}

function Attachments({ file, learnerId, editable }: { file: ProfessionalFile; learnerId: string; editable: boolean }) {
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<File | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['dp', learnerId] });
  const upload = useMutation({
    mutationFn: async () => {
      const form = new FormData();
      form.append('file', picked!);
      const response = await fetch(`/api/learners/${learnerId}/professional-file/attachments`, {
        method: 'POST',
        body: form,
        headers: session.token ? { Authorization: `Bearer ${session.token}` } : {},
      }).catch(() => {
        throw new ApiError({ statusCode: 0, code: 'NETWORK', message: 'Le serveur ne répond pas.' });
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string; details?: unknown; rule?: string };
        throw new ApiError({
          statusCode: response.status,
          code: body.code ?? 'HTTP',
          message: body.message ?? `Erreur ${response.status}.`,
          details: body.details,
          rule: body.rule,
        });
      }
    },
    onSuccess: async () => {
      setPicked(null);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (attachmentId: string) =>
      call(
        api.DELETE('/api/learners/{id}/professional-file/attachments/{attachmentId}', {
          params: { path: { id: learnerId, attachmentId } },
        }),
      ),
    onSuccess: refresh,
  });
  return (
    <Stack gap="sm">
      {file.attachments.length === 0 ? (
        <Text size="sm" c="dimmed">
          Aucun document joint.
        </Text>
      ) : (
        file.attachments.map((a) => (
          <Group key={a.id} justify="space-between">
            <Text size="sm">
              {a.filename} ({size(a.size)}, ajouté le {date(a.createdAt)})
            </Text>
            <Group gap="xs">
              <Button
                size="xs"
                variant="subtle"
                onClick={() => void download(`/api/learners/${learnerId}/professional-file/attachments/${a.id}`, a.filename)}
              >
                Ouvrir
              </Button>
              {editable && (
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  onClick={() => remove.mutate(a.id)}
                  loading={remove.isPending && remove.variables === a.id}
                >
                  Supprimer
                </Button>
              )}
            </Group>
          </Group>
        ))
      )}
      {editable && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (picked && !upload.isPending) upload.mutate();
          }}
        >
          <Group align="flex-end">
            <FileInput
              label="Document (PDF, PNG ou JPEG, 10 Mo au plus)"
              placeholder="Choisir un fichier"
              accept="application/pdf,image/png,image/jpeg"
              value={picked}
              onChange={setPicked}
              error={fieldError(upload.error, 'file')}
              w={360}
              clearable
            />
            <Button type="submit" loading={upload.isPending} disabled={!picked}>
              Joindre
            </Button>
          </Group>
          <ErrorAlert error={upload.error && !fieldError(upload.error, 'file') ? upload.error : null} />
        </form>
      )}
      <ErrorAlert error={remove.error} />
    </Stack>
  );
}

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
  const queryClient = useQueryClient();
  const editable = mode === 'learner' && file.status === 'draft';
  const [editing, setEditing] = useState<{ ccpCode: string; exampleId?: string } | null>(null);
  const [place, setPlace] = useState(file.declaration?.place ?? '');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['dp', learnerId] });
  const declare = useMutation({
    mutationFn: () =>
      call(api.POST('/api/learners/{id}/professional-file/declaration', { params: { path: { id: learnerId } }, body: { place } })),
    onSuccess: refresh,
  });
  const submit = useMutation({
    mutationFn: () => call(api.POST('/api/learners/{id}/professional-file/submit', { params: { path: { id: learnerId } } })),
    onSuccess: refresh,
  });
  const reopen = useMutation({
    mutationFn: () => call(api.POST('/api/learners/{id}/professional-file/reopen', { params: { path: { id: learnerId } } })),
    onSuccess: refresh,
  });
  // A refusal to submit speaks of the dossier as it was: once it changes, the refusal goes.
  const resetSubmit = submit.reset;
  useEffect(() => resetSubmit(), [file, resetSubmit]);
  const missingFor = (ccpCode: string) => (submit.error instanceof ApiError ? submit.error.items.filter((i) => i.ccpCode === ccpCode) : []);
  const declarationMissing = submit.error instanceof ApiError && submit.error.items.some((i) => i.field === 'declaration');
  return (
    <Stack gap="lg">
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

      {file.comments.length > 0 && (
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Commentaires des formateurs
          </Title>
          <Stack gap={6}>
            {file.comments.map((c) => (
              <Text key={c.id} size="sm">
                <strong>{c.authorName}</strong>, le {dateTime(c.createdAt)}
                {c.exampleId ? ` (sur l'exemple « ${file.examples.find((e) => e.id === c.exampleId)?.title ?? '…'} »)` : ''} : {c.text}
              </Text>
            ))}
          </Stack>
        </Card>
      )}
      {mode === 'trainer' && <CommentForm learnerId={learnerId} />}

      {ccps.map((ccp) => {
        const examples = file.examples.filter((e) => e.ccpCode === ccp.ccpCode);
        const missing = missingFor(ccp.ccpCode);
        return (
          <section key={ccp.ccpCode} aria-labelledby={`dp-${ccp.ccpCode}`}>
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h4" id={`dp-${ccp.ccpCode}`}>
                CCP {ccp.number} — {ccp.title}
              </Title>
              <Text size="sm" c="dimmed">
                {examples.length} exemple{examples.length > 1 ? 's' : ''} sur 1 à 3
              </Text>
            </Group>
            <Stack gap="sm">
              {missing.map((m, i) => (
                <Alert key={i} color="red" variant="light" role="alert">
                  {m.message}
                </Alert>
              ))}
              {examples.map((example) =>
                editing?.exampleId === example.id ? (
                  <ExampleForm
                    key={example.id}
                    learnerId={learnerId}
                    ccpCode={ccp.ccpCode}
                    example={example}
                    onDone={() => setEditing(null)}
                  />
                ) : (
                  <ExampleCard
                    key={example.id}
                    example={example}
                    learnerId={learnerId}
                    editable={editable}
                    canComment={mode === 'trainer'}
                    onEdit={() => setEditing({ ccpCode: ccp.ccpCode, exampleId: example.id })}
                  />
                ),
              )}
              {editing?.ccpCode === ccp.ccpCode && !editing.exampleId && (
                <ExampleForm
                  learnerId={learnerId}
                  ccpCode={ccp.ccpCode}
                  onDone={() => setEditing(null)}
                  onCreated={(exampleId) => setEditing({ ccpCode: ccp.ccpCode, exampleId })}
                />
              )}
              {editable && examples.length < 3 && !(editing?.ccpCode === ccp.ccpCode && !editing.exampleId) && (
                <Button variant="light" w="fit-content" onClick={() => setEditing({ ccpCode: ccp.ccpCode })}>
                  Ajouter un exemple au CCP {ccp.number}
                </Button>
              )}
              {examples.length === 0 && !editable && (
                <Text size="sm" c="dimmed">
                  Aucun exemple.
                </Text>
              )}
            </Stack>
          </section>
        );
      })}

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <section aria-labelledby="dp-qualifications">
          <Title order={2} size="h4" id="dp-qualifications" mb="xs">
            Titres, diplômes, CQP, attestations de formation
          </Title>
          <Qualifications file={file} learnerId={learnerId} editable={editable} />
        </section>
        <section aria-labelledby="dp-attachments">
          <Title order={2} size="h4" id="dp-attachments" mb="xs">
            Documents illustrant la pratique professionnelle
          </Title>
          <Attachments file={file} learnerId={learnerId} editable={editable} />
        </section>
      </SimpleGrid>

      <section aria-labelledby="dp-declaration">
        <Title order={2} size="h4" id="dp-declaration" mb="xs">
          Déclaration sur l'honneur
        </Title>
        {file.declaration ? (
          <Text size="sm">
            Signée à {file.declaration.place} le {dateTime(file.declaration.signedAt)}.
            {editable && ' Toute modification du dossier l’annule : il faudra la signer de nouveau.'}
          </Text>
        ) : editable ? (
          <form onSubmit={submitOnce(declare)}>
            <Text size="sm" mb="xs">
              Je soussigné(e) déclare sur l'honneur que les renseignements fournis dans ce dossier sont exacts et que je suis l'auteur(e)
              des réalisations jointes.
            </Text>
            <Group align="flex-end">
              <TextInput
                label="Fait à"
                required
                value={place}
                onChange={(e) => setPlace(e.currentTarget.value)}
                error={
                  fieldError(declare.error, 'place') ??
                  (declarationMissing ? 'Signez la déclaration avant de remettre le dossier.' : undefined)
                }
              />
              <Button type="submit" loading={declare.isPending}>
                Signer la déclaration
              </Button>
            </Group>
            <ErrorAlert error={declare.error && !fieldError(declare.error, 'place') ? declare.error : null} />
          </form>
        ) : (
          <Text size="sm" c="dimmed">
            Non signée.
          </Text>
        )}
      </section>

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
