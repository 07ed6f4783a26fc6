import PDFDocument from 'pdfkit';

/**
 * PDF rendering helpers on pdfkit, shared by every document (livret ECF, DP, PV, booklet):
 * A4, standard Helvetica, a footer with page numbers on every page, tables that break across
 * pages and repeat their header.
 */
export type Pdf = PDFKit.PDFDocument;

export interface PdfMeta {
  title: string;
  subject?: string;
  /** Footer text, left; "Page n / N" is added on the right. */
  footer: string;
}

const CP1252_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

/** The standard fonts speak Windows-1252: other characters are replaced, never garbled. */
export function pdfText(value: string | null | undefined): string {
  if (!value) return '';
  return value
    .normalize('NFC')
    .replace(/[\u2010\u2011\u2012]/g, '-')
    .replace(/[\u202F\u2009\u200A]/g, ' ')
    .replace(/[≥]/g, '>=')
    .replace(/[≤]/g, '<=')
    .replace(/[^\n\t\x20-\x7E\xA0-\xFF]/g, (c) => (CP1252_EXTRA.includes(c) ? c : '?'));
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
  doc.font('Helvetica').fontSize(10);
  await draw(doc);
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN;
    doc.font('Helvetica').fontSize(7.5).fillColor('#555555');
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
    .font('Helvetica-Bold')
    .fontSize(size)
    .text(pdfText(text), doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.font('Helvetica').fontSize(10).moveDown(0.3);
}

export function paragraph(doc: Pdf, text: string, options: { bold?: boolean; size?: number; color?: string } = {}): void {
  doc
    .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(options.size ?? 10)
    .fillColor(options.color ?? 'black')
    .text(pdfText(text), doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.font('Helvetica').fontSize(10).fillColor('black');
}

/** "Label : value" lines, the label in bold. */
export function fields(doc: Pdf, rows: [string, string][]): void {
  for (const [label, value] of rows) {
    ensureSpace(doc, 14);
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`${pdfText(label)} : `, doc.page.margins.left, doc.y, { continued: true, width: contentWidth(doc) });
    doc.font('Helvetica').text(pdfText(value || '—'));
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
          .font(bold ? 'Helvetica-Bold' : 'Helvetica')
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
        .font(bold ? 'Helvetica-Bold' : 'Helvetica')
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
  doc.font('Helvetica').fontSize(10).moveDown(0.5);
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
