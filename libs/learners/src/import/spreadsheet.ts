import { parse } from 'csv-parse/sync';
import { Workbook, type CellValue } from 'exceljs';
import iconv from 'iconv-lite';
import { DomainError } from '@app/platform';
import { checkZip, SHEET_MAX_CELLS, SHEET_MAX_ROWS } from './zip-guard';

/**
 * A learners' file as centres have it, read into rows of cells: CSV (UTF-8 with or without BOM,
 * UTF-16 with BOM, Windows-1252 or ISO-8859-15; « ; », « , » or tab) or an Excel workbook (.xlsx,
 * its first worksheet). The format is recognised from the bytes, never from the name or the
 * declared type: browsers and Excel send text/csv, application/vnd.ms-excel,
 * application/octet-stream or nothing useful for the same file.
 */

/** A cell as read: text, a number, a calendar date (from an Excel date cell) or a formula error. */
export type Cell = string | number | CalendarDate | { error: string };
/** A date without time or zone: what an Excel date cell means. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface SheetRow {
  /** The row's number as the spreadsheet shows it (1 = the first row), multi-line cells included. */
  row: number;
  cells: Cell[];
}

export interface Sheet {
  format: 'csv' | 'xlsx';
  /** CSV only: the separator found on the first line. */
  delimiter?: string;
  /** Every row, empty ones included (the caller skips them). */
  rows: SheetRow[];
  /** The text's encoding, for messages (CSV only). */
  encoding?: string;
}

export const ACCEPTED_FORMATS =
  'Formats acceptés : classeur Excel (.xlsx) ou CSV (séparateur ; ou ,), en UTF-8, Windows-1252 ou ISO-8859-15.';

const notAccepted = (what: string): DomainError => new DomainError('IMPORT.NOT_CSV', `${what} ${ACCEPTED_FORMATS}`);

/** Excel's own row limit is 1,048,576; ours is the import's (checked by the caller), with a margin for empty rows. */
export async function readSpreadsheet(buffer: Buffer, maxRows: number): Promise<Sheet> {
  if (startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) return readXlsx(buffer, maxRows);
  if (startsWith(buffer, [0x50, 0x4b, 0x05, 0x06])) throw notAccepted('Le fichier est une archive ZIP vide, pas un classeur Excel.');
  if (startsWith(buffer, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // OLE2: Excel 97-2003 (.xls), or an .xlsx protected by a password (Excel encrypts it into OLE2).
    throw notAccepted(
      'Ancien format Excel (.xls) ou classeur protégé par un mot de passe : dans Excel, « Enregistrer sous » « Classeur Excel (.xlsx) » sans mot de passe, ou « CSV (séparateur : point-virgule) ».',
    );
  }
  const text = decodeText(buffer);
  if (/^\s*<(\?xml|!doctype|html|table)/i.test(text.slice(0, 200))) {
    throw notAccepted(
      'Le fichier est une page HTML ou XML (export « .xls » de certains logiciels), pas un CSV : ouvrez-le dans Excel puis enregistrez-le en .xlsx.',
    );
  }
  return readCsv(text);
}

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  return buffer.length >= bytes.length && bytes.every((b, i) => buffer[i] === b);
}

/**
 * The text of a CSV. Valid UTF-8 (a BOM removed) is UTF-8; a UTF-16 BOM is UTF-16. Anything else
 * is a single-byte Western encoding, and the two that Excel and older tools write differ on
 * 8 bytes only:
 * - any byte 0x80–0x9F → Windows-1252: those bytes are printable there (’ « œ » € …) and invisible
 *   control characters in ISO-8859-15, so a file using them is Windows-1252;
 * - otherwise ISO-8859-15: both read the same except 0xA4 0xA6 0xA8 0xB4 0xB8 0xBC 0xBD 0xBE, letters
 *   in ISO-8859-15 (€ Š š Ž ž Œ œ Ÿ) but symbols in Windows-1252 (¤ ¦ ¨ ´ ¸ ¼ ½ ¾) that have no
 *   place in a list of names: « Cœur » is read as such, never « C½ur ».
 * A file with NUL bytes (and no UTF-16 BOM) is binary: refused.
 */
export function decodeText(buffer: Buffer): string {
  if (startsWith(buffer, [0xff, 0xfe])) return iconv.decode(buffer.subarray(2), 'utf-16le');
  if (startsWith(buffer, [0xfe, 0xff])) return iconv.decode(buffer.subarray(2), 'utf-16be');
  if (buffer.includes(0)) throw notAccepted("Le fichier n'est ni un CSV ni un classeur Excel (fichier binaire).");
  const utf8 = startsWith(buffer, [0xef, 0xbb, 0xbf]) ? buffer.subarray(3) : buffer;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(utf8);
  } catch {
    return iconv.decode(buffer, buffer.some((b) => b >= 0x80 && b <= 0x9f) ? 'windows-1252' : 'iso-8859-15');
  }
}

