import { useState } from 'react';
import { Button, Group, Text, TextInput, Title } from '@mantine/core';
import { ErrorAlert, fieldError, submitOnce } from '../../../components/ui';
import { dateTime } from '../../../lib/format';
import { useSignDeclaration, type ProfessionalFile } from '../api';

/** The déclaration sur l'honneur: signed by the learner with the place; `missing` when submitting found it unsigned. */
export function DeclarationPanel({
  file,
  learnerId,
  editable,
  missing,
}: {
  file: ProfessionalFile;
  learnerId: string;
  editable: boolean;
  missing: boolean;
}) {
  const [place, setPlace] = useState(file.declaration?.place ?? '');
  const declare = useSignDeclaration(learnerId);
  return (
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
        <form onSubmit={submitOnce(declare, place)}>
          <Text size="sm" mb="xs">
            Je soussigné(e) déclare sur l'honneur que les renseignements fournis dans ce dossier sont exacts et que je suis l'auteur(e) des
            réalisations jointes.
          </Text>
          <Group align="flex-end">
            <TextInput
              label="Fait à"
              required
              value={place}
              onChange={(e) => setPlace(e.currentTarget.value)}
              error={fieldError(declare.error, 'place') ?? (missing ? 'Signez la déclaration avant de remettre le dossier.' : undefined)}
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
  );
}
