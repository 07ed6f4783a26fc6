import { useState } from 'react';
import { Alert, Checkbox, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { checkResult, outcomeOf, type Outcome, type ResultInput as RuleInput } from '@app/rules';
import type { Schemas } from '../../../api/client';
import { ccpLabels } from '../../../lib/format';

export type ResultInput = Schemas['ResultInputDto'];

interface Props {
  /** CCPs assessed for this candidate in this session. */
  ccps: { code: string; label: string }[];
  /** Every CCP of the title, and those the candidate held before the session. */
  titleCcps: string[];
  heldBefore: string[];
  finalInterview: boolean;
  initial?: Schemas['ResultViewDto'] | null;
  onChange: (value: ResultInput) => void;
  idPrefix: string;
}

type Attendance = 'present' | 'absent';

const OUTCOME_WORDS: Record<Outcome, string> = { absent: 'Absent', title: 'Titre obtenu', partial: 'Réussite partielle', failure: 'Échec' };

/**
 * R-DEC-1…3 as the form asks them: the decision is libs/rules' own (`checkResult`, the one the API
 * applies), asked « may the title be awarded with these answers? »; the form only words the answer.
 */
function titleRules(ccps: { code: string }[], titleCcps: string[], heldBefore: string[], finalInterview: boolean) {
  const ctx = { assessedCcpIds: ccps.map((c) => c.code), titleCcpIds: titleCcps, heldBefore: new Set(heldBefore), finalInterview };
  const input = (attendance: Attendance, awarded: string[], interview: boolean, title: boolean, context = ctx): RuleInput => ({
    attendance,
    ccpResults: ccps.map((c) => ({ ccpId: c.code, awarded: attendance === 'present' && awarded.includes(c.code) })),
    finalInterviewHeld: attendance === 'present' && context.finalInterview && interview,
    titleAwarded: title,
  });
  // Absent, the rule refuses any award (R-DEC-1); present, only its title refusal concerns the box.
  const refused = (attendance: Attendance, awarded: string[], interview: boolean, context = ctx) =>
    checkResult(input(attendance, awarded, interview, true, context), context).some(
      (r) => attendance === 'absent' || r.code === 'DEC.TITLE_NOT_ALLOWED',
    );
  return {
    input,
    allowed: (attendance: Attendance, awarded: string[], interview: boolean) => !refused(attendance, awarded, interview),
    why: (attendance: Attendance, awarded: string[], interview: boolean): string => {
      if (!refused(attendance, awarded, interview)) return '';
      if (attendance === 'absent') return 'Un candidat absent ne peut obtenir ni CCP ni titre (R-DEC-1).';
      // Refused even with the final interview held: CCPs of the title are missing (R-DEC-2, R-DEC-3).
      if (refused(attendance, awarded, true, { ...ctx, finalInterview: true })) {
        const missing = titleCcps.filter((c) => !heldBefore.includes(c) && !awarded.includes(c));
        return `Le titre exige tous les CCP du titre après cette session : il manque ${ccpLabels(missing)} (R-DEC-2, R-DEC-3).`;
      }
      if (!finalInterview) return "L'entretien final n'est pas prévu pour ce candidat dans cette session (R-DEC-3).";
      return "Le titre n'est délivré qu'après l'entretien final avec le jury : cochez-le s'il a eu lieu (R-DEC-2).";
    },
  };
}

/** The jury's result for one candidate: offers only what the rules allow, and says why (R-DEC-1…3). */
export function ResultFields({ ccps, titleCcps, heldBefore, finalInterview, initial, onChange, idPrefix }: Props) {
  const [attendance, setAttendance] = useState<'present' | 'absent'>(initial?.attendance ?? 'present');
  const [awarded, setAwarded] = useState<string[]>(initial?.ccpResults.filter((r) => r.awarded).map((r) => r.ccpCode) ?? []);
  const [interview, setInterview] = useState(initial?.finalInterviewHeld ?? false);
  const [title, setTitle] = useState(initial?.titleAwarded ?? false);
  const [comment, setComment] = useState(initial?.comment ?? '');

  const present = attendance === 'present';
  const rules = titleRules(ccps, titleCcps, heldBefore, finalInterview);
  const titleAllowed = rules.allowed(attendance, awarded, interview);
  const titleWhy = rules.why(attendance, awarded, interview);

  const emit = (
    next: Partial<{ attendance: 'present' | 'absent'; awarded: string[]; interview: boolean; title: boolean; comment: string }>,
  ) => {
    const a = next.attendance ?? attendance;
    const aw = next.awarded ?? awarded;
    const i = next.interview ?? interview;
    const c = next.comment ?? comment;
    const t = rules.allowed(a, aw, i) && (next.title ?? title);
    if (t !== title) setTitle(t);
    onChange({
      attendance: a,
      ccpResults: ccps.map((x) => ({ ccpCode: x.code, awarded: a === 'present' && aw.includes(x.code) })),
      finalInterviewHeld: a === 'present' && finalInterview ? i : false,
      titleAwarded: t,
      comment: c || undefined,
    });
  };
  const outcome = outcomeOf(rules.input(attendance, awarded, interview, title && titleAllowed));

  return (
    <Stack gap="sm">
      <div>
        <Text size="sm" fw={500} id={`${idPrefix}-attendance`}>
          Présence
        </Text>
        <SegmentedControl
          aria-labelledby={`${idPrefix}-attendance`}
          value={attendance}
          onChange={(v) => {
            setAttendance(v);
            emit({ attendance: v });
          }}
          data={[
            { value: 'present', label: 'Présent' },
            { value: 'absent', label: 'Absent' },
          ]}
        />
      </div>
      <Checkbox.Group
        label="CCP obtenus à cette session"
        description={present ? 'Cochez chaque CCP que le jury attribue ; un CCP non coché est non obtenu.' : 'Candidat absent : aucun CCP.'}
        value={present ? awarded : []}
        onChange={(v) => {
          setAwarded(v);
          emit({ awarded: v });
        }}
      >
        <Stack gap={6} mt={6}>
          {ccps.map((c) => (
            <Checkbox key={c.code} value={c.code} label={c.label} disabled={!present} />
          ))}
        </Stack>
      </Checkbox.Group>
      {finalInterview ? (
        <Checkbox
          label="L'entretien final avec le jury a eu lieu"
          checked={present && interview}
          disabled={!present}
          onChange={(e) => {
            setInterview(e.currentTarget.checked);
            emit({ interview: e.currentTarget.checked });
          }}
        />
      ) : (
        <Text size="sm" c="dimmed">
          Pas d'entretien final pour ce candidat dans cette session.
        </Text>
      )}
      <Checkbox
        label="Le jury délivre le titre professionnel"
        checked={title && titleAllowed}
        disabled={!titleAllowed}
        onChange={(e) => {
          setTitle(e.currentTarget.checked);
          emit({ title: e.currentTarget.checked });
        }}
        aria-describedby={titleWhy ? `${idPrefix}-title-why` : undefined}
      />
      {titleWhy && (
        <Alert color="gray" variant="light" p="xs" id={`${idPrefix}-title-why`}>
          <Text size="sm">{titleWhy}</Text>
        </Alert>
      )}
      <Textarea
        label="Observations du jury (facultatif)"
        autosize
        minRows={2}
        value={comment}
        onChange={(e) => {
          setComment(e.currentTarget.value);
          emit({ comment: e.currentTarget.value });
        }}
      />
      <Group>
        <Text size="sm">
          Issue : <strong>{OUTCOME_WORDS[outcome]}</strong>
        </Text>
      </Group>
    </Stack>
  );
}

export function initialResult(ccps: { code: string }[], initial?: Schemas['ResultViewDto'] | null): ResultInput {
  if (initial)
    return {
      attendance: initial.attendance,
      ccpResults: initial.ccpResults.map((r) => ({ ccpCode: r.ccpCode, awarded: r.awarded })),
      finalInterviewHeld: initial.finalInterviewHeld,
      titleAwarded: initial.titleAwarded,
      comment: initial.comment ?? undefined,
    };
  return {
    attendance: 'present',
    ccpResults: ccps.map((c) => ({ ccpCode: c.code, awarded: false })),
    finalInterviewHeld: false,
    titleAwarded: false,
    comment: undefined,
  };
}
