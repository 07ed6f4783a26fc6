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

/**
 * R-ECF-2: « L'activité N est maîtrisée : OUI / NON », per learner and CCP, in versions. A
 * version with a signature is never changed (a trigger refuses it): a change is a new version,
 * with a reason, whose signatures start empty.
 */
@Entity({ name: 'ecf_syntheses' })
@Unique('one_synthesis_version', ['learnerId', 'ccpId', 'version'])
@Check('ecf_syntheses_version_positive', 'version >= 1')
@Check('ecf_syntheses_new_version_has_reason', 'version = 1 OR reason IS NOT NULL')
export class EcfSynthesis {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'ecf_syntheses_pkey' })
  id: string;

  @Column({ name: 'learner_id', type: 'uuid' })
  learnerId: string;

  @ManyToOne('Learner', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'learner_id', foreignKeyConstraintName: 'ecf_syntheses_learner_fkey' })
  learner?: object;

  @Column({ name: 'ccp_id', type: 'uuid' })
  ccpId: string;

  @ManyToOne('Ccp', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ccp_id', foreignKeyConstraintName: 'ecf_syntheses_ccp_fkey' })
  ccp?: object;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'boolean' })
  mastered: boolean;

  @Column({ type: 'text', default: '' })
  observations: string;

  /** Competence numbers to re-evaluate (points d'attention when « NON »). */
  @Column({ name: 'competences_to_reassess', type: 'smallint', array: true, default: () => "'{}'" })
  competencesToReassess: number[];

  /** Why this version replaces a signed one (required from version 2). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @ManyToOne('User', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'ecf_syntheses_author_fkey' })
  author?: object;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export type SignatureCapacity = 'evaluator' | 'centre';

/** Append-only. One signature per signer and capacity; one centre signature per version. */
@Entity({ name: 'ecf_synthesis_signatures' })
@Unique('one_signature_per_signer', ['synthesisId', 'userId', 'capacity'])
@Index('one_centre_signature', ['synthesisId'], { unique: true, where: `capacity = 'centre'` })
@Check('ecf_signatures_capacity_known', `capacity IN ('evaluator', 'centre')`)
export class EcfSignature {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'ecf_synthesis_signatures_pkey' })
  id: string;

  @Column({ name: 'synthesis_id', type: 'uuid' })
  synthesisId: string;

  @ManyToOne(() => EcfSynthesis, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'synthesis_id', foreignKeyConstraintName: 'ecf_signatures_synthesis_fkey' })
  synthesis?: EcfSynthesis;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne('User', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'ecf_signatures_user_fkey' })
  user?: object;

  @Column({ type: 'varchar', length: 16 })
  capacity: SignatureCapacity;

  @CreateDateColumn({ name: 'signed_at', type: 'timestamptz' })
  signedAt: Date;
}

/** The learner's « pris connaissance » of a signed version. Append-only, once per version. */
@Entity({ name: 'ecf_synthesis_acknowledgements' })
@Unique('one_acknowledgement_per_version', ['synthesisId'])
export class EcfAcknowledgement {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'ecf_acknowledgements_pkey' })
  id: string;

  @Column({ name: 'synthesis_id', type: 'uuid' })
  synthesisId: string;

  @ManyToOne(() => EcfSynthesis, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'synthesis_id', foreignKeyConstraintName: 'ecf_acknowledgements_synthesis_fkey' })
  synthesis?: EcfSynthesis;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne('User', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'ecf_acknowledgements_user_fkey' })
  user?: object;

  @CreateDateColumn({ name: 'acknowledged_at', type: 'timestamptz' })
  acknowledgedAt: Date;
}
