import { useState } from 'react';
import { Button, Group, Paper, Select, Table, Text, Textarea, Title } from '@mantine/core';
import { useAuth } from '../../../auth';
import { DateField } from '../../../components/DateField';
import { ErrorAlert, fieldError } from '../../../components/ui';
import { date, today } from '../../../lib/format';
import { useDecideAppeal, useFileAppeal, type Session } from '../api';

export function AppealsPanel({ session }: { session: Session }) {
  const { has } = useAuth();
  const name = new Map(session.candidates.map((c) => [c.learnerId, c.fullName]));
  const [learnerId, setLearnerId] = useState<string | null>(null);
  const [filedOn, setFiledOn] = useState<string | null>(null);
  const [kind, setKind] = useState<'gracieux' | 'contentieux'>('gracieux');
  const [summary, setSummary] = useState('');
  const file = useFileAppeal(session.id, () => {
    setSummary('');
    setFiledOn(null);
  });
  const decide = useDecideAppeal(session.id);
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
                          onClick={() => decide.mutate({ appealId: a.id, learnerId: a.learnerId, outcome: 'upheld', decidedOn: today() })}
                        >
                          Accueilli
                        </Button>
                        <Button
                          size="xs"
                          variant="light"
                          color="gray"
                          disabled={decide.isPending}
                          onClick={() => decide.mutate({ appealId: a.id, learnerId: a.learnerId, outcome: 'rejected', decidedOn: today() })}
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
            if (learnerId && !file.isPending) file.mutate({ learnerId, body: { filedOn: filedOn ?? '', kind, summary } });
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
