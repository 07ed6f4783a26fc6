import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer } from 'node:http';
import { connect, AddressInfo } from 'node:net';
import { DomainError } from '../errors/domain-error';
import { receiveFile } from './multipart';

/**
 * Issue 13 review: busboy emits the file from the socket's callbacks. A body arriving after the
 * headers (a slow client, Expect: 100-continue) must still be handled in the caller's async context
 * — the one that carries the request's transaction (ADR 0008) — never outside it.
 */
describe('receiveFile keeps the caller’s async context (transaction context, ADR 0008)', () => {
  it.each([0, 200])('a body sent %i ms after the headers is handled in the caller’s context', async (delayMs) => {
    const als = new AsyncLocalStorage<string>();
    let seen: string | undefined = 'not called';
    const server = createServer((req, res) => {
      void als.run('the request’s transaction', () =>
        receiveFile(req as never, { maxBytes: 1000, incomplete: () => DomainError.validation([]) }, async (file) => {
          seen = als.getStore();
          for await (const chunk of file.stream) void chunk;
          return 'ok';
        }).then(
          (v) => res.end(v),
          () => res.end('error'),
        ),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const body = [
      '--b',
      'Content-Disposition: form-data; name="file"; filename="a.pdf"',
      'Content-Type: application/pdf',
      '',
      '%PDF-1.4',
      '--b--',
      '',
    ].join('\r\n');
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
        );
        setTimeout(() => socket.write(body), delayMs);
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
    });
    await new Promise<void>((r) => server.close(() => r()));
    expect(answer).toMatch(/\r\n\r\n(?:2\r\n)?ok/);
    expect(seen).toBe('the request’s transaction');
  });
});
