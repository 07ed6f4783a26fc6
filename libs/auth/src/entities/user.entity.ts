import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Role } from '@app/platform';

@Entity({ name: 'users' })
@Unique('users_email_unique', ['email'])
@Check('users_roles_known', `roles <@ ARRAY['admin','trainer','jury','learner']::text[] AND cardinality(roles) >= 1`)
@Check('users_email_lowercase', `email = lower(email)`)
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'users_pkey' })
  id: string;

  /** Stored lower-case: one account per address, whatever the case typed. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName: string;

  @Column({ type: 'text', array: true })
  roles: Role[];

  /** Null: no usable password yet (an invited account, until it accepts its invitation). */
  @Column({ name: 'password_hash', type: 'varchar', length: 200, nullable: true })
  passwordHash: string | null;

  /** A deactivated account cannot sign in, and its open tokens are refused (issue 11). */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /**
   * Tokens issued before this instant are refused: set on a password change (every other session
   * ends) and on deactivation (reactivating does not revive old tokens). Null: none refused.
   */
  @Column({ name: 'sessions_valid_after', type: 'timestamptz', nullable: true })
  sessionsValidAfter: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
