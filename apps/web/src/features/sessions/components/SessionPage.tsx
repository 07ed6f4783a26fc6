import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/mutation';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { ApiError, api, call, type Schemas } from '../../api/client';
import { useAuth } from '../../auth';
import { initialResult, ResultFields, type ResultInput } from '../../components/ResultForm';
import { DateField } from '../../components/DateField';
import { DownloadButton, ErrorAlert, fieldError, Loading, PageTitle, RuleBadge, submitOnce } from '../../components/ui';
import { ccpLabel, ccpLabels, date, dateTime, OUTCOME, overrideLabel, SESSION_STATUS, STATUS_COLOR, today } from '../../lib/format';
import { useSession } from '../../lib/queries';
import { TimeField } from './TimeField';

type Session = Schemas['SessionViewDto'];
type Pv = Schemas['PvViewDto'];

/** « 8 h 30 », « 9 h »: as the convocations print it. */
const frenchTime = (hhmm: string): string => {
  const [h, m] = hhmm.split(':').map(Number);
  return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
};

export function SessionPage() {
  const { id = '' } = useParams();
  const { has } = useAuth();
  const session = useSession(id);
  return (
    <Loading query={session}>
      {(s) => (
        <>
          <PageTitle
            actions={
              has('admin') && (
                <DownloadButton path={`/api/jury-sessions/${id}/convocations.pdf`} fileName="convocations.pdf">
                  Convocations (PDF)
                </DownloadButton>
              )
            }
          >
            {`${s.type === 'title' ? 'Session titre' : 'Session CCP'} du ${date(s.startDate)}`}
          </PageTitle>
          <Group mb="md" gap="sm">
            <Badge color={STATUS_COLOR[s.status]} size="lg">
              {SESSION_STATUS[s.status]}
            </Badge>
            <Text size="sm">
              {s.certificationCode} ·{' '}
              {s.startDate === s.endDate ? `le ${date(s.startDate)}` : `du ${date(s.startDate)} au ${date(s.endDate)}`}
              {s.startTime ? `${s.startDate === s.endDate ? '' : ', chaque jour'} à ${frenchTime(s.startTime)}` : ''}
              {s.site ? ` · ${s.site}` : ''}
              {s.address ? ` · ${s.address.replace(/\s*\n\s*/g, ', ')}` : ''}
              {s.ceresReference ? ` · CERES ${s.ceresReference}` : ''}
              {s.type === 'ccp' ? ` · CCP évalués : ${ccpLabels(s.ccpCodes)}` : ''}
            </Text>
          </Group>
          {s.warnings.map((w) => (
            <Alert key={w.code} color="yellow" mb="sm" title="Attention">
              {w.message}
            </Alert>
          ))}
          <Stack gap="lg">
            {has('admin') && s.status === 'planned' && <Practical session={s} />}
            <Jurors session={s} />
            <Candidates session={s} />
            <Deliberation session={s} />
            {['awaiting_signatures', 'closed', 'validated'].includes(s.status) && <PvPanel session={s} />}
            {has('admin') && ['closed', 'validated'].includes(s.status) && <Dreets session={s} />}
            {(s.appeals.length > 0 || (has('admin') && ['awaiting_signatures', 'closed', 'validated'].includes(s.status))) && (
              <Appeals session={s} />
            )}
          </Stack>
        </>
      )}
    </Loading>
  );
}

function useRefreshSession(id: string) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: ['session', id] });
    await queryClient.invalidateQueries({ queryKey: ['sessions'] });
    await queryClient.invalidateQueries({ queryKey: ['pv', id] });
  };
}

