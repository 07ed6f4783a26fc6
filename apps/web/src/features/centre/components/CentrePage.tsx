import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  FileInput,
  Group,
  Image,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { ErrorAlert, fieldError, Loading, PageTitle, submitOnce } from '../../../components/ui';
import { RetentionPreview } from './RetentionPreview';
import { LOGO_TYPES, useCentre, useCentreLogo, useDeleteLogo, useSaveCentre, useUploadLogo, type Centre, type CentreInput } from '../api';

/** « Centre » (admins): the identity printed on every document, and the logo. */
export function CentrePage() {
  const query = useCentre();
  return (
    <>
      <PageTitle>Centre</PageTitle>
      <Text size="sm" c="dimmed" mb="md" maw={720}>
        L'identité du centre est imprimée sur chaque document : convocations, procès-verbaux, livrets ECF, dossiers professionnels,
        attestations de résultats.
      </Text>
      <Loading query={query}>
        {(centre) => (
          <Stack gap="lg" maw={820}>
            <IdentityForm initial={centre} />
            <LogoPanel hasLogo={centre.hasLogo} />
            <RetentionPreview />
          </Stack>
        )}
      </Loading>
    </>
  );
}

interface Draft {
  name: string;
  address: string;
  postalCode: string;
  city: string;
  agrementNumber: string;
  email: string;
  phone: string;
  signatoryName: string;
  signatoryTitle: string;
  /** '' while the field is emptied: the API then takes the default. */
  attachmentsYears: number | '';
  identityYears: number | '';
}

const draftOf = (c: Centre): Draft => ({
  name: c.name,
  address: c.address,
  postalCode: c.postalCode,
  city: c.city,
  agrementNumber: c.agrementNumber,
  email: c.email,
  phone: c.phone,
  signatoryName: c.signatoryName,
  signatoryTitle: c.signatoryTitle,
  attachmentsYears: c.retention.attachmentsYears,
  identityYears: c.retention.identityYears,
});

const bodyOf = (d: Draft): CentreInput => ({
  name: d.name,
  address: d.address,
  postalCode: d.postalCode,
  city: d.city,
  agrementNumber: d.agrementNumber,
  email: d.email,
  phone: d.phone,
  signatoryName: d.signatoryName,
  signatoryTitle: d.signatoryTitle,
  retention: {
    ...(d.attachmentsYears === '' ? {} : { attachmentsYears: d.attachmentsYears }),
    ...(d.identityYears === '' ? {} : { identityYears: d.identityYears }),
  },
});

type TextField = Exclude<keyof Draft, 'attachmentsYears' | 'identityYears'>;

/**
 * The form keeps its own draft: typing is never overwritten by a refetch. After a save it shows
 * what the server kept (trimmed, e-mail in lower case) and says so until the next change.
 */
