/**
 * Ports: the facts a lib needs from a lib it may not import (the owner is "above" it in
 * scripts/check-imports.mjs). The consumer declares the port here and injects it, required: a
 * port nobody binds fails at boot. The owner implements it; apps/api/src/ports.module.ts, the
 * composition root, binds each port to its implementation (ADR 0010).
 */

/** Owner libs/learners, read by libs/auth: which learner record an account belongs to (`learnerId` on users). */
export const LEARNER_LINKS = Symbol('LEARNER_LINKS');
export interface LearnerLinks {
  learnerIdsOfUsers(userIds: string[]): Promise<Map<string, string>>;
  /**
   * Links a learner account to the learner file with its e-mail that has no account yet (issue 14:
   * an account made after the learner was « introuvable »); the learner's id, or null. In the
   * caller's transaction.
   */
  linkByEmail(userId: string, email: string): Promise<string | null>;
}

/** Owner libs/booklet, read by libs/professional-files: the CCPs each learner holds (capitalised), by CCP id. */
export const HELD_CCPS = Symbol('HELD_CCPS');
export interface HeldCcps {
  heldCcpIds(learnerIds: string[]): Promise<Map<string, Set<string>>>;
}

/** Owner libs/jury-sessions, read by libs/professional-files: whether a deliberation involving the learner is open (DP reopening, R-ELIG-5). */
export const OPEN_DELIBERATIONS = Symbol('OPEN_DELIBERATIONS');
export interface OpenDeliberations {
  isDeliberating(learnerId: string): Promise<boolean>;
}

/** Owner libs/jury-sessions, read by libs/booklet: each learner's sessions with a complete (signed) PV, and DREETS validation. */
export const SESSION_HISTORY = Symbol('SESSION_HISTORY');
export interface PastSession {
  sessionId: string;
  type: 'title' | 'ccp';
  certificationId: string;
  startDate: string;
  attendance: 'present' | 'absent';
  outcome: 'absent' | 'title' | 'partial' | 'failure';
  ccpsAwarded: string[];
  validated: boolean;
}
export interface SessionHistory {
  historyOf(learnerIds: string[]): Promise<Map<string, PastSession[]>>;
}

/**
 * A relation to a learner that another lib's tables hold, as one SQL condition over the learners
 * alias with the parameter `:scopeUserId` (the caller), read by libs/learners' visibility
 * (architecture.md « Auth »): the owner writes SQL on its own tables only.
 */
export interface LearnerRelationCondition {
  condition(learnersAlias: string): string;
}
/** Owner libs/jury-sessions: the caller sits on a session where the learner is a candidate. */
export const JUROR_OF_LEARNER = Symbol('JUROR_OF_LEARNER');
/** Owner libs/ecf: the caller recorded an ECF evaluation of the learner (R-ECF-2). */
export const EVALUATOR_OF_LEARNER = Symbol('EVALUATOR_OF_LEARNER');

/**
 * Read by libs/platform's audit log (« Journal »): the label of an audited entity, in words, from
 * the lib that owns its table. Each source is one SELECT over the owner's own tables, returning the
 * columns `kind` (text, the audited entity, or 'user' for an actor), `id` (text), `label` (text, or
 * NULL for a row labelled by its learner) and `learner_id` (text or NULL), for the ids given by the
 * SQL expression `ids` (a uuid[]). The audit service joins every source in ONE statement, whatever
 * the page size, and labels a NULL-labelled row with its learner's name (the 'learner' source).
 */
export const AUDIT_LABEL_SOURCES = Symbol('AUDIT_LABEL_SOURCES');
export interface AuditLabelSource {
  /** The audited entity the source labels ('user' for the actors). */
  kind: string;
  select(ids: string): string;
}

/**
 * Read by libs/referential, R-REF-3 (a title version already used may no longer be edited): what
 * rests on a title version in the owner's tables, as a scalar SQL subquery counting its rows, given
 * the SQL expressions of the version's id (`certificationId`, a uuid) and of its CCPs' ids
 * (`ccpIds`, a uuid[]). Referential sums them in ONE statement and names each non-zero count in
 * French (`label`) in the 409 it answers.
 */
export const TITLE_USES = Symbol('TITLE_USES');
export interface TitleUse {
  /** French, after the count: « 3 promotion(s) ». */
  label: string;
  count(certificationId: string, ccpIds: string): string;
}

/**
 * Owner libs/centre, read by the outbox (platform, issue 14): who every message comes from — the
 * centre's name (the sender's display name), its contact address (Reply-To) and the signature that
 * ends each message (name, address, agrément, contact), read when the message is written.
 */
export const MESSAGE_SIGNATURE = Symbol('MESSAGE_SIGNATURE');
export interface MessageSignature {
  signature(): Promise<{ name: string; replyTo: string | null; footer: string }>;
}
