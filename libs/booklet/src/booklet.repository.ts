import { Injectable } from '@nestjs/common';
import { preparedRead } from '@app/platform';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AwardWithdrawal, CcpAward } from './entities/award.entity';

/** A new CCP award (R-CAP-1). */
export type NewCcpAward = Pick<CcpAward, 'learnerId' | 'ccpId' | 'obtainedOn' | 'source' | 'reference' | 'recordedBy'>;

/**
 * The capitalisation ledger's queries (ccp_awards, title_awards, award_withdrawals): the booklet's
 * own tables only — CCPs, titles and correspondences come from ReferentialService. Set-based, a
 * fixed number of queries each. Not exported.
 */
@Injectable()
export class BookletRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The learner's award of that CCP and whether it was withdrawn. */
  async awardOf(m: EntityManager, learnerId: string, ccpId: string): Promise<{ award: CcpAward; withdrawn: boolean } | null> {
    const award = await m.findOne(CcpAward, { where: { learnerId, ccpId } });
    if (!award) return null;
    return { award, withdrawn: await m.exists(AwardWithdrawal, { where: { awardId: award.id } }) };
  }

  async insertAward(m: EntityManager, award: NewCcpAward): Promise<CcpAward> {
    return m.save(m.create(CcpAward, award));
  }

  /** The learner's live (not withdrawn) award of one of these CCPs, if any. */
  async liveAwardAmong(m: EntityManager, learnerId: string, ccpIds: string[]): Promise<CcpAward | null> {
    if (ccpIds.length === 0) return null;
    const rows: { id: string }[] = await m.query(
      `SELECT a.id FROM ccp_awards a WHERE a.learner_id = $1 AND a.ccp_id = ANY($2::uuid[])
       AND NOT EXISTS (SELECT 1 FROM award_withdrawals w WHERE w.award_id = a.id)`,
      [learnerId, ccpIds],
    );
    return rows.length ? m.findOneByOrFail(CcpAward, { id: rows[0].id }) : null;
  }

  async insertWithdrawal(m: EntityManager, awardId: string, reason: string, withdrawnBy: string): Promise<void> {
    await m.insert(AwardWithdrawal, { awardId, reason, withdrawnBy });
  }

  /** The CCP awards of a complete PV, in one statement whatever the number (idempotent). */
  async insertSessionCcpAwards(
    m: EntityManager,
    pairs: { learnerId: string; ccpId: string }[],
    session: { id: string; pvVersionId: string; awardedOn: string },
    actorId: string,
  ): Promise<{ id: string; learner_id: string; ccp_id: string }[]> {
    if (!pairs.length) return [];
    return m.query(
      `INSERT INTO ccp_awards (learner_id, ccp_id, obtained_on, source, session_id, pv_version_id, recorded_by)
       SELECT t.learner_id, t.ccp_id, $1, 'session', $2, $3, $4 FROM unnest($5::uuid[], $6::uuid[]) AS t(learner_id, ccp_id)
       ON CONFLICT ON CONSTRAINT one_award_per_learner_ccp DO NOTHING RETURNING id, learner_id, ccp_id`,
      [session.awardedOn, session.id, session.pvVersionId, actorId, pairs.map((p) => p.learnerId), pairs.map((p) => p.ccpId)],
    );
  }

  /** The title awards of a complete PV, in one statement whatever the number (idempotent). */
  async insertSessionTitleAwards(
    m: EntityManager,
    titled: { learnerId: string; certificationId: string }[],
    session: { id: string; pvVersionId: string; awardedOn: string },
  ): Promise<{ id: string; learner_id: string }[]> {
    if (!titled.length) return [];
    return m.query(
      `INSERT INTO title_awards (learner_id, certification_id, awarded_on, session_id, pv_version_id)
       SELECT t.learner_id, t.certification_id, $1, $2, $3 FROM unnest($4::uuid[], $5::uuid[]) AS t(learner_id, certification_id)
       ON CONFLICT ON CONSTRAINT one_title_award_per_learner DO NOTHING RETURNING id, learner_id`,
      [session.awardedOn, session.id, session.pvVersionId, titled.map((a) => a.learnerId), titled.map((a) => a.certificationId)],
    );
  }

  /** The live awards (learner, CCP) of these learners, in one query. */
  async liveAwardsOf(learnerIds: string[]): Promise<{ learnerId: string; ccpId: string }[]> {
    const rows: { learner_id: string; ccp_id: string }[] = await this.dataSource.manager.query(
      `SELECT a.learner_id, a.ccp_id FROM ccp_awards a WHERE a.learner_id = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM award_withdrawals w WHERE w.award_id = a.id)`,
      [learnerIds],
    );
    return rows.map((r) => ({ learnerId: r.learner_id, ccpId: r.ccp_id }));
  }

  /**
   * One learner's ledger in one statement: the live CCP awards (not withdrawn) and the award of
   * the title `certificationId`. Dates as 'YYYY-MM-DD'.
   */
  async ledgerOf(
    learnerId: string,
    certificationId: string,
  ): Promise<{ live: LedgerAward[]; titleAward: { awardedOn: string; sessionId: string } | null }> {
    const [row]: { live: LedgerAward[]; title: { awardedOn: string; sessionId: string } | null }[] = await preparedRead(
      this.dataSource,
      `SELECT (SELECT coalesce(json_agg(json_build_object('ccpId', a.ccp_id, 'obtainedOn', a.obtained_on, 'source', a.source,
                                                          'sessionId', a.session_id) ORDER BY a.obtained_on, a.id), '[]')
                 FROM ccp_awards a
                WHERE a.learner_id = $1 AND NOT EXISTS (SELECT 1 FROM award_withdrawals w WHERE w.award_id = a.id)) AS live,
              (SELECT json_build_object('awardedOn', t.awarded_on, 'sessionId', t.session_id)
                 FROM title_awards t WHERE t.learner_id = $1 AND t.certification_id = $2) AS title`,
      [learnerId, certificationId],
    );
    return { live: row.live, titleAward: row.title };
  }
}

/** A live CCP award as the booklet reads it. */
export interface LedgerAward {
  ccpId: string;
  obtainedOn: string;
  source: CcpAward['source'];
  sessionId: string | null;
}
