import { OutboxService } from '@app/platform';
import { auth } from './support/fixtures';
import { startSmtp, TestSmtp } from './support/smtp';
import { startTestApp, TestApp } from './support/test-app';

const until = async (check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('délai dépassé');
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** Issue 14 (1): the outbox — written with its cause, sent by the job queue to a real SMTP server. */
describe('outbox: messages written with their cause, sent by pg-boss through SMTP', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: string;
  let outbox: OutboxService;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_FROM: 'secretariat@centre.test', MAIL_SEND_TIMEOUT_SECONDS: '3' });
    admin = await t.adminToken();
    await t.http
      .put('/api/centre')
      .set(auth(admin))
      .send({
        name: 'Centre Horizon Formation',
        address: '12 rue des Lilas',
        postalCode: '69003',
        city: 'Lyon',
        email: 'contact@horizon.test',
        phone: '04 72 00 00 00',
        signatoryName: 'Claire Martin',
        signatoryTitle: 'Directrice',
        agrementNumber: '84691234569',
      })
      .expect(200);
    outbox = t.app.get(OutboxService);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const list = async (
    query = '',
  ): Promise<{
    items: {
      id: string;
      status: string;
      to: string;
      delivery: string | null;
      attempts: number;
      lastError: string | null;
      subject: string;
    }[];
    total: number;
  }> => (await t.http.get(`/api/outbox?${query}`).set(auth(admin)).expect(200)).body;

  it('sends what a transaction committed, with its attachment, signed by the centre; Reply-To is the centre', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% test\n');
    await t.dataSource.transaction(() =>
      outbox.enqueue([
        {
          kind: 'invitation',
          to: { address: 'thi.nguyen@example.test', name: 'Thị Ánh NGUYỄN' },
          subject: 'Votre compte',
          text: 'Bonjour Thị Ánh,\n\nVoici votre lien.',
        },
        {
          kind: 'convocation_candidate',
          to: { address: 'zoe@example.test' },
          subject: 'Convocation',
          text: 'Bonjour,',
          attachments: [{ filename: 'convocation.pdf', contentType: 'application/pdf', content: pdf }],
        },
      ]),
    );
    const delivered = await smtp.waitFor(2);
    const invitation = delivered.find((d) => d.envelopeTo.includes('thi.nguyen@example.test'))!;
    expect(invitation.parsed.subject).toBe('Votre compte');
    expect(invitation.parsed.to).toMatchObject({ value: [{ address: 'thi.nguyen@example.test', name: 'Thị Ánh NGUYỄN' }] });
    expect(invitation.parsed.from).toMatchObject({ value: [{ address: 'secretariat@centre.test', name: 'Centre Horizon Formation' }] });
    expect(invitation.parsed.replyTo).toMatchObject({ value: [{ address: 'contact@horizon.test' }] });
    expect(invitation.parsed.text).toContain('Bonjour Thị Ánh,');
    expect(invitation.parsed.text).toContain('Claire Martin, Directrice\nCentre Horizon Formation\n12 rue des Lilas, 69003 Lyon');
    const convocation = delivered.find((d) => d.envelopeTo.includes('zoe@example.test'))!;
    expect(convocation.parsed.attachments.map((a) => [a.filename, a.contentType, a.content.equals(pdf)])).toEqual([
      ['convocation.pdf', 'application/pdf', true],
    ]);
    await until(async () => (await list()).items.every((i) => i.status === 'sent'));
    const { items } = await list();
    expect(items).toHaveLength(2);
    expect(items.every((i) => i.delivery === 'smtp' && i.attempts === 1)).toBe(true);
    const detail = (
      await t.http
        .get(`/api/outbox/${items.find((i) => i.to === 'zoe@example.test')!.id}`)
        .set(auth(admin))
        .expect(200)
    ).body;
    expect(detail.attachments).toEqual([{ filename: 'convocation.pdf', contentType: 'application/pdf', size: pdf.length }]);
    expect(detail.text).toContain('-- \nClaire Martin');
  });

  it('a rolled-back cause leaves no message and sends nothing', async () => {
    const before = smtp.messages.length;
    await expect(
      t.dataSource.transaction(async () => {
        await outbox.enqueue([{ kind: 'password_reset', to: { address: 'ghost@example.test' }, subject: 'x', text: 'x' }]);
        throw new Error('the fact failed');
      }),
    ).rejects.toThrow('the fact failed');
    await new Promise((r) => setTimeout(r, 2500));
    expect(smtp.messages.length).toBe(before);
    expect((await list('to=ghost')).total).toBe(0);
  });

  it('a dedupe key writes a message once, even twenty times at once', async () => {
    const before = smtp.messages.length;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        outbox.enqueue([
          { kind: 'reminder_dp', to: { address: 'once@example.test' }, subject: 'Rappel', text: 'x', dedupeKey: 'test:once' },
        ]),
      ),
    );
    await smtp.waitFor(before + 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.messages.filter((m) => m.envelopeTo.includes('once@example.test'))).toHaveLength(1);
    expect((await list('to=once@')).total).toBe(1);
  });

  it('a line break in a subject or a name cannot add a header or a recipient (header injection)', async () => {
    const before = smtp.messages.length;
    await outbox.enqueue([
      {
        kind: 'invitation',
        to: { address: 'target@example.test', name: 'Eve\r\nBcc: spy@evil.test' },
        subject: 'Bonjour\r\nBcc: spy@evil.test\r\nX-Injected: 1',
        text: 'x',
      },
    ]);
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail.envelopeTo).toEqual(['target@example.test']);
    expect(mail.parsed.headers.has('bcc')).toBe(false);
    expect(mail.parsed.headers.has('x-injected')).toBe(false);
    expect(mail.raw.toString()).not.toMatch(/^(Bcc|X-Injected):/im);
  });

  it('a refused delivery stays queued with the server’s error, and is retried', async () => {
    smtp.mode = 'refuse';
    try {
      await outbox.enqueue([{ kind: 'invitation', to: { address: 'refused@example.test' }, subject: 'x', text: 'x' }]);
      await until(
        async () => (await list('to=refused')).items[0]?.lastError !== null && (await list('to=refused')).items[0]?.lastError !== undefined,
      );
      const [item] = (await list('to=refused')).items;
      expect(item).toMatchObject({ status: 'queued', attempts: 1 });
      expect(item.lastError).toMatch(/550/);
    } finally {
      smtp.mode = 'accept';
    }
  });

  it('« renvoyer » sends the same text and files again as a new message, audited; staff only', async () => {
    const [original] = (await list('to=zoe@')).items;
    const before = smtp.messages.length;
    const res = await t.http.post(`/api/outbox/${original.id}/resend`).set(auth(admin)).expect(202);
    expect(res.body.id).not.toBe(original.id);
    const [again] = (await smtp.waitFor(before + 1)).slice(before);
    expect(again.envelopeTo).toEqual(['zoe@example.test']);
    expect(again.parsed.attachments).toHaveLength(1);
    expect((again.parsed.text ?? '').match(/-- \n/g)).toHaveLength(1);
    const audit = (await t.http.get('/api/audit?entity=message').set(auth(admin)).expect(200)).body;
    expect(audit.items[0]).toMatchObject({ action: 'message.resend', entityId: res.body.id });
    const trainer = await t.createUser(['trainer']);
    await t.http.get('/api/outbox').set(auth(trainer.token)).expect(403);
    await t.http.post(`/api/outbox/${original.id}/resend`).set(auth(trainer.token)).expect(403);
    await t.http.get('/api/outbox/not-a-uuid').set(auth(admin)).expect(400);
    await t.http.get('/api/outbox/00000000-0000-4000-8000-000000000000').set(auth(admin)).expect(404);
    await t.http.get('/api/outbox?status=lost').set(auth(admin)).expect(400);
  });
});

/** Issue 14 (1): without SMTP_URL the same message is built and kept, for staff to read. */
describe('outbox: the embedded default keeps the messages', () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('marks the message sent, delivery « embedded », readable with its text', async () => {
    t = await startTestApp();
    const admin = await t.adminToken();
    await t.app
      .get(OutboxService)
      .enqueue([{ kind: 'invitation', to: { address: 'kept@example.test' }, subject: 'Invitation', text: 'Bonjour,' }]);
    await until(async () => (await t.http.get('/api/outbox').set(auth(admin))).body.items[0]?.status === 'sent');
    const [item] = (await t.http.get('/api/outbox').set(auth(admin))).body.items;
    expect(item).toMatchObject({ to: 'kept@example.test', delivery: 'embedded', status: 'sent' });
    expect((await t.http.get(`/api/outbox/${item.id}`).set(auth(admin))).body.text).toMatch(/^Bonjour,\n\n-- \n/);
  });
});
