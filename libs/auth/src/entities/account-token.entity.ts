import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from './user.entity';

export type AccountTokenPurpose = 'invitation' | 'password_reset';

/**
 * A link sent by e-mail (issue 14): an invitation (7 days) or a password reset (1 hour). Only the
 * token's sha256 is stored; single-use (used_at, set by one atomic UPDATE), voided when a newer one
 * of the same purpose is issued to the same account.
 */
@Entity({ name: 'account_tokens' })
@Unique('account_tokens_hash_unique', ['tokenHash'])
@Index('account_tokens_by_user_purpose', ['userId', 'purpose', 'createdAt'])
@Check('account_tokens_purpose_known', `purpose IN ('invitation', 'password_reset')`)
export class AccountToken {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'account_tokens_pkey' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'account_tokens_user_fkey' })
  user?: User;

  @Column({ type: 'varchar', length: 20 })
  purpose: AccountTokenPurpose;

  /** Hex sha256 of the token; the token itself is only in the e-mail. */
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ name: 'voided_at', type: 'timestamptz', nullable: true })
  voidedAt: Date | null;

  /** The admin who invited (null: the account itself asked for a reset). */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
