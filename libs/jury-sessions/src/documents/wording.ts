/*
 * What the jury documents share (issue 12): French dates and times as a letter writes them, CCPs as
 * « CCP n — titre », outcomes and overrides in words, and the blocks of a letter (recipient, subject,
 * bullets, place, contact). Pure functions and pdfkit drawing helpers; no database.
 */
import {
  contentWidth,
  DocumentIssuer,
  ensureSpace,
  FONT,
  FONT_BOLD,
  issuerAddress,
  issuerContact,
  paragraph,
  Pdf,
  pdfText,
} from '@app/platform';
import type { SessionView } from '../session-views';

export const OUTCOME: Record<string, string> = {
  absent: 'Absent(e)',
  title: 'Titre obtenu',
  partial: 'Réussite partielle (CCP obtenus, titre non attribué)',
  failure: 'Aucun CCP obtenu',
};
export const TYPE = { title: 'session titre', ccp: 'session CCP' };

/** The refusals the centre may lift (R-ELIG-4, R-ELIG-5), in words for the PV. */
const OVERRIDE_LABEL: Record<string, string> = {
  'ELIG.MISSING_ECF_SYNTHESIS': "synthèse ECF non signée (évaluateur et centre) à l'inscription (R-ELIG-4)",
  'ELIG.DP_NOT_SUBMITTED': "dossier professionnel non remis à l'inscription (R-ELIG-5)",
};
export const overrideInWords = (code: string): string => OVERRIDE_LABEL[code] ?? `refus ${code}`;

export interface DocumentCcp {
  code: string;
  number: number;
  title: string;
}

/** What every session document needs besides the session: who issues it, the title, today. */
export interface SessionDocumentContext {
  issuer: DocumentIssuer;
  title: { code: string; name: string; ccps: DocumentCcp[] };
  /** YYYY-MM-DD, Paris: the date the document is made. */
  today: string;
}

export type ConvocationCandidate = SessionView['candidates'][number] & { birthDate: string | null };

const DAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** « lundi 12 janvier 2027 », « mercredi 1er septembre 2027 ». */
export function frenchLongDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const weekday = DAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${weekday} ${d === 1 ? '1er' : d} ${MONTHS[m - 1]} ${y}`;
}

/** « 8 h 30 », « 9 h », « 14 h 05 » — as French letters write a time. */
export function frenchTime(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
}

/** « le lundi 12 janvier 2027 à 8 h 30 » / « du … au …, chaque jour à 8 h 30 ». */
export function sessionWhen(session: Pick<SessionView, 'startDate' | 'endDate' | 'startTime'>): string {
  const days =
    session.startDate === session.endDate
      ? `le ${frenchLongDate(session.startDate)}`
      : `du ${frenchLongDate(session.startDate)} au ${frenchLongDate(session.endDate)}`;
  if (!session.startTime) return `${days} (l'heure vous sera précisée par le centre)`;
  return session.startDate === session.endDate
    ? `${days} à ${frenchTime(session.startTime)}`
    : `${days}, chaque jour à ${frenchTime(session.startTime)}`;
}

export const ccpLabel = (c: DocumentCcp): string => `CCP ${c.number} — ${c.title}`;
export const labelOf = (ccps: DocumentCcp[]) => {
  const byCode = new Map(ccps.map((c) => [c.code, ccpLabel(c)]));
  return (code: string): string => byCode.get(code) ?? code;
};

export function bullets(doc: Pdf, lines: string[]): void {
  for (const line of lines) {
    ensureSpace(doc, 14);
    doc
      .font(FONT)
      .fontSize(10)
      .text(pdfText(`•  ${line}`), doc.page.margins.left + 10, doc.y, { width: contentWidth(doc) - 10 });
  }
  doc.x = doc.page.margins.left;
}

/** The recipient, on the right as on a French letter. */
export function recipient(doc: Pdf, lines: { text: string; bold?: boolean }[]): void {
  const x = doc.page.margins.left + contentWidth(doc) / 2;
  const width = contentWidth(doc) / 2;
  doc.moveDown(0.5);
  for (const line of lines)
    doc
      .font(line.bold ? FONT_BOLD : FONT)
      .fontSize(10)
      .text(pdfText(line.text), x, doc.y, { width });
  doc.x = doc.page.margins.left;
  doc.moveDown(1);
}

export function subject(doc: Pdf, text: string): void {
  const left = doc.page.margins.left;
  doc
    .font(FONT_BOLD)
    .fontSize(10)
    .text('Objet : ', left, doc.y, { continued: true, width: contentWidth(doc) });
  doc.font(FONT_BOLD).text(pdfText(text));
  doc.font(FONT).moveDown(0.8);
}

export const place = (session: SessionView): [string, string][] => [
  ['Lieu', session.site ?? 'communiqué par le centre'],
  ['Adresse', session.address ? session.address.replace(/\s*\n\s*/g, ', ') : 'communiquée par le centre'],
];

export function contact(doc: Pdf, issuer: DocumentIssuer, lead: string): void {
  const how = issuerContact(issuer) || issuerAddress(issuer);
  paragraph(doc, how ? `${lead} : ${how}.` : `${lead}.`);
}

export const titleLine = (ctx: SessionDocumentContext): string => `${ctx.title.name} (${ctx.title.code})`;
