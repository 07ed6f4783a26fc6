import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JOB_QUEUES, JobQueue } from '../jobs/job-queue';
import { OutboxAttachment, OutboxMessage } from './outbox-message.entity';
import { Mailer } from './mailer';
import { LINK_TOKEN, MASKED_TOKEN } from './outbox.service';

/**
 * Sends one outbox message per job (issue 14). At most one run sends a message at a time: a run
 * claims it (`sending_since`) and another run waits until that claim is older than the send timeout
 * (a crashed instance). A message already sent is never sent again by its job; « renvoyer » writes
 * a new one. Errors are kept in `last_error` (no personal data in the logs: the id only) and the
 * job is retried with back-off; after the last retry the message is `failed`.
 */
@Injectable()
export class OutboxSender implements OnModuleInit {
  private readonly logger = new Logger('Outbox');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly mailer: Mailer,
  ) {}

  onModuleInit(): void {
    this.jobs.work<{ messageId: string }>(JOB_QUEUES.sendMessage, (data, job) =>
      this.send(data.messageId, job.retryCount >= job.retryLimit),
    );
  }

  /** Sends the message unless it is sent or being sent; `lastTry`: a failure now is final. */
  async send(messageId: string, lastTry = false): Promise<void> {
    const claimed: { id: string }[] = await this.dataSource.query(
      `UPDATE outbox_messages SET sending_since = now(), attempts = attempts + 1
        WHERE id = $1 AND status <> 'sent' AND (sending_since IS NULL OR sending_since < now() - make_interval(secs => $2))
        RETURNING id`,
      [messageId, this.config.mail.sendTimeoutSeconds],
    );
    if (claimed.length === 0) return;
    const message = await this.dataSource.getRepository(OutboxMessage).findOneOrFail({ where: { id: messageId } });
    const attachments = await this.dataSource.getRepository(OutboxAttachment).find({ where: { messageId } });
    try {
      const response = await this.mailer.send({
        messageId: `<${message.id}@${this.mailer.from.split('@')[1] ?? 'localhost'}>`,
        from: { name: message.fromName, address: this.mailer.from },
        to: { name: message.toName, address: message.toAddress },
        replyTo: message.replyTo,
        subject: message.subject,
        text: message.textBody,
        attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
      });
      await this.dataSource.query(
        `UPDATE outbox_messages SET status = 'sent', sent_at = now(), sending_since = NULL, last_error = NULL, delivery = $2, smtp_message_id = $3,
                text_body = CASE WHEN $5::boolean THEN regexp_replace(text_body, $6::text, $4::text, 'g') ELSE text_body END
          WHERE id = $1`,
        [messageId, this.mailer.delivery, response.slice(0, 300), MASKED_TOKEN, this.mailer.delivery === 'smtp', LINK_TOKEN.source],
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.dataSource.query(`UPDATE outbox_messages SET status = $2, sending_since = NULL, last_error = $3 WHERE id = $1`, [
        messageId,
        lastTry ? 'failed' : 'queued',
        reason.slice(0, 1000),
      ]);
      this.logger.warn(
        `Message ${messageId} non envoyé${lastTry ? ' (dernier essai)' : ', nouvel essai plus tard'} : ${reason.replace(/\S+@\S+/g, '<adresse>')}`,
      );
      throw error;
    }
  }
}
