import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: the outbox — each message written in the transaction of its cause, then sent by the job
 * queue (pg-boss, schema `pgboss`, prepared at start by the owner role). Attachments apart, so that
 * the list never reads a PDF.
 */
export class AddOutbox1796300000000 implements MigrationInterface {
  name = 'AddOutbox1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "outbox_messages" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "kind" character varying(32) NOT NULL,
      "to_address" character varying(254) NOT NULL,
      "to_name" character varying(200),
      "subject" character varying(300) NOT NULL,
      "text_body" text NOT NULL,
      "from_name" character varying(200) NOT NULL,
      "reply_to" character varying(254),
      "dedupe_key" character varying(200),
      "status" character varying(10) NOT NULL DEFAULT 'queued',
      "attempts" integer NOT NULL DEFAULT 0,
      "last_error" character varying(1000),
      "sending_since" TIMESTAMP WITH TIME ZONE,
      "delivery" character varying(10),
      "smtp_message_id" character varying(300),
      "user_id" uuid,
      "learner_id" uuid,
      "session_id" uuid,
      "resent_from" uuid,
      "created_by" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "sent_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "outbox_messages_status" CHECK (status IN ('queued', 'sent', 'failed')),
      CONSTRAINT "outbox_messages_kind" CHECK (kind IN ('invitation', 'password_reset', 'convocation_candidate', 'convocation_juror', 'results_available', 'reminder_pv_signature', 'reminder_dp'))
    )`);
    await queryRunner.query(`CREATE INDEX "outbox_messages_by_created" ON "outbox_messages" ("created_at")`);
    await queryRunner.query(`CREATE INDEX "outbox_messages_by_status" ON "outbox_messages" ("status", "created_at")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "outbox_messages_dedupe_key" ON "outbox_messages" ("dedupe_key")`);
    await queryRunner.query(`CREATE TABLE "outbox_attachments" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "message_id" uuid NOT NULL,
      "filename" character varying(200) NOT NULL,
      "content_type" character varying(100) NOT NULL,
      "content" bytea NOT NULL,
      CONSTRAINT "outbox_attachments_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "outbox_attachments_message" FOREIGN KEY ("message_id") REFERENCES "outbox_messages"("id") ON DELETE CASCADE
    )`);
    await queryRunner.query(`CREATE INDEX "outbox_attachments_by_message" ON "outbox_attachments" ("message_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "outbox_attachments"`);
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
  }
}
