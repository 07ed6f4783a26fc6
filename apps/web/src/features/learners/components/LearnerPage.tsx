import { useState } from 'react';
import { useParams } from 'react-router';
import { Accordion, Badge, Box, Button, Group, Paper, Select, Stack, Tabs, Text, Textarea, TextInput, Title } from '@mantine/core';
import { type Schemas } from '../../../api/client';
import { useAuth } from '../../../auth';
import { InviteLearnerButton } from '../../messages';
import { BookletView } from '../../booklet';
import { EvaluationForm, EvaluationsTable, SynthesisEditor, SynthesisStatus, SynthesisSummary } from '../../ecf';
import { DateField } from '../../../components/DateField';
import { both, DownloadButton, ErrorAlert, fieldError, Loading, PageTitle, submitOnce } from '../../../components/ui';
import { date, hasSomethingToAttest } from '../../../lib/format';
import { useLearner, useUpdateLearner } from '../api';
import { useAddPriorCcp, useLearnerBooklet, useWithdrawAward } from '../../booklet/api';
import { useCohortOptions } from '../../cohorts/api';
import { useLearnerEcf } from '../../ecf/api';
import { useCertification } from '../../referential/api';
import { DpOf } from '../../professional-file';
import { AnonymisedBanner, AnonymiseLearnerButton } from './AnonymiseLearner';
import { PersonalData } from '../../privacy';

type Learner = Schemas['LearnerDto'];

export function LearnerPage() {
  const { id = '' } = useParams();
  const { has } = useAuth();
  const [tab, setTab] = useState<string | null>('ecf');
  const learner = useLearner(id);
  return (
    <Loading query={learner}>
      {(l) => (
        <>
          <PageTitle
            actions={
              <DownloadButton path={`/api/learners/${id}/ecf.pdf`} fileName="livret-ecf.pdf">
                Livret ECF (PDF)
              </DownloadButton>
            }
          >
            {`${l.firstName} ${l.lastName.toUpperCase()}`}
          </PageTitle>
          <Text size="sm" mb="md">
            {l.pathway === 'vae' ? `VAE (recevable le ${date(l.vaeAdmissibilityDate)})` : 'Formation'} · {l.certificationCode}
            {l.birthDate ? ` · né(e) le ${date(l.birthDate)}` : ''} · {l.email}
            {l.accommodations ? ` · aménagements : ${l.accommodations}` : ''}
          </Text>
          <AnonymisedBanner learner={l} />
          {has('admin') && (
            <Box mb="md">
              <Group gap="sm">
                {!l.anonymisedAt && <InviteLearnerButton learnerId={id} hasAccount={!!l.userId} />}
                <AnonymiseLearnerButton learner={l} />
              </Group>
              {!l.anonymisedAt && <PersonalData learnerId={id} mt="sm" />}
            </Box>
          )}
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="ecf">ECF</Tabs.Tab>
              <Tabs.Tab value="dp">Dossier professionnel</Tabs.Tab>
              <Tabs.Tab value="booklet">Livret de certification</Tabs.Tab>
              {has('admin') && <Tabs.Tab value="profile">Fiche</Tabs.Tab>}
            </Tabs.List>
            <Tabs.Panel value="ecf">
              <EcfTab learner={l} />
            </Tabs.Panel>
            <Tabs.Panel value="dp">
              <DpOf learnerId={id} mode={has('admin') ? 'admin' : 'trainer'} />
            </Tabs.Panel>
            <Tabs.Panel value="booklet">
              <BookletTab learnerId={id} />
            </Tabs.Panel>
            {has('admin') && (
              <Tabs.Panel value="profile">
                {l.anonymisedAt ? <Text size="sm">Fiche anonymisée : elle ne peut plus être modifiée.</Text> : <ProfileForm learner={l} />}
              </Tabs.Panel>
            )}
          </Tabs>
        </>
      )}
    </Loading>
  );
}

