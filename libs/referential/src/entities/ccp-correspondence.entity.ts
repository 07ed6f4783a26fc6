import { Entity, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Column } from 'typeorm';
import { Ccp } from './ccp.entity';
import { Certification } from './certification.entity';

/**
 * R-REF-3: holding every `from` CCP of the old title gives the `to` CCP of its successor.
 * The sources are rows of ccp_correspondence_sources, so that each is a real foreign key.
 */
@Entity({ name: 'ccp_correspondences' })
export class CcpCorrespondence {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'ccp_correspondences_pkey' })
  id: string;

  /** The old title, whose successor this correspondence leads to. */
  @Column({ name: 'certification_id', type: 'uuid' })
  certificationId: string;

  @ManyToOne(() => Certification, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'certification_id', foreignKeyConstraintName: 'ccp_correspondences_certification_fkey' })
  certification?: Certification;

  @Column({ name: 'to_ccp_id', type: 'uuid' })
  toCcpId: string;

  @ManyToOne(() => Ccp, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_ccp_id', foreignKeyConstraintName: 'ccp_correspondences_to_ccp_fkey' })
  toCcp?: Ccp;
}

@Entity({ name: 'ccp_correspondence_sources' })
export class CcpCorrespondenceSource {
  @PrimaryColumn({ name: 'correspondence_id', type: 'uuid', primaryKeyConstraintName: 'ccp_correspondence_sources_pkey' })
  correspondenceId: string;

  @PrimaryColumn({ name: 'ccp_id', type: 'uuid', primaryKeyConstraintName: 'ccp_correspondence_sources_pkey' })
  ccpId: string;

  @ManyToOne(() => CcpCorrespondence, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'correspondence_id', foreignKeyConstraintName: 'ccp_correspondence_sources_correspondence_fkey' })
  correspondence?: CcpCorrespondence;

  @ManyToOne(() => Ccp, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ccp_id', foreignKeyConstraintName: 'ccp_correspondence_sources_ccp_fkey' })
  ccp?: Ccp;
}
