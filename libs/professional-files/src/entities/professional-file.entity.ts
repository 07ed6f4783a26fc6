import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/**
 * R-DP-1: the learner's dossier professionnel. Its status (draft / submitted) is derived from
 * the append-only events (submitted, reopened), never stored beside them.
 */
@Entity({ name: 'professional_files' })
@Unique('one_professional_file_per_learner', ['learnerId'])
export class ProfessionalFile {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'professional_files_pkey' })
  id: string;

  @Column({ name: 'learner_id', type: 'uuid' })
  learnerId: string;

  @ManyToOne('Learner', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'learner_id', foreignKeyConstraintName: 'professional_files_learner_fkey' })
  learner?: object;

  /** Déclaration sur l'honneur: place and instant of signature; cleared when the content changes. */
  @Column({ name: 'declaration_place', type: 'varchar', length: 200, nullable: true })
  declarationPlace: string | null;

  @Column({ name: 'declaration_signed_at', type: 'timestamptz', nullable: true })
  declarationSignedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export type FileEventKind = 'submitted' | 'reopened';

@Entity({ name: 'professional_file_events' })
@Index('professional_file_events_by_file', ['fileId', 'at'])
@Check('professional_file_events_kind_known', `kind IN ('submitted', 'reopened')`)
export class ProfessionalFileEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'professional_file_events_pkey' })
  id: string;

  @Column({ name: 'file_id', type: 'uuid' })
  fileId: string;

  @ManyToOne(() => ProfessionalFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'file_id', foreignKeyConstraintName: 'professional_file_events_file_fkey' })
  file?: ProfessionalFile;

  @Column({ type: 'varchar', length: 16 })
  kind: FileEventKind;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId: string;
}

/** A practice example of one CCP (1 to 3 per CCP, R-DP-1), in the ministry's fields. */
@Entity({ name: 'dp_examples' })
@Index('dp_examples_by_file', ['fileId', 'ccpId'])
@Check('dp_examples_period_ordered', 'period_to >= period_from')
export class DpExample {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'dp_examples_pkey' })
  id: string;

  @Column({ name: 'file_id', type: 'uuid' })
  fileId: string;

  @ManyToOne(() => ProfessionalFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'file_id', foreignKeyConstraintName: 'dp_examples_file_fkey' })
  file?: ProfessionalFile;

  @Column({ name: 'ccp_id', type: 'uuid' })
  ccpId: string;

  @ManyToOne('Ccp', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ccp_id', foreignKeyConstraintName: 'dp_examples_ccp_fkey' })
  ccp?: object;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 300 })
  organisation: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  service: string | null;

  @Column({ name: 'period_from', type: 'date' })
  periodFrom: string;

  @Column({ name: 'period_to', type: 'date' })
  periodTo: string;

  @Column({ type: 'text' })
  tasks: string;

  @Column({ type: 'text' })
  means: string;

  @Column({ type: 'text' })
  collaborators: string;

  @Column({ type: 'text', nullable: true })
  extra: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'dp_qualifications' })
export class DpQualification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'dp_qualifications_pkey' })
  id: string;

  @Column({ name: 'file_id', type: 'uuid' })
  fileId: string;

  @ManyToOne(() => ProfessionalFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'file_id', foreignKeyConstraintName: 'dp_qualifications_file_fkey' })
  file?: ProfessionalFile;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 300 })
  issuer: string;

  @Column({ name: 'obtained_on', type: 'date' })
  obtainedOn: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Attachment metadata; the bytes are in dp_attachment_chunks (streamed in and out). */
@Entity({ name: 'dp_attachments' })
@Check('dp_attachments_type_known', `content_type IN ('application/pdf', 'image/png', 'image/jpeg')`)
@Check('dp_attachments_size_range', 'size BETWEEN 1 AND 10485760')
export class DpAttachment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'dp_attachments_pkey' })
  id: string;

  @Column({ name: 'file_id', type: 'uuid' })
  fileId: string;

  @ManyToOne(() => ProfessionalFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'file_id', foreignKeyConstraintName: 'dp_attachments_file_fkey' })
  file?: ProfessionalFile;

  @Column({ type: 'varchar', length: 255 })
  filename: string;

  @Column({ name: 'content_type', type: 'varchar', length: 64 })
  contentType: string;

  @Column({ type: 'int' })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'dp_attachment_chunks' })
export class DpAttachmentChunk {
  @Column({ name: 'attachment_id', type: 'uuid', primary: true, primaryKeyConstraintName: 'dp_attachment_chunks_pkey' })
  attachmentId: string;

  @Column({ type: 'int', primary: true, primaryKeyConstraintName: 'dp_attachment_chunks_pkey' })
  seq: number;

  // Deferred: the chunks are written as the upload arrives, the attachment row at its end.
  @ManyToOne(() => DpAttachment, { onDelete: 'CASCADE', deferrable: 'INITIALLY DEFERRED' })
  @JoinColumn({ name: 'attachment_id', foreignKeyConstraintName: 'dp_attachment_chunks_attachment_fkey' })
  attachment?: DpAttachment;

  @Column({ type: 'bytea' })
  data: Buffer;
}

/** A trainer's comment on the DP or on one example, visible to the learner. */
@Entity({ name: 'dp_comments' })
@Index('dp_comments_by_file', ['fileId', 'createdAt'])
export class DpComment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'dp_comments_pkey' })
  id: string;

  @Column({ name: 'file_id', type: 'uuid' })
  fileId: string;

  @ManyToOne(() => ProfessionalFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'file_id', foreignKeyConstraintName: 'dp_comments_file_fkey' })
  file?: ProfessionalFile;

  /** The example commented, if any; kept (as null) if the learner deletes the example. */
  @Column({ name: 'example_id', type: 'uuid', nullable: true })
  exampleId: string | null;

  @ManyToOne(() => DpExample, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'example_id', foreignKeyConstraintName: 'dp_comments_example_fkey' })
  example?: DpExample;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @ManyToOne('User', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'dp_comments_author_fkey' })
  author?: object;

  @Column({ type: 'text' })
  text: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
