import { certificationStatusOn, frenchDate } from '@app/rules';

/**
 * The title of a VAE candidate whose `certificationCode` was omitted (contract, POST
 * /api/learners): the title in force on the recevabilité's notification date — or, when none was,
 * the one in its délai de prolongation (R-CAP-4) — if exactly one; otherwise a French message for
 * a 400 on `certificationCode`. Status per {@link certificationStatusOn} (R-REF-1, ADR 0002); a
 * title has started on its `validFrom`, inclusive; an unknown `validFrom` (null) does not exclude
 * it: it is a candidate from any date, so that an ambiguity is asked, never guessed.
 */
export function titleOnAdmissibility(
  titles: { code: string; name: string; validFrom: string | null; validUntil: string }[],
  on: string,
): { code: string; problem: null } | { code: null; problem: string } {
  const started = titles.filter((c) => c.validFrom === null || c.validFrom <= on);
  const valid = started.filter((c) => certificationStatusOn(c, on).status === 'valid');
  const prolongation = started.filter((c) => certificationStatusOn(c, on).status === 'prolongation');
  const candidates = valid.length ? valid : prolongation;
  if (candidates.length === 1) return { code: candidates[0].code, problem: null };
  const day = frenchDate(on);
  const names = candidates.map((c) => `${c.code} (${c.name})`).join(', ');
  if (valid.length)
    return {
      code: null,
      problem: `Plusieurs titres étaient en vigueur le ${day}, date de recevabilité : ${names}. Précisez le titre visé.`,
    };
  if (prolongation.length)
    return {
      code: null,
      problem: `Aucun titre n'était en vigueur le ${day}, date de recevabilité, et plusieurs étaient en délai de prolongation : ${names}. Précisez le titre visé.`,
    };
  return {
    code: null,
    problem: `Aucun titre n'était en vigueur ni en délai de prolongation le ${day}, date de recevabilité : précisez le titre visé (code RNCP).`,
  };
}
