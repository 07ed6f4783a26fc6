import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDITED_ENTITIES = [
  'user',
  'certification',
  'cohort',
  'learner',
  'ecf_evaluation',
  'ecf_synthesis',
  'professional_file',
  'jury_session',
  'award',
  'centre',
  'message',
  'attestation',
] as const;
export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];

/** Append-only: a trigger in the database refuses UPDATE and DELETE (migration AddAuditLog). */
@Entity({ name: 'audit_log' })
@Index('audit_log_by_entity', ['entity', 'entityId', 'at'])
// The log's pages, newest first, whole or by kind of entity (issue 15: a sort of a million rows).
@Index('audit_log_by_time', ['at', 'id'])
@Index('audit_log_by_entity_time', ['entity', 'at', 'id'])
// Issue 16: GIN on audit_strings(before, after), every string value of the entry (migration IndexAuditStrings).
@Index('audit_log_strings', { synchronize: false })
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'audit_log_pkey' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 32 })
  entity: AuditedEntity;

  @Column({ name: 'entity_id', type: 'varchar', length: 64 })
  entityId: string;

  @Column({ type: 'jsonb', nullable: true })
  before: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after: object | null;
}
