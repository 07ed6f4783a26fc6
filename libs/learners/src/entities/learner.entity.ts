import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Cohort } from './cohort.entity';

export type Pathway = 'training' | 'vae';

@Entity({ name: 'learners' })
@Unique('learners_email_unique', ['email'])
@Unique('learners_one_account', ['userId'])
@Unique('learners_pseudonym_unique', ['pseudonym'])
@Index('learners_by_cohort', ['cohortId'])
@Index('learners_by_name', ['lastName', 'firstName', 'id'])
// Trigram indexes of the accent-insensitive search (migration 1796400000000, when pg_trgm exists).
@Index('learners_search_last_name', { synchronize: false })
@Index('learners_search_first_name', { synchronize: false })
@Index('learners_search_email', { synchronize: false })
@Check('learners_pathway_known', `pathway IN ('training', 'vae')`)
@Check('learners_training_has_cohort', `pathway <> 'training' OR cohort_id IS NOT NULL`)
@Check('learners_vae_has_admissibility', `pathway <> 'vae' OR vae_admissibility_date IS NOT NULL`)
@Check('learners_email_lowercase', 'email = lower(email)')
@Check('learners_anonymised_has_pseudonym', '(anonymised_at IS NULL) = (pseudonym IS NULL)')
@Check('learners_birth_date_unless_anonymised', 'birth_date IS NOT NULL OR anonymised_at IS NOT NULL')
export class Learner {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'learners_pkey' })
  id: string;

  @Column({ name: 'first_name', type: 'varchar', length: 100 })
  firstName: string;

  @Column({ name: 'last_name', type: 'varchar', length: 100 })
  lastName: string;

  /** Null only once anonymised (issue 16, ADR 0015). */
  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate: string | null;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 16 })
  pathway: Pathway;

  /** The title aimed at: the cohort's for training, chosen for VAE. */
  @Column({ name: 'certification_id', type: 'uuid' })
  certificationId: string;

  @ManyToOne('Certification', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'certification_id', foreignKeyConstraintName: 'learners_certification_fkey' })
  certification?: object;

  /** Current cohort (training route); the history is in learner_enrolments. */
  @Column({ name: 'cohort_id', type: 'uuid', nullable: true })
  cohortId: string | null;

  @ManyToOne(() => Cohort, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'learners_cohort_fkey' })
  cohort?: Cohort;

  /** Date the DREETS notified the recevabilité (R-VAE-1: valid one year). */
  @Column({ name: 'vae_admissibility_date', type: 'date', nullable: true })
  vaeAdmissibilityDate: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  employer: string | null;

  /** R-SES-2: the accommodation decision granted (extra time, aid…), never a diagnosis. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  accommodations: string | null;

  /** The learner's own account, when one was created. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne('User', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'learners_user_fkey' })
  user?: object;

  /**
   * Issue 16 (3): set when the learner's identity was erased (retention or at once by the centre):
   * first name « Anonyme », last name = this pseudonym (ANON- and 8 Crockford base32 characters).
   */
  @Column({ type: 'varchar', length: 13, nullable: true })
  pseudonym: string | null;

  @Column({ name: 'anonymised_at', type: 'timestamptz', nullable: true })
  anonymisedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
