import { Link } from 'react-router';
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type Schemas } from '../api/client';
import { useAuth } from '../auth';
import { Loading, PageTitle } from '../components/ui';
import { date, deadlineWording, SESSION_STATUS, sessionToClose, today } from '../lib/format';
import { useMyBooklet } from '../features/booklet/api';
import { useCohorts } from '../features/cohorts/api';
import { useLearnerEcf } from '../features/ecf/api';
import { useProfessionalFile } from '../features/professional-file/api';
import { useRecentSessions } from '../features/sessions/api';

/** What needs me now, by role. */
export function HomePage() {
  const { user, has } = useAuth();
  return (
    <>
      <PageTitle>{`Bonjour ${user?.fullName ?? ''}`}</PageTitle>
      <Stack gap="lg">
        {has('learner') && user?.learnerId && <LearnerHome learnerId={user.learnerId} />}
        {has('trainer') && <TrainerHome />}
        {has('jury') && <JurorHome />}
        {has('admin') && <AdminHome />}
      </Stack>
    </>
  );
}

function Todo({ title, children, to, action }: { title: string; children: React.ReactNode; to: string; action: string }) {
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb={4}>
        {title}
      </Title>
      <div style={{ fontSize: 14 }}>{children}</div>
      <Anchor component={Link} to={to} size="sm" mt="xs" display="inline-block">
        {action} →
      </Anchor>
    </Card>
  );
}

function LearnerHome({ learnerId }: { learnerId: string }) {
  const booklet = useMyBooklet();
  const dp = useProfessionalFile(learnerId);
  const ecf = useLearnerEcf(learnerId);
  const toAck = (ecf.data?.ccps ?? []).filter((c) => c.synthesis?.locked && !c.synthesis.acknowledgedAt);
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      <Loading query={booklet}>
        {(b) => (
          <Todo title="Mon livret" to="/livret" action="Voir mon livret">
            {b.titleAwarded ? (
              <Text size="sm">Titre obtenu le {date(b.titleAwardedOn)}.</Text>
            ) : (
              <Text size="sm">
                {b.ccps.filter((c) => c.held).length} CCP sur {b.ccps.length} obtenu(s).
                {b.capitalisationDeadline ? ` ${deadlineWording('capitalisation', b.capitalisationDeadline, today()).text}` : ''}
              </Text>
            )}
          </Todo>
        )}
      </Loading>
      <Loading query={dp}>
        {(f) => (
          <Todo
            title="Mon dossier professionnel"
            to="/mon-dossier"
            action={f.status === 'submitted' ? 'Consulter' : 'Continuer la rédaction'}
          >
            <Text size="sm">
              {f.status === 'submitted' ? `Remis le ${date(f.submittedAt)}.` : `Brouillon : ${f.examples.length} exemple(s) rédigé(s).`}
              {f.warnings.length ? ` ${f.warnings.length} passage(s) à vérifier (données de santé).` : ''}
              {f.comments.length ? ` ${f.comments.length} commentaire(s) de vos formateurs.` : ''}
            </Text>
          </Todo>
        )}
      </Loading>
      <Todo title="Mes ECF" to="/mes-ecf" action="Voir mes ECF">
        <Text size="sm">{toAck.length ? `${toAck.length} synthèse(s) signée(s) à consulter.` : 'Rien à consulter pour le moment.'}</Text>
      </Todo>
    </SimpleGrid>
  );
}

function TrainerHome() {
  const cohorts = useCohorts(1, '');
  return (
    <Loading query={cohorts}>
      {(page) => (
        <Todo title="Mes cohortes" to="/cohortes" action="Toutes mes cohortes">
          {page.items.length === 0 ? (
            <Text size="sm">Aucune cohorte.</Text>
          ) : (
            page.items.map((c) => (
              <Text size="sm" key={c.id}>
                <Anchor component={Link} to={`/cohortes/${c.id}`}>
                  {c.name}
                </Anchor>{' '}
                — {c.learnerCount} apprenant(s), jusqu'au {date(c.endDate)}
              </Text>
            ))
          )}
        </Todo>
      )}
    </Loading>
  );
}

