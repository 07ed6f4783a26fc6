import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { LearnerRecord, LearnersService } from '@app/learners';
import { AuditService, AuthUser, DomainError, HeldCcps, SESSION_HISTORY, SessionHistory } from '@app/platform';
import { ReferentialService, TitleStructure } from '@app/referential';
import { buildBooklet, heldCcpIds, todayInFrance, frenchDate } from '@app/rules';
import { BookletDto, PriorCcpInputDto } from './dto/booklet.dto';
import { AwardWithdrawal, CcpAward, TitleAward } from './entities/award.entity';

export interface BookletBundle {
  learner: LearnerRecord;
  title: TitleStructure;
  booklet: BookletDto;
}

@Injectable()
export class BookletService implements HeldCcps {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly learners: LearnersService,
    private readonly referential: ReferentialService,
    @Inject(SESSION_HISTORY) private readonly history: SessionHistory,
  ) {}

  /** R-CAP-1: a CCP obtained before or elsewhere (external) or by equivalence, recorded by an admin. */
  async recordPriorCcp(user: AuthUser, learnerId: string, input: PriorCcpInputDto): Promise<BookletDto> {
    const { learner } = await this.learners.learnerFor(user, learnerId, 'centre');
    if (input.obtainedOn > todayInFrance())
      throw DomainError.validation([{ field: 'obtainedOn', message: "La date d'obtention ne peut pas être dans le futur." }]);
    const [ccp] = (await this.referential.structures({ ids: [learner.certificationId] })).flatMap((t) =>
      t.ccps.filter((c) => c.code === input.ccpCode),
    );
    const anyCcp = ccp ?? (await this.findCcpOfPredecessor(learner.certificationId, input.ccpCode));
    if (!anyCcp) {
      throw DomainError.validation([
        { field: 'ccpCode', message: `${input.ccpCode} n'est pas un CCP du titre de l'apprenant ni d'un titre qui le précède.` },
      ]);
    }
    await this.dataSource.transaction(async (m) => {
      const held = await m.findOne(CcpAward, { where: { learnerId, ccpId: anyCcp.id } });
      if (held && !(await m.exists(AwardWithdrawal, { where: { awardId: held.id } }))) {
        throw new DomainError(
          'BOOKLET.ALREADY_HELD',
          `L'apprenant détient déjà ${input.ccpCode} (depuis le ${frenchDate(held.obtainedOn)}).`,
          undefined,
          'R-CAP-2',
        );
      }
      const award = await m.save(
        m.create(CcpAward, {
          learnerId,
          ccpId: anyCcp.id,
          obtainedOn: input.obtainedOn,
          source: input.source,
          reference: input.reference,
          recordedBy: user.id,
        }),
      );
      await this.audit.record(m, {
        actorId: user.id,
        action: 'award.prior_ccp',
        entity: 'award',
        entityId: award.id,
        after: { learnerId, ...input },
      });
    });
    return (await this.bundle(user, learnerId)).booklet;
  }

  /** R-CAP-2: a fraud withdrawal, the only removal of an award, with its reason (admin). */
  async withdrawForFraud(user: AuthUser, learnerId: string, ccpCode: string, reason: string): Promise<BookletDto> {
    await this.learners.learnerFor(user, learnerId, 'centre');
    await this.dataSource.transaction(async (m) => {
      const rows: { id: string }[] = await m.query(
        `SELECT a.id FROM ccp_awards a JOIN ccps c ON c.id = a.ccp_id WHERE a.learner_id = $1 AND c.code = $2
         AND NOT EXISTS (SELECT 1 FROM award_withdrawals w WHERE w.award_id = a.id)`,
        [learnerId, ccpCode],
      );
      if (!rows.length) throw DomainError.notFound(`Le CCP ${ccpCode} détenu par cet apprenant`);
      const award = await m.findOneByOrFail(CcpAward, { id: rows[0].id });
      await this.withdraw(m, learnerId, award.ccpId, `Fraude : ${reason}`, user.id);
    });
    return (await this.bundle(user, learnerId)).booklet;
  }

  /**
   * For libs/jury-sessions, in its transaction: the awards of a complete PV, in one statement for
   * the CCPs and one for the titles, whatever the number of candidates (idempotent).
   */
  async recordSessionAwards(
    m: EntityManager,
    awards: { learnerId: string; ccpIds: string[]; titleCertificationId: string | null }[],
    session: { id: string; pvVersionId: string; awardedOn: string },
    actorId: string,
  ): Promise<number> {
    const pairs = awards.flatMap((a) => a.ccpIds.map((ccpId) => ({ learnerId: a.learnerId, ccpId })));
    const ccps: { id: string; learner_id: string; ccp_id: string }[] = pairs.length
      ? await m.query(
          `INSERT INTO ccp_awards (learner_id, ccp_id, obtained_on, source, session_id, pv_version_id, recorded_by)
           SELECT t.learner_id, t.ccp_id, $1, 'session', $2, $3, $4 FROM unnest($5::uuid[], $6::uuid[]) AS t(learner_id, ccp_id)
           ON CONFLICT ON CONSTRAINT one_award_per_learner_ccp DO NOTHING RETURNING id, learner_id, ccp_id`,
          [session.awardedOn, session.id, session.pvVersionId, actorId, pairs.map((p) => p.learnerId), pairs.map((p) => p.ccpId)],
        )
      : [];
    const titled = awards.filter((a) => a.titleCertificationId);
    const titles: { id: string; learner_id: string }[] = titled.length
      ? await m.query(
          `INSERT INTO title_awards (learner_id, certification_id, awarded_on, session_id, pv_version_id)
           SELECT t.learner_id, t.certification_id, $1, $2, $3 FROM unnest($4::uuid[], $5::uuid[]) AS t(learner_id, certification_id)
           ON CONFLICT ON CONSTRAINT one_title_award_per_learner DO NOTHING RETURNING id, learner_id`,
          [session.awardedOn, session.id, session.pvVersionId, titled.map((a) => a.learnerId), titled.map((a) => a.titleCertificationId)],
        )
      : [];
    await this.audit.recordMany(m, [
      ...ccps.map((r) => ({
        actorId,
        action: 'award.ccp',
        entity: 'award' as const,
        entityId: r.id,
        after: { learnerId: r.learner_id, ccpId: r.ccp_id, sessionId: session.id },
      })),
      ...titles.map((r) => ({
        actorId,
        action: 'award.title',
        entity: 'award' as const,
        entityId: r.id,
        after: { learnerId: r.learner_id, sessionId: session.id },
      })),
    ]);
    return ccps.length;
  }

  /** R-CAP-2: the only removal, with its reason (a rectified PV, or fraud). */
  async withdraw(m: EntityManager, learnerId: string, ccpId: string, reason: string, actorId: string): Promise<void> {
    const award = await m.findOne(CcpAward, { where: { learnerId, ccpId } });
    if (!award || (await m.exists(AwardWithdrawal, { where: { awardId: award.id } }))) return;
    await m.insert(AwardWithdrawal, { awardId: award.id, reason, withdrawnBy: actorId });
    await this.audit.record(m, {
      actorId,
      action: 'award.withdraw',
      entity: 'award',
      entityId: award.id,
      after: { learnerId, ccpId, reason },
    });
  }

  /** HELD_CCPS port: CCP ids held per learner (awards not withdrawn, plus correspondences into their title). Three queries. */
  async heldCcpIds(learnerIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>(learnerIds.map((id) => [id, new Set<string>()]));
    if (learnerIds.length === 0) return out;
    const rows: { learner_id: string; ccp_id: string }[] = await manager.query(
      `SELECT a.learner_id, a.ccp_id FROM ccp_awards a WHERE a.learner_id = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM award_withdrawals w WHERE w.award_id = a.id)`,
      [learnerIds],
    );
    const incoming: { to_ccp_id: string; from_ccp_ids: string[] }[] = await manager.query(
      `SELECT c.to_ccp_id, array_agg(s.ccp_id) AS from_ccp_ids FROM ccp_correspondences c
       JOIN ccp_correspondence_sources s ON s.correspondence_id = c.id GROUP BY c.id, c.to_ccp_id`,
    );
    const correspondences = incoming.map((c) => ({ from: c.from_ccp_ids, to: c.to_ccp_id }));
    for (const r of rows) out.get(r.learner_id)!.add(r.ccp_id);
    for (const [id, held] of out) out.set(id, heldCcpIds(held, correspondences));
    return out;
  }

  /** Read by the learner, their cohort's trainers, the jurors of their sessions and the centre (relation `read`). */
  async bundle(user: AuthUser, learnerId: string): Promise<BookletBundle> {
    const { learner } = await this.learners.learnerFor(user, learnerId, 'read');
    return this.bundleOf(learner);
  }

  /**
   * The booklet from the ledger: a fixed number of queries whatever the history (title and
   * successor structures, awards, withdrawals, title award, correspondences, sessions).
   */
  async bundleOf(learner: LearnerRecord): Promise<BookletBundle> {
    const m = this.dataSource.manager;
    const title = await this.referential.structureById(learner.certificationId);
    const awards = await m.find(CcpAward, { where: { learnerId: learner.id } });
    const withdrawn = new Set(
      awards.length ? (await m.find(AwardWithdrawal, { where: { awardId: In(awards.map((a) => a.id)) } })).map((w) => w.awardId) : [],
    );
    const live = awards.filter((a) => !withdrawn.has(a.id));
    const titleAward = await m.findOne(TitleAward, { where: { learnerId: learner.id, certificationId: title.id } });
    const correspondences: { certification_id: string; to_ccp_id: string; from_ccp_ids: string[] }[] = await m.query(
      `SELECT c.certification_id, c.to_ccp_id, array_agg(s.ccp_id) AS from_ccp_ids FROM ccp_correspondences c
       JOIN ccp_correspondence_sources s ON s.correspondence_id = c.id GROUP BY c.id`,
    );
    const successor = title.successorId ? await this.referential.structureById(title.successorId) : null;
    const sessions = ((await this.history.historyOf([learner.id])).get(learner.id) ?? []).filter((s) => s.certificationId === title.id);
    const validatedSessions = new Set(sessions.filter((s) => s.validated).map((s) => s.sessionId));
    const built = buildBooklet({
      title,
      pathway: learner.pathway,
      awards: live.map((a) => ({
        ccpId: a.ccpId,
        obtainedOn: a.obtainedOn,
        source: a.source,
        sessionId: a.sessionId,
        validated: a.source !== 'session' || validatedSessions.has(a.sessionId!),
      })),
      titleAward: titleAward ? { awardedOn: titleAward.awardedOn, sessionId: titleAward.sessionId } : null,
      sessions,
      incoming: correspondences
        .filter((c) => title.ccps.some((k) => k.id === c.to_ccp_id))
        .map((c) => ({ from: c.from_ccp_ids, to: c.to_ccp_id })),
      successor: successor
        ? {
            code: successor.code,
            ccps: successor.ccps.map((c) => ({ id: c.id, code: c.code })),
            correspondences: correspondences
              .filter((c) => c.certification_id === title.id)
              .map((c) => ({ from: c.from_ccp_ids, to: c.to_ccp_id })),
          }
        : null,
      today: todayInFrance(),
    });
    return {
      learner,
      title,
      booklet: {
        learnerId: learner.id,
        certification: { code: title.code, name: title.name, validUntil: title.validUntil, status: built.status },
        ccps: built.ccps,
        titleAwarded: built.titleAwarded,
        titleAwardedOn: built.titleAwardedOn,
        outcome: built.outcome,
        capitalisationDeadline: built.capitalisationDeadline,
        resitWithoutTrainingUntil: built.resitWithoutTrainingUntil,
        sessions: sessions.map(({ sessionId, type, startDate, attendance, outcome, ccpsAwarded, validated }) => ({
          sessionId,
          type,
          startDate,
          attendance,
          outcome,
          ccpsAwarded,
          validated,
        })),
        successor: built.successor,
        pendingValidation: built.ccps.some((c) => c.held && !c.validated) || (!!titleAward && !validatedSessions.has(titleAward.sessionId)),
      },
    };
  }

  private async findCcpOfPredecessor(certificationId: string, ccpCode: string): Promise<{ id: string } | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      'SELECT k.id FROM ccps k JOIN certifications c ON c.id = k.certification_id WHERE k.code = $1 AND c.successor_id = $2',
      [ccpCode, certificationId],
    );
    return rows[0] ?? null;
  }
}
