import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Anchor, Badge, Button, Card, Grid, Group, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useAuth } from '../../../auth';
import { BookletView } from '../../booklet';
import { EvaluationsTable, SynthesisStatus, SynthesisSummary } from '../../ecf';
import { initialResult, ResultFields, type ResultInput } from './ResultForm';
import { both, DownloadButton, ErrorAlert, fieldError, Loading, PageTitle, submitOnce } from '../../../components/ui';
import { ccpLabel, ccpLabels, date, OUTCOME, overrideLabel } from '../../../lib/format';
import { useDossier, useSaveResult, useSession, type Dossier, type Session } from '../api';
import { useDeclareLink } from '../../admin/api';

export function CandidatePage() {
  const { id = '', learnerId = '' } = useParams();
  const session = useSession(id);
  const dossier = useDossier(id, learnerId);
  return (
    <Loading query={both(session, dossier)}>
      {([s, d]) => {
        const candidate = s.candidates.find((c) => c.learnerId === learnerId);
        return (
          <>
            <Anchor component={Link} to={`/sessions/${id}`} size="sm">
              ← Retour à la session du {date(s.startDate)}
            </Anchor>
            <PageTitle>{`Dossier de ${d.learner.firstName} ${d.learner.lastName.toUpperCase()}`}</PageTitle>
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, lg: 7 }}>
                <DossierTabs dossier={d} learnerId={learnerId} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 5 }}>
                <Stack>
                  <Card withBorder>
                    <Text size="sm">
                      {d.learner.pathway === 'vae' ? 'Candidat VAE' : 'Candidat issu de formation'} · né(e) le {date(d.learner.birthDate)}
                    </Text>
                    <Text size="sm">CCP présentés : {ccpLabels(d.ccpCodes)}</Text>
                    <Text size="sm">Entretien final : {d.finalInterview ? 'prévu' : 'non prévu dans cette session'}</Text>
                    <Text size="sm" fw={d.accommodations ? 600 : undefined}>
                      Aménagements accordés : {d.accommodations ?? 'aucun'}
                    </Text>
                    {d.overrides.map((o, i) => (
                      <Alert key={i} color="orange" mt="xs" p="xs">
                        Inscrit par dérogation ({overrideLabel(o.codes)}) : « {o.reason} »
                      </Alert>
                    ))}
                  </Card>
                  {candidate && <ResultPanel session={s} dossier={d} candidate={candidate} />}
                  <DeclareLink learnerId={learnerId} />
                </Stack>
              </Grid.Col>
            </Grid>
          </>
        );
      }}
    </Loading>
  );
}

function DossierTabs({ dossier, learnerId }: { dossier: Dossier; learnerId: string }) {
  const file = dossier.professionalFile;
  return (
    <Tabs defaultValue="ecf">
      <Tabs.List mb="sm">
        <Tabs.Tab value="ecf">ECF</Tabs.Tab>
        <Tabs.Tab value="dp">Dossier professionnel</Tabs.Tab>
        <Tabs.Tab value="booklet">Livret</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="ecf">
        <Stack>
          <DownloadButton path={`/api/learners/${learnerId}/ecf.pdf`} fileName="livret-ecf.pdf" w="fit-content">
            Livret ECF (PDF)
          </DownloadButton>
          {dossier.ecf.ccps.map((ccp) => (
            <Card key={ccp.ccpCode} withBorder>
              <Group justify="space-between" mb="xs">
                <Title order={3} size="h5">
                  CCP {ccp.number} — {ccp.title}
                </Title>
                <SynthesisStatus synthesis={ccp.synthesis} />
              </Group>
              <EvaluationsTable ccp={ccp} />
              {ccp.synthesis && (
                <div style={{ marginTop: 8 }}>
                  <SynthesisSummary synthesis={ccp.synthesis} />
                </div>
              )}
            </Card>
          ))}
        </Stack>
      </Tabs.Panel>
      <Tabs.Panel value="dp">
        <Stack>
          <Group>
            {file.status === 'submitted' ? (
              <Badge color="green">Remis le {date(file.submittedAt)}</Badge>
            ) : (
              <Badge color="yellow">Non remis</Badge>
            )}
            <DownloadButton path={`/api/learners/${learnerId}/professional-file.pdf`} fileName="dossier-professionnel.pdf">
              Dossier professionnel (PDF)
            </DownloadButton>
          </Group>
          {file.examples.map((e) => (
            <Card key={e.id} withBorder>
              <Text fw={600}>
                {ccpLabel(e.ccpCode)} · {e.title}
              </Text>
              <Text size="sm" c="dimmed">
                {e.organisation} · du {date(e.periodFrom)} au {date(e.periodTo)}
              </Text>
              <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                {e.tasks}
              </Text>
            </Card>
          ))}
        </Stack>
      </Tabs.Panel>
      <Tabs.Panel value="booklet">
        <BookletView booklet={dossier.booklet} />
      </Tabs.Panel>
    </Tabs>
  );
}

