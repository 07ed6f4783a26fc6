import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Badge, Box, Button, Card, Center, Container, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { ApiError, type Schemas } from '../../../api/client';
import { ErrorAlert } from '../../../components/ui';
import { date } from '../../../lib/format';
import { tidyCode, useVerification } from '../api';

/** The status in large type (light variants: contrast AA). */
const BIG = { title: { fontSize: 'var(--mantine-font-size-xl)' } };

const ORIGIN: Record<string, string> = {
  session: 'session de jury',
  external: 'obtenu antérieurement',
  equivalence: 'équivalence',
  correspondence: 'correspondance',
};

/**
 * « Vérification d'une attestation de résultats » (issue 16, item 1): reached from the QR code of
 * the PDF or by typing the code; no sign-in. Says whether the attestation still holds (a CCP
 * withdrawn revokes it), and what it attested, the holder named by first name and initial only.
 */
export function VerifierPage() {
  const { code } = useParams();
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const query = useVerification(code);
  const unknown = query.error instanceof ApiError && query.error.status === 404;
  return (
    <Box bg="gray.0" mih="100vh" component="main" py="lg">
      <Container size="sm" px="sm">
        <Stack>
          <div>
            <Title order={1} size="h2">
              Vérification d'une attestation de résultats
            </Title>
            <Text size="sm" c="dimmed">
              Saisissez le code imprimé sur l'attestation (ou scannez son code QR) pour savoir si elle est authentique et toujours valide.
            </Text>
          </div>
          <Paper withBorder p="md">
            <form
              onSubmit={(e) => {
                e.preventDefault();
                const next = tidyCode(typed);
                if (next) void navigate(`/verifier/${encodeURIComponent(next)}`);
              }}
            >
              <Group align="flex-end" wrap="wrap">
                <TextInput
                  label="Code de vérification"
                  placeholder="XXXX-XXXX-XXXX"
                  autoComplete="off"
                  autoCapitalize="characters"
                  spellCheck={false}
                  maxLength={40}
                  value={typed}
                  onChange={(e) => setTyped(e.currentTarget.value)}
                  style={{ flex: '1 1 14rem' }}
                />
                <Button type="submit">Vérifier</Button>
              </Group>
            </form>
          </Paper>
          {code &&
            (query.isPending ? (
              <Center py="md">
                <Loader aria-label="Vérification en cours" />
              </Center>
            ) : unknown ? (
              <Alert color="red" variant="light" styles={BIG} title="Code inconnu" role="alert">
                Aucune attestation ne porte le code « {code} ». Vérifiez la saisie : les lettres O et I se lisent 0 et 1.
              </Alert>
            ) : query.data ? (
              <Result attestation={query.data} />
            ) : (
              <ErrorAlert error={query.error} title="Vérification impossible" />
            ))}
        </Stack>
      </Container>
    </Box>
  );
}

function Result({ attestation: a }: { attestation: Schemas['VerificationDto'] }) {
  const holder = a.holder.firstName ? `${a.holder.firstName}${a.holder.lastNameInitial ? ` ${a.holder.lastNameInitial}.` : ''}` : null;
  return (
    <Stack>
      {a.valid ? (
        <Alert color="green" variant="light" styles={BIG} title="Attestation valide" role="status">
          Les résultats ci-dessous sont ceux que le centre a attestés le {date(a.issuedOn)} ; aucun n'a été retiré depuis.
        </Alert>
      ) : (
        <Alert color="red" variant="light" styles={BIG} title={`Attestation révoquée le ${date(a.revokedOn)}`} role="status">
          Un CCP qu'elle mentionne a été retiré le {date(a.revokedOn)} (fraude ou PV rectifié) : cette attestation ne vaut plus. Le
          titulaire peut en demander une nouvelle au centre.
        </Alert>
      )}
      <Card withBorder>
        <Stack gap="xs">
          <Text size="sm">
            <Text span c="dimmed">
              Code :{' '}
            </Text>
            <Text span fw={600} ff="monospace">
              {a.code}
            </Text>
          </Text>
          {holder ? (
            <Text>
              <Text span c="dimmed">
                Titulaire :{' '}
              </Text>
              <Text span fw={600}>
                {holder}
              </Text>
            </Text>
          ) : (
            <Text size="sm">
              Les données personnelles du titulaire ont été effacées{a.holderErasedOn ? ` le ${date(a.holderErasedOn)}` : ''} ; les
              résultats attestés restent vérifiables.
            </Text>
          )}
          <Text>
            <Text span c="dimmed">
              Titre professionnel :{' '}
            </Text>
            <Text span fw={600}>
              {a.certification.name}
            </Text>{' '}
            ({a.certification.code})
          </Text>
          <div>
            {a.titleAwarded ? (
              <Badge color="green">Titre obtenu le {date(a.titleAwardedOn)}</Badge>
            ) : (
              <Badge color="blue">{a.ccps.length} CCP acquis</Badge>
            )}
          </div>
        </Stack>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Certificats de compétences professionnelles (CCP)
        </Title>
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="CCP attestés">
          {a.ccps.map((c) => (
            <Box component="li" key={c.code} p="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
              <Text fw={600}>
                CCP {c.number} — {c.title}
              </Text>
              <Text size="sm" c="dimmed">
                {c.code}
              </Text>
              <Group gap="xs" mt={4} wrap="wrap">
                <Text size="sm">Obtenu le {date(c.obtainedOn)}</Text>
                <Text size="sm">Origine : {ORIGIN[c.source] ?? c.source}</Text>
                {c.validated ? (
                  <Badge color="green" variant="light">
                    Validé par la DREETS
                  </Badge>
                ) : (
                  <Badge color="yellow" variant="light">
                    Validation DREETS en attente
                  </Badge>
                )}
              </Group>
            </Box>
          ))}
        </Stack>
      </Card>
      <Text size="sm">
        Attestation délivrée le {date(a.issuedOn)} par <strong>{a.centre.name}</strong>.
      </Text>
      <Text size="xs" c="dimmed">
        Elle reprend les résultats enregistrés par le centre ; elle ne tient lieu ni du livret de certification ni du titre, délivrés par
        l'État.
      </Text>
    </Stack>
  );
}
