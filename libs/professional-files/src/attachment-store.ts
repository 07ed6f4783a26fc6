import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@app/platform';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Rows of this size are written as the upload arrives and read one at a time when served. */
export const CHUNK_BYTES = 512 * 1024;

const SIGNATURES: { type: 'application/pdf' | 'image/png' | 'image/jpeg'; magic: number[] }[] = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
];

/** The type from the file's first bytes, never from its name or the declared type. */
export function sniffType(head: Buffer): 'application/pdf' | 'image/png' | 'image/jpeg' | null {
  return SIGNATURES.find((s) => s.magic.every((byte, i) => head[i] === byte))?.type ?? null;
}

/**
 * A file name safe to store and show (web app, PDFs, downloads), sanitised rather than refused:
 * no path; format characters removed — bidi controls (`facture\u202efdp.exe` shows as
 * « factureexe.pdf »), zero-width characters, line and paragraph separators; control characters,
 * lone surrogates, non-characters and what file systems forbid replaced by `_`; NFC; at most 255
 * characters.
 */
export function cleanFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').normalize('NFC');
  const cleaned = base
    .replace(/[\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    // Control characters are exactly what is replaced here.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff"<>|*?:]|[\ud800-\udfff]/gu, '_')
    .trim();
  return Array.from(cleaned).slice(0, 255).join('').trim() || 'piece-jointe';
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function contentDisposition(stored: string): string {
  const filename = cleanFileName(stored); // names stored before the bidi controls were removed, too
  const ascii = filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export interface StoredAttachment {
  id: string;
  size: number;
  sha256: string;
  contentType: 'application/pdf' | 'image/png' | 'image/jpeg';
}

/**
 * Writes an upload as it arrives: type checked on the first bytes (415), size enforced while
 * reading (413), sha256 computed on the way, rows of CHUNK_BYTES inserted in the caller's
 * transaction. Only one row's worth of bytes is held in memory. `truncated()` says whether the
 * multipart parser cut the file at its size limit.
 */
export async function storeChunks(m: EntityManager, stream: AsyncIterable<Buffer>, truncated: () => boolean): Promise<StoredAttachment> {
  const id = randomUUID();
  const hash = createHash('sha256');
  let size = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let contentType: StoredAttachment['contentType'] | null = null;
  // A refusal stops the storing but not the reading: the upload is drained to its end (leaving the
  // loop would destroy the parser's stream and the answer could never be sent).
  let refusal: DomainError | null = null;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await m.query('INSERT INTO dp_attachment_chunks (attachment_id, seq, data) VALUES ($1, $2, $3)', [id, seq, data]);
    seq += 1;
  };
  for await (const chunk of stream) {
    if (refusal) continue;
    size += chunk.length;
    if (size > MAX_ATTACHMENT_BYTES || truncated()) {
      refusal = tooLarge();
      continue;
    }
    hash.update(chunk);
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (!contentType && pendingBytes >= 8) {
      contentType = sniffType(Buffer.concat(pending, pendingBytes).subarray(0, 8));
      if (!contentType) {
        refusal = new DomainError(
          'DP.FILE_TYPE',
          "Ce fichier n'est ni un PDF, ni une image PNG ou JPEG (vérifié sur son contenu, pas sur son nom).",
        );
        continue;
      }
    }
    if (pendingBytes >= CHUNK_BYTES) await flush();
  }
  if (refusal) throw refusal;
  if (truncated()) throw tooLarge();
  if (size === 0) throw DomainError.validation([{ field: 'file', message: 'Le fichier est vide.' }]);
  if (!contentType) throw new DomainError('DP.FILE_TYPE', "Ce fichier n'est ni un PDF, ni une image PNG ou JPEG.");
  await flush();
  return { id, size, sha256: hash.digest('hex'), contentType };
}

function tooLarge(): DomainError {
  return new DomainError(
    'DP.FILE_TOO_LARGE',
    `Le fichier dépasse ${MAX_ATTACHMENT_BYTES / 1024 / 1024} Mo : réduisez-le (PDF compressé, image redimensionnée).`,
  );
}

interface PgClient {
  query(config: { text: string; values: unknown[]; binary: boolean }): Promise<{ rows: { data: Buffer }[] }>;
}

/**
 * Streams an attachment back, one row at a time, on one connection held for the download. Rows
 * are read in PostgreSQL's binary format: bytea then arrives as raw bytes, not as hex text twice
 * its size.
 */
export function readChunks(dataSource: DataSource, attachmentId: string, chunks: number): Readable {
  return Readable.from(
    (async function* () {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      try {
        // The pg client behind this runner (PostgresQueryRunner.databaseConnection), for `binary: true`.
        const client = (runner as unknown as { databaseConnection: PgClient }).databaseConnection;
        for (let seq = 0; seq < chunks; seq += 1) {
          const { rows } = await client.query({
            text: 'SELECT data FROM dp_attachment_chunks WHERE attachment_id = $1 AND seq = $2',
            values: [attachmentId, seq],
            binary: true,
          });
          if (!rows[0]) throw new Error(`chunk ${seq} of attachment ${attachmentId} is missing`);
          yield rows[0].data;
        }
      } finally {
        await runner.release();
      }
    })(),
  );
}
