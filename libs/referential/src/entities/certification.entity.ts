import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One version (millésime) of a titre professionnel (R-REF-1). */
@Entity({ name: 'certifications' })
@Unique('certifications_code_unique', ['code'])
@Check('certifications_level_range', 'level BETWEEN 1 AND 8')
@Check('certifications_not_own_successor', 'successor_id IS NULL OR successor_id <> id')
export class Certification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'certifications_pkey' })
  id: string;

  /** RNCP code, e.g. RNCP36805. */
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ name: 'tp_code', type: 'varchar', length: 32 })
  tpCode: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  acronym: string | null;

  @Column({ type: 'smallint' })
  level: number;

  /** First day of the parcours certifiants; null when the sources do not give it (SAMS). */
  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom: string | null;

  /** A fictitious title made for the demo: shown as such wherever it appears. */
  @Column({ type: 'boolean', default: false })
  demo: boolean;

  // Descriptors of the RNCP fiche, kept so that a title exports as it was imported.
  @Column({ type: 'varchar', length: 16, nullable: true })
  nsf: string | null;

  @Column({ name: 'rome_codes', type: 'varchar', length: 8, array: true, default: () => "'{}'" })
  romeCodes: string[];

  @Column({ name: 'creation_decree', type: 'varchar', length: 500, nullable: true })
  creationDecree: string | null;

  @Column({ name: 'training_hours', type: 'smallint', nullable: true })
  trainingHours: number | null;

  @Column({ name: 'training_duration_months', type: 'smallint', array: true, default: () => "'{}'" })
  trainingDurationMonths: number[];

  /** Date d'échéance: first day out of force (docs/adr/0002-validity-dates.md). */
  @Column({ name: 'valid_until', type: 'date' })
  validUntil: string;

  @Column({ name: 'successor_id', type: 'uuid', nullable: true })
  successorId: string | null;

  @ManyToOne(() => Certification, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'successor_id', foreignKeyConstraintName: 'certifications_successor_fkey' })
  successor?: Certification;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
