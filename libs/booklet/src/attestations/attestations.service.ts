import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CentreService } from '@app/centre';
import { anonymisedError, LearnersService } from '@app/learners';
import { AuditService, AuthUser, canonicalJson, DomainError } from '@app/platform';
import { ReferentialService } from '@app/referential';
import { BookletBundle, BookletService } from '../booklet.service';
import { Attestation, AttestedFacts, AttestedSource } from './attestation.entity';
import { formatAttestationCode, newAttestationCode, normaliseAttestationCode } from './attestation-code';

/** An attestation as verified: its facts and whether they still hold. Dates 'YYYY-MM-DD' (Paris). */
export interface VerifiedAttestation {
  code: string;
  valid: boolean;
  revokedOn: string | null;
  issuedOn: string;
  issuedAt: Date;
  holderErasedOn: string | null;
  facts: AttestedFacts;
}

const VERIFY_SQL = `SELECT a.id, a.code, a.learner_id, a.issued_at, a.facts, a.award_ids,
          to_char(a.issued_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS issued_on,
          to_char(a.anonymised_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS anonymised_on,
          (SELECT to_char(min(w.withdrawn_at) AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')
             FROM award_withdrawals w WHERE w.award_id = ANY(a.award_ids)) AS revoked_on
     FROM attestations a`;

interface VerifyRow {
  id: string;
  code: string;
  learner_id: string;
  issued_at: Date;
  facts: AttestedFacts;
  award_ids: string[];
  issued_on: string;
  anonymised_on: string | null;
  revoked_on: string | null;
}

const toVerified = (r: VerifyRow): VerifiedAttestation => ({
  code: formatAttestationCode(r.code),
  valid: r.revoked_on === null,
  revokedOn: r.revoked_on,
  issuedOn: r.issued_on,
  issuedAt: r.issued_at,
  holderErasedOn: r.anonymised_on,
  facts: r.facts,
});

/**
 * Attestations of results with a verification code (issue 16, item 1). Issued by booklet.pdf and
 * the credential for the booklet's current facts (one code for the same facts: reused while they
 * do not change and it is not revoked); verified by anyone; revoked when an award it rests on is
 * withdrawn (R-CAP-2), computed at read time.
 */
