import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Failed and successful logins per e-mail, for throttling (10 failures in 15 minutes → 429). */
@Entity({ name: 'login_attempts' })
@Index('login_attempts_by_email', ['email', 'at'])
export class LoginAttempt {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'login_attempts_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'boolean' })
  succeeded: boolean;
}