/** The separator: the most frequent of « ; », « , », tab on the first non-empty line (« ; » on a tie: French Excel). */
function delimiterOf(text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const count = (c: string): number => first.split(c).length - 1;
  const [semicolon, comma, tab] = [count(';'), count(','), count('\t')];
  if (tab > semicolon && tab > comma) return '\t';
  return semicolon >= comma ? ';' : ',';
}

export function readCsv(raw: string): Sheet {
  // One line break (CR LF, LF or the old Mac CR) so that a record's lines are counted once.
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const delimiter = delimiterOf(text);
  let records: string[][];
  try {
    // Empty lines are kept as records: each is a row of the spreadsheet (the caller skips them),
    // so that row numbers stay those a spreadsheet shows, a quoted cell's line breaks included.
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    throw new DomainError('IMPORT.INVALID', `Le CSV est mal formé (ligne ${line}) : vérifiez les guillemets.`, [
      { line, field: '', message: 'CSV mal formé' },
    ]);
  }
  return { format: 'csv', delimiter, rows: records.map((cells, i) => ({ row: i + 1, cells })) };
}

async function readXlsx(buffer: Buffer, maxRows: number): Promise<Sheet> {
  const zip = checkZip(buffer);
  if (!zip.ok) {
    switch (zip.reason) {
      case 'too-large':
        throw new DomainError(
          'IMPORT.TOO_MANY_LINES',
          'Le classeur est trop volumineux une fois décompressé : gardez une seule feuille avec les apprenants (sans images), ou découpez-le.',
        );
      case 'too-many-rows':
        throw new DomainError(
          'IMPORT.TOO_MANY_LINES',
          `La feuille déclare plus de ${SHEET_MAX_ROWS} lignes ou ${SHEET_MAX_CELLS} cellules (lignes vides comprises) : ${maxRows} apprenants au plus par import. Copiez les lignes utiles dans un classeur neuf, ou découpez-le.`,
        );
      case 'encrypted':
        throw notAccepted('Le classeur est chiffré : enregistrez-le sans mot de passe.');
      default:
        throw DomainError.validation([
          { field: 'file', message: `Le classeur Excel est illisible (fichier endommagé ou incomplet). ${ACCEPTED_FORMATS}` },
        ]);
    }
  }
  if (!zip.names.includes('xl/workbook.xml')) {
    const ods = zip.names.includes('content.xml');
    throw notAccepted(
      ods
        ? 'Classeur OpenDocument (.ods) : dans LibreOffice, « Enregistrer sous » au format Excel (.xlsx) ou CSV.'
        : 'Le fichier est une archive ZIP, pas un classeur Excel (.xlsx).',
    );
  }
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw DomainError.validation([
      { field: 'file', message: `Le classeur Excel est illisible (fichier endommagé ?). ${ACCEPTED_FORMATS}` },
    ]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw DomainError.validation([{ field: 'file', message: 'Le classeur ne contient aucune feuille.' }]);
  const rows: SheetRow[] = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (tooMany) return;
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = cellOf(cell.value);
    });
    for (let i = 0; i < cells.length; i += 1) cells[i] ??= '';
    if (cells.every(isEmptyCell)) return;
    rows.push({ row: number, cells });
    tooMany = rows.length > maxRows + 1;
  });
  if (tooMany) throw tooManyRows(maxRows, `plus de ${maxRows}`);
  return { format: 'xlsx', rows };
}

export function tooManyRows(max: number, count: number | string): DomainError {
  return new DomainError('IMPORT.TOO_MANY_LINES', `Le fichier a ${count} lignes : ${max} au plus par import. Découpez-le.`);
}

export function isEmptyCell(cell: Cell | undefined): boolean {
  return cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** What a cell shows: a formula's result, a hyperlink's text (e-mails often are links), rich text as plain text. */
function cellOf(value: CellValue | undefined): Cell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\r\n?/g, '\n');
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'VRAI' : 'FAUX';
  // exceljs gives a date cell as the UTC midnight of its serial number: the calendar date is read in UTC.
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { error: '#DATE' };
    return { year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate() };
  }
  const v = value as unknown as Record<string, unknown>;
  if (Array.isArray(v.richText))
    return (v.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
  if ('hyperlink' in v) return cellOf(v.text as CellValue);
  if ('formula' in v || 'sharedFormula' in v) return cellOf(v.result as CellValue);
  if (typeof v.error === 'string') return { error: v.error };
  return '';
}
