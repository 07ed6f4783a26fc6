import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** TypeORM answers an UPDATE or DELETE … RETURNING as `[rows, affected]`, a SELECT as the rows. */
function returned<T = unknown>(result: unknown): T[] {
  return (
    Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result
  ) as T[];
}

/** What replaces an erased free text (issue 16). */
const ERASED_TEXT = '[effacé]';

/** One person being anonymised, as libs/privacy knows them before the erasure. */
export interface AnonymisedPerson {
  learnerId: string;
  userId: string | null;
  pseudonym: string;
  /** `<pseudonym>@anonymise.invalid`. */
  anonymisedEmail: string;
  /** The values erased: first and last name, e-mails (file and account), birth date (YYYY-MM-DD). */
  firstName: string;
  lastName: string;
  emails: string[];
  birthDate: string | null;
  /** Ids of the audited entities that are theirs besides the learner and the account (DP, ECF…). */
  relatedIds: string[];
}

/** Keys whose value, in an object about the person, is personal data (audit entries' before/after). */
const PERSONAL_KEYS = new Set([
  'firstName',
  'lastName',
  'fullName',
  'name',
  'birthDate',
  'email',
  'phone',
  'address',
  'employer',
  'accommodations',
  'toAddress',
  'toName',
]);

/** Audited entities that are one person's records: found by their ids, never searched as text. */
const PERSONAL_ENTITIES = ['learner', 'user', 'professional_file', 'ecf_evaluation', 'ecf_synthesis'];

/** Free-text keys erased in an entry about them (DP, ECF, comments, file names may name them or patients). */
const TEXT_KEYS = new Set([
  'filename',
  'title',
  'organisation',
  'service',
  'tasks',
  'means',
  'collaborators',
  'extra',
  'text',
  'comment',
  'observations',
  'reason',
  'place',
  'declarationPlace',
  'issuer',
  'description',
]);

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The strings of a person that are replaced wherever they occur in a text, longest first. */
function needles(p: AnonymisedPerson): [string, string][] {
  const pairs: [string, string][] = [
    [`${p.firstName} ${p.lastName}`, `Anonyme ${p.pseudonym}`],
    [`${p.lastName} ${p.firstName}`, `${p.pseudonym} Anonyme`],
    [`${p.lastName.toUpperCase()} ${p.firstName}`, `${p.pseudonym} Anonyme`],
    [`${p.firstName} ${p.lastName.toUpperCase()}`, `Anonyme ${p.pseudonym}`],
    ...p.emails.map((e): [string, string] => [e, p.anonymisedEmail]),
  ];
  return pairs.filter(([n]) => n.trim().length > 3).sort((a, b) => b[0].length - a[0].length);
}

function replaceAll(text: string, pairs: [string, string][]): string {
  let out = text;
  for (const [needle, by] of pairs) out = out.split(needle).join(by);
  return out;
}

/**
 * The audit entry's JSON with the person's data replaced. In an object about them (the entry itself
 * when it is about one of their entities, or an object whose `id`, `learnerId` or `userId` is theirs,
 * and everything inside it): the personal keys (names → pseudonym, e-mail → its `.invalid` address,
 * birth date, employer, accommodations → null), the free-text keys (→ « [effacé] ») and any
 * occurrence of their first or last name. Anywhere else: their full names and e-mails inside
 * strings. Ids, dates of facts and results are kept.
 */
export function scrubJson(value: unknown, p: AnonymisedPerson, aboutThem: boolean, pairs = needles(p)): unknown {
  if (typeof value === 'string') return aboutThem ? withoutNames(replaceAll(value, pairs), p) : replaceAll(value, pairs);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, p, aboutThem, pairs));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const theirs =
    aboutThem ||
    obj.id === p.learnerId ||
    obj.learnerId === p.learnerId ||
    (p.userId !== null && (obj.id === p.userId || obj.userId === p.userId));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(obj)) {
    if (theirs && PERSONAL_KEYS.has(key) && v !== null && v !== undefined) {
      out[key] =
        key === 'firstName'
          ? 'Anonyme'
          : key === 'lastName'
            ? p.pseudonym
            : key === 'fullName' || key === 'name' || key === 'toName'
              ? `Anonyme ${p.pseudonym}`
              : key === 'email' || key === 'toAddress'
                ? p.anonymisedEmail
                : null;
    } else if (theirs && TEXT_KEYS.has(key) && typeof v === 'string' && v !== '') out[key] = ERASED_TEXT;
    else out[key] = scrubJson(v, p, theirs, pairs);
  }
  return out;
}

/** Their first and last names (3 characters or more), whatever the case, → the pseudonym. */
function withoutNames(text: string, p: AnonymisedPerson): string {
  let out = text;
  for (const name of [p.lastName, p.firstName].filter((n) => n.trim().length >= 3)) {
    out = out.replace(new RegExp(escapeRegExp(name), 'giu'), p.pseudonym);
  }
  return out;
}

/**
 * Issue 16 (3): anonymisation of one learner in libs/platform's tables (retention policy, or at once
 * by the centre), called by libs/privacy in its transaction.
 */
@Injectable()
export class PlatformAnonymisation {
  /**
   * Opens the narrow path of migration 1796520000000 for the caller's transaction only (SET LOCAL):
   * the append-only triggers of audit_log and ecf_evaluations, and the signed ECF syntheses', then
   * accept an UPDATE of their free-text columns and nothing else (ADR 0015). Call first in the
   * anonymisation's transaction.
   */
  async openErasure(m: EntityManager): Promise<void> {
    await m.query(`SELECT set_config('sams.anonymising', 'on', true)`);
  }

