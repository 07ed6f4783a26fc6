import { useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ActionIcon, Button, Checkbox, Group, NumberInput, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api, call, ApiError, type Schemas } from '../../api/client';
import { DateField } from '../../components/DateField';
import { ErrorAlert, submitOnce } from '../../components/ui';
import { useMutation } from '../../lib/mutation';

type ReferentialFile = Schemas['CreateCertificationDto'];

// Rows carry a key of their own: reordering or removing one keeps what is typed in the others.
interface CriterionDraft {
  key: number;
  text: string;
}
interface CompetenceDraft {
  key: number;
  title: string;
  description: string;
  criteria: CriterionDraft[];
}
interface CcpDraft {
  key: number;
  code: string;
  title: string;
  competences: CompetenceDraft[];
}
export interface TitleDraft {
  code: string;
  tpCode: string;
  name: string;
  acronym: string;
  level: number;
  validFrom: string | null;
  validUntil: string | null;
  demo: boolean;
  /** RNCP descriptors (NSF, ROME…) kept from the title this one comes from. */
  descriptors: Pick<ReferentialFile, 'nsf' | 'romeCodes' | 'trainingHours' | 'trainingDurationMonths' | 'creationDecree'>;
  ccps: CcpDraft[];
}

let nextKey = 1;
const key = (): number => nextKey++;

const emptyCompetence = (): CompetenceDraft => ({ key: key(), title: '', description: '', criteria: [{ key: key(), text: '' }] });
const emptyCcp = (code: string): CcpDraft => ({ key: key(), code, title: '', competences: [emptyCompetence()] });

/** A blank title: one CCP with one competence, to be filled in. */
export function blankDraft(): TitleDraft {
  return {
    code: '',
    tpCode: '',
    name: '',
    acronym: '',
    level: 4,
    validFrom: null,
    validUntil: null,
    demo: false,
    descriptors: {},
    ccps: [emptyCcp('BC01')],
  };
}

/**
 * From a title's export: « Dupliquer » (a new version: no code yet, CCP codes reduced to what
 * follows the old title's code, first day = the old title's échéance) or « Modifier » (as is).
 */
export function draftFrom(file: ReferentialFile, mode: 'duplicate' | 'edit'): TitleDraft {
  const duplicate = mode === 'duplicate';
  return {
    code: duplicate ? '' : file.code,
    tpCode: file.tpCode,
    name: file.name,
    acronym: file.acronym ?? '',
    level: file.level,
    validFrom: duplicate ? file.validUntil : (file.validFrom ?? null),
    validUntil: duplicate ? null : file.validUntil,
    demo: file.demo ?? false,
    descriptors: {
      nsf: file.nsf,
      romeCodes: file.romeCodes,
      trainingHours: file.trainingHours,
      trainingDurationMonths: file.trainingDurationMonths,
      // The decree is the old version's: a new version has its own.
      ...(duplicate ? {} : { creationDecree: file.creationDecree }),
    },
    ccps: file.ccps.map((ccp) => ({
      key: key(),
      code: duplicate && ccp.code.startsWith(file.code) ? ccp.code.slice(file.code.length) : ccp.code,
      title: ccp.title,
      competences: ccp.competences.map((k) => ({
        key: key(),
        title: k.title,
        description: k.description ?? '',
        criteria: k.criteria.map((text) => ({ key: key(), text })),
      })),
    })),
  };
}

/** The body of POST / PUT: CCPs numbered in order, competences numbered across the title (R-REF-2). */
function toFile(d: TitleDraft): ReferentialFile {
  let competence = 0;
  return {
    code: d.code.trim(),
    tpCode: d.tpCode.trim(),
    name: d.name,
    ...(d.acronym.trim() ? { acronym: d.acronym.trim() } : {}),
    level: d.level,
    ...Object.fromEntries(Object.entries(d.descriptors).filter(([, v]) => v !== undefined && v !== null)),
    ...(d.validFrom ? { validFrom: d.validFrom } : {}),
    validUntil: d.validUntil ?? '',
    ...(d.demo ? { demo: true } : {}),
    ccps: d.ccps.map((ccp, i) => ({
      number: i + 1,
      code: ccp.code.trim(),
      title: ccp.title,
      competences: ccp.competences.map((k) => ({
        number: (competence += 1),
        title: k.title,
        description: k.description,
        criteria: k.criteria.map((c) => c.text).filter((text) => text.trim() !== ''),
      })),
    })),
  };
}

function move<T>(list: T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (target < 0 || target >= list.length) return list;
  const copy = [...list];
  [copy[index], copy[target]] = [copy[target], copy[index]];
  return copy;
}

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
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TitleDraft>(initial);
  const mutation = useMutation({
    mutationFn: () => {
      const body = toFile(draft);
      return mode === 'create'
        ? call(api.POST('/api/certifications', { body }))
        : call(api.PUT('/api/certifications/{code}', { params: { path: { code: draft.code } }, body }));
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['certifications'] });
      await queryClient.invalidateQueries({ queryKey: ['certification'] });
      onDone(saved.code);
    },
  });
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
    <Paper withBorder p="md" mb="md" component="form" aria-label="Titre" onSubmit={submitOnce(mutation)}>
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
