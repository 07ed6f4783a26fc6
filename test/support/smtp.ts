import { AddressInfo } from 'node:net';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Delivered {
  envelopeTo: string[];
  parsed: ParsedMail;
  raw: Buffer;
}

export interface TestSmtp {
  /** smtp://127.0.0.1:<port> — for SMTP_URL. */
  url: string;
  messages: Delivered[];
  /** Waits until `count` messages arrived (or `predicate` holds), at most `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<Delivered[]>;
  /** What the server does with the next messages: accept, refuse (550), or hold the answer forever. */
  mode: 'accept' | 'refuse' | 'hold';
  close(): Promise<void>;
}

/**
 * A real SMTP server for the tests (smtp-server, as a mail relay would answer), on a free port of
 * 127.0.0.1, keeping every message it accepted, parsed (mailparser) and raw.
 */
export async function startSmtp(): Promise<TestSmtp> {
  const messages: Delivered[] = [];
  const held: (() => void)[] = [];
  const self: TestSmtp = {
    url: '',
    messages,
    mode: 'accept',
    async waitFor(count, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > end) throw new Error(`SMTP: ${messages.length} message(s) reçu(s), ${count} attendu(s)`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return messages;
    },
    async close() {
      for (const release of held) release();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (self.mode === 'hold') {
          held.push(() => callback(new Error('closing')));
          return;
        }
        if (self.mode === 'refuse') {
          const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            messages.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed, raw });
            callback();
          })
          .catch((e: Error) => callback(e));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  self.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return self;
}
