import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Where a CCP of an attestation comes from (the booklet's sources). */
export type AttestedSource = 'session' | 'external' | 'equivalence' | 'correspondence';

/**
 * Exactly what an attestation of results attested, frozen at issue (issue 16, item 1). The holder
 * is identified minimally (first name and the initial of the last name); both become null when the
 * learner is anonymised (RGPD art. 17) while the facts stay verifiable.
 */
export interface AttestedFacts {
  holder: { firstName: string | null; lastNameInitial: string | null };
  certification: { code: string; name: string };
  ccps: { code: string; number: number; title: string; obtainedOn: string; source: AttestedSource; validated: boolean }[];
  titleAwarded: boolean;
  titleAwardedOn: string | null;
  centre: { name: string };
}

/**
 * An attestation of results with its verification code (issue 16, item 1): printed with a QR code
 * on booklet.pdf and carried by the signed credential; verified by anyone at /api/verify/:code.
 * Revocation is read, not stored: it is revoked once one of the awards it rests on (award_ids) is
 * withdrawn (R-CAP-2).
 */
@Entity({ name: 'attestations' })
@Unique('attestations_code_key', ['code'])
@Unique('attestations_issue_key', ['learnerId', 'issueKey'])
@Index('attestations_by_learner', ['learnerId', 'issuedAt'])
export class Attestation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'attestations_pkey' })
  id: string;

  /** 12 Crockford base32 characters (60 bits), stored without dashes, upper case. */
  @Column({ type: 'varchar', length: 12 })
  code: string;

  @Column({ name: 'learner_id', type: 'uuid' })
  learnerId: string;

  @ManyToOne('Learner', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'learner_id', foreignKeyConstraintName: 'attestations_learner_fkey' })
  learner?: object;

  @Column({ name: 'issued_at', type: 'timestamptz', default: () => 'now()' })
  issuedAt: Date;

  @Column({ name: 'issued_by', type: 'uuid', nullable: true })
  issuedBy: string | null;

  @Column({ type: 'jsonb' })
  facts: AttestedFacts;

  /** The ccp_awards rows the facts rest on: one withdrawn revokes the attestation. */
  @Column({ name: 'award_ids', type: 'uuid', array: true })
  awardIds: string[];

  @Column({ name: 'anonymised_at', type: 'timestamptz', nullable: true })
  anonymisedAt: Date | null;

  /** sha256 of the canonical facts and sorted award ids as issued: one attestation per key and learner. */
  @Column({ name: 'issue_key', type: 'varchar', length: 64 })
  issueKey: string;
}

/**
 * The centre's Ed25519 signing keys for credentials (issue 16, item 1), generated on first use
 * unless CREDENTIAL_SIGNING_KEY is set. kid = RFC 7638 thumbprint. A retired key leaves the JWKS.
 */
@Entity({ name: 'signing_keys' })
export class SigningKey {
  @Column({ primary: true, type: 'varchar', length: 64, primaryKeyConstraintName: 'signing_keys_pkey' })
  kid: string;

  @Column({ name: 'public_jwk', type: 'jsonb' })
  publicJwk: Record<string, string>;

  /** PKCS8 PEM. Never logged, never served. */
  @Column({ name: 'private_pem', type: 'text' })
  privatePem: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;
}