function JurorHome() {
  const sessions = useRecentSessions();
  return (
    <Loading query={sessions}>
      {(page) => {
        const active = page.items.filter((s) => ['planned', 'deliberating', 'awaiting_signatures'].includes(s.status));
        return (
          <Todo title="Mes sessions de jury" to="/sessions" action="Toutes mes sessions">
            {active.length === 0 ? (
              <Text size="sm">Aucune session en cours.</Text>
            ) : (
              active.map((s) => (
                <Group key={s.id} gap="xs">
                  <Anchor component={Link} to={`/sessions/${s.id}`} size="sm">
                    Session {s.type === 'title' ? 'titre' : 'CCP'} du {date(s.startDate)}
                  </Anchor>
                  <Badge size="sm" color={sessionToClose(s, today()) ? 'red' : undefined}>
                    {sessionToClose(s, today()) ? 'À clôturer' : SESSION_STATUS[s.status]}
                  </Badge>
                  <Text size="sm">{s.candidates.length} candidat(s)</Text>
                </Group>
              ))
            )}
          </Todo>
        );
      }}
    </Loading>
  );
}

function AdminHome() {
  const sessions = useRecentSessions();
  return (
    <Loading query={sessions}>
      {(page) => {
        // Dates past and still planned or deliberating: to be closed, not prepared (no late-convocation warning).
        const day = today();
        const toClose = page.items.filter((s) => sessionToClose(s, day));
        const planned = page.items.filter((s) => s.status === 'planned' && !sessionToClose(s, day));
        const toValidate = page.items.filter((s) => s.status === 'closed');
        const toSign = page.items.filter(
          (s) => s.status === 'awaiting_signatures' || (s.status === 'deliberating' && !sessionToClose(s, day)),
        );
        const line = (s: Schemas['SessionViewDto']) => (
          <div key={s.id}>
            <Text size="sm">
              <Anchor component={Link} to={`/sessions/${s.id}`}>
                Session {s.type === 'title' ? 'titre' : 'CCP'} du {date(s.startDate)}
              </Anchor>{' '}
              — {s.candidates.length} candidat(s), {s.jurors.length} juré(s)
            </Text>
            {sessionToClose(s, day) ? (
              <Text size="xs">
                ⚠ {s.status === 'planned' ? 'Encore « Planifiée »' : 'Délibération encore ouverte'} alors que la session a eu lieu
                {s.endDate !== s.startDate ? ` (jusqu'au ${date(s.endDate)})` : ''} : à clôturer (délibération, PV).
              </Text>
            ) : (
              s.warnings.map((w) => (
                <Text size="xs" key={w.code}>
                  ⚠ {w.message}
                </Text>
              ))
            )}
          </div>
        );
        return (
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            {toClose.length > 0 && (
              <Todo title="Sessions à clôturer" to="/sessions" action="Sessions de jury">
                {toClose.map(line)}
              </Todo>
            )}
            <Todo title="Sessions à préparer" to="/sessions" action="Sessions de jury">
              {planned.length ? planned.map(line) : <Text size="sm">Aucune session planifiée.</Text>}
            </Todo>
            <Todo title="Délibérations et PV en cours" to="/sessions" action="Sessions de jury">
              {toSign.length ? toSign.map(line) : <Text size="sm">Aucun PV en attente de signature.</Text>}
            </Todo>
            <Todo title="Résultats à faire valider par la DREETS" to="/sessions" action="Sessions de jury">
              {toValidate.length ? toValidate.map(line) : <Text size="sm">Rien en attente.</Text>}
            </Todo>
          </SimpleGrid>
        );
      }}
    </Loading>
  );
}