function ResultPanel({ session, dossier, candidate }: { session: Session; dossier: Dossier; candidate: Session['candidates'][number] }) {
  const { has } = useAuth();
  const ccps = candidate.ccpCodes.map((code) => {
    const c = dossier.booklet.ccps.find((x) => x.code === code);
    return { code, label: c ? `CCP ${c.number} — ${c.title}` : code };
  });
  const heldBefore = dossier.booklet.ccps
    .filter((c) => c.held && !(c.source === 'session' && c.sessionId === session.id))
    .map((c) => c.code);
  const [result, setResult] = useState<ResultInput>(() => initialResult(ccps, candidate.result));
  const save = useSaveResult(session.id, candidate.learnerId);
  const canRecord = has('jury') && session.status === 'deliberating';
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        Résultat du candidat
      </Title>
      {candidate.result && (
        <Text size="sm" mb="sm">
          Résultat enregistré : <strong>{OUTCOME[candidate.result.outcome]}</strong>
          {candidate.result.ccpResults.some((r) => r.awarded)
            ? ` (CCP obtenus : ${ccpLabels(candidate.result.ccpResults.filter((r) => r.awarded).map((r) => r.ccpCode))})`
            : ''}
        </Text>
      )}
      {canRecord ? (
        <form onSubmit={submitOnce(save, result)}>
          <Stack>
            <ResultFields
              idPrefix="result"
              ccps={ccps}
              titleCcps={dossier.booklet.ccps.map((c) => c.code)}
              heldBefore={heldBefore}
              finalInterview={candidate.finalInterview}
              initial={candidate.result}
              onChange={setResult}
            />
            <ErrorAlert error={save.error} />
            {save.isSuccess && !save.isPending && (
              <Alert color="green" p="xs" role="status">
                Résultat enregistré.
              </Alert>
            )}
            <Button type="submit" loading={save.isPending}>
              Enregistrer le résultat
            </Button>
          </Stack>
        </form>
      ) : (
        <Text size="sm" c="dimmed">
          {session.status === 'planned'
            ? "La saisie des résultats s'ouvre avec la délibération."
            : has('jury')
              ? 'La délibération est close.'
              : 'Les résultats sont saisis par les membres du jury.'}
        </Text>
      )}
    </Card>
  );
}

/** R-JURY-3: a juror declares a link with the candidate (then cannot sit for them in a new session). */
function DeclareLink({ learnerId }: { learnerId: string }) {
  const { user, has } = useAuth();
  const [open, setOpen] = useState(false);
  const [nature, setNature] = useState('');
  const mutation = useDeclareLink(user?.id ?? '', () => setOpen(false));
  if (!has('jury')) return null;
  if (mutation.isSuccess)
    return (
      <Alert color="blue" p="xs" role="status">
        Lien déclaré. Le secrétariat en tient compte pour la composition des jurys (R-JURY-3).
      </Alert>
    );
  if (!open)
    return (
      <Button variant="subtle" size="xs" w="fit-content" onClick={() => setOpen(true)}>
        Je connais ce candidat : déclarer un lien
      </Button>
    );
  return (
    <Card withBorder component="form" onSubmit={submitOnce(mutation, { learnerId, nature })}>
      <Stack gap="xs">
        <TextInput
          label="Nature du lien (parent, collègue, tuteur…)"
          required
          value={nature}
          onChange={(e) => setNature(e.currentTarget.value)}
          error={fieldError(mutation.error, 'nature')}
        />
        <ErrorAlert error={mutation.error && !fieldError(mutation.error, 'nature') ? mutation.error : null} />
        <Group>
          <Button type="submit" size="xs" loading={mutation.isPending}>
            Déclarer le lien
          </Button>
          <Button size="xs" variant="default" onClick={() => setOpen(false)}>
            Annuler
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
