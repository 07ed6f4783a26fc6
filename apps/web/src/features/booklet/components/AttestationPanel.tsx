import { Link } from 'react-router';
import { Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { saveBlob } from '../../../api/client';
import { ErrorAlert } from '../../../components/ui';
import { useCredential } from '../api';

/**
 * « Attestation vérifiable » (issue 16, item 1): the verification code of the attestation of the
 * current results (the one printed with its QR code on the PDF), its public page, and the signed
 * credential (Open Badges 3.0, JWT) to download. Issued on request, not on view.
 */
export function AttestationPanel({ learnerId }: { learnerId: string }) {
  const credential = useCredential(learnerId);
  const data = credential.data;
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={2} size="h4">
          Attestation vérifiable
        </Title>
        <Text size="sm" c="dimmed">
          Chaque attestation de résultats porte un code et un code QR : un employeur ou un organisme peut vérifier en ligne, sans compte,
          qu'elle est authentique et toujours valide.
        </Text>
        {data ? (
          <Stack gap={6}>
            <Text>
              Code de vérification :{' '}
              <Text span fw={700} ff="monospace" data-testid="verification-code">
                {data.verificationCode}
              </Text>
            </Text>
            <Anchor component={Link} to={`/verifier/${data.verificationCode}`} size="sm">
              Page de vérification publique
            </Anchor>
          </Stack>
        ) : null}
        <Group gap="xs" wrap="wrap">
          <Button
            variant="light"
            h="auto"
            py={6}
            // The label wraps on a phone instead of being clipped (review F8, 390 px).
            styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }}
            loading={credential.isPending}
            onClick={() =>
              credential.mutate(undefined, {
                onSuccess: (c) => saveJson(`attestation-signee-${c.verificationCode}.json`, c),
              })
            }
          >
            Télécharger l'attestation signée (JSON/JWT)
          </Button>
        </Group>
        <ErrorAlert error={credential.error} title="Attestation impossible" />
      </Stack>
    </Card>
  );
}

function saveJson(name: string, value: unknown): void {
  saveBlob(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }), name);
}
