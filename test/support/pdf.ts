import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** Text of each page of a PDF (pdfjs-dist in a child process). */
export function pdfToText(pdf: Buffer): Promise<{ pages: number; text: string[] }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [join(__dirname, 'pdf-text.mjs')],
      { maxBuffer: 50 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as { pages: number; text: string[] });
      },
    );
    child.stdin!.end(pdf);
  });
}

/** supertest parser that keeps a binary body as a Buffer. */
export function binaryParser(res: unknown, callback: (err: Error | null, body: unknown) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}