function EcfTab({ learner }: { learner: Learner }) {
  const { has } = useAuth();
  const ecf = useLearnerEcf(learner.id);
  const title = useCertification(learner.certificationCode);
  const [recording, setRecording] = useState<string | null>(null);
  // Anonymised: the file is closed (409 LEARNER.ANONYMISED), the ECF is read only.
  const closed = !!learner.anonymisedAt;
  return (
    <Loading query={both(ecf, title)}>
      {([e, t]) => (
        <Accordion multiple defaultValue={e.ccps.map((c) => c.ccpCode)} variant="separated">
          {e.ccps.map((ccp) => {
            const detail = t.ccps.find((c) => c.code === ccp.ccpCode);
            return (
              <Accordion.Item key={ccp.ccpCode} value={ccp.ccpCode}>
                <Accordion.Control>
                  <Group justify="space-between" pr="sm">
                    <Text fw={600}>
                      CCP {ccp.number} — {ccp.title}
                    </Text>
                    <SynthesisStatus synthesis={ccp.synthesis} />
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <Stack>
                    <EvaluationsTable ccp={ccp} />
                    {has('trainer') &&
                      detail &&
                      !closed &&
                      (recording === ccp.ccpCode ? (
                        <EvaluationForm learnerId={learner.id} ccp={detail} onDone={() => setRecording(null)} />
                      ) : (
                        <Button variant="light" w="fit-content" onClick={() => setRecording(ccp.ccpCode)}>
                          Enregistrer une évaluation (CCP {ccp.number})
                        </Button>
                      ))}
                    <Paper withBorder p="sm">
                      <Title order={3} size="h5" mb="xs">
                        Synthèse de l'ECF
                      </Title>
                      {closed ? (
                        ccp.synthesis ? (
                          <SynthesisSummary synthesis={ccp.synthesis} />
                        ) : (
                          <Text size="sm">Aucune synthèse.</Text>
                        )
                      ) : (
                        <SynthesisEditor
                          learnerId={learner.id}
                          ccp={ccp}
                          competences={(detail?.competences ?? []).map((c) => c.number)}
                          canSignAsCentre={has('admin')}
                        />
                      )}
                    </Paper>
                  </Stack>
                </Accordion.Panel>
              </Accordion.Item>
            );
          })}
        </Accordion>
      )}
    </Loading>
  );
}

function BookletTab({ learnerId }: { learnerId: string }) {
  const { has } = useAuth();
  const booklet = useLearnerBooklet(learnerId);
  return (
    <Stack>
      {hasSomethingToAttest(booklet.data) && (
        <DownloadButton path={`/api/learners/${learnerId}/booklet.pdf`} fileName="attestation.pdf" w="fit-content">
          Attestation (PDF)
        </DownloadButton>
      )}
      <Loading query={booklet}>
        {(b) => (
          <>
            <BookletView booklet={b} />
            {has('admin') && <LedgerForms learnerId={learnerId} booklet={b} />}
          </>
        )}
      </Loading>
    </Stack>
  );
}

/** Staff: a CCP obtained elsewhere or by equivalence; a withdrawal for fraud (both append-only). */
function LedgerForms({ learnerId, booklet }: { learnerId: string; booklet: Schemas['BookletDto'] }) {
  const [ccpCode, setCcp] = useState<string | null>(null);
  const [obtainedOn, setObtainedOn] = useState<string | null>(null);
  const [source, setSource] = useState<'external' | 'equivalence'>('external');
  const [reference, setReference] = useState('');
  const [withdrawCcp, setWithdrawCcp] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const prior = useAddPriorCcp(learnerId, () => {
    setCcp(null);
    setReference('');
  });
  const withdraw = useWithdrawAward(learnerId, () => {
    setWithdrawCcp(null);
    setReason('');
  });
  const option = (c: Schemas['BookletCcpDto']) => ({ value: c.code, label: `CCP ${c.number} — ${c.title}` });
  const missing = booklet.ccps.filter((c) => !c.held).map(option);
  const held = booklet.ccps.filter((c) => c.held).map(option);
  return (
    <Stack>
      {missing.length > 0 && (
        <Paper
          withBorder
          p="md"
          component="form"
          onSubmit={submitOnce(prior, { ccpCode: ccpCode ?? '', obtainedOn: obtainedOn ?? '', source, reference })}
        >
          <Title order={3} size="h5" mb="xs">
            Enregistrer un CCP obtenu ailleurs ou par équivalence
          </Title>
          <Group align="flex-end">
            <Select
              label="CCP"
              required
              data={missing}
              value={ccpCode}
              onChange={setCcp}
              w={320}
              error={fieldError(prior.error, 'ccpCode')}
            />
            <DateField
              label="Obtenu le"
              required
              value={obtainedOn}
              onChange={setObtainedOn}
              error={fieldError(prior.error, 'obtainedOn')}
            />
            <Select
              label="Origine"
              data={[
                { value: 'external', label: 'Obtenu hors du centre' },
                { value: 'equivalence', label: 'Équivalence' },
              ]}
              value={source}
              onChange={(v) => setSource(v ?? 'external')}
              allowDeselect={false}
              w={220}
            />
            <TextInput
              label="Référence (PV, décision)"
              required
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
              error={fieldError(prior.error, 'reference')}
            />
            <Button type="submit" loading={prior.isPending}>
              Enregistrer
            </Button>
          </Group>
          <ErrorAlert error={prior.error && !fieldError(prior.error, 'ccpCode', 'obtainedOn', 'reference') ? prior.error : null} />
        </Paper>
      )}
      {held.length > 0 && (
        <Paper
          withBorder
          p="md"
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!withdraw.isPending && window.confirm('Retirer ce CCP pour fraude ? Le retrait est définitif et tracé.'))
              withdraw.mutate({ ccpCode: withdrawCcp ?? '', reason });
          }}
        >
          <Title order={3} size="h5" mb="xs">
            Retirer un CCP (fraude constatée)
          </Title>
          <Group align="flex-end">
            <Select
              label="CCP"
              required
              data={held}
              value={withdrawCcp}
              onChange={setWithdrawCcp}
              w={320}
              error={fieldError(withdraw.error, 'ccpCode')}
            />
            <TextInput
              label="Motif et référence de la décision"
              required
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={fieldError(withdraw.error, 'reason')}
              w={420}
            />
            <Button type="submit" color="red" variant="outline" loading={withdraw.isPending}>
              Retirer
            </Button>
          </Group>
          <ErrorAlert error={withdraw.error && !fieldError(withdraw.error, 'ccpCode', 'reason') ? withdraw.error : null} />
        </Paper>
      )}
    </Stack>
  );
}

