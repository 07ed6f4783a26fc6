import busboy from 'busboy';
import type { Request } from 'express';
import { AsyncResource } from 'node:async_hooks';
import type { Readable } from 'node:stream';
import { DomainError } from '../errors/domain-error';
import { mediaTypeOf } from './body-guards';

export interface IncomingFile {
  /** The file's bytes as they arrive. The handler must read it to its end (or fail). */
  stream: Readable;
  /** As the client sent it: clean it before storing or showing it. */
  filename: string;
  mimeType: string;
  /** True once the parser cut the file at `maxBytes` + 1. */
  truncated: () => boolean;
}

export interface ReceiveFileOptions {
  /** The form field holding the file. */
  field?: string;
  /** Larger files are cut one byte after, and `truncated()` says so. */
  maxBytes: number;
  /** The refusal when the upload stops before its end or is malformed (400). */
  incomplete: () => DomainError;
}

/**
 * Reads a multipart/form-data request carrying exactly one file and hands the file to `handle` as
 * it arrives (issue 10: nothing a client sends may crash the process or leave a request hanging).
 *
 * - `handle` gets `formComplete()`: it resolves once the whole form has arrived, well formed, with
 *   no second file; it rejects otherwise. Await it before committing anything — a body cut after
 *   the file's bytes but before the closing boundary is refused, and nothing is kept.
 * - A body cut short, a malformed part header, a connection the client drops: `incomplete()`.
 * - No boundary in the content type, no `field` part, a second file: 400 on `file`.
 * - Every stream involved has an error listener: a stream error becomes this promise's rejection,
 *   never an uncaught exception.
 * - The answer is given once the request has been read to its end (a client still sending would
 *   otherwise see its connection reset instead of the error).
 */
export function receiveFile<T>(
  req: Request,
  options: ReceiveFileOptions,
  handle: (file: IncomingFile, formComplete: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const field = options.field ?? 'file';
  // busboy emits 'file' from the socket's callbacks: a body that arrives after the headers (a slow
  // client, Expect: 100-continue) would run the handler outside the caller's async context, and so
  // outside its transaction (ADR 0008). The handler runs in the context receiveFile was called in.
  const inCallerContext = AsyncResource.bind(handle);
  const refuse = (message: string): DomainError => DomainError.validation([{ field, message }]);
  return new Promise<T>((resolve, reject) => {
    if (mediaTypeOf(req.headers['content-type'])?.type !== 'multipart/form-data') {
      reject(new DomainError('UNSUPPORTED_MEDIA_TYPE', `Envoyez le fichier en multipart/form-data, dans le champ « ${field} ».`));
      return;
    }
    if (req.readableEnded || req.destroyed) {
      reject(options.incomplete());
      return;
    }
    let parser: busboy.Busboy;
    try {
      // Browsers send the file name as raw UTF-8 (busboy's default would read it as Latin-1).
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { files: 1, fileSize: options.maxBytes + 1, fields: 20, fieldSize: 64 * 1024, parts: 30, headerPairs: 20 },
      });
    } catch {
      // busboy throws on a multipart type without its boundary.
      req.on('error', () => undefined);
      req.resume();
      reject(refuse('Requête multipart invalide (boundary absent du Content-Type).'));
      return;
    }

    let settled = false;
    /** The handler gave up (or succeeded): the parser's end no longer matters. */
    let detached = false;
    let handling: Promise<T> | null = null;
    let fileStream: Readable | null = null;

    // The form's outcome, for `formComplete()`: set once.
    let formError: DomainError | null = null;
    let formDone = false;
    const waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];
    const formSettles = (error: DomainError | null): void => {
      if (formDone || formError) return;
      if (error) formError = error;
      else formDone = true;
      for (const w of waiting.splice(0)) {
        if (error) w.reject(error);
        else w.resolve();
      }
    };
    const formComplete = (): Promise<void> => {
      const outcome: Promise<void> = formError
        ? Promise.reject(formError)
        : formDone
          ? Promise.resolve()
          : new Promise((res, rej) => waiting.push({ resolve: res, reject: rej }));
      outcome.catch(() => undefined); // a caller that stopped listening must not crash the process
      return outcome;
    };

    /** Answers once the request body has been read to its end (or the connection is gone). */
    const answer = (error: unknown, value?: T): void => {
      if (settled) return;
      settled = true;
      const done = (): void => (error === null ? resolve(value as T) : reject(error instanceof Error ? error : new Error('upload failed')));
      if (req.readableEnded || req.destroyed) return done();
      // Stop parsing; read and drop the rest, so that the answer reaches a client still sending.
      detached = true;
      req.unpipe(parser);
      parser.destroy();
      req.once('end', done);
      req.once('close', done);
      req.resume();
    };

    parser.on('file', (name, stream, info) => {
      // The stream fails with the parser (a cut body): that is reported once, as `incomplete()`.
      stream.on('error', () => undefined);
      if (name !== field || handling) {
        stream.resume();
        return;
      }
      fileStream = stream;
      let truncated = false;
      stream.on('limit', () => (truncated = true));
      const file: IncomingFile = { stream, filename: info.filename ?? '', mimeType: info.mimeType, truncated: () => truncated };
      handling = Promise.resolve().then(() => inCallerContext(file, formComplete));
      handling.then(
        // A handler that did not read the whole file: the rest is dropped so the form can end.
        (value) => {
          stream.resume();
          formComplete().then(
            () => answer(null, value),
            (error: unknown) => answer(error),
          );
        },
        // A refusal of the handler (type, size, a rule) stands; a stream error means the form broke.
        (error: unknown) => answer(error instanceof DomainError ? error : (formError ?? error)),
      );
    });
    parser.on('filesLimit', () => formSettles(refuse('Un seul fichier par envoi.')));
    parser.on('error', () => {
      if (detached) return;
      formSettles(options.incomplete());
      if (!handling) answer(formError);
    });
    parser.on('close', () => {
      if (detached) return;
      formSettles(null);
      if (!handling) answer(formError ?? refuse(`Joignez un fichier (champ « ${field} »).`));
    });
    req.on('error', () => undefined); // an aborted request: handled on 'close' below
    req.on('close', () => {
      if (req.complete || detached) return;
      // The client went away mid-upload: the file stream fails, the handler's transaction rolls back.
      formSettles(options.incomplete());
      parser.destroy(options.incomplete());
      fileStream?.destroy(options.incomplete());
      if (!handling) answer(formError);
    });
    req.pipe(parser);
  });
}
