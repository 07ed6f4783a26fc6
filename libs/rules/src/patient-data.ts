/**
 * R-DP-2: practice examples must not carry patient-identifying data. This finds what looks like
 * a French social security number (NIR) so that the learner is warned (never refused).
 *
 * A NIR is 13 characters plus an optional 2-digit key, in groups that may be separated:
 *   sex (1, 2; 7, 8 for provisional numbers) · year (00–99) · month (01–12, or INSEE's 20, 30–42,
 *   50–99 for an unknown month) · department (01–95, 2A, 2B, or 97x/98x overseas with a 2-digit
 *   commune, or 99 abroad) · commune (001–990, or the country code) · order (001–999) · key.
 * The key is 97 − (number mod 97), with 2A read as 19 and 2B as 18; when present it must match.
 *
 * Numbers are copied from portals, PDFs and spreadsheets, so between two groups there may be
 * nothing or a run of 1 to 3 separators ({@link NIR_SEPARATOR}): any Unicode white space (space,
 * no-break space U+00A0, narrow no-break space U+202F, every other \p{Zs}, tab, line break), a
 * hyphen or dash (-, U+2010–U+2015, U+2212 minus, U+FE58, U+FE63), a dot (., U+00B7, U+2024) or an
 * underscore (how a file name spells a space). Slashes are not separators: they are the dates'.
 * Before matching, invisible format characters (\p{Cf}: zero-width space U+200B, word joiner
 * U+2060, soft hyphen U+00AD, BOM, direction marks…) are ignored wherever they are, and full-width
 * forms (U+FF01–U+FF5E: digits ０–９, Ａ, Ｂ, －, ．) are read as their ASCII letter — what NFKC does
 * to them, one character for one, so a hit's index and text are those of the original.
 */
export interface NirHit {
  /** The text as it appears (with its separators and invisible characters). */
  text: string;
  /** Where it starts in the original text (UTF-16 index). */
  index: number;
  keyChecked: boolean;
}

/** One separator between two groups; a gap holds 0 to {@link MAX_SEPARATORS} of them. */
const NIR_SEPARATOR = '[\\s\\-\\u2010-\\u2015\\u2212\\uFE58\\uFE63._\\u00B7\\u2024]';
const MAX_SEPARATORS = 3;
const GAP = `${NIR_SEPARATOR}{0,${MAX_SEPARATORS}}`;

// One class between every two groups. Each gap only matches separators and each group only
// digits (or 2A/2B), so a failed attempt gives up after a handful of steps: linear in the text.
const CANDIDATE = new RegExp(
  `(?<![\\dA-Za-z])([1278])${GAP}(\\d{2})${GAP}(\\d{2})${GAP}(\\d{2}|2[AaBb])${GAP}(\\d{3})${GAP}(\\d{3})(?:${GAP}(\\d{2}))?(?![\\dA-Za-z])`,
  'gu',
);

const INVISIBLE = /\p{Cf}/u;
const TO_FOLD = /[\p{Cf}\uFF01-\uFF5E]/u;

/**
 * The text as matched: invisible format characters dropped, full-width ASCII forms folded;
 * `at[i]` is the original index of the i-th character kept (null: the text is kept as it is).
 */
function normalise(text: string): { folded: string; at: number[] | null } {
  if (!TO_FOLD.test(text)) return { folded: text, at: null };
  const kept: string[] = [];
  const at: number[] = [];
  let i = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0xad || !INVISIBLE.test(ch)) {
      kept.push(cp >= 0xff01 && cp <= 0xff5e ? String.fromCharCode(cp - 0xfee0) : ch);
      at.push(i);
      if (ch.length === 2) at.push(i + 1);
    }
    i += ch.length;
  }
  return { folded: kept.join(''), at };
}

function validMonth(month: number): boolean {
  return (month >= 1 && month <= 12) || month === 20 || (month >= 30 && month <= 42) || (month >= 50 && month <= 99);
}

function validPlace(department: string, commune: string): boolean {
  const d = department.toUpperCase();
  if (d === '2A' || d === '2B') return Number(commune) >= 1 && Number(commune) <= 990;
  const n = Number(d);
  if (n === 0 || n === 96) return false;
  if (n === 97 || n === 98) {
    // Overseas: a 3-digit department (971–978, 984–989) and a 2-digit commune, sharing the 5 digits.
    const dept3 = Number(`${d}${commune[0]}`);
    return (dept3 >= 971 && dept3 <= 978) || (dept3 >= 984 && dept3 <= 989);
  }
  if (n === 99) return Number(commune) >= 1; // born abroad: the country code
  return Number(commune) >= 1 && Number(commune) <= 990;
}

export function nirKey(thirteen: string): number {
  const numeric = thirteen.toUpperCase().replace('2A', '19').replace('2B', '18');
  return 97 - Number(BigInt(numeric) % 97n);
}

export function findPossibleNirs(text: string): NirHit[] {
  const hits: NirHit[] = [];
  const { folded, at } = normalise(text);
  for (const m of folded.matchAll(CANDIDATE)) {
    const [whole, sex, year, month, department, commune, order, key] = m;
    if (!validMonth(Number(month))) continue;
    if (!validPlace(department, commune)) continue;
    if (Number(order) === 0) continue;
    const thirteen = `${sex}${year}${month}${department}${commune}${order}`;
    if (key !== undefined && Number(key) !== nirKey(thirteen)) continue;
    // A hit starts and ends on a digit or a letter, always one UTF-16 unit.
    const start = at ? at[m.index] : m.index;
    const end = at ? at[m.index + whole.length - 1] + 1 : m.index + whole.length;
    hits.push({ text: text.slice(start, end), index: start, keyChecked: key !== undefined });
  }
  return hits;
}
