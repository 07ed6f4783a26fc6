import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What was read (extensible: add a value here and to the check constraint, in a migration). */
export const PERSONAL_DATA_READ_KINDS = ['dp', 'jury_dossier'] as const;
export type PersonalDataReadKind = (typeof PERSONAL_DATA_READ_KINDS)[number];

/** The relation under which the reader read the learner's data (never the learner themself). */
export const READER_ROLES = ['admin', 'trainer', 'juror'] as const;
export type ReaderRole = (typeof READER_ROLES)[number];

/**
 * Issue 16 (4): one row per read of a learner's DP (view, PDF, attachment) or jury dossier by
 * staff, a trainer or a juror — who, when, what. Shown to the learner in their export. Ids without
 * foreign keys, as the audit log's: platform names no other lib's table, and the log outlives
 * what it mentions.
 */
@Entity({ name: 'personal_data_reads' })
@Index('personal_data_reads_by_learner', ['learnerId', 'at'])
@Check('personal_data_reads_what_known', `what IN ('dp', 'jury_dossier')`)
@Check('personal_data_reads_role_known', `reader_role IN ('admin', 'trainer', 'juror')`)
export class PersonalDataRead {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'personal_data_reads_pkey' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'reader_id', type: 'uuid' })
  readerId: string;

  @Column({ name: 'reader_role', type: 'varchar', length: 16 })
  readerRole: ReaderRole;

  @Column({ name: 'learner_id', type: 'uuid' })
  learnerId: string;

  @Column({ type: 'varchar', length: 32 })
  what: PersonalDataReadKind;

  /** The DP's id (or the learner's, when they have no DP yet) or the jury session's id. */
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;
}
