import { Agent, request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Malformed variants of a valid body: each field replaced by a wrong type, null, an array, a
 * 10,000-character string or a nested object, or removed; an unknown field; non-object bodies.
 */
export const BAD_VALUES: [string, unknown][] = [
  ['null', null],
  ['a number', 12345],
  ['a boolean', true],
  ['an empty string', ''],
  ['a 10,000-character string', 'x'.repeat(10_000)],
  ['an array', ['a', 'b']],
  ['a nested object', { nested: { deeper: 'value' } }],
  ['an array of objects', [{ a: 1 }]],
];

/** Optional fields may legitimately be null, empty or absent: those mutations are not bad input. */
const OPTIONAL = new Set(['acronym', 'description', 'site', 'employer', 'accommodations', 'comment', 'competencesToReassess']);

export function mutations(valid: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const key of Object.keys(valid)) {
    for (const [label, value] of BAD_VALUES) {
      if (JSON.stringify(value) === JSON.stringify(valid[key])) continue;
      if (OPTIONAL.has(key) && (value === null || value === '')) continue;
      // A list of strings is the right type for a string-list field (criteria, from).
      const stringList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
      if (stringList(valid[key]) && stringList(value)) continue;
      out.push([`${key} = ${label}`, { ...valid, [key]: value }]);
    }
    const { [key]: _omitted, ...rest } = valid;
    if (!OPTIONAL.has(key)) out.push([`${key} missing`, rest]);
  }
  out.push(['an unknown field', { ...valid, isAdmin: true }]);
  out.push(['an empty object', {}]);
  out.push(['an array body', [valid]]);
  return out;
}

/** The port of the test app's server, listening on 127.0.0.1 (raw requests need a real socket). */
export async function listeningPort(server: Server): Promise<number> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

export interface RawAnswer {
  /** 0 when the request was aborted on purpose (no answer expected). */
  status: number;
  text: string;
  json: unknown;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/**
 * One HTTP request with full control of its bytes: path as given (already percent-encoded),
 * headers as given (no Content-Type added), body as given. `abortAfter`: send that many bytes of
 * the body, announce the whole length, then destroy the socket (a client that goes away).
 */
export function rawRequest(
  port: number,
  options: { method: string; path: string; headers?: Record<string, string>; body?: Buffer | string; abortAfter?: number },
): Promise<RawAnswer> {
  const started = Date.now();
  const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, 'utf8');
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) headers['Content-Length'] = String(body.length);
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: options.method,
      path: options.path,
      headers,
      agent: options.abortAfter === undefined ? agent : false,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = undefined;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, json, ms: Date.now() - started });
      });
      res.on('error', reject);
    });
    if (options.abortAfter !== undefined && body) {
      req.on('error', () => resolve({ status: 0, text: '', json: undefined, ms: Date.now() - started }));
      req.write(body.subarray(0, options.abortAfter));
      setTimeout(() => {
        req.destroy();
        resolve({ status: 0, text: '', json: undefined, ms: Date.now() - started });
      }, 50);
      return;
    }
    req.on('error', reject);
    req.end(body);
  });
}

/** A multipart/form-data body: each part a field (string) or a file ({filename, type, data}). */
export function multipart(
  boundary: string,
  parts: { name: string; value?: string; filename?: string; type?: string; data?: Buffer }[],
  close = true,
): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const type = p.filename !== undefined ? `\r\nContent-Type: ${p.type ?? 'application/octet-stream'}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`, 'utf8'));
    chunks.push(p.data ?? Buffer.from(p.value ?? '', 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** A few bytes that pass the PDF check (magic number), padded to `size`. */
export const pdfBytes = (size = 64): Buffer => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(Math.max(0, size - 9), 0x20)]);

/** The contract's error shape (spec/api.md « Conventions »), or what is wrong with an answer. */
export function errorShapeProblem(status: number, json: unknown): string | null {
  if (status < 400) return null;
  const body = json as { statusCode?: unknown; code?: unknown; message?: unknown; details?: unknown } | undefined;
  if (!body || typeof body !== 'object') return 'not JSON';
  if (body.statusCode !== status) return `statusCode ${String(body.statusCode)}`;
  if (typeof body.code !== 'string' || !body.code) return 'no code';
  if (typeof body.message !== 'string' || !body.message) return 'no message';
  if (!Array.isArray(body.details)) return 'details not an array';
  return null;
}
