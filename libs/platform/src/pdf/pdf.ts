import { readFileSync } from 'node:fs';
import { create as createFont } from 'fontkit';
import PDFDocument from 'pdfkit';

/**
 * PDF rendering helpers on pdfkit, shared by every document (livret ECF, DP, PV, convocations,
 * attestation): A4, one embedded Unicode font family (DejaVu Sans, regular and bold, from the
 * `dejavu-fonts-ttf` package: Latin with Vietnamese, Greek, Cyrillic), a footer with page numbers
 * on every page, tables that break across pages and repeat their header, the centre's letterhead
 * and signature block (issue 12).
 */
export type Pdf = PDFKit.PDFDocument;

export interface PdfMeta {
  title: string;
  subject?: string;
  /** Footer text, left; "Page n / N" is added on the right. */
  footer: string;
}

/**
 * Who issues a document: the centre's identity as staff set it (`GET /api/centre`), printed as
 * the letterhead and the signature block of every document.
 */
export interface DocumentIssuer {
  name: string;
  address: string;
  postalCode: string;
  city: string;
  /** The centre's agrément / CERES number (empty when not set). */
  agrementNumber: string;
  email: string;
  phone: string;
  signatoryName: string;
  signatoryTitle: string;
  /** PNG or JPEG, at most 1 MB, or null. */
  logo: Buffer | null;
}

/** The embedded fonts' names in a document. */
export const FONT = 'DejaVuSans';
export const FONT_BOLD = 'DejaVuSans-Bold';

const FONT_FILES = {
  [FONT]: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
  [FONT_BOLD]: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
};
/** Glyph coverage, read once: both faces cover the same characters in DejaVu Sans. */
const COVERAGE = createFont(FONT_FILES[FONT]);
const BOLD_COVERAGE = createFont(FONT_FILES[FONT_BOLD]);

/** Whether the embedded fonts print this character (both faces, so bold never differs). */
export function printable(codePoint: number): boolean {
  return COVERAGE.hasGlyphForCodePoint(codePoint) && BOLD_COVERAGE.hasGlyphForCodePoint(codePoint);
}

const codePointLabel = (cp: number): string => `[U+${cp.toString(16).toUpperCase().padStart(4, '0')}]`;

/**
 * Text as the embedded fonts print it, NFC-normalised. Line breaks and tabs are kept; other
 * control characters are dropped (they are refused at input anyway). A character the fonts lack
 * (an emoji, a CJK ideograph) is never replaced silently: it is printed as its code point,
 * « [U+1F60A] », so that the reader sees something is there and what it was.
 */
export function pdfText(value: string | null | undefined): string {
  if (!value) return '';
  let out = '';
  for (const ch of value.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\n' || ch === '\t') out += ch;
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
    // An invisible format character the font lacks (a BOM, a joiner) has nothing to print.
    else if (/\p{Cf}/u.test(ch) && !printable(cp)) continue;
    else out += printable(cp) ? ch : codePointLabel(cp);
  }
  return out;
}

export const MARGIN = 50;

export async function renderPdf(meta: PdfMeta, draw: (doc: Pdf) => void | Promise<void>): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 20, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: pdfText(meta.title), Subject: pdfText(meta.subject ?? meta.title), Creator: 'SAMS — centre de formation' },
    lang: 'fr-FR',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(FONT, FONT_FILES[FONT]);
  doc.registerFont(FONT_BOLD, FONT_FILES[FONT_BOLD]);
  doc.font(FONT).fontSize(10);
  await draw(doc);
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN;
    doc.font(FONT).fontSize(7.5).fillColor('#555555');
    doc.text(pdfText(meta.footer), MARGIN, y, { width: doc.page.width - 2 * MARGIN - 80, lineBreak: false });
    doc.text(`Page ${i + 1} / ${range.count}`, doc.page.width - MARGIN - 80, y, { width: 80, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
    doc.fillColor('black');
  }
  doc.end();
  return done;
}

