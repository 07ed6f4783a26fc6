import { useState } from 'react';
import { Alert, Button, Group, Paper, TextInput, Title } from '@mantine/core';
import { DateField } from '../../../components/DateField';
import { ErrorAlert, fieldError, submitOnce } from '../../../components/ui';
import { date } from '../../../lib/format';
import { useDreetsValidation, type Session } from '../api';

export function DreetsPanel({ session }: { session: Session }) {
  const [validatedOn, setValidatedOn] = useState<string | null>(null);
  const [reference, setReference] = useState('');
  const mutation = useDreetsValidation(session.id);
  if (session.dreetsValidation)
    return (
      <Alert color="green" title="Validation DREETS">
        Résultats validés par la DREETS le {date(session.dreetsValidation.validatedOn)} (référence {session.dreetsValidation.reference}).
      </Alert>
    );
  return (
    <Paper withBorder p="md" component="form" onSubmit={submitOnce(mutation, { validatedOn: validatedOn ?? '', reference })}>
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
