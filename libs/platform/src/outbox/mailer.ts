import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export interface OutgoingMail {
  messageId: string;
  from: { name: string; address: string };
  to: { name: string | null; address: string };
  replyTo: string | null;
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

/**
 * Builds and delivers one message with nodemailer (issue 14). SMTP_URL set → that SMTP server;
 * unset → the embedded default: nodemailer's stream transport builds the same MIME message and the
 * outbox keeps it for staff to read (« Messages envoyés ») — the demo works offline, and nothing is
 * faked: the same code builds the same message either way.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  readonly delivery: 'smtp' | 'embedded';
  private readonly transport: Transporter;
  readonly from: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { smtpUrl, from, sendTimeoutSeconds } = config.mail;
    const timeout = sendTimeoutSeconds * 1000;
    this.delivery = smtpUrl ? 'smtp' : 'embedded';
    this.from = from.replace(/^.*<([^>]+)>\s*$/, '$1');
    this.transport = smtpUrl
      ? nodemailer.createTransport({ url: smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout } as never)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  /** Delivers the message; resolves with the SMTP server's answer (or the built size when embedded). */
  async send(mail: OutgoingMail): Promise<string> {
    const info = (await this.transport.sendMail({
      messageId: mail.messageId,
      from: { name: mail.from.name, address: mail.from.address },
      to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
      ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      subject: mail.subject,
      text: mail.text,
      attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    })) as { response?: string; message?: Buffer };
    return info.response ?? `gardé dans l'application (${info.message?.length ?? 0} octets)`;
  }

  /** An SMTP connection left open would keep the process alive after Ctrl-C. */
  onApplicationShutdown(): void {
    this.transport.close();
  }
}
