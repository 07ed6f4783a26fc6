import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The first answer to a creation sent with an `Idempotency-Key` header (spec/api.md
 * « Conventions »), kept 24 hours: the same key and body answer it again without a second write.
 * Written in the same transaction as the creation itself, so a crash keeps both or neither.
 */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_by_age', ['createdAt'])
export class IdempotencyKey {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'one_answer_per_user_and_key' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 200, primaryKeyConstraintName: 'one_answer_per_user_and_key' })
  key: string;

  /** sha256 of the method, the path and the canonical JSON body. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  @Column({ name: 'status_code', type: 'smallint' })
  statusCode: number;

  @Column({ type: 'jsonb', nullable: true })
  response: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
