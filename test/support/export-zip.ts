import { createHash } from 'node:crypto';
import yauzl from 'yauzl';

/** The entries of a ZIP (names as yauzl decodes them: UTF-8 when the entry says so), with their bytes. */
export async function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (error, file) => {
      if (error || !file) return reject(error ?? new Error('no zip'));
      const out = new Map<string, Buffer>();
      file.on('error', reject);
      file.on('end', () => resolve(out));
      file.on('entry', (entry: yauzl.Entry) => {
        file.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** supertest: keep the body as bytes. */
export function binary(response: unknown, done: (err: Error | null, body: Buffer) => void): void {
  const res = response as NodeJS.ReadableStream; // superagent's response is Node's IncomingMessage
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
  res.on('error', (e: Error) => done(e, Buffer.alloc(0)));
}
