/**
 * R-DP-2: practice examples must not carry patient-identifying data. This finds what looks like
 * a French social security number (NIR) so that the learner is warned (never refused).
 *
 * A NIR is 13 characters plus an optional 2-digit key, in groups that may be separated by spaces:
 *   sex (1, 2; 7, 8 for provisional numbers) · year (00–99) · month (01–12, or INSEE's 20, 30–42,
 *   50–99 for an unknown month) · department (01–95, 2A, 2B, or 97x/98x overseas with a 2-digit
 *   commune, or 99 abroad) · commune (001–990, or the country code) · order (001–999) · key.
 * The key is 97 − (number mod 97), with 2A read as 19 and 2B as 18; when present it must match.
 */
export interface NirHit {
  /** The text as it appears (with its spaces). */
  text: string;
  index: number;
  keyChecked: boolean;
}

const CANDIDATE =
  /(?<![\dA-Za-z])([1278])[ .]?(\d{2})[ .]?(\d{2})[ .]?(\d{2}|2[AaBb])[ .]?(\d{3})[ .]?(\d{3})(?:[ .]?(\d{2}))?(?![\dA-Za-z])/g;

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
  for (const m of text.matchAll(CANDIDATE)) {
    const [whole, sex, year, month, department, commune, order, key] = m;
    if (!validMonth(Number(month))) continue;
    if (!validPlace(department, commune)) continue;
    if (Number(order) === 0) continue;
    const thirteen = `${sex}${year}${month}${department}${commune}${order}`;
    if (key !== undefined && Number(key) !== nirKey(thirteen)) continue;
    hits.push({ text: whole, index: m.index, keyChecked: key !== undefined });
  }
  return hits;
}
