import { useState } from 'react';
import { Link } from 'react-router';
import {
  Anchor,
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useAuth } from '../../../auth';
import { DateField } from '../../../components/DateField';
import { ErrorAlert, fieldError, PagedTable, PageTitle, submitOnce } from '../../../components/ui';
import { ccpLabels, date, SESSION_STATUS, STATUS_COLOR } from '../../../lib/format';
import { useCreateSession, useSessions } from '../api';
import { useCertifications } from '../../referential/api';
import { TimeField } from './TimeField';

export function SessionsPage() {
  const { has } = useAuth();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const query = useSessions(page);
  return (
    <>
      <PageTitle actions={has('admin') && !creating && <Button onClick={() => setCreating(true)}>Nouvelle session</Button>}>
        {has('admin') ? 'Sessions de jury' : 'Mes sessions de jury'}
      </PageTitle>
      {creating && <SessionForm onDone={() => setCreating(false)} />}
      <PagedTable
        query={query}
        empty="Aucune session."
        highlightOnHover
        onPage={setPage}
        head={
          <Table.Tr>
            <Table.Th>Dates</Table.Th>
            <Table.Th>Session</Table.Th>
            <Table.Th>Lieu</Table.Th>
            <Table.Th>Candidats</Table.Th>
            <Table.Th>Jury</Table.Th>
            <Table.Th>Statut</Table.Th>
          </Table.Tr>
        }
        row={(s) => (
          <Table.Tr key={s.id}>
            <Table.Td>
              <Anchor component={Link} to={`/sessions/${s.id}`}>
                {s.startDate === s.endDate ? `Le ${date(s.startDate)}` : `Du ${date(s.startDate)} au ${date(s.endDate)}`}
              </Anchor>
            </Table.Td>
            <Table.Td>
              {s.type === 'title' ? 'Session titre' : `Session CCP (${ccpLabels(s.ccpCodes)})`} · {s.certificationCode}
            </Table.Td>
            <Table.Td>{s.site ?? '—'}</Table.Td>
            <Table.Td>{s.candidates.length}</Table.Td>
            <Table.Td>{s.jurors.map((j) => j.fullName).join(', ') || '—'}</Table.Td>
            <Table.Td>
              <Badge color={STATUS_COLOR[s.status]}>{SESSION_STATUS[s.status]}</Badge>
            </Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}

function SessionForm({ onDone }: { onDone: () => void }) {
  const certifications = useCertifications();
  const [type, setType] = useState<'title' | 'ccp'>('title');
  const [certificationCode, setCode] = useState<string | null>('RNCP36805');
  const [ccpCodes, setCcpCodes] = useState<string[]>([]);
  const [startDate, setStart] = useState<string | null>(null);
  const [endDate, setEnd] = useState<string | null>(null);
  const [site, setSite] = useState('');
  const [startTime, setStartTime] = useState<string | null>(null);
  const [address, setAddress] = useState('');
  const [ceresReference, setCeres] = useState('');
  const title = certifications.data?.find((c) => c.code === certificationCode);
  const mutation = useCreateSession(onDone);
  const body = {
    type,
    certificationCode: certificationCode ?? '',
    ccpCodes: type === 'ccp' ? ccpCodes : undefined,
    startDate: startDate ?? '',
    endDate: endDate ?? startDate ?? '',
    site: site || undefined,
    startTime: startTime ?? undefined,
    address: address.trim() || undefined,
    ceresReference: ceresReference || undefined,
  };
  const e = mutation.error;
  return (
    <Paper withBorder p="md" mb="md" component="form" onSubmit={submitOnce(mutation, body)}>
      <Title order={2} size="h4" mb="sm">
        Nouvelle session de jury
      </Title>
      <Stack gap="sm">
        <Group align="flex-end">
          <div>
            <Text size="sm" fw={500} id="session-type">
              Type
            </Text>
            <SegmentedControl
              aria-labelledby="session-type"
              value={type}
              onChange={(t) => setType(t)}
              data={[
                { value: 'title', label: 'Session titre' },
                { value: 'ccp', label: 'Session CCP' },
              ]}
            />
          </div>
          <Select
            label="Titre"
            required
            data={(certifications.data ?? []).map((c) => ({ value: c.code, label: `${c.code} — ${c.acronym ?? c.name}` }))}
            value={certificationCode}
            onChange={setCode}
            error={fieldError(e, 'certificationCode')}
            w={320}
          />
        </Group>
        {type === 'ccp' && (
          <MultiSelect
            label="CCP évalués"
            required
            data={(title?.ccps ?? []).map((c) => ({ value: c.code, label: `CCP ${c.number} — ${c.title}` }))}
            value={ccpCodes}
            onChange={setCcpCodes}
            error={fieldError(e, 'ccpCodes')}
          />
        )}
        <Group grow align="flex-start" className="form-row">
          <DateField label="Premier jour" required value={startDate} onChange={setStart} error={fieldError(e, 'startDate')} />
          <DateField label="Dernier jour" required value={endDate} onChange={setEnd} error={fieldError(e, 'endDate')} />
        </Group>
        <Group grow align="flex-start" className="form-row">
          <TimeField
            label="Heure de convocation"
            description="L'heure à laquelle les candidats sont attendus, chaque jour"
            value={startTime}
            onChange={setStartTime}
            error={fieldError(e, 'startTime')}
          />
          <TextInput
            label="Lieu"
            description="Le nom du lieu, par exemple « Centre — salle 2 »"
            value={site}
            onChange={(ev) => setSite(ev.currentTarget.value)}
            error={fieldError(e, 'site')}
          />
        </Group>
        <Textarea
          label="Adresse du lieu"
          description="Imprimée sur les convocations"
          placeholder={'12 rue des Lilas\n69003 Lyon'}
          autosize
          minRows={2}
          maxLength={300}
          value={address}
          onChange={(ev) => setAddress(ev.currentTarget.value)}
          error={fieldError(e, 'address')}
        />
        <Group grow align="flex-start" className="form-row">
          <TextInput
            label="Référence CERES"
            value={ceresReference}
            onChange={(ev) => setCeres(ev.currentTarget.value)}
            error={fieldError(e, 'ceresReference')}
          />
        </Group>
        <ErrorAlert
          error={
            e && !fieldError(e, 'certificationCode', 'ccpCodes', 'startDate', 'endDate', 'site', 'startTime', 'address', 'ceresReference')
              ? e
              : null
          }
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Créer la session
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