@Injectable()
export class AttestationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly learners: LearnersService,
    private readonly booklets: BookletService,
    private readonly referential: ReferentialService,
    private readonly centre: CentreService,
  ) {}

  /**
   * The attestation of the learner's current results, issued now or the latest one when it attests
   * the same facts and is not revoked. Visibility: the booklet's (`read`): 404 otherwise.
   * 409 BOOKLET.NOTHING_TO_ATTEST when no CCP is held and no title awarded. Audit `attestation.issue`
   * on creation. Concurrent calls for one learner give one code (unique key on the facts and awards).
   * 409 LEARNER.ANONYMISED once the learner is anonymised (issue 16): no new attestation is issued
   * for a pseudonymous holder (booklet.pdf and the credential); those issued before stay verifiable.
   */
  async issueFor(user: AuthUser, learnerId: string): Promise<{ bundle: BookletBundle; attestation: VerifiedAttestation }> {
    const { learner } = await this.learners.learnerFor(user, learnerId, 'read');
    if (learner.anonymisedAt)
      throw anonymisedError(
        learner.anonymisedAt,
        "aucune nouvelle attestation n'est délivrée ; celles délivrées avant restent vérifiables",
      );
    // Read before the booklet: an award withdrawn in between is among award_ids, so it revokes.
    const awards: { id: string; ccp_id: string }[] = await this.dataSource.query(
      `SELECT a.id, a.ccp_id FROM ccp_awards a WHERE a.learner_id = $1
          AND NOT EXISTS (SELECT 1 FROM award_withdrawals w WHERE w.award_id = a.id)`,
      [learnerId],
    );
    const bundle = await this.booklets.bundleOf(learner);
    const { booklet, title } = bundle;
    if (!booklet.titleAwarded && !booklet.ccps.some((c) => c.held))
      throw new DomainError('BOOKLET.NOTHING_TO_ATTEST', "Aucun CCP n'est acquis : il n'y a pas encore de résultat à attester.");
    const titleCcpIds = new Set(title.ccps.map((c) => c.id));
    const sources = new Set((await this.referential.correspondences()).filter((c) => titleCcpIds.has(c.to)).flatMap((c) => c.from));
    const awardIds = awards.filter((a) => titleCcpIds.has(a.ccp_id) || sources.has(a.ccp_id)).map((a) => a.id);
    const facts: AttestedFacts = {
      holder: { firstName: learner.firstName, lastNameInitial: initialOf(learner.lastName) },
      certification: { code: booklet.certification.code, name: booklet.certification.name },
      ccps: booklet.ccps
        .filter((c) => c.held)
        .map((c) => ({
          code: c.code,
          number: c.number,
          title: c.title,
          obtainedOn: c.obtainedOn!,
          source: c.source as AttestedSource,
          validated: c.validated,
        })),
      titleAwarded: booklet.titleAwarded,
      titleAwardedOn: booklet.titleAwardedOn,
      centre: { name: (await this.centre.issuer()).name },
    };
    // One attestation per set of facts and awards (unique (learner_id, issue_key)): a double-click, the
    // PDF then the credential, twenty requests at once give one code, without a lock to wait on
    // (review: 20 parallel requests on a loaded machine queued past the lock timeout).
    const issueKey = createHash('sha256')
      .update(canonicalJson({ facts, awardIds: [...awardIds].sort() }))
      .digest('hex');
    const existing = async (): Promise<VerifiedAttestation | null> => {
      const [row]: VerifyRow[] = await this.dataSource.query(`${VERIFY_SQL} WHERE a.learner_id = $1 AND a.issue_key = $2`, [
        learnerId,
        issueKey,
      ]);
      return row && row.anonymised_on === null ? toVerified(row) : null;
    };
    const attestation =
      (await existing()) ??
      (await this.dataSource.transaction(async (m) => {
        const code = await this.freeCode(m);
        // A concurrent insert of the same key waits for the other's COMMIT, then does nothing.
        const [row]: { id: string }[] = await m.query(
          `INSERT INTO attestations (code, learner_id, issued_by, facts, award_ids, issue_key) VALUES ($1, $2, $3, $4, $5::uuid[], $6)
           ON CONFLICT (learner_id, issue_key) DO NOTHING RETURNING id`,
          [code, learnerId, user.id, JSON.stringify(facts), awardIds, issueKey],
        );
        if (!row) return null;
        await this.audit.record(m, {
          actorId: user.id,
          action: 'attestation.issue',
          entity: 'attestation',
          entityId: row.id,
          after: { learnerId, code: formatAttestationCode(code), ccps: facts.ccps.map((c) => c.code), titleAwarded: facts.titleAwarded },
        });
        const [created]: VerifyRow[] = await m.query(`${VERIFY_SQL} WHERE a.id = $1`, [row.id]);
        return toVerified(created);
      })) ??
      (await existing());
    if (!attestation) throw new Error(`attestation of ${learnerId}: neither inserted nor found`);
    return { bundle, attestation };
  }

  /**
   * Anyone, no token: the attestation of that code, typed in any case, with or without dashes and
   * spaces. 404 NOT_FOUND for an unknown code and for anything that cannot be a code (not 400: the
   * shape of a code is not probed).
   */
  async verify(typed: unknown): Promise<VerifiedAttestation> {
    const code = normaliseAttestationCode(typed);
    const rows: VerifyRow[] = code ? await this.dataSource.query(`${VERIFY_SQL} WHERE a.code = $1`, [code]) : [];
    if (!rows.length) throw DomainError.notFound("L'attestation de ce code");
    return toVerified(rows[0]);
  }

  /** Every attestation of one learner, oldest first, with its state (the learner's export). */
  async ofLearner(learnerId: string, m: EntityManager = this.dataSource.manager): Promise<VerifiedAttestation[]> {
    const rows: VerifyRow[] = await m.query(`${VERIFY_SQL} WHERE a.learner_id = $1 ORDER BY a.issued_at, a.id`, [learnerId]);
    return rows.map(toVerified);
  }

  /** A code nobody holds (60 bits: a collision is a matter of principle). */
  private async freeCode(m: EntityManager): Promise<string> {
    for (;;) {
      const code = newAttestationCode();
      const taken: unknown[] = await m.query(`SELECT 1 FROM attestations WHERE code = $1`, [code]);
      if (!taken.length) return code;
    }
  }
}

/** The initial of a last name, upper case (« de La Tour » → « D »), or null when there is none. */
export function initialOf(lastName: string): string | null {
  const letter = lastName.trim().match(/\p{L}/u)?.[0];
  return letter ? letter.toLocaleUpperCase('fr-FR') : null;
}

export { Attestation };