export function contentWidth(doc: Pdf): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Starts a new page when fewer than `needed` points remain. */
export function ensureSpace(doc: Pdf, needed: number): void {
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

export function heading(doc: Pdf, text: string, size = 13): void {
  ensureSpace(doc, size * 3);
  doc
    .moveDown(0.6)
    .font(FONT_BOLD)
    .fontSize(size)
    .text(pdfText(text), doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.font(FONT).fontSize(10).moveDown(0.3);
}

export function paragraph(doc: Pdf, text: string, options: { bold?: boolean; size?: number; color?: string } = {}): void {
  doc
    .font(options.bold ? FONT_BOLD : FONT)
    .fontSize(options.size ?? 10)
    .fillColor(options.color ?? 'black')
    .text(pdfText(text), doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.font(FONT).fontSize(10).fillColor('black');
}

/** "Label : value" lines, the label in bold. */
export function fields(doc: Pdf, rows: [string, string][]): void {
  for (const [label, value] of rows) {
    ensureSpace(doc, 14);
    doc
      .font(FONT_BOLD)
      .fontSize(10)
      .text(`${pdfText(label)} : `, doc.page.margins.left, doc.y, { continued: true, width: contentWidth(doc) });
    doc.font(FONT).text(pdfText(value || '—'));
  }
}

export interface Column {
  header: string;
  /** Share of the content width. */
  width: number;
  align?: 'left' | 'center' | 'right';
}

/** A table with borders, wrapped cells, page breaks and the header repeated on each page. */
export function table(doc: Pdf, columns: Column[], rows: string[][], options: { emptyText?: string } = {}): void {
  const left = doc.page.margins.left;
  const total = contentWidth(doc);
  const widths = columns.map((c) => c.width * total);
  const pad = 4;
  const rowHeight = (cells: string[], bold: boolean): number =>
    Math.max(
      ...cells.map((cell, i) =>
        doc
          .font(bold ? FONT_BOLD : FONT)
          .fontSize(9)
          .heightOfString(pdfText(cell), { width: widths[i] - 2 * pad }),
      ),
    ) +
    2 * pad;
  const drawRow = (cells: string[], bold: boolean, shade: boolean): void => {
    const h = rowHeight(cells, bold);
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (!bold)
        drawRow(
          columns.map((c) => c.header),
          true,
          true,
        );
    }
    const y = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      if (shade) doc.rect(x, y, widths[i], h).fillAndStroke('#EEEEEE', '#999999');
      else doc.rect(x, y, widths[i], h).stroke('#999999');
      doc
        .fillColor('black')
        .font(bold ? FONT_BOLD : FONT)
        .fontSize(9);
      doc.text(pdfText(cell), x + pad, y + pad, { width: widths[i] - 2 * pad, align: columns[i].align ?? 'left' });
      x += widths[i];
    });
    doc.x = left;
    doc.y = y + h;
  };
  ensureSpace(doc, 40);
  drawRow(
    columns.map((c) => c.header),
    true,
    true,
  );
  if (rows.length === 0 && options.emptyText) drawRow([options.emptyText, ...columns.slice(1).map(() => '')], false, false);
  for (const row of rows) drawRow(row, false, false);
  doc.font(FONT).fontSize(10).moveDown(0.5);
}

/** A checkbox answer as the ministry forms print it: « [X] OUI   [ ] NON ». */
export function yesNo(value: boolean | null): string {
  return `${value === true ? '[X]' : '[  ]'} OUI     ${value === false ? '[X]' : '[  ]'} NON`;
}

/** An instant as a French reader expects it, in Paris time: 14/03/2025 à 16h05. */
export function frenchInstant(iso: string): string {
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} à ${get('hour')}h${get('minute')}`;
}

/** An ASCII file name for Content-Disposition: « Livret ECF Hélène Dœ » → livret-ecf-helene-doe. */
export function safeFileName(...parts: string[]): string {
  return (
    parts
      .join('-')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/œ/gi, 'oe')
      .replace(/æ/gi, 'ae')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 100) || 'document'
  );
}

/** « 12 rue des Lilas, 69003 Lyon » from the issuer's address parts (empty parts left out). */
export function issuerAddress(issuer: DocumentIssuer): string {
  const town = [issuer.postalCode, issuer.city].filter(Boolean).join(' ');
  return [issuer.address.replace(/\s*\n\s*/g, ', '), town].filter(Boolean).join(', ');
}

/** « contact@centre.fr · 04 72 00 00 00 » (empty parts left out). */
export function issuerContact(issuer: DocumentIssuer): string {
  return [issuer.email, issuer.phone].filter(Boolean).join(' · ');
}

/**
 * The centre's letterhead at the top of the first page: the logo (when set) on the left, then
 * the name in bold, the address, the agrément number and the contact.
 */
export function letterhead(doc: Pdf, issuer: DocumentIssuer): void {
  const left = doc.page.margins.left;
  const top = doc.y;
  let textLeft = left;
  if (issuer.logo) {
    try {
      doc.image(issuer.logo, left, top, { fit: [70, 50] });
      textLeft = left + 80;
    } catch {
      // An image pdfkit cannot read was refused at upload; never let it stop a document.
    }
  }
  const width = contentWidth(doc) - (textLeft - left);
  doc.font(FONT_BOLD).fontSize(11).text(pdfText(issuer.name), textLeft, top, { width });
  doc.font(FONT).fontSize(8.5).fillColor('#333333');
  const address = issuerAddress(issuer);
  if (address) doc.text(pdfText(address), textLeft, doc.y, { width });
  if (issuer.agrementNumber) doc.text(pdfText(`N° d'agrément / CERES : ${issuer.agrementNumber}`), textLeft, doc.y, { width });
  const contact = issuerContact(issuer);
  if (contact) doc.text(pdfText(contact), textLeft, doc.y, { width });
  doc.fillColor('black').font(FONT).fontSize(10);
  doc.x = left;
  doc.y = Math.max(doc.y, issuer.logo ? top + 52 : doc.y) + 8;
}

/**
 * « Fait à Lyon, le 30/11/2026 », then the signatory's title and name, with room for a
 * handwritten signature. `date` is a calendar date `YYYY-MM-DD` (Paris).
 */
export function signatureBlock(doc: Pdf, issuer: DocumentIssuer, date: string): void {
  ensureSpace(doc, 90);
  const [y, m, d] = date.split('-');
  const place = issuer.city ? `Fait à ${issuer.city}, le ${d}/${m}/${y}` : `Fait le ${d}/${m}/${y}`;
  const x = doc.page.margins.left + contentWidth(doc) / 2;
  const width = contentWidth(doc) / 2;
  doc.moveDown(1);
  doc.font(FONT).fontSize(10).text(pdfText(place), x, doc.y, { width });
  if (issuer.signatoryTitle) doc.text(pdfText(issuer.signatoryTitle), x, doc.y, { width });
  doc.font(FONT_BOLD).text(pdfText(issuer.signatoryName || 'Le ou la responsable du centre'), x, doc.y, { width });
  doc.font(FONT).moveDown(3);
  doc.x = doc.page.margins.left;
}
