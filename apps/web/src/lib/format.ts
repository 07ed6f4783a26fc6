import { frenchDate, todayInFrance } from '@app/rules';

// The wording of deadlines and « à clôturer » is a rule shared with the attestation PDF (libs/rules).
export { deadlineWording, sessionToClose } from '@app/rules';

/** An attestation is offered only when there is something to attest: a CCP held or the title. */
export const hasSomethingToAttest = (b: { titleAwarded: boolean; ccps: { held: boolean }[] } | undefined): boolean =>
  !!b && (b.titleAwarded || b.ccps.some((c) => c.held));

/** Dates as the French read them: JJ/MM/AAAA (the API speaks AAAA-MM-JJ and ISO instants). */
export function date(value: string | null | undefined): string {
  if (!value) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  if (value.length > 10) {
    const d = new Date(value);
    return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
  }
  return frenchDate(`${m[1]}-${m[2]}-${m[3]}`);
}

export function dateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return `${date(value)} à ${String(d.getHours()).padStart(2, '0')} h ${String(d.getMinutes()).padStart(2, '0')}`;
}

const PARIS = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** JJ/MM/AAAA HH:MM, Paris time whatever the browser's zone (the audit log). */
export function parisDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const p = Object.fromEntries(PARIS.formatToParts(new Date(value)).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/**
 * Today as AAAA-MM-JJ in France (Europe/Paris), whatever the browser's zone: the day the rules
 * count deadlines and appeal periods from (libs/rules todayInFrance), so the wording agrees with
 * the API's and the PDF's.
 */
export function today(): string {
  return todayInFrance();
}

export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} Ko`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`;
}

export const ROLE_LABELS: Record<string, string> = {
  admin: 'Secrétariat du centre',
  trainer: 'Formateur',
  jury: 'Membre de jury',
  learner: 'Apprenant',
};

export const SESSION_STATUS: Record<string, string> = {
  planned: 'Planifiée',
  deliberating: 'En délibération',
  awaiting_signatures: 'PV à signer',
  closed: 'Close',
  validated: 'Validée par la DREETS',
};

export const STATUS_COLOR: Record<string, string> = {
  planned: 'blue',
  deliberating: 'orange',
  awaiting_signatures: 'yellow',
  closed: 'gray',
  validated: 'green',
};

export const OUTCOME: Record<string, string> = {
  title: 'Titre obtenu',
  partial: 'Réussite partielle',
  failure: 'Échec',
  absent: 'Absent',
  none: 'Aucun CCP obtenu',
};

export const SOURCE: Record<string, string> = {
  session: 'session de jury',
  external: 'obtenu hors du centre',
  equivalence: 'équivalence',
  correspondence: 'correspondance avec le titre précédent',
};

/** « CCP 2 » for RNCP36805BC02 (the blocks of an RNCP title are numbered BC01, BC02…). */
export function ccpLabel(code: string): string {
  const m = /BC(\d+)$/.exec(code);
  return m ? `CCP ${Number(m[1])}` : code;
}

export const ccpLabels = (codes: string[]): string => codes.map(ccpLabel).join(', ');

/** The refusals the centre may lift, in words (the code stays on the PV and in the audit). */
const OVERRIDE_LABELS: Record<string, string> = {
  'ELIG.MISSING_ECF_SYNTHESIS': 'synthèse ECF non signée',
  'ELIG.DP_NOT_SUBMITTED': 'dossier professionnel non remis',
};
export const overrideLabel = (codes: string[]): string => codes.map((c) => OVERRIDE_LABELS[c] ?? c).join(', ');