function Jurors({ session }: { session: Session }) {
  const { has } = useAuth();
  const refresh = useRefreshSession(session.id);
  const [userId, setUserId] = useState<string | null>(null);
  const jurors = useQuery({
    queryKey: ['users', 'jury'],
    queryFn: () => call(api.GET('/api/users', { params: { query: { role: 'jury', pageSize: 200 } } })),
    enabled: has('admin') && session.status === 'planned',
  });
  const add = useMutation({
    mutationFn: () =>
      call(api.POST('/api/jury-sessions/{id}/jurors', { params: { path: { id: session.id } }, body: { userId: userId ?? '' } })),
    onSuccess: async () => {
      setUserId(null);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (jurorId: string) =>
      call(api.DELETE('/api/jury-sessions/{id}/jurors/{userId}', { params: { path: { id: session.id, userId: jurorId } } })),
    onSuccess: refresh,
  });
  const taken = new Set(session.jurors.map((j) => j.userId));
  return (
    <section aria-labelledby="jury-title">
      <Title order={2} size="h4" id="jury-title" mb="xs">
        Jury ({session.jurors.length})
      </Title>
      {session.jurors.length === 0 ? (
        <Text size="sm" c="dimmed">
          Aucun membre de jury. Deux au moins sont nécessaires pour délibérer.
        </Text>
      ) : (
        <Group gap="xs" mb="xs">
          {session.jurors.map((j) => (
            <Badge
              key={j.userId}
              variant="light"
              size="lg"
              rightSection={
                has('admin') && session.status === 'planned' ? (
                  <RemoveX label={`Retirer ${j.fullName}`} onClick={() => remove.mutate(j.userId)} />
                ) : null
              }
            >
              {j.fullName}
              {session.presidentId === j.userId ? ' · président(e)' : ''}
            </Badge>
          ))}
        </Group>
      )}
      <ErrorAlert error={remove.error} />
      <President session={session} />
      {has('admin') && session.status === 'planned' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (userId && !add.isPending) add.mutate();
          }}
        >
          <Group align="flex-end">
            <Select
              label="Ajouter un membre de jury"
              placeholder="Choisir un juré habilité"
              data={(jurors.data?.items ?? []).filter((u) => !taken.has(u.id)).map((u) => ({ value: u.id, label: u.fullName }))}
              value={userId}
              onChange={(v) => {
                setUserId(v);
                add.reset();
              }}
              searchable
              w={320}
              error={fieldError(add.error, 'userId')}
            />
            <Button type="submit" disabled={!userId} loading={add.isPending}>
              Ajouter au jury
            </Button>
          </Group>
          {add.error && !fieldError(add.error, 'userId') ? (
            <div style={{ marginTop: 8 }}>
              <ErrorAlert error={add.error} title="Ce juré ne peut pas siéger" />
            </div>
          ) : null}
        </form>
      )}
    </section>
  );
}

/** The convocations' practical details, editable while the session is planned (PATCH, audited). */
function Practical({ session }: { session: Session }) {
  const refresh = useRefreshSession(session.id);
  const [editing, setEditing] = useState(false);
  const [startTime, setStartTime] = useState<string | null>(session.startTime);
  const [site, setSite] = useState(session.site ?? '');
  const [address, setAddress] = useState(session.address ?? '');
  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.PATCH('/api/jury-sessions/{id}', {
          params: { path: { id: session.id } },
          body: { startTime, site: site.trim() || null, address: address.trim() || null },
        }),
      ),
    onSuccess: async () => {
      await refresh();
      setEditing(false);
    },
  });
  const e = mutation.error;
  const missing = [!session.startTime && "l'heure de convocation", !session.address && "l'adresse du lieu"].filter(Boolean);
  return (
    <section aria-labelledby="practical-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="practical-title">
          Convocations : heure et lieu
        </Title>
        {!editing && (
          <Button
            variant="default"
            size="xs"
            onClick={() => {
              setStartTime(session.startTime);
              setSite(session.site ?? '');
              setAddress(session.address ?? '');
              mutation.reset();
              setEditing(true);
            }}
          >
            Modifier l'heure et le lieu
          </Button>
        )}
      </Group>
      {!editing && missing.length > 0 && (
        <Alert color="yellow" p="xs">
          {`À renseigner avant d'envoyer les convocations : ${missing.join(' et ')} (elles seraient annoncées « précisées par le centre »).`}
        </Alert>
      )}
      {editing && (
        <Paper withBorder p="md" component="form" onSubmit={submitOnce(mutation)}>
          <Stack gap="sm">
            <Group grow align="flex-start" className="form-row">
              <TimeField
                label="Heure de convocation"
                description="Chaque jour de la session"
                value={startTime}
                onChange={setStartTime}
                error={fieldError(e, 'startTime')}
              />
              <TextInput label="Lieu" value={site} onChange={(ev) => setSite(ev.currentTarget.value)} error={fieldError(e, 'site')} />
            </Group>
            <Textarea
              label="Adresse du lieu"
              autosize
              minRows={2}
              maxLength={300}
              value={address}
              onChange={(ev) => setAddress(ev.currentTarget.value)}
              error={fieldError(e, 'address')}
            />
            <ErrorAlert error={e && !fieldError(e, 'startTime', 'site', 'address') ? e : null} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEditing(false)}>
                Annuler
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                Enregistrer
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </section>
  );
}

