import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Retention defaults (issue 12, used by the retention job of issue 16). No CNIL référentiel fixes
 * durations for a titre professionnel centre; these are the product's choice, « à confirmer » by
 * the centre's DPO (README, « Centre »):
 * - DP attachments: 3 years after the learner's last session — the length of a Qualiopi
 *   certification cycle (audits look back over it) and well past the two-month appeal window of
 *   a jury's decision and its contentious follow-up;
 * - identities: 6 years after the last session — the longest a learner can still complete the
 *   title after a session (R-CAP-3: until the title's end of validity, at most 5 years of RNCP
 *   registration; R-CAP-4: plus the one-year délai de prolongation). Anonymising earlier would
 *   cut a learner off the CCPs they hold.
 */
export const DEFAULT_RETENTION = { attachmentsYears: 3, identityYears: 6 } as const;
export const RETENTION_MIN_YEARS = 1;
export const RETENTION_MAX_YEARS = 50;
/** The logo, as stored and printed. */
export const MAX_LOGO_BYTES = 1024 * 1024;
export const LOGO_TYPES = ['image/png', 'image/jpeg'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

/** The centre's identity: one row only (id = 1), printed on every document. */
@Entity({ name: 'centre' })
@Check('centre_single_row', 'id = 1')
@Check('centre_retention_attachments_years_range', 'retention_attachments_years BETWEEN 1 AND 50')
@Check('centre_retention_identity_years_range', 'retention_identity_years BETWEEN 1 AND 50')
@Check(
  'centre_logo_with_its_type',
  `(logo IS NULL AND logo_content_type IS NULL) OR (logo IS NOT NULL AND logo_content_type IN ('image/png', 'image/jpeg') AND octet_length(logo) BETWEEN 1 AND 1048576)`,
)
export class Centre {
  @PrimaryColumn({ type: 'smallint', default: 1, primaryKeyConstraintName: 'centre_pkey' })
  id: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Street lines, several lines allowed (no postal code or city: they have their fields). */
  @Column({ type: 'varchar', length: 300, default: '' })
  address: string;

  /** Five digits, or empty. */
  @Column({ name: 'postal_code', type: 'varchar', length: 5, default: '' })
  postalCode: string;

  @Column({ type: 'varchar', length: 100, default: '' })
  city: string;

  /** The centre's agrément / CERES number, or its numéro de déclaration d'activité. */
  @Column({ name: 'agrement_number', type: 'varchar', length: 50, default: '' })
  agrementNumber: string;

  @Column({ type: 'varchar', length: 254, default: '' })
  email: string;

  @Column({ type: 'varchar', length: 30, default: '' })
  phone: string;

  @Column({ name: 'signatory_name', type: 'varchar', length: 100, default: '' })
  signatoryName: string;

  @Column({ name: 'signatory_title', type: 'varchar', length: 100, default: '' })
  signatoryTitle: string;

  /** PNG or JPEG, at most 1 MB, checked readable by pdfkit on upload (logo.ts). */
  @Column({ type: 'bytea', nullable: true, select: false })
  logo: Buffer | null;

  @Column({ name: 'logo_content_type', type: 'varchar', length: 20, nullable: true })
  logoContentType: LogoType | null;

  @Column({ name: 'retention_attachments_years', type: 'smallint', default: DEFAULT_RETENTION.attachmentsYears })
  retentionAttachmentsYears: number;

  @Column({ name: 'retention_identity_years', type: 'smallint', default: DEFAULT_RETENTION.identityYears })
  retentionIdentityYears: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
