import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Ccp } from './ccp.entity';
import { Certification } from './certification.entity';

/** Competences are numbered across the whole title (SAMS: 1–12), hence the certification key. */
@Entity({ name: 'competences' })
@Unique('competences_one_number_per_certification', ['certificationId', 'number'])
export class Competence {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'competences_pkey' })
  id: string;

  @Column({ name: 'certification_id', type: 'uuid' })
  certificationId: string;

  @ManyToOne(() => Certification, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'certification_id', foreignKeyConstraintName: 'competences_certification_fkey' })
  certification?: Certification;

  @Column({ name: 'ccp_id', type: 'uuid' })
  ccpId: string;

  @ManyToOne(() => Ccp, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ccp_id', foreignKeyConstraintName: 'competences_ccp_fkey' })
  ccp?: Ccp;

  @Column({ type: 'smallint' })
  number: number;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** Evaluation criteria, in the référentiel's order. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  criteria: string[];
}
