import { useState } from 'react';
import {
  Accordion,
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  List,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { ApiError, type Schemas } from '../../../api/client';
import { DownloadButton, ErrorAlert, Loading, PageTitle, submitOnce } from '../../../components/ui';
import { TitleEditor } from './TitleEditor';
import { blankDraft, draftFrom, type TitleDraft } from './title-draft';
import { date } from '../../../lib/format';
import { useCertification, useCertifications, useExportTitle, useImportTitle, useRefreshCertification, useSetSuccessor } from '../api';

const STATUS: Record<string, { label: string; color: string }> = {
  valid: { label: 'En vigueur', color: 'green' },
  prolongation: { label: 'Délai de prolongation', color: 'yellow' },
  expired: { label: 'Expiré', color: 'gray' },
};

/** Said wherever a fictitious demo title is shown: its content is a copy, not the ministry's. */
export function DemoBadge() {
  return (
    <Badge color="orange" variant="light">
      Démonstration — fictif
    </Badge>
  );
}

interface Editing {
  draft: TitleDraft;
  mode: 'create' | 'edit';
  heading: string;
}

export function ReferentialPage() {
  const refreshCertification = useRefreshCertification();
  const list = useCertifications();
  const [selected, setSelected] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);
  return (
    <>
      <PageTitle
        actions={
          !importing &&
          !editing && (
            <Group>
              <Button variant="light" onClick={() => setEditing({ draft: blankDraft(), mode: 'create', heading: 'Nouveau titre' })}>
                Nouveau titre
              </Button>
              <Button variant="light" onClick={() => setImporting(true)}>
                Ajouter un titre (fichier JSON)
              </Button>
            </Group>
          )
        }
      >
        Référentiel
      </PageTitle>
      {importing && <ImportTitle onDone={() => setImporting(false)} />}
      {editing && (
        <TitleEditor
          key={editing.heading}
          initial={editing.draft}
          mode={editing.mode}
          heading={editing.heading}
          onCancel={() => setEditing(null)}
          onDone={(code) => {
            setEditing(null);
            setSelected(code);
          }}
        />
      )}
      <Loading query={list}>
        {(titles) => (
          <Table.ScrollContainer minWidth={0} type="native" mb="lg">
            <Table withTableBorder highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Code</Table.Th>
                  <Table.Th>Titre</Table.Th>
                  <Table.Th>Niveau</Table.Th>
                  <Table.Th>Échéance</Table.Th>
                  <Table.Th>Statut</Table.Th>
                  <Table.Th>Successeur</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {titles.map((t) => (
                  <Table.Tr key={t.code}>
                    <Table.Td>
                      <Button
                        variant="subtle"
                        size="compact-sm"
                        onClick={() => {
                          setSelected(t.code);
                          // Whether it may still be edited changes elsewhere (a cohort, a session): asked again.
                          void refreshCertification(t.code);
                        }}
                        aria-pressed={selected === t.code}
                      >
                        {t.code}
                      </Button>
                    </Table.Td>
                    <Table.Td>
                      {t.name} {t.acronym ? `(${t.acronym})` : ''} {t.demo && <DemoBadge />}
                    </Table.Td>
                    <Table.Td>{t.level}</Table.Td>
                    <Table.Td>{date(t.validUntil)}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS[t.status]?.color}>{STATUS[t.status]?.label ?? t.status}</Badge>
                    </Table.Td>
                    <Table.Td>{t.successorCode ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Loading>
      {selected && !editing && (
        <TitleDetail
          key={selected}
          code={selected}
          others={(list.data ?? []).filter((t) => t.code !== selected)}
          onEdit={(file, mode) =>
            setEditing(
              mode === 'duplicate'
                ? { draft: draftFrom(file, 'duplicate'), mode: 'create', heading: `Nouvelle version à partir de ${file.code}` }
                : { draft: draftFrom(file, 'edit'), mode: 'edit', heading: `Modifier ${file.code}` },
            )
          }
        />
      )}
    </>
  );
}

function TitleDetail({
  code,
  others,
  onEdit,
}: {
  code: string;
  others: Schemas['CertificationSummaryDto'][];
  onEdit: (file: Schemas['CreateCertificationDto'], mode: 'duplicate' | 'edit') => void;
}) {
  const detail = useCertification(code);
  const exported = useExportTitle(code, onEdit);
  return (
    <Loading query={detail}>
      {(t) => (
        <Stack>
          <Group justify="space-between">
            <Title order={2} size="h3">
              {t.name} — {t.code} (TP {t.tpCode})
            </Title>
            <Group gap="xs">
              <Button
                variant="light"
                loading={exported.isPending && exported.variables === 'duplicate'}
                onClick={() => exported.mutate('duplicate')}
              >
                Dupliquer
              </Button>
              {t.editable && (
                <Button
                  variant="light"
                  loading={exported.isPending && exported.variables === 'edit'}
                  onClick={() => exported.mutate('edit')}
                >
                  Modifier
                </Button>
              )}
              <DownloadButton path={`/api/certifications/${encodeURIComponent(t.code)}/export`} fileName={`${t.code}.json`}>
                Exporter (JSON)
              </DownloadButton>
            </Group>
          </Group>
          <ErrorAlert error={exported.error} />
          {t.demo && (
            <Alert color="orange" title="Titre de démonstration (fictif)">
              Ce titre n'existe pas : ses CCP, compétences et critères sont une copie de SAMS (RNCP36805) et ses correspondances sont
              fictives. Il sert à essayer l'application ; ne l'utilisez pas pour de vrais candidats.
            </Alert>
          )}
          <Text size="sm">
            Niveau {t.level} · {t.validFrom ? `en vigueur à partir du ${date(t.validFrom)}, ` : ''}échéance le {date(t.validUntil)}
            {t.predecessorCode ? ` · succède à ${t.predecessorCode}` : ''}
            {t.editable ? ' · encore modifiable (aucune promotion, session ni CCP acquis)' : ''}
          </Text>
          <Accordion variant="separated">
            {t.ccps.map((ccp) => (
              <Accordion.Item key={ccp.code} value={ccp.code}>
                <Accordion.Control>
                  CCP {ccp.number} — {ccp.title} ({ccp.code})
                </Accordion.Control>
                <Accordion.Panel>
                  {ccp.competences.map((c) => (
                    <div key={c.number} style={{ marginBottom: 8 }}>
                      <Text size="sm" fw={600}>
                        C{c.number} — {c.title}
                      </Text>
                      <List size="xs">
                        {c.criteria.map((crit, i) => (
                          <List.Item key={i}>{crit}</List.Item>
                        ))}
                      </List>
                    </div>
                  ))}
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
          {t.correspondences.length > 0 && (
            <Text size="sm">
              Correspondances vers {t.successorCode} : {t.correspondences.map((c) => `${c.from.join(' + ')} → ${c.to}`).join(' ; ')}
            </Text>
          )}
          <SuccessorForm title={t} others={others} />
        </Stack>
      )}
    </Loading>
  );
}

function SuccessorForm({ title, others }: { title: Schemas['CertificationDetailDto']; others: Schemas['CertificationSummaryDto'][] }) {
  const [successorCode, setSuccessor] = useState<string | null>(title.successorCode);
  const successor = others.find((o) => o.code === successorCode);
  const [map, setMap] = useState<Record<string, string[]>>(() => Object.fromEntries(title.correspondences.map((c) => [c.to, c.from])));
  const mutation = useSetSuccessor(title.code);
  const body = {
    successorCode: successorCode ?? '',
    // Only towards the chosen successor: choices made for another one are not sent.
    correspondences: Object.entries(map)
      .filter(([to, from]) => from.length && (successor?.ccps ?? []).some((c) => c.code === to))
      .map(([to, from]) => ({ to, from })),
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submitOnce(mutation, body)}>
      <Title order={3} size="h5" mb="xs">
        Titre successeur et correspondances des CCP
      </Title>
      <Stack gap="sm">
        <Select
          label="Titre qui succède"
          data={others.map((o) => ({ value: o.code, label: `${o.code} — ${o.name}` }))}
          value={successorCode}
          onChange={setSuccessor}
          w={420}
        />
        {successor?.ccps.map((to) => (
          <MultiSelect
            key={to.code}
            label={`CCP ${to.number} du successeur (${to.title}) : acquis avec`}
            data={title.ccps.map((c) => ({ value: c.code, label: `CCP ${c.number} — ${c.title}` }))}
            value={map[to.code] ?? []}
            onChange={(v) => setMap((m) => ({ ...m, [to.code]: v }))}
            placeholder="Aucune correspondance"
          />
        ))}
        <ErrorAlert error={mutation.error} />
        <Group>
          <Button type="submit" disabled={!successorCode} loading={mutation.isPending}>
            Enregistrer le successeur
          </Button>
          {mutation.isSuccess && <Badge color="green">Enregistré</Badge>}
        </Group>
      </Stack>
    </Paper>
  );
}

function ImportTitle({ onDone }: { onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const mutation = useImportTitle(onDone);
  const fields = mutation.error instanceof ApiError ? Object.entries(mutation.error.fields) : [];
  return (
    <Paper withBorder p="md" mb="md">
      <Text size="sm" mb="xs">
        Un titre se décrit en JSON : code, tpCode, name, level, validUntil (AAAA-MM-JJ) et ses CCP avec leurs compétences et critères (même
        format que seeds/referentials/sams-rncp36805.json).
      </Text>
      <Group align="flex-end">
        <FileInput label="Fichier JSON du titre" accept="application/json,.json" value={file} onChange={setFile} w={340} clearable />
        <Button disabled={!file} loading={mutation.isPending} onClick={() => !mutation.isPending && file && mutation.mutate(file)}>
          Ajouter le titre
        </Button>
        <Button variant="default" onClick={onDone}>
          Fermer
        </Button>
      </Group>
      <ErrorAlert error={mutation.error} />
      {fields.length > 0 && (
        <List size="sm" mt="xs">
          {fields.map(([f, m]) => (
            <List.Item key={f}>
              {f} : {m}
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
