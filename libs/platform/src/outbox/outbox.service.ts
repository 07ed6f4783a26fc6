import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { inTransaction } from '../database/transaction-context';
import { DomainError } from '../errors/domain-error';
import { Page, pageOf, PageQueryDto } from '../http/pagination';
import { JOB_QUEUES, JobQueue } from '../jobs/job-queue';
import { MESSAGE_SIGNATURE, MessageSignature } from '../ports/ports';
import { MessageKind, MessageStatus, OutboxAttachment, OutboxMessage } from './outbox-message.entity';

/** A message to send, as a lib writes it: the body without the signature (the centre's, added here). */
export interface NewMessage {
  kind: MessageKind;
  to: { address: string; name?: string | null };
  subject: string;
  /** Plain French text; the centre's signature is appended. */
  text: string;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
  /** Once per fact (e.g. `reminder_dp:<learner>:<session>`): a message already written with this key is not written again. */
  dedupeKey?: string;
  userId?: string | null;
  learnerId?: string | null;
  sessionId?: string | null;
  /** Who caused it (null: the system). */
  actorId?: string | null;
}

export interface OutboxFilter {
  status?: MessageStatus;
  /** Part of the recipient's address or name, any case. */
  to?: string;
  kind?: MessageKind;
  sessionId?: string;
}

export interface OutboxItemView {
  id: string;
  to: string;
  toName: string | null;
  subject: string;
  kind: MessageKind;
  status: MessageStatus;
  attempts: number;
  lastError: string | null;
  delivery: 'smtp' | 'embedded' | null;
  createdAt: string;
  sentAt: string | null;
  resentFrom: string | null;
}

export interface OutboxMessageView extends OutboxItemView {
  text: string;
  replyTo: string | null;
  attachments: { filename: string; contentType: string; size: number }[];
}

/**
 * A personal single-use link's token (`…/invitation#<token>`): once a real mail server delivers the
 * messages, staff never see it — they could open the account themselves — and it is removed from
 * the row once sent. With the embedded default, staff are the mail server: they read the link to
 * pass it on.
 */
export const LINK_TOKEN = /#[A-Za-z0-9_-]{20,}/g;
export const MASKED_TOKEN = '#(lien masqué : envoyé par e-mail)';
/** Messages carrying a single-use link: « renvoyer » would send a link that may have served or expired. */
const PERSONAL_LINK_KINDS: MessageKind[] = ['invitation', 'password_reset'];

/** The send job of one message: retried with back-off (from 30 s, doubling), taken back after a crash. */
export const SEND_RETRY_LIMIT = 6;

/**
 * The outbox (issue 14, contract « Accounts and messages »). `enqueue` writes the message AND its
 * send job in the caller's transaction (ADR 0008): committed with the fact that causes it, or not
 * at all. Sending is the job's (OutboxSender).
 */
