import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Certification } from './certification.entity';

/** A CCP (bloc de compétences, activité type): the unit of award (R-REF-2, R-REF-4). */
@Entity({ name: 'ccps' })
@Unique('ccps_code_unique', ['code'])
@Unique('ccps_one_number_per_certification', ['certificationId', 'number'])
export class Ccp {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'ccps_pkey' })
  id: string;

  @Column({ name: 'certification_id', type: 'uuid' })
  certificationId: string;

  @ManyToOne(() => Certification, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'certification_id', foreignKeyConstraintName: 'ccps_certification_fkey' })
  certification?: Certification;

  @Column({ type: 'smallint' })
  number: number;

  /** e.g. RNCP36805BC01. */
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;
}
