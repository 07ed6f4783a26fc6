/** Who the reason may name (the learner being anonymised). */
export interface ReasonPerson {
  firstName: string;
  lastName: string;
  /** Former e-mail addresses (learner and account). */
  emails: string[];
  /** YYYY-MM-DD, or null. */
  birthDate: string | null;
  pseudonym: string;
}

/** What replaces the birth date or an e-mail address that is not the learner's. */
const ERASED_DATE = '[date effacée]';
const ERASED_EMAIL = '[adresse effacée]';
/** Particles that are name parts but also ordinary French words: never scrubbed on their own. */
const PARTICLES = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'van', 'von', 'der', 'den', 'ben', 'el', 'al', 'di', 'da', 'dos', 'del']);
const MONTHS = ['janvier', 'fevrier', 'mars', 'avril', 'mai', 'juin', 'juillet', 'aout', 'septembre', 'octobre', 'novembre', 'decembre'];

/** Lower case, no accent (NFD marks dropped), œ/æ/ß spelt out: the comparison form of one character. */
function fold(ch: string): string {
  return ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/ß/g, 'ss');
}

/** The folded text and, for each folded character, the index of the original character it comes from. */
function folded(text: string): { text: string; origin: number[] } {
  let out = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = fold(ch);
    for (let k = 0; k < f.length; k += 1) origin.push(i);
    out += f;
    i += ch.length;
  }
  origin.push(text.length);
  return { text: out, origin };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces in `text` every occurrence of the folded `needles` (whole words: not inside another
 * word), case- and accent-insensitively, by `by`. Longest needles first.
 */
function replaceWords(text: string, needles: string[], by: string): string {
  const list = [...new Set(needles.map((n) => Array.from(n).map(fold).join('').trim()))]
    .filter((n) => n.length > 1)
    .sort((a, b) => b.length - a.length);
  if (list.length === 0) return text;
  const f = folded(text);
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  let out = '';
  let last = 0;
  for (const m of f.text.matchAll(re)) {
    const start = f.origin[m.index];
    const end = f.origin[m.index + m[0].length];
    out += text.slice(last, start) + by;
    last = end;
  }
  return out + text.slice(last);
}

/** Name and its parts (« Marie-Claire » → itself, « Marie », « Claire »), particles left out. */
function nameForms(name: string): string[] {
  const parts = name.split(/[\s\-‐'’]+/u).filter((p) => Array.from(p).length > 1 && !PARTICLES.has(fold(p)));
  return [name, name.replace(/[\s\-‐'’]+/gu, ' '), name.replace(/[\s\-‐'’]+/gu, '-'), ...parts];
}

/**
 * Issue 16 (3): the reason of an anonymisation as stored in its audit entry
 * (POST /api/learners/:id/anonymisation `reason`, or the retention run's), scrubbed of what
 * identifies the learner — an admin may have typed it:
 * - their first and last names, whole or by part (compound names), case- and accent-insensitively
 *   (« ZEPHYRINE », « Zephyrine », « Zéphyrine ») → the pseudonym;
 * - their e-mail addresses → the pseudonym; any other address → « [adresse effacée] »;
 * - their birth date as dd/mm/yyyy, d/m/yyyy (also with `-` or `.`), yyyy-mm-dd, yyyy/mm/dd,
 *   « 27 février 1961 » → « [date effacée] ».
 * Other dates (the day the request was received) stay.
 */
export function scrubReason(reason: string, p: ReasonPerson): string {
  let out = reason;
  // E-mails first (they contain the names).
  const known = new Set(p.emails.map((e) => e.toLowerCase()));
  out = out.replace(/[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu, (e) => (known.has(e.toLowerCase()) ? p.pseudonym : ERASED_EMAIL));
  for (const e of known) out = out.replace(new RegExp(escape(e), 'giu'), p.pseudonym);
  if (p.birthDate) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(p.birthDate);
    if (m) {
      const [, y, mo, d] = m;
      const day = `0?${Number(d)}`;
      const month = `0?${Number(mo)}`;
      const patterns = [`${day}\\s*[/.-]\\s*${month}\\s*[/.-]\\s*${y}`, `${y}\\s*[/.-]\\s*${month}\\s*[/.-]\\s*${day}`];
      out = out.replace(new RegExp(`(?<!\\d)(?:${patterns.join('|')})(?!\\d)`, 'g'), ERASED_DATE);
      const f = folded(out);
      const long = new RegExp(`(?<!\\d)${day}(?:er)?\\s+${MONTHS[Number(mo) - 1]}\\s+${y}(?!\\d)`, 'g');
      let rebuilt = '';
      let last = 0;
      for (const hit of f.text.matchAll(long)) {
        rebuilt += out.slice(last, f.origin[hit.index]) + ERASED_DATE;
        last = f.origin[hit.index + hit[0].length];
      }
      out = rebuilt + out.slice(last);
    }
  }
  return replaceWords(out, [...nameForms(p.lastName), ...nameForms(p.firstName)], p.pseudonym);
}