  /**
   * The person's traces in libs/platform's tables, for several people at once (a retention batch):
   * - outbox_messages to them (learner, account or one of their addresses): recipient → their
   *   pseudonym's address, name, subject and body → « [effacé] », attachments (convocation PDFs)
   *   deleted, a message still queued → failed (« Destinataire anonymisé »); in other messages
   *   (a juror's convocation listing candidates) their names and addresses → the pseudonym;
   * - audit_log: entries about them or naming them → {@link scrubJson} on before / after (the
   *   narrow path: {@link openErasure} first);
   * - idempotency_keys: stored answers that name them are dropped (an answer replayed later would
   *   reveal them; the key simply becomes unknown);
   * - personal_data_reads hold ids only: nothing to change.
   * One scan of each table for the whole batch; idempotent. Returns counts per table.
   */
  async anonymise(m: EntityManager, people: AnonymisedPerson[]): Promise<Record<string, number>> {
    const counts = { messages: 0, messageAttachments: 0, messagesMentioning: 0, auditEntries: 0, idempotencyKeys: 0 };
    if (people.length === 0) return counts;
    for (const p of people) {
      const own = returned<{ id: string }>(
        await m.query(
          `UPDATE outbox_messages
            SET to_address = $4, to_name = NULL, subject = $5, text_body = $5, last_error = CASE WHEN status = 'queued' THEN 'Destinataire anonymisé' ELSE NULL END,
                status = CASE WHEN status = 'queued' THEN 'failed' ELSE status END
          WHERE (learner_id = $1 OR user_id = $2 OR lower(to_address) = ANY($3))
            AND (to_address <> $4 OR to_name IS NOT NULL OR subject <> $5 OR text_body <> $5)
          RETURNING id`,
          [p.learnerId, p.userId, p.emails.map((e) => e.toLowerCase()), p.anonymisedEmail, ERASED_TEXT],
        ),
      );
      counts.messages += own.length;
      const attachments = returned<unknown>(
        await m.query(
          `DELETE FROM outbox_attachments a USING outbox_messages o
          WHERE a.message_id = o.id AND (o.learner_id = $1 OR o.user_id = $2 OR o.to_address = $3) RETURNING a.id`,
          [p.learnerId, p.userId, p.anonymisedEmail],
        ),
      );
      counts.messageAttachments += attachments.length;
    }
    // Other messages naming one of them (a juror's convocation listing candidates): one scan for the batch.
    const named = [...new Set(people.flatMap((p) => needles(p).map(([n]) => n)))];
    const mentioning: { id: string; subject: string; text_body: string }[] = await m.query(
      `SELECT id, subject, text_body FROM outbox_messages
        WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) t(s) WHERE strpos(subject, t.s) > 0 OR strpos(text_body, t.s) > 0)`,
      [named],
    );
    for (const message of mentioning) {
      const pairs = people.flatMap((p) => needles(p));
      await m.query('UPDATE outbox_messages SET subject = $2, text_body = $3 WHERE id = $1', [
        message.id,
        replaceAll(message.subject, pairs),
        replaceAll(message.text_body, pairs),
      ]);
      counts.messagesMentioning += 1;
    }
    // The audit log, once for the batch: entries about one of them (their learner, account, DP, ECF:
    // by the index on (entity, entity_id)), and entries of the other kinds (sessions, awards,
    // messages, cohorts…) holding one of their ids, e-mails or full names as a string value, by the
    // GIN index on audit_strings(before, after) (migration IndexAuditStrings: a substring search read
    // the whole log, 199 s per batch on a million rows). A name only inside a longer sentence of an
    // entry that holds none of their ids is not found (ADR 0015). Entries about another learner's
    // records are not searched: they do not name this one.
    const ids = people.flatMap((p) => [p.learnerId, ...(p.userId ? [p.userId] : []), ...p.relatedIds]);
    const texts = [...new Set([...ids, ...people.flatMap((p) => needles(p).map(([n]) => n))])];
    const entries: { id: string; entity_id: string; before: unknown; after: unknown }[] = await m.query(
      `SELECT id, entity_id, before, after FROM audit_log WHERE entity = ANY($3) AND entity_id = ANY($1)
       UNION ALL
       SELECT id, entity_id, before, after FROM audit_log
        WHERE entity <> ALL($3) AND audit_strings(before, after) && $2::text[]`,
      [ids, texts, PERSONAL_ENTITIES],
    );
    for (const e of entries) {
      let before = e.before;
      let after = e.after;
      for (const p of people) {
        const about = e.entity_id === p.learnerId || e.entity_id === p.userId || p.relatedIds.includes(e.entity_id);
        before = scrubJson(before, p, about);
        after = scrubJson(after, p, about);
      }
      if (JSON.stringify(before) === JSON.stringify(e.before) && JSON.stringify(after) === JSON.stringify(e.after)) continue;
      await m.query('UPDATE audit_log SET before = $2::jsonb, after = $3::jsonb WHERE id = $1', [
        e.id,
        before === null ? null : JSON.stringify(before),
        after === null ? null : JSON.stringify(after),
      ]);
      counts.auditEntries += 1;
    }
    const keys = returned<unknown>(
      await m.query(
        `DELETE FROM idempotency_keys WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) t(s) WHERE strpos(coalesce(response::text, ''), t.s) > 0)
        RETURNING key`,
        [texts],
      ),
    );
    counts.idempotencyKeys = keys.length;
    return counts;
  }
}