/** The jury's president, chosen among the jurors until the deliberation closes (named on the PV). */
function President({ session }: { session: Session }) {
  const { has } = useAuth();
  const refresh = useRefreshSession(session.id);
  const mutation = useMutation({
    mutationFn: (userId: string) =>
      call(api.PUT('/api/jury-sessions/{id}/president', { params: { path: { id: session.id } }, body: { userId } })),
    onSuccess: refresh,
  });
  const editable = has('admin') && (session.status === 'planned' || session.status === 'deliberating') && session.jurors.length > 0;
  if (!editable)
    return (
      <Text size="sm" mb="xs">
        Président du jury : {session.president?.fullName ?? 'non désigné'}
      </Text>
    );
  return (
    <Stack gap={4} mb="xs">
      <Select
        label="Président du jury"
        description="Choisi parmi les membres du jury ; nommé au procès-verbal"
        placeholder="Non désigné"
        data={session.jurors.map((j) => ({ value: j.userId, label: j.fullName }))}
        value={session.presidentId}
        onChange={(v) => v && v !== session.presidentId && mutation.mutate(v)}
        allowDeselect={false}
        disabled={mutation.isPending}
        maw={340}
      />
      <ErrorAlert error={mutation.error} />
    </Stack>
  );
}

function RemoveX({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button
      type="button"
      aria-label={label}
      onClick={onClick}
      style={{ border: 0, background: 'transparent', cursor: 'pointer', padding: 0, marginLeft: 4 }}
    >
      ×
    </button>
  );
}

