import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Group, Paper, PasswordInput, SegmentedControl, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { DateField } from '../../../components/DateField';
import { ErrorAlert, fieldError, submitOnce } from '../../../components/ui';
import { useCreateLearner } from '../api';
import { useCohortOptions } from '../../cohorts/api';
import { useCertifications } from '../../referential/api';

export function LearnerForm({ onDone }: { onDone: () => void }) {
  const navigate = useNavigate();
  const cohorts = useCohortOptions();
  const certifications = useCertifications();
  const [v, setV] = useState({ firstName: '', lastName: '', email: '', employer: '', accommodations: '', password: '' });
  const [birthDate, setBirthDate] = useState<string | null>(null);
  const [pathway, setPathway] = useState<'training' | 'vae'>('training');
  const [cohortId, setCohortId] = useState<string | null>(null);
  const [vaeDate, setVaeDate] = useState<string | null>(null);
  // VAE: left empty, the API takes the title in force on the recevabilité's date (contract).
  const [certificationCode, setCode] = useState<string | null>(null);
  const mutation = useCreateLearner((learner) => navigate(`/apprenants/${learner.id}`));
  const body = {
    firstName: v.firstName,
    lastName: v.lastName,
    email: v.email,
    birthDate: birthDate ?? '',
    pathway,
    cohortId: pathway === 'training' ? (cohortId ?? undefined) : undefined,
    vaeAdmissibilityDate: pathway === 'vae' ? (vaeDate ?? undefined) : undefined,
    certificationCode: pathway === 'vae' ? (certificationCode ?? undefined) : undefined,
    employer: v.employer || undefined,
    accommodations: v.accommodations || undefined,
    password: v.password || undefined,
  };
  const e = mutation.error;
  const text = (key: keyof typeof v, label: string, props: Record<string, unknown> = {}) => (
    <TextInput
      label={label}
      value={v[key]}
      onChange={(ev) => {
        const value = ev.currentTarget.value; // read now: React clears currentTarget once the event is handled
        setV((s) => ({ ...s, [key]: value }));
      }}
      error={fieldError(e, key)}
      {...props}
    />
  );
  const known = [
    'firstName',
    'lastName',
    'email',
    'birthDate',
    'pathway',
    'cohortId',
    'vaeAdmissibilityDate',
    'certificationCode',
    'employer',
    'accommodations',
    'password',
  ];
  return (
    <Paper withBorder p="md" mb="md" component="form" onSubmit={submitOnce(mutation, body)}>
      <Title order={2} size="h4" mb="sm">
        Nouvel apprenant
      </Title>
      <Stack gap="sm">
        <Group grow align="flex-start" className="form-row">
          {text('lastName', 'Nom', { required: true })}
          {text('firstName', 'Prénom', { required: true })}
          <DateField label="Date de naissance" required value={birthDate} onChange={setBirthDate} error={fieldError(e, 'birthDate')} />
        </Group>
        <Group grow align="flex-start" className="form-row">
          {text('email', 'Adresse e-mail', { required: true, type: 'email' })}
          {text('employer', 'Employeur (facultatif)')}
        </Group>
        <div>
          <Text size="sm" fw={500} id="pathway-label">
            Parcours
          </Text>
          <SegmentedControl
            aria-labelledby="pathway-label"
            value={pathway}
            onChange={(p) => setPathway(p)}
            data={[
              { value: 'training', label: 'Formation' },
              { value: 'vae', label: 'VAE' },
            ]}
          />
        </div>
        {pathway === 'training' ? (
          <Select
            label="Cohorte"
            required
            data={cohorts.data ?? []}
            value={cohortId}
            onChange={setCohortId}
            error={fieldError(e, 'cohortId')}
            searchable
          />
        ) : (
          <Group grow align="flex-start" className="form-row">
            <Select
              label="Titre visé (facultatif)"
              description="Laisser vide : le titre en vigueur à la date de recevabilité"
              clearable
              data={(certifications.data ?? []).map((c) => ({ value: c.code, label: `${c.code} — ${c.acronym ?? c.name}` }))}
              value={certificationCode}
              onChange={setCode}
              error={fieldError(e, 'certificationCode')}
            />
            <DateField
              label="Date de recevabilité VAE"
              required
              value={vaeDate}
              onChange={setVaeDate}
              error={fieldError(e, 'vaeAdmissibilityDate')}
            />
          </Group>
        )}
        <Textarea
          label="Aménagements d'épreuve accordés (facultatif)"
          value={v.accommodations}
          onChange={(ev) => {
            const value = ev.currentTarget.value; // read now: React clears currentTarget once the event is handled
            setV((s) => ({ ...s, accommodations: value }));
          }}
          error={fieldError(e, 'accommodations')}
          autosize
        />
        <PasswordInput
          label="Mot de passe du compte apprenant (facultatif)"
          description="Renseigné, l'apprenant peut se connecter avec son e-mail pour suivre son livret et rédiger son dossier."
          value={v.password}
          onChange={(ev) => {
            const value = ev.currentTarget.value; // read now: React clears currentTarget once the event is handled
            setV((s) => ({ ...s, password: value }));
          }}
          error={fieldError(e, 'password')}
          autoComplete="new-password"
        />
        <ErrorAlert error={e && !fieldError(e, ...known) ? e : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Créer l'apprenant
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
