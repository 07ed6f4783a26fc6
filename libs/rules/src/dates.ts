/**
 * Calendar days as 'YYYY-MM-DD' strings: the rules reason in days, never in instants, so that a
 * deadline does not move with time zones. Comparisons are plain string comparisons.
 */
export type IsoDate = string;

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: IsoDate): [number, number, number] {
  const m = PATTERN.exec(date);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function format(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Same day N years later. A 29 February lands on 28 February of a common year (a period
 * counted in years ends on the last day of the month when that day does not exist).
 */
export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = parts(date);
  const ty = y + years;
  return format(ty, m, Math.min(d, daysInMonth(ty, m)));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function isBefore(a: IsoDate, b: IsoDate): boolean {
  return a < b;
}

export function isOnOrAfter(a: IsoDate, b: IsoDate): boolean {
  return a >= b;
}

/** Today's date in France, where the centres and the juries are. */
export function todayInFrance(now: Date = new Date()): IsoDate {
  // Built once: building an Intl formatter costs far more than using it (2.4 % of the CPU under load, issue 15).
  parisDay ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
  return parisDay.format(now);
}
let parisDay: Intl.DateTimeFormat | undefined;

/** JJ/MM/AAAA, as French users read dates; « — » for a date erased (an anonymised learner's birth date, issue 16). */
export function frenchDate(date: IsoDate | null): string {
  if (date === null) return '—';
  const [y, m, d] = parts(date);
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}

/** Same day N months later (or earlier), clamped to the month's last day. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  return format(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}
