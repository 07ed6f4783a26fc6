import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** What a message is for (contract « Accounts and messages »). */
export const MESSAGE_KINDS = [
  'invitation',
  'password_reset',
  'convocation_candidate',
  'convocation_juror',
  'results_available',
  'reminder_pv_signature',
  'reminder_dp',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const MESSAGE_STATUSES = ['queued', 'sent', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * The outbox (issue 14): every message the centre sends, written in the transaction of the fact that
 * causes it, then sent by a job (`outbox-send`). The row is the message as sent — recipient, subject,
 * text, attachments — so staff read exactly what went out, and « renvoyer » sends it again.
 */
@Entity({ name: 'outbox_messages' })
@Index('outbox_messages_by_created', ['createdAt'])
@Index('outbox_messages_by_status', ['status', 'createdAt'])
@Index('outbox_messages_dedupe_key', ['dedupeKey'], { unique: true })
@Check('outbox_messages_status', `status IN ('queued', 'sent', 'failed')`)
@Check(
  'outbox_messages_kind',
  `kind IN ('invitation', 'password_reset', 'convocation_candidate', 'convocation_juror', 'results_available', 'reminder_pv_signature', 'reminder_dp')`,
)
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'outbox_messages_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  kind: MessageKind;

  @Column({ name: 'to_address', type: 'varchar', length: 254 })
  toAddress: string;

  @Column({ name: 'to_name', type: 'varchar', length: 200, nullable: true })
  toName: string | null;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody: string;

  /** The sender's display name: the centre's name when the message was written. */
  @Column({ name: 'from_name', type: 'varchar', length: 200 })
  fromName: string;

  @Column({ name: 'reply_to', type: 'varchar', length: 254, nullable: true })
  replyTo: string | null;

  /** Once per fact: a second message with the same key is not written (a reminder, a convocation). */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200, nullable: true })
  dedupeKey: string | null;

  @Column({ type: 'varchar', length: 10, default: 'queued' })
  status: MessageStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  /** Set while a worker sends it: another run waits until it is older than the send timeout. */
  @Column({ name: 'sending_since', type: 'timestamptz', nullable: true })
  sendingSince: Date | null;

  /** `smtp`, or `embedded` when SMTP_URL is unset (kept in the app). */
  @Column({ type: 'varchar', length: 10, nullable: true })
  delivery: 'smtp' | 'embedded' | null;

  @Column({ name: 'smtp_message_id', type: 'varchar', length: 300, nullable: true })
  smtpMessageId: string | null;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ name: 'learner_id', type: 'uuid', nullable: true })
  learnerId: string | null;

  @Column({ name: 'session_id', type: 'uuid', nullable: true })
  sessionId: string | null;

  @Column({ name: 'resent_from', type: 'uuid', nullable: true })
  resentFrom: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}

/** A file sent with a message (a convocation's PDF). */
@Entity({ name: 'outbox_attachments' })
@Index('outbox_attachments_by_message', ['messageId'])
export class OutboxAttachment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'outbox_attachments_pkey' })
  id: string;

  @Column({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @ManyToOne(() => OutboxMessage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'outbox_attachments_message' })
  message?: OutboxMessage;

  @Column({ type: 'varchar', length: 200 })
  filename: string;

  @Column({ name: 'content_type', type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'bytea' })
  content: Buffer;
}