@Injectable()
export class OutboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    @Inject(MESSAGE_SIGNATURE) private readonly signature: MessageSignature,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Writes messages and their send jobs; returns the ids written (a message whose `dedupeKey` exists is skipped). */
  async enqueue(messages: NewMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    const sign = await this.signature.signature();
    return inTransaction(this.dataSource, async (m) => {
      const ids: string[] = [];
      for (const message of messages) {
        const id = await this.insert(m, message, sign);
        if (id) ids.push(id);
      }
      return ids;
    });
  }

  private async insert(
    m: EntityManager,
    message: NewMessage,
    sign: { name: string; replyTo: string | null; footer: string },
    resentFrom: string | null = null,
  ): Promise<string | null> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO outbox_messages (kind, to_address, to_name, subject, text_body, reply_to, dedupe_key, user_id, learner_id, session_id, created_by, resent_from, from_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [
        message.kind,
        message.to.address,
        message.to.name ?? null,
        message.subject,
        resentFrom ? message.text : `${message.text.trimEnd()}\n\n-- \n${sign.footer}`,
        sign.replyTo,
        message.dedupeKey ?? null,
        message.userId ?? null,
        message.learnerId ?? null,
        message.sessionId ?? null,
        message.actorId ?? null,
        resentFrom,
        sign.name.slice(0, 200),
      ],
    );
    if (rows.length === 0) return null;
    const id = rows[0].id;
    for (const a of message.attachments ?? []) {
      await m.insert(OutboxAttachment, { messageId: id, filename: a.filename, contentType: a.contentType, content: a.content });
    }
    // A run cut by a crash is taken back after twice the send timeout (the claim waits one); the
    // first retry waits half the send timeout (30 s by default), doubling each time.
    await this.jobs.send(
      JOB_QUEUES.sendMessage,
      { messageId: id },
      {
        retryLimit: SEND_RETRY_LIMIT,
        retryDelaySeconds: Math.max(1, Math.round(this.config.mail.sendTimeoutSeconds / 2)),
        expireInSeconds: 2 * this.config.mail.sendTimeoutSeconds,
      },
    );
    return id;
  }

  /** « Messages envoyés »: newest first, 2 queries whatever the page size. */
  async list(filter: OutboxFilter, query: PageQueryDto): Promise<Page<OutboxItemView>> {
    const qb = this.dataSource.getRepository(OutboxMessage).createQueryBuilder('o');
    if (filter.status) qb.andWhere('o.status = :status', { status: filter.status });
    if (filter.kind) qb.andWhere('o.kind = :kind', { kind: filter.kind });
    if (filter.sessionId) qb.andWhere('o.session_id = :sessionId', { sessionId: filter.sessionId });
    if (filter.to) {
      const like = `%${filter.to.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(lower(o.to_address) LIKE :like OR lower(o.to_name) LIKE :like)', { like });
    }
    const [rows, total] = await qb
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return pageOf(rows.map(itemView), total, query);
  }

  /** One message with its text and attachment names (not their content). 404 unknown. */
  async get(id: string): Promise<OutboxMessageView> {
    const message = await this.dataSource.getRepository(OutboxMessage).findOne({ where: { id } });
    if (!message) throw DomainError.notFound('Le message');
    const text = this.config.mail.smtpUrl ? message.textBody.replace(LINK_TOKEN, MASKED_TOKEN) : message.textBody;
    const attachments: { filename: string; content_type: string; size: number }[] = await this.dataSource.query(
      'SELECT filename, content_type, octet_length(content)::int AS size FROM outbox_attachments WHERE message_id = $1 ORDER BY filename',
      [id],
    );
    return {
      ...itemView(message),
      text,
      replyTo: message.replyTo,
      attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.content_type, size: a.size })),
    };
  }

  /** « Renvoyer »: a new message, the same text and files, to the same recipient; audited. */
  async resend(id: string, actorId: string): Promise<{ id: string }> {
    return this.dataSource.transaction(async (m) => {
      const original = await m.findOne(OutboxMessage, { where: { id } });
      if (!original) throw DomainError.notFound('Le message');
      if (PERSONAL_LINK_KINDS.includes(original.kind)) {
        throw new DomainError(
          'MESSAGE.NOT_RESENDABLE',
          original.kind === 'invitation'
            ? 'Une invitation porte un lien à usage unique qui a pu servir ou expirer : envoyez une nouvelle invitation depuis la fiche de la personne.'
            : 'Un lien de mot de passe oublié sert une fois et dure une heure : la personne en demande un nouveau (« Mot de passe oublié ? »).',
        );
      }
      const attachments = await m.find(OutboxAttachment, { where: { messageId: id } });
      const copy = await this.insert(
        m,
        {
          kind: original.kind,
          to: { address: original.toAddress, name: original.toName },
          subject: original.subject,
          text: original.textBody,
          attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
          userId: original.userId,
          learnerId: original.learnerId,
          sessionId: original.sessionId,
          actorId,
        },
        { name: original.fromName, replyTo: original.replyTo, footer: '' },
        original.id,
      );
      await this.audit.record(m, {
        actorId,
        action: 'message.resend',
        entity: 'message',
        entityId: copy!,
        before: { id },
        after: { id: copy },
      });
      return { id: copy! };
    });
  }
}

function itemView(o: OutboxMessage): OutboxItemView {
  return {
    id: o.id,
    to: o.toAddress,
    toName: o.toName,
    subject: o.subject,
    kind: o.kind,
    status: o.status,
    attempts: o.attempts,
    lastError: o.lastError,
    delivery: o.delivery,
    createdAt: o.createdAt.toISOString(),
    sentAt: o.sentAt ? o.sentAt.toISOString() : null,
    resentFrom: o.resentFrom,
  };
}
