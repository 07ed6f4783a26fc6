import { inflateSync } from 'node:zlib';
import { Worker } from 'node:worker_threads';
import { DomainError } from '@app/platform';
import type { LogoType } from './entities/centre.entity';

/**
 * The centre's logo is printed on every document (pdfkit, `doc.image`). A file that pdfkit cannot
 * read would break every PDF; worse, pdfkit decodes some PNGs (alpha channel, transparent palette)
 * in a zlib callback, where a corrupt image throws an uncaught exception that ends the process.
 * So a logo is accepted only after three checks, each answering 400 on `file` in French:
 * 1. its type from its first bytes (PNG or JPEG), never from its name or declared type;
 * 2. its structure: PNG chunks and their CRCs, IHDR, the image data inflated to exactly the size
 *    the header announces with valid row filters, IEND present; JPEG segments, a frame header
 *    pdfkit understands, the scan and its end marker;
 * 3. pdfkit itself draws it into a throw-away PDF, in a worker thread: whatever pdfkit throws,
 *    even asynchronously, ends the worker and not the API.
 */

/**
 * Every PDF viewer decodes the logo's pixels, on every document (and pdfkit re-decodes a PNG with
 * transparency for each): a logo printed on a few centimetres needs far fewer. Both formats: a
 * JPEG can declare 65,000 × 65,000 pixels in 4 KB (found by the fresh-eyes review of issue 12).
 */
export const MAX_PNG_PIXELS = 4_000_000;
export const MAX_PNG_SIDE = 5_000;

function checkDimensions(width: number, height: number): void {
  if (width > MAX_PNG_SIDE || height > MAX_PNG_SIDE || width * height > MAX_PNG_PIXELS) {
    throw refuse(
      `L'image fait ${width} × ${height} pixels : c'est trop pour un logo imprimé sur quelques centimètres. ` +
        `Réduisez-la (${MAX_PNG_SIDE} pixels de côté et ${MAX_PNG_PIXELS / 1_000_000} millions de pixels au plus ; 1 000 pixels de large suffisent).`,
    );
  }
}
const RENDER_TIMEOUT_MS = 10_000;

const refuse = (message: string): DomainError => DomainError.validation([{ field: 'file', message }]);

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

/** Other types a user may send, named in the refusal so that they know what to do. */
const OTHER_TYPES: [string, (b: Buffer) => boolean][] = [
  ['un GIF', (b) => b.subarray(0, 4).toString('latin1') === 'GIF8'],
  ['un PDF', (b) => b.subarray(0, 5).toString('latin1') === '%PDF-'],
  ['une image WebP', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
  ['une image BMP', (b) => b.subarray(0, 2).toString('latin1') === 'BM'],
  ['une image TIFF', (b) => ['II*\u0000', 'MM\u0000*'].includes(b.subarray(0, 4).toString('latin1'))],
  ['une image SVG', (b) => /<svg[\s>]/i.test(b.subarray(0, 1024).toString('utf8'))],
];

/** The logo's type (from its bytes) once it is known pdfkit prints it; otherwise a 400 on `file`. */
export async function checkLogo(data: Buffer): Promise<LogoType> {
  if (data.length === 0) throw refuse('Le fichier est vide.');
  let type: LogoType;
  if (data.subarray(0, 8).equals(PNG_MAGIC)) {
    checkPng(data);
    type = 'image/png';
  } else if (data.subarray(0, 3).equals(JPEG_MAGIC)) {
    checkJpeg(data);
    type = 'image/jpeg';
  } else {
    const other = OTHER_TYPES.find(([, test]) => test(data))?.[0];
    throw refuse(
      other
        ? `Ce fichier est ${other} : enregistrez le logo en PNG ou en JPEG, puis envoyez-le de nouveau.`
        : "Ce fichier n'est pas une image PNG ou JPEG (type vérifié sur son contenu, pas sur son nom).",
    );
  }
  await renderWithPdfkit(data);
  return type;
}

// ---------------------------------------------------------------------------------------------
// PNG

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 1) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Bit depths allowed per PNG colour type, and the samples per pixel. */
const PNG_COLOUR_TYPES: Record<number, { depths: number[]; samples: number }> = {
  0: { depths: [1, 2, 4, 8, 16], samples: 1 },
  2: { depths: [8, 16], samples: 3 },
  3: { depths: [1, 2, 4, 8], samples: 1 },
  4: { depths: [8, 16], samples: 2 },
  6: { depths: [8, 16], samples: 4 },
};

