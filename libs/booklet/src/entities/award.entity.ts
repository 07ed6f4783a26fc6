import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * R-CAP-1 / R-CAP-2: the capitalisation ledger. Append-only (a trigger refuses UPDATE and
 * DELETE); one award per learner and CCP; a fraud withdrawal is a row of award_withdrawals.
 */
@Entity({ name: 'ccp_awards' })
@Unique('one_award_per_learner_ccp', ['learnerId', 'ccpId'])
@Check('ccp_awards_source_known', `source IN ('session', 'external', 'equivalence')`)
@Check('ccp_awards_session_has_pv', `source <> 'session' OR (session_id IS NOT NULL AND pv_version_id IS NOT NULL)`)
export class CcpAward {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'ccp_awards_pkey' })
  id: string;

  @Column({ name: 'learner_id', type: 'uuid' })
  learnerId: string;

  @ManyToOne('Learner', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'learner_id', foreignKeyConstraintName: 'ccp_awards_learner_fkey' })
  learner?: object;

  @Column({ name: 'ccp_id', type: 'uuid' })
  ccpId: string;

  @ManyToOne('Ccp', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ccp_id', foreignKeyConstraintName: 'ccp_awards_ccp_fkey' })
  ccp?: object;

  @Column({ name: 'obtained_on', type: 'date' })
  obtainedOn: string;

  @Column({ type: 'varchar', length: 16 })
  source: 'session' | 'external' | 'equivalence';

  /** The jury session and the PV version that awarded it (source session). */
  @Column({ name: 'session_id', type: 'uuid', nullable: true })
  sessionId: string | null;

  @Column({ name: 'pv_version_id', type: 'uuid', nullable: true })
  pvVersionId: string | null;

  /** External or equivalence: the document that proves it. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  reference: string | null;

  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

@Entity({ name: 'title_awards' })
@Unique('one_title_award_per_learner', ['learnerId', 'certificationId'])
export class TitleAward {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'title_awards_pkey' })
  id: string;

  @Column({ name: 'learner_id', type: 'uuid' })
  learnerId: string;

  @ManyToOne('Learner', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'learner_id', foreignKeyConstraintName: 'title_awards_learner_fkey' })
  learner?: object;

  @Column({ name: 'certification_id', type: 'uuid' })
  certificationId: string;

  @ManyToOne('Certification', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'certification_id', foreignKeyConstraintName: 'title_awards_certification_fkey' })
  certification?: object;

  @Column({ name: 'awarded_on', type: 'date' })
  awardedOn: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'pv_version_id', type: 'uuid' })
  pvVersionId: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

/** The only removal of an award (R-CAP-2): fraud, or a rectified PV; with its reason. Append-only. */
@Entity({ name: 'award_withdrawals' })
@Unique('one_withdrawal_per_award', ['awardId'])
export class AwardWithdrawal {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'award_withdrawals_pkey' })
  id: string;

  @Column({ name: 'award_id', type: 'uuid' })
  awardId: string;

  @ManyToOne(() => CcpAward, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'award_id', foreignKeyConstraintName: 'award_withdrawals_award_fkey' })
  award?: CcpAward;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'withdrawn_by', type: 'uuid' })
  withdrawnBy: string;

  @CreateDateColumn({ name: 'withdrawn_at', type: 'timestamptz' })
  withdrawnAt: Date;
}
