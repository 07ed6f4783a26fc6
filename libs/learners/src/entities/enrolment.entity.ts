import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Cohort } from './cohort.entity';
import { Learner } from './learner.entity';

/**
 * Append-only history of a training learner's cohorts (first enrolment and every move).
 * R-ELIG-6 reads it: after the re-sit year, a new training period is required.
 */
@Entity({ name: 'learner_enrolments' })
@Index('learner_enrolments_by_learner', ['learnerId', 'enrolledAt'])
export class Enrolment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'learner_enrolments_pkey' })
  id: string;

  @Column({ name: 'learner_id', type: 'uuid' })
  learnerId: string;

  @ManyToOne(() => Learner, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'learner_id', foreignKeyConstraintName: 'learner_enrolments_learner_fkey' })
  learner?: Learner;

  @Column({ name: 'cohort_id', type: 'uuid' })
  cohortId: string;

  @ManyToOne(() => Cohort, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'learner_enrolments_cohort_fkey' })
  cohort?: Cohort;

  @CreateDateColumn({ name: 'enrolled_at', type: 'timestamptz' })
  enrolledAt: Date;

  @Column({ name: 'enrolled_by', type: 'uuid', nullable: true })
  enrolledBy: string | null;
}
