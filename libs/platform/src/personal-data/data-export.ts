import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedRead } from '../database/transaction-context';
import { PersonalDataReads } from '../read-log/read-log.service';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/**
 * Issue 16 (2): what libs/platform holds on one learner, for the learner's export (RGPD art. 15, 20),
 * read by libs/privacy.
 */
@Injectable()
export class PlatformDataExport {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reads: PersonalDataReads,
  ) {}

  /**
   * Three statements side by side, whatever the history:
   * - `audit`: the audit entries on the learner (entity 'learner' and this id), on the learner's
   *   own other entities given in `recipient.entities` (their account, their DP…), and those whose
   *   before or after mention the learner's id (ECF, awards, sessions…), oldest first:
   *   `[{ at, actorId, action, entity, entityId, before, after }]`;
   * - `reads`: who read the learner's DP or jury dossier (issue 16 (4)):
   *   `[{ at, readerId, readerRole, what, subjectId }]`;
   * - `messages`: the outbox messages of the learner (by learner id, by the learner's account
   *   `userId`, or sent to one of `emails`):
   *   `[{ id, kind, createdAt, sentAt, to, subject, status, text, attachments: [{filename, contentType}] }]`.
   * Instants ISO 8601. Ids of people are returned as is: libs/privacy names them (name and role).
   * The audit search finds entries holding the learner id as a string value by the GIN index on
   * audit_strings(before, after) (migration IndexAuditStrings).
   */
  async exportOf(
    learnerId: string,
    recipient: { userId: string | null; emails: string[]; entities?: { entity: string; entityId: string }[] },
  ): Promise<Record<string, unknown>> {
    const entities = recipient.entities ?? [];
    const [audit, reads, messages] = await Promise.all([
      preparedRead<{
        at: Date;
        actor_id: string | null;
        action: string;
        entity: string;
        entity_id: string;
        before: unknown;
        after: unknown;
      }>(
        this.dataSource,
        // Three index searches (by entity, by entities, by string value), not one OR that reads the log.
        `SELECT at, actor_id, action, entity, entity_id, before, after FROM (
           SELECT DISTINCT ON (id) id, at, actor_id, action, entity, entity_id, before, after FROM (
             SELECT * FROM audit_log WHERE entity = 'learner' AND entity_id = $1
             UNION ALL
             SELECT a.* FROM audit_log a JOIN unnest($2::text[], $3::text[]) u(entity, entity_id)
                    ON a.entity = u.entity AND a.entity_id = u.entity_id
             UNION ALL
             SELECT * FROM audit_log WHERE audit_strings(before, after) @> ARRAY[$1::text]) found
           ORDER BY id) entries
          ORDER BY at, id`,
        [learnerId, entities.map((e) => e.entity), entities.map((e) => e.entityId)],
      ),
      this.reads.readsOf(learnerId),
      preparedRead<{
        id: string;
        kind: string;
        created_at: Date;
        sent_at: Date | null;
        to_address: string;
        subject: string;
        status: string;
        text_body: string;
        attachments: { filename: string; contentType: string }[];
      }>(
        this.dataSource,
        `SELECT m.id, m.kind, m.created_at, m.sent_at, m.to_address, m.subject, m.status, m.text_body,
                coalesce((SELECT json_agg(json_build_object('filename', a.filename, 'contentType', a.content_type) ORDER BY a.filename)
                            FROM outbox_attachments a WHERE a.message_id = m.id), '[]') AS attachments
           FROM outbox_messages m
          WHERE m.learner_id = $1 OR m.user_id = $3 OR lower(m.to_address) = ANY($2::text[])
          ORDER BY m.created_at, m.id`,
        [learnerId, recipient.emails.map((e) => e.toLowerCase()), recipient.userId],
      ),
    ]);
    return {
      audit: audit.map((a) => ({
        at: iso(a.at),
        actorId: a.actor_id,
        action: a.action,
        entity: a.entity,
        entityId: a.entity_id,
        before: a.before,
        after: a.after,
      })),
      reads,
      messages: messages.map((m) => ({
        id: m.id,
        kind: m.kind,
        createdAt: iso(m.created_at),
        sentAt: iso(m.sent_at),
        to: m.to_address,
        subject: m.subject,
        status: m.status,
        text: m.text_body,
        attachments: m.attachments,
      })),
    };
  }
}
