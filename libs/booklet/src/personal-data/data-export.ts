import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReferentialService } from '@app/referential';
import { AttestedFacts } from '../attestations/attestation.entity';

/**
 * Issue 16 (2): what libs/booklet holds on one learner, for the learner's export (RGPD art. 15, 20),
 * read by libs/privacy.
 */
@Injectable()
export class BookletDataExport {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referential: ReferentialService,
  ) {}

  /**
   * The learner's capitalisation ledger and attestations as plain JSON (dates 'YYYY-MM-DD',
   * instants ISO 8601):
   * `{ ccpAwards: [{ccpCode, obtainedOn, source, sessionId, reference, recordedAt}],
   *    titleAwards: [{certificationCode, awardedOn, sessionId, recordedAt}],
   *    withdrawals: [{ccpCode, reason, withdrawnAt}],
   *    attestations: [{code, issuedAt, facts, valid, revokedOn}] }`.
   * An unknown learner gives empty lists. Four queries.
   */
  async exportOf(learnerId: string): Promise<Record<string, unknown>> {
    const q = this.dataSource.manager;
    const [awards, titles, withdrawals, attestations] = await Promise.all([
      q.query<
        { ccp_id: string; obtained_on: string; source: string; session_id: string | null; reference: string | null; recorded_at: Date }[]
      >(
        `SELECT a.ccp_id, a.obtained_on::text AS obtained_on, a.source, a.session_id, a.reference, a.recorded_at
           FROM ccp_awards a WHERE a.learner_id = $1 ORDER BY a.obtained_on, a.recorded_at, a.id`,
        [learnerId],
      ),
      q.query<{ certification_id: string; awarded_on: string; session_id: string; recorded_at: Date }[]>(
        `SELECT t.certification_id, t.awarded_on::text AS awarded_on, t.session_id, t.recorded_at
           FROM title_awards t WHERE t.learner_id = $1 ORDER BY t.awarded_on, t.id`,
        [learnerId],
      ),
      q.query<{ ccp_id: string; reason: string; withdrawn_at: Date }[]>(
        `SELECT a.ccp_id, w.reason, w.withdrawn_at FROM award_withdrawals w JOIN ccp_awards a ON a.id = w.award_id
          WHERE a.learner_id = $1 ORDER BY w.withdrawn_at, w.id`,
        [learnerId],
      ),
      q.query<{ code: string; issued_at: Date; facts: AttestedFacts; revoked_on: string | null }[]>(
        `SELECT a.code, a.issued_at, a.facts,
                (SELECT to_char(min(w.withdrawn_at) AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')
                   FROM award_withdrawals w WHERE w.award_id = ANY(a.award_ids)) AS revoked_on
           FROM attestations a WHERE a.learner_id = $1 ORDER BY a.issued_at, a.id`,
        [learnerId],
      ),
    ]);
    const ccpCodes = await this.ccpCodes();
    const certificationCodes = await this.referential.codesByIds(titles.map((t) => t.certification_id));
    return {
      ccpAwards: awards.map((a) => ({
        ccpCode: ccpCodes.get(a.ccp_id) ?? a.ccp_id,
        obtainedOn: a.obtained_on,
        source: a.source,
        sessionId: a.session_id,
        reference: a.reference,
        recordedAt: a.recorded_at.toISOString(),
      })),
      titleAwards: titles.map((t) => ({
        certificationCode: certificationCodes.get(t.certification_id) ?? t.certification_id,
        awardedOn: t.awarded_on,
        sessionId: t.session_id,
        recordedAt: t.recorded_at.toISOString(),
      })),
      withdrawals: withdrawals.map((w) => ({
        ccpCode: ccpCodes.get(w.ccp_id) ?? w.ccp_id,
        reason: w.reason,
        withdrawnAt: w.withdrawn_at.toISOString(),
      })),
      attestations: attestations.map((a) => ({
        code: `${a.code.slice(0, 4)}-${a.code.slice(4, 8)}-${a.code.slice(8)}`,
        issuedAt: a.issued_at.toISOString(),
        facts: a.facts,
        valid: a.revoked_on === null,
        revokedOn: a.revoked_on,
      })),
    };
  }

  /** CCP codes by id across the référentiel (kept in memory by ReferentialService). */
  private async ccpCodes(): Promise<Map<string, string>> {
    const titles = await this.referential.structures({ codes: (await this.referential.list()).map((t) => t.code) });
    return new Map(titles.flatMap((t) => t.ccps.map((c) => [c.id, c.code] as [string, string])));
  }
}
