import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Failed and successful logins, for throttling (issue 10): 10 failures for one e-mail from one
 * client IP within 15 minutes → 429 for that e-mail from that IP only, so that a stranger cannot
 * lock the owner out; and a limit on the failures from one IP across every e-mail.
 */
@Entity({ name: 'login_attempts' })
@Index('login_attempts_by_email_and_ip', ['email', 'ip', 'at'])
@Index('login_attempts_by_ip', ['ip', 'at'])
export class LoginAttempt {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'login_attempts_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** The client: an IPv4 address, or the /64 network of an IPv6 one (one household, one key). Null before issue 10. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'boolean' })
  succeeded: boolean;
}
