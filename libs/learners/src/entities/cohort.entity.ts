import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A promotion: learners trained together on one title, by trainers. */
@Entity({ name: 'cohorts' })
@Check('cohorts_dates_ordered', 'end_date >= start_date')
export class Cohort {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'cohorts_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'certification_id', type: 'uuid' })
  certificationId: string;

  /** Named by string: libs/referential's entity is not imported across libs. */
  @ManyToOne('Certification', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'certification_id', foreignKeyConstraintName: 'cohorts_certification_fkey' })
  certification?: object;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  site: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'cohort_trainers' })
export class CohortTrainer {
  @PrimaryColumn({ name: 'cohort_id', type: 'uuid', primaryKeyConstraintName: 'cohort_trainers_pkey' })
  cohortId: string;

  @PrimaryColumn({ name: 'trainer_id', type: 'uuid', primaryKeyConstraintName: 'cohort_trainers_pkey' })
  trainerId: string;

  @ManyToOne(() => Cohort, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'cohort_trainers_cohort_fkey' })
  cohort?: Cohort;

  @ManyToOne('User', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'trainer_id', foreignKeyConstraintName: 'cohort_trainers_trainer_fkey' })
  trainer?: object;
}
