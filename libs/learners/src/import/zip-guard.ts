import { inflateRawSync } from 'node:zlib';

/**
 * What an XLSX (a ZIP archive) may hold before a reader inflates it: exceljs inflates every entry
 * in memory, so a 2 MB upload could otherwise expand to gigabytes (a « zip bomb »). The central
 * directory's sizes are checked, then each entry is inflated here with its declared size as a hard
 * cap — a size that lies is caught before exceljs sees the file, not after it has filled the memory.
 */
export const ZIP_MAX_ENTRIES = 500;
/** A workbook of 2,000 learners is about 2 MB once inflated; 25 MB leaves room for a logo or two. */
export const ZIP_MAX_INFLATED_BYTES = 25 * 1024 * 1024;

/**
 * Rows and cells a worksheet may declare: exceljs builds an object per row and per cell, on the
 * API's thread, so 760,000 empty `<row/>` elements in a 1.9 MB upload blocked the server for
 * 15 s (fresh-eyes review of issue 12). 2,000 learners plus formatted empty rows fit easily.
 */
export const SHEET_MAX_ROWS = 10_000;
export const SHEET_MAX_CELLS = 200_000;

export type ZipCheck =
  { ok: true; names: string[] } | { ok: false; reason: 'malformed' | 'too-large' | 'too-many-rows' | 'encrypted' | 'unsupported' };

/** How many times `needle` occurs in `text`, stopping once past `limit`. */
function occurrences(text: string, needle: string, limit: number): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1 && count <= limit; at = text.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

/** A worksheet's XML declares too many rows or cells (`<row …>` and `<c …>` elements, empty ones included). */
function tooManyRows(name: string, xml: Buffer): boolean {
  if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) return false;
  const text = xml.toString('latin1');
  return occurrences(text, '<row', SHEET_MAX_ROWS) > SHEET_MAX_ROWS || occurrences(text, '<c ', SHEET_MAX_CELLS) > SHEET_MAX_CELLS;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Reads the archive's directory and inflates every entry within its declared size; never throws. */
export function checkZip(buf: Buffer): ZipCheck {
  try {
    return check(buf);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}

function check(buf: Buffer): ZipCheck {
  // The end-of-central-directory record: 22 bytes, then a comment of at most 65,535 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i -= 1) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'malformed' };
  const count = buf.readUInt16LE(eocd + 10);
  const directoryOffset = buf.readUInt32LE(eocd + 16);
  // ZIP64 (more than 65,535 entries or 4 GB): never a learners' workbook.
  if (count === 0xffff || directoryOffset === 0xffffffff) return { ok: false, reason: 'too-large' };
  if (count > ZIP_MAX_ENTRIES) return { ok: false, reason: 'too-large' };

  const names: string[] = [];
  let inflated = 0;
  let at = directoryOffset;
  for (let n = 0; n < count; n += 1) {
    if (buf.readUInt32LE(at) !== CENTRAL) return { ok: false, reason: 'malformed' };
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const compressedSize = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const localOffset = buf.readUInt32LE(at + 42);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;

    if (flags & 0x1) return { ok: false, reason: 'encrypted' };
    inflated += size;
    if (inflated > ZIP_MAX_INFLATED_BYTES) return { ok: false, reason: 'too-large' };
    if (buf.readUInt32LE(localOffset) !== LOCAL) return { ok: false, reason: 'malformed' };
    const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    const data = buf.subarray(dataStart, dataStart + compressedSize);
    if (data.length !== compressedSize) return { ok: false, reason: 'malformed' };
    if (method === 0) {
      if (compressedSize !== size) return { ok: false, reason: 'malformed' };
      if (tooManyRows(names[names.length - 1], data)) return { ok: false, reason: 'too-many-rows' };
    } else if (method === 8) {
      // One byte more than declared is enough to know the size lies; inflating stops there.
      let out: Buffer;
      try {
        out = inflateRawSync(data, { maxOutputLength: size + 1 });
      } catch (error) {
        const code = (error as { code?: string }).code;
        return { ok: false, reason: code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'malformed' };
      }
      if (out.length !== size) return { ok: false, reason: out.length > size ? 'too-large' : 'malformed' };
      if (tooManyRows(names[names.length - 1], out)) return { ok: false, reason: 'too-many-rows' };
    } else {
      return { ok: false, reason: 'unsupported' };
    }
  }
  return { ok: true, names };
}
