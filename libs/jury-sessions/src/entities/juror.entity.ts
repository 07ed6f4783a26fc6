import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/** A juror's profile: employer (R-JURY-3) and habilitations (R-JURY-2). */
@Entity({ name: 'juror_profiles' })
export class JurorProfile {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'juror_profiles_pkey' })
  userId: string;

  @ManyToOne('User', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'juror_profiles_user_fkey' })
  user?: object;

  @Column({ type: 'varchar', length: 200, nullable: true })
  employer: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'juror_habilitations' })
@Check('juror_habilitations_dates_ordered', 'valid_until >= valid_from')
export class Habilitation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'juror_habilitations_pkey' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => JurorProfile, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'juror_habilitations_profile_fkey' })
  profile?: JurorProfile;

  @Column({ name: 'certification_id', type: 'uuid' })
  certificationId: string;

  @ManyToOne('Certification', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'certification_id', foreignKeyConstraintName: 'juror_habilitations_certification_fkey' })
  certification?: object;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_until', type: 'date' })
  validUntil: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reference: string | null;
}

/** R-JURY-3: a link declared by the juror or an admin. */
@Entity({ name: 'declared_links' })
@Unique('one_declared_link_per_pair', ['jurorId', 'learnerId'])
export class DeclaredLink {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'declared_links_pkey' })
  id: string;

  @Column({ name: 'juror_id', type: 'uuid' })
  jurorId: string;

  @ManyToOne('User', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'juror_id', foreignKeyConstraintName: 'declared_links_juror_fkey' })
  juror?: object;

  @Column({ name: 'learner_id', type: 'uuid' })
  learnerId: string;

  @ManyToOne('Learner', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'learner_id', foreignKeyConstraintName: 'declared_links_learner_fkey' })
  learner?: object;

  @Column({ type: 'varchar', length: 300 })
  nature: string;

  @Column({ name: 'declared_by', type: 'uuid' })
  declaredBy: string;

  @CreateDateColumn({ name: 'declared_at', type: 'timestamptz' })
  declaredAt: Date;
}
