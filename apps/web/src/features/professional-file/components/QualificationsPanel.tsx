import { useState } from 'react';
import { Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { date, today } from '../../../lib/format';
import { DateField } from '../../../components/DateField';
import { ErrorAlert, fieldError, submitOnce } from '../../../components/ui';
import { useAddQualification, useDeleteQualification, type ProfessionalFile } from '../api';

export function QualificationsPanel({ file, learnerId, editable }: { file: ProfessionalFile; learnerId: string; editable: boolean }) {
  const [title, setTitle] = useState('');
  const [issuer, setIssuer] = useState('');
  const [obtainedOn, setObtainedOn] = useState<string | null>(null);
  const add = useAddQualification(learnerId, () => {
    setTitle('');
    setIssuer('');
    setObtainedOn(null);
  });
  const remove = useDeleteQualification(learnerId);
  return (
    <section aria-labelledby="dp-qualifications">
      <Title order={2} size="h4" id="dp-qualifications" mb="xs">
        Titres, diplômes, CQP, attestations de formation
      </Title>
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
          <form onSubmit={submitOnce(add, { title, issuer, obtainedOn: obtainedOn ?? '' })}>
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
    </section>
  );
}