function Candidates({ session }: { session: Session }) {
  const { has } = useAuth();
  return (
    <section aria-labelledby="candidates-title">
      <Title order={2} size="h4" id="candidates-title" mb="xs">
        Candidats ({session.candidates.length})
      </Title>
      {session.candidates.length > 0 && (
        <Table.ScrollContainer minWidth={0} type="native" mb="sm">
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Candidat</Table.Th>
                <Table.Th>CCP évalués</Table.Th>
                <Table.Th>Entretien final</Table.Th>
                <Table.Th>Aménagements</Table.Th>
                <Table.Th>Dérogations</Table.Th>
                <Table.Th>Résultat</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {session.candidates.map((c) => (
                <Table.Tr key={c.learnerId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/sessions/${session.id}/candidats/${c.learnerId}`}>
                      {c.fullName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{ccpLabels(c.ccpCodes)}</Table.Td>
                  <Table.Td>{c.finalInterview ? 'Oui' : 'Non'}</Table.Td>
                  <Table.Td>{c.accommodations ?? '—'}</Table.Td>
                  <Table.Td>
                    {c.overrides.length === 0
                      ? '—'
                      : c.overrides.map((o, i) => (
                          <Text key={i} size="xs">
                            <span title={o.codes.join(', ')}>{overrideLabel(o.codes)}</span> : « {o.reason} »
                          </Text>
                        ))}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {c.result ? (
                      <Badge
                        styles={{ label: { overflow: 'visible' } }}
                        color={c.result.outcome === 'title' ? 'green' : c.result.outcome === 'partial' ? 'blue' : 'gray'}
                      >
                        {OUTCOME[c.result.outcome]}
                      </Badge>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {has('admin') && session.status === 'planned' && <AddCandidate session={session} />}
    </section>
  );
}

/** Registers a candidate; each refusal is shown with its rule, and the overridable ones can be lifted with a reason. */
function AddCandidate({ session }: { session: Session }) {
  const refresh = useRefreshSession(session.id);
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q, 250);
  const [learnerId, setLearnerId] = useState<string | null>(null);
  const [ccpCodes, setCcpCodes] = useState<string[]>([]);
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState('');
  const learners = useQuery({
    queryKey: ['learners', 'search', search],
    queryFn: () => call(api.GET('/api/learners', { params: { query: { q: search || undefined, pageSize: 20 } } })),
  });
  const taken = new Set(session.candidates.map((c) => c.learnerId));
  const mutation = useMutation({
    mutationFn: (withOverride: boolean) =>
      call(
        api.POST('/api/jury-sessions/{id}/candidates', {
          params: { path: { id: session.id } },
          body: {
            learnerId: learnerId ?? '',
            ccpCodes: session.type === 'ccp' && ccpCodes.length ? ccpCodes : undefined,
            override: withOverride ? { reason } : undefined,
          },
        }),
      ),
    onSuccess: async () => {
      setLearnerId(null);
      setOverriding(false);
      setReason('');
      await refresh();
    },
  });
  const error = mutation.error instanceof ApiError ? mutation.error : null;
  const refusals = error?.refusals ?? [];
  const overridable = refusals.length > 0 && refusals.every((r) => r.overridable);
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (learnerId && !mutation.isPending) mutation.mutate(false);
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5">
            Inscrire un candidat
          </Title>
          <Group align="flex-end">
            <Select
              label="Apprenant"
              placeholder="Rechercher par nom"
              searchable
              searchValue={q}
              onSearchChange={setQ}
              filter={({ options }) => options}
              data={(learners.data?.items ?? [])
                .filter((l) => !taken.has(l.id))
                .map((l) => ({ value: l.id, label: `${l.lastName.toUpperCase()} ${l.firstName}${l.pathway === 'vae' ? ' (VAE)' : ''}` }))}
              value={learnerId}
              onChange={(v) => {
                setLearnerId(v);
                mutation.reset();
                setOverriding(false);
              }}
              w={340}
              nothingFoundMessage="Aucun apprenant"
            />
            {session.type === 'ccp' && (
              <MultiSelect
                label="CCP présentés"
                description="Par défaut : ceux de la session"
                data={session.ccpCodes.map((code) => ({ value: code, label: ccpLabel(code) }))}
                value={ccpCodes}
                onChange={setCcpCodes}
                w={320}
              />
            )}
            <Button type="submit" disabled={!learnerId} loading={mutation.isPending && mutation.variables === false}>
              Inscrire
            </Button>
          </Group>
          {error && (
            <Alert color="red" variant="light" title="Inscription refusée" role="alert">
              <Stack gap={4}>
                {refusals.length > 0 ? (
                  refusals.map((r) => (
                    <Text size="sm" key={r.code}>
                      {r.message} {r.rule && <RuleBadge rule={r.rule} />}{' '}
                      <Text span size="xs" c="dimmed">
                        ({r.code}
                        {r.overridable ? ', dérogation possible' : ''})
                      </Text>
                    </Text>
                  ))
                ) : (
                  <Text size="sm">
                    {error.body.message} {error.body.rule && <RuleBadge rule={error.body.rule} />}
                  </Text>
                )}
              </Stack>
            </Alert>
          )}
          {overridable && !overriding && (
            <Button variant="outline" color="orange" w="fit-content" onClick={() => setOverriding(true)}>
              Inscrire par dérogation…
            </Button>
          )}
          {overridable && overriding && (
            <Paper withBorder p="sm" bg="orange.0">
              <Stack gap="xs">
                <Textarea
                  label="Motif de la dérogation"
                  description="Le motif est conservé avec l'inscription et imprimé au procès-verbal."
                  required
                  autosize
                  minRows={2}
                  value={reason}
                  onChange={(e) => setReason(e.currentTarget.value)}
                  error={fieldError(mutation.error, 'override.reason', 'reason')}
                />
                <Group>
                  <Button
                    color="orange"
                    loading={mutation.isPending && mutation.variables === true}
                    onClick={() => !mutation.isPending && mutation.mutate(true)}
                  >
                    Confirmer l'inscription par dérogation
                  </Button>
                  <Button variant="default" onClick={() => setOverriding(false)}>
                    Annuler
                  </Button>
                </Group>
              </Stack>
            </Paper>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

function Deliberation({ session }: { session: Session }) {
  const refresh = useRefreshSession(session.id);
  const open = useMutation({
    mutationFn: () => call(api.POST('/api/jury-sessions/{id}/deliberation/open', { params: { path: { id: session.id } } })),
    onSuccess: refresh,
  });
  const close = useMutation({
    mutationFn: () => call(api.POST('/api/jury-sessions/{id}/deliberation/close', { params: { path: { id: session.id } } })),
    onSuccess: refresh,
  });
  if (session.status === 'planned')
    return (
      <Group>
        <Button onClick={() => !open.isPending && open.mutate()} loading={open.isPending}>
          Ouvrir la délibération
        </Button>
        <ErrorAlert error={open.error} />
      </Group>
    );
  if (session.status === 'deliberating') {
    const missing = session.candidates.filter((c) => !c.result).length;
    return (
      <Paper withBorder p="md">
        <Text size="sm" mb="xs">
          {missing === 0
            ? 'Tous les résultats sont saisis : le jury peut clore la délibération ; le procès-verbal sera alors établi.'
            : `${missing} candidat(s) sans résultat. Ouvrez le dossier de chaque candidat pour saisir son résultat.`}
        </Text>
        <Button onClick={() => !close.isPending && close.mutate()} loading={close.isPending} disabled={missing > 0}>
          Clore la délibération
        </Button>
        <ErrorAlert error={close.error} />
      </Paper>
    );
  }
  return null;
}

function PvPanel({ session }: { session: Session }) {
  const { user, has } = useAuth();
  const refresh = useRefreshSession(session.id);
  const pv = useQuery({
    queryKey: ['pv', session.id],
    queryFn: () => call(api.GET('/api/jury-sessions/{id}/pv', { params: { path: { id: session.id } } })),
  });
  const sign = useMutation({
    mutationFn: () => call(api.POST('/api/jury-sessions/{id}/pv/sign', { params: { path: { id: session.id } } })),
    onSuccess: refresh,
  });
  const [rectifying, setRectifying] = useState(false);
  return (
    <section aria-labelledby="pv-title">
      <Loading query={pv}>
        {(p) => {
          const signedByMe = p.signatures.some((s) => s.userId === user?.id);
          return (
            <Card withBorder>
              <Group justify="space-between" mb="xs">
                <Title order={2} size="h4" id="pv-title">
                  Procès-verbal — version {p.version}
                </Title>
                <DownloadButton path={`/api/jury-sessions/${session.id}/pv.pdf`} fileName="pv.pdf">
                  PV (PDF)
                </DownloadButton>
              </Group>
              {p.reason && (
                <Text size="sm" mb="xs">
                  Rectification : « {p.reason} »
                </Text>
              )}
              <Text size="sm" mb="xs">
                Président du jury : {p.president?.fullName ?? 'non désigné'}
              </Text>
              <Table.ScrollContainer minWidth={0} type="native" mb="sm">
                <Table withTableBorder>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Candidat</Table.Th>
                      <Table.Th>Présence</Table.Th>
                      <Table.Th>CCP obtenus</Table.Th>
                      <Table.Th>Titre</Table.Th>
                      <Table.Th>Issue</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {p.candidates.map((c) => (
                      <Table.Tr key={c.learnerId}>
                        <Table.Td>{c.fullName}</Table.Td>
                        <Table.Td>{c.attendance === 'present' ? 'Présent' : 'Absent'}</Table.Td>
                        <Table.Td>{ccpLabels(c.ccpsAwarded) || '—'}</Table.Td>
                        <Table.Td>{c.titleAwarded ? 'Oui' : 'Non'}</Table.Td>
                        <Table.Td>{OUTCOME[c.outcome] ?? c.outcome}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Text size="sm">
                Signatures ({p.signatures.length}/{session.jurors.length}) :{' '}
                {p.signatures.map((s) => `${s.fullName} le ${dateTime(s.signedAt)}`).join(' ; ') || 'aucune'}
              </Text>
              <Text size="xs" c="dimmed" mt={4}>
                Empreinte SHA-256 du contenu : <Code>{p.sha256}</Code>
              </Text>
              {p.complete ? (
                <Alert color="green" mt="sm" p="xs">
                  Signé par tous les membres du jury : les résultats sont inscrits aux livrets.
                </Alert>
              ) : (
                has('jury') &&
                !signedByMe && (
                  <Group mt="sm">
                    <Button onClick={() => !sign.isPending && sign.mutate()} loading={sign.isPending}>
                      Signer le procès-verbal
                    </Button>
                  </Group>
                )
              )}
              {signedByMe && !p.complete && (
                <Text size="sm" mt="sm">
                  Vous avez signé. En attente des autres membres du jury.
                </Text>
              )}
              <ErrorAlert error={sign.error} />
              {has('admin') && p.complete && session.status !== 'validated' && (
                <Group mt="sm">
                  {!rectifying && (
                    <Button variant="default" onClick={() => setRectifying(true)}>
                      Rectifier le PV…
                    </Button>
                  )}
                </Group>
              )}
              {rectifying && <Rectification session={session} pv={p} onDone={() => setRectifying(false)} />}
            </Card>
          );
        }}
      </Loading>
    </section>
  );
}

function Rectification({ session, pv, onDone }: { session: Session; pv: Pv; onDone: () => void }) {
  const refresh = useRefreshSession(session.id);
  const [learnerId, setLearnerId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const candidate = session.candidates.find((c) => c.learnerId === learnerId);
  const content = pv.content.candidates.find((c) => c.learnerId === learnerId);
  const [result, setResult] = useState<ResultInput | null>(null);
  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/jury-sessions/{id}/pv/rectifications', {
          params: { path: { id: session.id } },
          body: { reason, results: result && learnerId ? [{ ...result, learnerId }] : [] },
        }),
      ),
    onSuccess: async () => {
      await refresh();
      onDone();
    },
  });
  return (
    <Paper withBorder p="md" mt="sm" component="form" onSubmit={submitOnce(mutation)}>
      <Stack gap="sm">
        <Title order={3} size="h5">
          Rectifier le procès-verbal
        </Title>
        <Text size="sm">Une nouvelle version est établie avec son motif ; elle doit être signée de nouveau par tout le jury.</Text>
        <Select
          label="Candidat dont le résultat change"
          data={session.candidates.map((c) => ({ value: c.learnerId, label: c.fullName }))}
          value={learnerId}
          onChange={(v) => {
            setLearnerId(v);
            const c = session.candidates.find((x) => x.learnerId === v);
            setResult(
              c
                ? initialResult(
                    c.ccpCodes.map((code) => ({ code })),
                    c.result,
                  )
                : null,
            );
          }}
          w={340}
        />
        {candidate && content && (
          <ResultFields
            key={candidate.learnerId}
            idPrefix={`rect-${candidate.learnerId}`}
            ccps={candidate.ccpCodes.map((code) => ({ code, label: ccpLabel(code) }))}
            titleCcps={[]}
            heldBefore={[]}
            finalInterview={candidate.finalInterview}
            initial={candidate.result}
            onChange={setResult}
          />
        )}
        <TextInput
          label="Motif de la rectification"
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldError(mutation.error, 'reason')}
        />
        <ErrorAlert error={mutation.error && !fieldError(mutation.error, 'reason') ? mutation.error : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
          <Button type="submit" loading={mutation.isPending} disabled={!result}>
            Établir la version rectifiée
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Dreets({ session }: { session: Session }) {
  const refresh = useRefreshSession(session.id);
  const [validatedOn, setValidatedOn] = useState<string | null>(null);
  const [reference, setReference] = useState('');
  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/jury-sessions/{id}/dreets-validation', {
          params: { path: { id: session.id } },
          body: { validatedOn: validatedOn ?? '', reference },
        }),
      ),
    onSuccess: refresh,
  });
  if (session.dreetsValidation)
    return (
      <Alert color="green" title="Validation DREETS">
        Résultats validés par la DREETS le {date(session.dreetsValidation.validatedOn)} (référence {session.dreetsValidation.reference}).
      </Alert>
    );
  return (
    <Paper withBorder p="md" component="form" onSubmit={submitOnce(mutation)}>
      <Title order={2} size="h4" mb="xs">
        Validation des résultats par la DREETS
      </Title>
      <Group align="flex-end">
        <DateField
          label="Date de validation"
          required
          value={validatedOn}
          onChange={setValidatedOn}
          error={fieldError(mutation.error, 'validatedOn')}
        />
        <TextInput
          label="Référence"
          required
          value={reference}
          onChange={(e) => setReference(e.currentTarget.value)}
          error={fieldError(mutation.error, 'reference')}
        />
        <Button type="submit" loading={mutation.isPending}>
          Enregistrer la validation
        </Button>
      </Group>
      <ErrorAlert error={mutation.error && !fieldError(mutation.error, 'validatedOn', 'reference') ? mutation.error : null} />
    </Paper>
  );
}

function Appeals({ session }: { session: Session }) {
  const { has } = useAuth();
  const refresh = useRefreshSession(session.id);
  const name = new Map(session.candidates.map((c) => [c.learnerId, c.fullName]));
  const [learnerId, setLearnerId] = useState<string | null>(null);
  const [filedOn, setFiledOn] = useState<string | null>(null);
  const [kind, setKind] = useState<'gracieux' | 'contentieux'>('gracieux');
  const [summary, setSummary] = useState('');
  const file = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/jury-sessions/{id}/candidates/{learnerId}/appeals', {
          params: { path: { id: session.id, learnerId: learnerId ?? '' } },
          body: { filedOn: filedOn ?? '', kind, summary },
        }),
      ),
    onSuccess: async () => {
      setSummary('');
      setFiledOn(null);
      await refresh();
    },
  });
  const decide = useMutation({
    mutationFn: (v: { appealId: string; learnerId: string; outcome: 'upheld' | 'rejected' }) =>
      call(
        api.PUT('/api/jury-sessions/{id}/candidates/{learnerId}/appeals/{appealId}', {
          params: { path: { id: session.id, learnerId: v.learnerId, appealId: v.appealId } },
          body: { outcome: v.outcome, decidedOn: today() },
        }),
      ),
    onSuccess: refresh,
  });
  return (
    <section aria-labelledby="appeals-title">
      <Title order={2} size="h4" id="appeals-title" mb="xs">
        Recours (R-SES-3)
      </Title>
      {session.appeals.length === 0 ? (
        <Text size="sm" c="dimmed">
          Aucun recours enregistré.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={0} type="native" mb="sm">
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Candidat</Table.Th>
                <Table.Th>Déposé le</Table.Th>
                <Table.Th>Nature</Table.Th>
                <Table.Th>Objet</Table.Th>
                <Table.Th>Issue</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {session.appeals.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{name.get(a.learnerId) ?? '—'}</Table.Td>
                  <Table.Td>{date(a.filedOn)}</Table.Td>
                  <Table.Td>{a.kind === 'gracieux' ? 'Gracieux' : 'Contentieux'}</Table.Td>
                  <Table.Td>{a.summary}</Table.Td>
                  <Table.Td>
                    {a.outcome ? (
                      `${a.outcome === 'upheld' ? 'Accueilli' : 'Rejeté'} le ${date(a.decidedOn)}`
                    ) : has('admin') ? (
                      <Group gap="xs">
                        <Button
                          size="xs"
                          variant="light"
                          disabled={decide.isPending}
                          onClick={() => decide.mutate({ appealId: a.id, learnerId: a.learnerId, outcome: 'upheld' })}
                        >
                          Accueilli
                        </Button>
                        <Button
                          size="xs"
                          variant="light"
                          color="gray"
                          disabled={decide.isPending}
                          onClick={() => decide.mutate({ appealId: a.id, learnerId: a.learnerId, outcome: 'rejected' })}
                        >
                          Rejeté
                        </Button>
                      </Group>
                    ) : (
                      'En cours'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ErrorAlert error={decide.error} />
      {session.appeals.some((a) => a.outcome === 'upheld') && has('admin') && (
        <Text size="sm" mb="xs">
          Un recours accueilli se traduit par une rectification du PV (bouton « Rectifier le PV… »), signée de nouveau par le jury.
        </Text>
      )}
      {has('admin') && (
        <Paper
          withBorder
          p="md"
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (learnerId && !file.isPending) file.mutate();
          }}
        >
          <Title order={3} size="h5" mb="xs">
            Enregistrer un recours
          </Title>
          <Group align="flex-end">
            <Select
              label="Candidat"
              data={session.candidates.map((c) => ({ value: c.learnerId, label: c.fullName }))}
              value={learnerId}
              onChange={setLearnerId}
              w={260}
            />
            <DateField label="Déposé le" required value={filedOn} onChange={setFiledOn} error={fieldError(file.error, 'filedOn')} />
            <Select
              label="Nature"
              data={[
                { value: 'gracieux', label: 'Gracieux' },
                { value: 'contentieux', label: 'Contentieux' },
              ]}
              value={kind}
              onChange={(v) => setKind((v as 'gracieux' | 'contentieux') ?? 'gracieux')}
              allowDeselect={false}
              w={160}
            />
          </Group>
          <Textarea
            label="Objet du recours"
            required
            autosize
            mt="sm"
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
            error={fieldError(file.error, 'summary')}
          />
          <ErrorAlert error={file.error && !fieldError(file.error, 'filedOn', 'summary') ? file.error : null} />
          <Button type="submit" mt="sm" disabled={!learnerId} loading={file.isPending}>
            Enregistrer le recours
          </Button>
        </Paper>
      )}
    </section>
  );
}
