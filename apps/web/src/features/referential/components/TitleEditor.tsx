import { useState, type ReactNode } from 'react';
import { ActionIcon, Button, Checkbox, Group, NumberInput, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { ApiError } from '../../../api/client';
import { DateField } from '../../../components/DateField';
import { ErrorAlert, submitOnce } from '../../../components/ui';
import { useSaveTitle } from '../api';
import { CcpDraft, CompetenceDraft, TitleDraft, emptyCcp, emptyCompetence, key, move, toFile } from './title-draft';

/** Up, down, remove: the three buttons of a row, named after it for screen readers. */
function RowActions({
  label,
  index,
  count,
  onMove,
  onRemove,
}: {
  label: string;
  index: number;
  count: number;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  return (
    <Group gap={4} wrap="nowrap">
      <ActionIcon variant="subtle" aria-label={`Monter ${label}`} disabled={index === 0} onClick={() => onMove(-1)}>
        ↑
      </ActionIcon>
      <ActionIcon variant="subtle" aria-label={`Descendre ${label}`} disabled={index === count - 1} onClick={() => onMove(1)}>
        ↓
      </ActionIcon>
      <ActionIcon variant="subtle" color="red" aria-label={`Supprimer ${label}`} disabled={count === 1} onClick={onRemove}>
        ✕
      </ActionIcon>
    </Group>
  );
}

/**
 * A title version as a form: header, CCPs, competences and criteria as editable lists. `mode`
 * create → POST /api/certifications; edit → PUT /api/certifications/:code (refused once used).
 */
export function TitleEditor({
  initial,
  mode,
  heading,
  onDone,
  onCancel,
}: {
  initial: TitleDraft;
  mode: 'create' | 'edit';
  heading: ReactNode;
  onDone: (code: string) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<TitleDraft>(initial);
  const mutation = useSaveTitle(mode, (saved) => onDone(saved.code));
  const fields = mutation.error instanceof ApiError ? mutation.error.fields : {};
  const problem = (field: string): string | undefined => fields[field];

  const setCode = (code: string): void =>
    setDraft((d) => ({
      ...d,
      code,
      // CCP codes follow the title's (RNCP…BC01): typing the title code renames them.
      ccps: d.ccps.map((c) => (c.code.startsWith(d.code) ? { ...c, code: code + c.code.slice(d.code.length) } : c)),
    }));
  const setCcp = (index: number, change: Partial<CcpDraft>): void =>
    setDraft((d) => ({ ...d, ccps: d.ccps.map((c, i) => (i === index ? { ...c, ...change } : c)) }));
  const setCompetences = (index: number, update: (list: CompetenceDraft[]) => CompetenceDraft[]): void =>
    setDraft((d) => ({ ...d, ccps: d.ccps.map((c, i) => (i === index ? { ...c, competences: update(c.competences) } : c)) }));
  const setCompetence = (ccp: number, index: number, change: Partial<CompetenceDraft>): void =>
    setCompetences(ccp, (list) => list.map((k, j) => (j === index ? { ...k, ...change } : k)));

  let competenceNumber = 0;
  return (
    <Paper
      withBorder
      p="md"
      mb="md"
      component="form"
      aria-label="Titre"
      onSubmit={submitOnce(mutation, { code: draft.code, body: toFile(draft) })}
    >
      <Title order={2} size="h3" mb="sm">
        {heading}
      </Title>
      <Stack gap="sm">
        <Group align="flex-start">
          <TextInput
            label="Code RNCP"
            required
            readOnly={mode === 'edit'}
            value={draft.code}
            onChange={(event) => {
              const value = event.currentTarget.value.toUpperCase();
              setCode(value);
            }}
            error={problem('code')}
            w={200}
          />
          <TextInput
            label="Code TP"
            required
            value={draft.tpCode}
            onChange={(event) => {
              const tpCode = event.currentTarget.value.toUpperCase();
              setDraft((d) => ({ ...d, tpCode }));
            }}
            error={problem('tpCode')}
            w={160}
          />
          <TextInput
            label="Sigle"
            value={draft.acronym}
            onChange={(event) => {
              const acronym = event.currentTarget.value;
              setDraft((d) => ({ ...d, acronym }));
            }}
            error={problem('acronym')}
            w={120}
          />
          <NumberInput
            label="Niveau"
            required
            min={1}
            max={8}
            value={draft.level}
            onChange={(value) => setDraft((d) => ({ ...d, level: typeof value === 'number' ? value : Number(value) || d.level }))}
            error={problem('level')}
            w={100}
          />
        </Group>
        <TextInput
          label="Intitulé du titre"
          required
          value={draft.name}
          onChange={(event) => {
            const name = event.currentTarget.value;
            setDraft((d) => ({ ...d, name }));
          }}
          error={problem('name')}
        />
        <Group align="flex-start">
          <DateField
            label="Premier jour de validité"
            value={draft.validFrom}
            onChange={(validFrom) => setDraft((d) => ({ ...d, validFrom }))}
            error={problem('validFrom')}
            w={220}
          />
          <DateField
            label="Date d'échéance (premier jour hors vigueur)"
            required
            value={draft.validUntil}
            onChange={(validUntil) => setDraft((d) => ({ ...d, validUntil }))}
            error={problem('validUntil')}
            w={300}
          />
        </Group>
        <Checkbox
          label="Titre de démonstration (fictif)"
          checked={draft.demo}
          onChange={(event) => {
            const demo = event.currentTarget.checked;
            setDraft((d) => ({ ...d, demo }));
          }}
        />
        {draft.ccps.map((ccp, i) => (
          <Paper key={ccp.key} withBorder p="sm" role="region" aria-label={`CCP ${i + 1}`}>
            <Group justify="space-between" align="flex-start">
              <Title order={3} size="h5">
                CCP {i + 1}
              </Title>
              <RowActions
                label={`le CCP ${i + 1}`}
                index={i}
                count={draft.ccps.length}
                onMove={(by) => setDraft((d) => ({ ...d, ccps: move(d.ccps, i, by) }))}
                onRemove={() => setDraft((d) => ({ ...d, ccps: d.ccps.filter((_, j) => j !== i) }))}
              />
            </Group>
            <Group align="flex-start" grow>
              <TextInput
                label={`Code du CCP ${i + 1}`}
                required
                value={ccp.code}
                onChange={(event) => {
                  const code = event.currentTarget.value.toUpperCase();
                  setCcp(i, { code });
                }}
                error={problem(`ccps[${i}].code`)}
                maw={260}
              />
              <TextInput
                label={`Intitulé du CCP ${i + 1}`}
                required
                value={ccp.title}
                onChange={(event) => {
                  const title = event.currentTarget.value;
                  setCcp(i, { title });
                }}
                error={problem(`ccps[${i}].title`)}
              />
            </Group>
            <Stack gap="xs" mt="xs" pl="md">
              {ccp.competences.map((k, j) => {
                competenceNumber += 1;
                const c = `C${competenceNumber}`;
                return (
                  <Paper key={k.key} p="xs" bg="gray.0" role="group" aria-label={`Compétence ${c}`}>
                    <Group justify="space-between" align="flex-end">
                      <TextInput
                        label={`Intitulé de la compétence ${c}`}
                        required
                        value={k.title}
                        onChange={(event) => {
                          const title = event.currentTarget.value;
                          setCompetence(i, j, { title });
                        }}
                        error={problem(`ccps[${i}].competences[${j}].title`)}
                        style={{ flex: 1 }}
                      />
                      <RowActions
                        label={`la compétence ${c}`}
                        index={j}
                        count={ccp.competences.length}
                        onMove={(by) => setCompetences(i, (list) => move(list, j, by))}
                        onRemove={() => setCompetences(i, (list) => list.filter((_, x) => x !== j))}
                      />
                    </Group>
                    <Textarea
                      label={`Description de la compétence ${c}`}
                      autosize
                      minRows={2}
                      value={k.description}
                      onChange={(event) => {
                        const description = event.currentTarget.value;
                        setCompetence(i, j, { description });
                      }}
                    />
                    <Text size="sm" fw={500} mt={4}>
                      Critères d'évaluation
                    </Text>
                    {k.criteria.map((criterion, n) => (
                      <Group key={criterion.key} gap={4} align="flex-end" wrap="nowrap">
                        <TextInput
                          aria-label={`Critère ${n + 1} de ${c}`}
                          value={criterion.text}
                          onChange={(event) => {
                            const text = event.currentTarget.value;
                            setCompetence(i, j, { criteria: k.criteria.map((x, y) => (y === n ? { ...x, text } : x)) });
                          }}
                          style={{ flex: 1 }}
                        />
                        <RowActions
                          label={`le critère ${n + 1} de ${c}`}
                          index={n}
                          count={k.criteria.length}
                          onMove={(by) => setCompetence(i, j, { criteria: move(k.criteria, n, by) })}
                          onRemove={() => setCompetence(i, j, { criteria: k.criteria.filter((_, y) => y !== n) })}
                        />
                      </Group>
                    ))}
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      mt={4}
                      onClick={() => setCompetence(i, j, { criteria: [...k.criteria, { key: key(), text: '' }] })}
                    >
                      Ajouter un critère à {c}
                    </Button>
                  </Paper>
                );
              })}
              <Button variant="light" size="compact-sm" onClick={() => setCompetences(i, (list) => [...list, emptyCompetence()])}>
                Ajouter une compétence au CCP {i + 1}
              </Button>
            </Stack>
          </Paper>
        ))}
        <Group>
          <Button
            variant="light"
            onClick={() => setDraft((d) => ({ ...d, ccps: [...d.ccps, emptyCcp(`${d.code}BC0${d.ccps.length + 1}`)] }))}
          >
            Ajouter un CCP
          </Button>
        </Group>
        <ErrorAlert error={mutation.error} />
        <Group>
          <Button type="submit" loading={mutation.isPending}>
            {mode === 'create' ? 'Enregistrer le titre' : 'Enregistrer les modifications'}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Annuler
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