function IdentityForm({ initial }: { initial: Centre }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [saved, setSaved] = useState(false);
  const save = useSaveCentre();
  const mutation = {
    isPending: save.isPending,
    mutate: () =>
      save.mutate(bodyOf(draft), {
        onSuccess: (centre) => {
          setDraft(draftOf(centre));
          setSaved(true);
        },
      }),
  };
  const problem = (...fields: string[]): string | undefined => fieldError(save.error, ...fields);
  const set = <K extends keyof Draft>(field: K, value: Draft[K]): void => {
    setSaved(false);
    setDraft((d) => ({ ...d, [field]: value }));
  };
  const text = (field: TextField) => ({
    value: draft[field],
    onChange: (event: { currentTarget: { value: string } }) => set(field, event.currentTarget.value),
    error: problem(field),
  });
  const years = (value: string | number): number | '' => (typeof value === 'number' ? value : value === '' ? '' : Number(value) || '');
  const unplaced = save.error && !isPlaced(save.error) ? save.error : null;

  return (
    <Paper withBorder p="md" component="form" aria-label="Identité du centre" onSubmit={submitOnce(mutation)} noValidate>
      <Title order={2} size="h3" mb="sm">
        Identité
      </Title>
      <Stack gap="sm">
        <TextInput label="Nom du centre" required maxLength={200} autoComplete="organization" {...text('name')} />
        <Textarea
          label="Adresse"
          description="Rue, bâtiment… sur plusieurs lignes (sans le code postal ni la ville)"
          autosize
          minRows={2}
          maxRows={6}
          maxLength={300}
          autoComplete="street-address"
          {...text('address')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput label="Code postal" inputMode="numeric" maxLength={5} autoComplete="postal-code" {...text('postalCode')} />
          <TextInput label="Ville" maxLength={100} autoComplete="address-level2" {...text('city')} />
        </SimpleGrid>
        <TextInput
          label="N° d'agrément / CERES"
          description="Ou le numéro de déclaration d'activité"
          maxLength={50}
          {...text('agrementNumber')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput label="E-mail de contact" type="email" maxLength={254} autoComplete="email" {...text('email')} />
          <TextInput label="Téléphone" type="tel" maxLength={30} autoComplete="tel" {...text('phone')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput label="Nom du ou de la signataire" maxLength={100} {...text('signatoryName')} />
          <TextInput
            label="Qualité du ou de la signataire"
            description="Par exemple : Directrice"
            maxLength={100}
            {...text('signatoryTitle')}
          />
        </SimpleGrid>
        <Title order={3} size="h5" mt="xs">
          Durées de conservation des données
        </Title>
        <Text size="xs" c="dimmed">
          Comptées depuis la dernière session de l'apprenant. Valeurs par défaut (3 et 6 ans) à confirmer par le ou la délégué(e) à la
          protection des données du centre.
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <NumberInput
            label="Pièces jointes du dossier professionnel (ans)"
            min={1}
            max={50}
            allowDecimal={false}
            allowNegative={false}
            value={draft.attachmentsYears}
            onChange={(value) => set('attachmentsYears', years(value))}
            error={problem('retention.attachmentsYears', 'retention')}
          />
          <NumberInput
            label="Identité, avant anonymisation (ans)"
            min={1}
            max={50}
            allowDecimal={false}
            allowNegative={false}
            value={draft.identityYears}
            onChange={(value) => set('identityYears', years(value))}
            error={problem('retention.identityYears')}
          />
        </SimpleGrid>
        {saved && (
          <Alert color="green" variant="light" role="status" title="Enregistré">
            L'identité du centre est enregistrée : elle figure désormais sur les documents.
          </Alert>
        )}
        <ErrorAlert error={unplaced} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Enregistrer
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

const PLACED = [
  'name',
  'address',
  'postalCode',
  'city',
  'agrementNumber',
  'email',
  'phone',
  'signatoryName',
  'signatoryTitle',
  'retention',
  'retention.attachmentsYears',
  'retention.identityYears',
];

/** True when every problem of a 400 is shown next to its field (otherwise the alert says it). */
function isPlaced(error: unknown): boolean {
  const fields = PLACED.filter((f) => fieldError(error, f) !== undefined);
  if (fields.length === 0) return false;
  const all = (error as { fields?: Record<string, string> }).fields ?? {};
  return Object.keys(all).every((f) => PLACED.includes(f));
}

/** The logo: preview, upload (PNG or JPEG, 1 Mo at most), removal. */
function LogoPanel({ hasLogo }: { hasLogo: boolean }) {
  const logo = useCentreLogo(hasLogo);
  const upload = useUploadLogo();
  const remove = useDeleteLogo();
  const [picked, setPicked] = useState<File | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const url = useObjectUrl(hasLogo ? logo.data : undefined);
  const fileProblem = fieldError(upload.error, 'file');

  return (
    <Paper withBorder p="md" role="region" aria-label="Logo">
      <Title order={2} size="h3" mb="sm">
        Logo
      </Title>
      <Stack gap="sm">
        {hasLogo ? (
          url ? (
            <Image src={url} alt="Logo du centre" maw={240} mah={120} fit="contain" w="auto" style={{ alignSelf: 'flex-start' }} />
          ) : (
            <Text size="sm" c="dimmed">
              Chargement du logo…
            </Text>
          )
        ) : (
          <Text size="sm" c="dimmed">
            Aucun logo : les documents portent seulement le nom du centre.
          </Text>
        )}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!picked || upload.isPending) return;
            setDone(null);
            upload.mutate(picked, {
              onSuccess: () => {
                setPicked(null);
                setDone('Logo enregistré : il figure désormais sur les documents.');
              },
            });
          }}
        >
          <Group align="flex-end" wrap="wrap">
            <FileInput
              label="Logo (PNG ou JPEG, 1 Mo au plus)"
              placeholder="Choisir une image"
              accept={LOGO_TYPES}
              value={picked}
              onChange={(file) => {
                setPicked(file);
                setDone(null);
                upload.reset();
              }}
              error={fileProblem}
              clearable
              w={{ base: '100%', xs: 340 }}
            />
            <Button type="submit" loading={upload.isPending} disabled={!picked}>
              Envoyer le logo
            </Button>
            {hasLogo && (
              <Button
                variant="subtle"
                color="red"
                loading={remove.isPending}
                onClick={() => {
                  setDone(null);
                  remove.mutate(undefined, { onSuccess: () => setDone('Logo retiré.') });
                }}
              >
                Retirer le logo
              </Button>
            )}
          </Group>
        </form>
        {done && (
          <Alert color="green" variant="light" role="status">
            {done}
          </Alert>
        )}
        <ErrorAlert error={upload.error && !fileProblem ? upload.error : null} />
        <ErrorAlert error={remove.error} />
        <ErrorAlert error={logo.error} title="Aperçu impossible" />
      </Stack>
    </Paper>
  );
}

/** An object URL for a Blob, revoked when the Blob changes or the component goes. */
function useObjectUrl(blob: Blob | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) {
      setUrl(null);
      return;
    }
    const next = URL.createObjectURL(blob);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [blob]);
  return url;
}