function ProfileForm({ learner }: { learner: Learner }) {
  const cohorts = useCohortOptions();
  const [v, setV] = useState({
    firstName: learner.firstName,
    lastName: learner.lastName,
    email: learner.email,
    employer: learner.employer ?? '',
    accommodations: learner.accommodations ?? '',
  });
  const [birthDate, setBirthDate] = useState<string | null>(learner.birthDate);
  const [cohortId, setCohortId] = useState<string | null>(learner.cohortId);
  const mutation = useUpdateLearner(learner.id);
  const body = {
    firstName: v.firstName,
    lastName: v.lastName,
    email: v.email,
    birthDate: birthDate ?? undefined,
    employer: v.employer || null,
    accommodations: v.accommodations || null,
    cohortId: learner.pathway === 'training' && cohortId && cohortId !== learner.cohortId ? cohortId : undefined,
  };
  const e = mutation.error;
  const text = (key: keyof typeof v, label: string) => (
    <TextInput
      label={label}
      value={v[key]}
      onChange={(ev) => {
        const value = ev.currentTarget.value; // read now: React clears currentTarget once the event is handled
        setV((s) => ({ ...s, [key]: value }));
      }}
      error={fieldError(e, key)}
    />
  );
  return (
    <Paper withBorder p="md" component="form" onSubmit={submitOnce(mutation, body)}>
      <Stack gap="sm" maw={720}>
        <Group grow align="flex-start" className="form-row">
          {text('lastName', 'Nom')}
          {text('firstName', 'Prénom')}
          <DateField
            label="Date de naissance"
            value={birthDate}
            onChange={setBirthDate}
            error={fieldError(e, 'birthDate')}
            clearable={false}
          />
        </Group>
        <Group grow align="flex-start" className="form-row">
          {text('email', 'Adresse e-mail')}
          {text('employer', 'Employeur')}
        </Group>
        {learner.pathway === 'training' && (
          <Select
            label="Cohorte"
            description="Changer de cohorte déplace l'apprenant ; l'historique de ses cohortes est conservé."
            data={cohorts.data ?? []}
            value={cohortId}
            onChange={setCohortId}
            error={fieldError(e, 'cohortId')}
            searchable
          />
        )}
        <Textarea
          label="Aménagements d'épreuve accordés"
          value={v.accommodations}
          onChange={(ev) => {
            const value = ev.currentTarget.value; // read now: React clears currentTarget once the event is handled
            setV((s) => ({ ...s, accommodations: value }));
          }}
          autosize
          error={fieldError(e, 'accommodations')}
        />
        <ErrorAlert
          error={e && !fieldError(e, 'firstName', 'lastName', 'email', 'birthDate', 'employer', 'accommodations', 'cohortId') ? e : null}
        />
        <Group>
          <Button type="submit" loading={mutation.isPending}>
            Enregistrer
          </Button>
          {mutation.isSuccess && <Badge color="green">Enregistré</Badge>}
        </Group>
      </Stack>
    </Paper>
  );
}
