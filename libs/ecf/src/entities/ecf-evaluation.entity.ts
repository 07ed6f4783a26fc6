import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** R-ECF-1: one in-training evaluation of one CCP. Append-only (corrections are new evaluations). */
@Entity({ name: 'ecf_evaluations' })
@Index('ecf_evaluations_by_learner', ['learnerId', 'ccpId', 'date'])
export class EcfEvaluation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'ecf_evaluations_pkey' })
  id: string;

  @Column({ name: 'learner_id', type: 'uuid' })
  learnerId: string;

  @ManyToOne('Learner', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'learner_id', foreignKeyConstraintName: 'ecf_evaluations_learner_fkey' })
  learner?: object;

  @Column({ name: 'ccp_id', type: 'uuid' })
  ccpId: string;

  @ManyToOne('Ccp', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ccp_id', foreignKeyConstraintName: 'ecf_evaluations_ccp_fkey' })
  ccp?: object;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 2000 })
  description: string;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'evaluator_id', type: 'uuid' })
  evaluatorId: string;

  @ManyToOne('User', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evaluator_id', foreignKeyConstraintName: 'ecf_evaluations_evaluator_fkey' })
  evaluator?: object;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Per competence covered by an evaluation: acquired or not. */
@Entity({ name: 'ecf_results' })
export class EcfResult {
  @PrimaryColumn({ name: 'evaluation_id', type: 'uuid', primaryKeyConstraintName: 'ecf_results_pkey' })
  evaluationId: string;

  @PrimaryColumn({ name: 'competence_id', type: 'uuid', primaryKeyConstraintName: 'ecf_results_pkey' })
  competenceId: string;

  @ManyToOne(() => EcfEvaluation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evaluation_id', foreignKeyConstraintName: 'ecf_results_evaluation_fkey' })
  evaluation?: EcfEvaluation;

  @ManyToOne('Competence', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'competence_id', foreignKeyConstraintName: 'ecf_results_competence_fkey' })
  competence?: object;

  /** The competence's number in the title (1–12 for SAMS), kept for reading. */
  @Column({ name: 'competence_number', type: 'smallint' })
  competenceNumber: number;

  @Column({ type: 'boolean' })
  acquired: boolean;
}