/** Adam7: the passes' origin and step, [x0, y0, dx, dy]. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

const damaged = (why: string): DomainError =>
  refuse(`L'image PNG est incomplète ou abîmée (${why}) : enregistrez-la de nouveau depuis votre logiciel, puis envoyez-la.`);

function checkPng(data: Buffer): void {
  let pos = 8;
  let header: { width: number; height: number; depth: number; colourType: number; interlaced: boolean } | null = null;
  let palette = false;
  let ended = false;
  const idat: Buffer[] = [];
  while (!ended) {
    if (pos + 12 > data.length) throw damaged('le fichier est coupé avant sa fin');
    const length = data.readUInt32BE(pos);
    const kind = data.subarray(pos + 4, pos + 8).toString('latin1');
    if (length > 0x7fffffff || pos + 12 + length > data.length) throw damaged('le fichier est coupé avant sa fin');
    if (!/^[A-Za-z]{4}$/.test(kind)) throw damaged('bloc illisible');
    const body = data.subarray(pos + 8, pos + 8 + length);
    if (crc32(data.subarray(pos + 4, pos + 8 + length)) !== data.readUInt32BE(pos + 8 + length))
      throw damaged(`somme de contrôle fausse dans le bloc ${kind}`);
    if (!header && kind !== 'IHDR') throw damaged('en-tête IHDR absent');
    switch (kind) {
      case 'IHDR': {
        if (header || length !== 13) throw damaged('en-tête IHDR invalide');
        const colourType = body[9];
        const depth = body[8];
        const allowed = PNG_COLOUR_TYPES[colourType];
        if (!allowed || !allowed.depths.includes(depth) || body[10] !== 0 || body[11] !== 0 || body[12] > 1)
          throw damaged('format de pixels inconnu');
        header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth, colourType, interlaced: body[12] === 1 };
        if (header.width === 0 || header.height === 0) throw damaged('image sans pixels');
        checkDimensions(header.width, header.height);
        break;
      }
      case 'PLTE':
        if (length === 0 || length % 3 !== 0 || length > 768) throw damaged('palette invalide');
        palette = true;
        break;
      case 'IDAT':
        idat.push(body);
        break;
      case 'IEND':
        ended = true;
        break;
      default:
        // Ancillary chunks (text, colour profile, physical size…) are kept as they are.
        break;
    }
    pos += 12 + length;
  }
  if (!header) throw damaged('en-tête IHDR absent');
  if (header.colourType === 3 && !palette) throw damaged('palette absente');
  if (idat.length === 0) throw damaged('aucune donnée d’image');

  const bitsPerPixel = header.depth * PNG_COLOUR_TYPES[header.colourType].samples;
  const passes = header.interlaced ? ADAM7 : [[0, 0, 1, 1]];
  const rows: { count: number; bytes: number }[] = [];
  let expected = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const w = Math.ceil((header.width - x0) / dx);
    const h = Math.ceil((header.height - y0) / dy);
    if (w <= 0 || h <= 0) continue;
    const bytes = 1 + Math.ceil((w * bitsPerPixel) / 8);
    rows.push({ count: h, bytes });
    expected += h * bytes;
  }
  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch {
    throw damaged('données compressées illisibles ou coupées');
  }
  if (pixels.length !== expected) throw damaged('il manque des lignes de pixels');
  let at = 0;
  for (const pass of rows) {
    for (let r = 0; r < pass.count; r += 1) {
      if (pixels[at] > 4) throw damaged('ligne de pixels illisible');
      at += pass.bytes;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// JPEG

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic): what pdfkit looks for. */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

const damagedJpeg = (why: string): DomainError =>
  refuse(`L'image JPEG est incomplète ou abîmée (${why}) : enregistrez-la de nouveau depuis votre logiciel, puis envoyez-la.`);

function checkJpeg(data: Buffer): void {
  let pos = 2;
  let frame = false;
  for (;;) {
    while (pos < data.length && data[pos] === 0xff && data[pos + 1] === 0xff) pos += 1; // fill bytes
    if (pos + 4 > data.length) throw damagedJpeg('le fichier est coupé avant sa fin');
    if (data[pos] !== 0xff) throw damagedJpeg('segment illisible');
    const marker = data[pos + 1];
    if (marker === 0xd9) throw damagedJpeg('aucune image avant la fin du fichier');
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    }
    const length = data.readUInt16BE(pos + 2);
    if (length < 2 || pos + 2 + length > data.length) throw damagedJpeg('le fichier est coupé avant sa fin');
    if (SOF.has(marker)) {
      if (length < 8) throw damagedJpeg('en-tête d’image invalide');
      const height = data.readUInt16BE(pos + 5);
      const width = data.readUInt16BE(pos + 7);
      const channels = data[pos + 9];
      if (width === 0 || height === 0) throw damagedJpeg('image sans dimensions');
      if (![1, 3, 4].includes(channels)) throw damagedJpeg('nombre de couleurs non imprimable');
      checkDimensions(width, height);
      frame = true;
    }
    if (marker === 0xda) {
      if (!frame) throw damagedJpeg('en-tête d’image absent');
      break;
    }
    pos += 2 + length;
  }
  // The compressed scan runs to the end-of-image marker; some writers pad after it.
  let end = data.length;
  while (end > pos && (data[end - 1] === 0x00 || data[end - 1] === 0x0a || data[end - 1] === 0x0d)) end -= 1;
  if (end - 2 <= pos || data[end - 2] !== 0xff || data[end - 1] !== 0xd9) throw damagedJpeg('le fichier est coupé avant sa fin');
}

// ---------------------------------------------------------------------------------------------
// pdfkit, in a worker thread

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const PDFDocument = require(workerData.pdfkit);
const doc = new PDFDocument({ size: 'A4' });
doc.on('data', () => undefined);
doc.on('end', () => parentPort.postMessage('ok'));
doc.image(Buffer.from(workerData.image), 50, 50, { fit: [70, 50] });
doc.end();
`;

/** Draws the image as every document does (`doc.image(logo, x, y, { fit })`), away from the API's thread. */
function renderWithPdfkit(image: Buffer): Promise<void> {
  const unprintable = (): DomainError =>
    refuse(
      'Cette image ne peut pas être imprimée sur les documents (format interne non pris en charge) : enregistrez-la de nouveau en PNG ou en JPEG standard, puis envoyez-la.',
    );
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pdfkit: require.resolve('pdfkit'), image },
      resourceLimits: { maxOldGenerationSizeMb: 256 },
      stdout: true,
      stderr: true,
    });
    const finish = (error: DomainError | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(unprintable()), RENDER_TIMEOUT_MS);
    worker.on('message', (message) => finish(message === 'ok' ? null : unprintable()));
    worker.on('error', () => finish(unprintable()));
    worker.on('exit', () => finish(unprintable()));
  });
}
