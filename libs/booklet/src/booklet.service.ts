import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LearnerRecord, LearnersService } from '@app/learners';
import { AuditService, AuthUser, DomainError, HeldCcps, SESSION_HISTORY, SessionHistory, sideBySide } from '@app/platform';
import { ReferentialService, TitleStructure } from '@app/referential';
import { buildBooklet, heldCcpIds, todayInFrance, frenchDate } from '@app/rules';
import { BookletDto, PriorCcpInputDto } from './dto/booklet.dto';
import { BookletRepository } from './booklet.repository';

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
    private readonly repository: BookletRepository,
  ) {}

  /** R-CAP-1: a CCP obtained before or elsewhere (external) or by equivalence, recorded by an admin. */
  async recordPriorCcp(user: AuthUser, learnerId: string, input: PriorCcpInputDto): Promise<BookletDto> {
    const { learner } = await this.learners.learnerFor(user, learnerId, 'centre');
    if (input.obtainedOn > todayInFrance())
      throw DomainError.validation([{ field: 'obtainedOn', message: "La date d'obtention ne peut pas être dans le futur." }]);
    const [ccp] = (await this.referential.structures({ ids: [learner.certificationId] })).flatMap((t) =>
      t.ccps.filter((c) => c.code === input.ccpCode),
    );
    const anyCcp = ccp ?? (await this.referential.ccpOfPredecessor(learner.certificationId, input.ccpCode));
    if (!anyCcp) {
      throw DomainError.validation([
        { field: 'ccpCode', message: `${input.ccpCode} n'est pas un CCP du titre de l'apprenant ni d'un titre qui le précède.` },
      ]);
    }
    await this.dataSource.transaction(async (m) => {
      const held = await this.repository.awardOf(m, learnerId, anyCcp.id);
      if (held && !held.withdrawn) {
        throw new DomainError(
          'BOOKLET.ALREADY_HELD',
          `L'apprenant détient déjà ${input.ccpCode} (depuis le ${frenchDate(held.award.obtainedOn)}).`,
          undefined,
          'R-CAP-2',
        );
      }
      const award = await this.repository.insertAward(m, {
        learnerId,
        ccpId: anyCcp.id,
        obtainedOn: input.obtainedOn,
        source: input.source,
        reference: input.reference,
        recordedBy: user.id,
      });
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
    const ccpIds = [...(await this.referential.ccpIdsByCodes([ccpCode])).values()];
    await this.dataSource.transaction(async (m) => {
      const award = await this.repository.liveAwardAmong(m, learnerId, ccpIds);
      if (!award) throw DomainError.notFound(`Le CCP ${ccpCode} détenu par cet apprenant`);
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
    const ccps = await this.repository.insertSessionCcpAwards(m, pairs, session, actorId);
    const titles = await this.repository.insertSessionTitleAwards(
      m,
      awards.flatMap((a) => (a.titleCertificationId ? [{ learnerId: a.learnerId, certificationId: a.titleCertificationId }] : [])),
      session,
    );
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
    const held = await this.repository.awardOf(m, learnerId, ccpId);
    if (!held || held.withdrawn) return;
    const award = held.award;
    await this.repository.insertWithdrawal(m, award.id, reason, actorId);
    await this.audit.record(m, {
      actorId,
      action: 'award.withdraw',
      entity: 'award',
      entityId: award.id,
      after: { learnerId, ccpId, reason },
    });
  }

  /** HELD_CCPS port: CCP ids held per learner (awards not withdrawn, plus correspondences into their title). Three queries. */
  async heldCcpIds(learnerIds: string[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>(learnerIds.map((id) => [id, new Set<string>()]));
    if (learnerIds.length === 0) return out;
    const rows = await this.repository.liveAwardsOf(learnerIds);
    const correspondences = (await this.referential.correspondences()).map(({ from, to }) => ({ from, to }));
    for (const r of rows) out.get(r.learnerId)!.add(r.ccpId);
    for (const [id, held] of out) out.set(id, heldCcpIds(held, correspondences));
    return out;
  }

  /** Read by the learner, their cohort's trainers, the jurors of their sessions and the centre (relation `read`). */
  async bundle(user: AuthUser, learnerId: string): Promise<BookletBundle> {
    const { learner } = await this.learners.learnerFor(user, learnerId, 'read');
    return this.bundleOf(learner);
  }

  /** « Mon livret »: the booklet of the signed-in learner (one query to find their file). */
  async bundleOfAccount(user: AuthUser): Promise<BookletBundle> {
    return this.bundleOf(await this.learners.learnerOfAccount(user));
  }

  /**
   * The booklet from the ledger: two statements whatever the history (the ledger; the sessions,
   * through SESSION_HISTORY), run side by side outside a transaction; the structures and
   * correspondences come from the référentiel's memory (issue 15).
   */
  async bundleOf(learner: LearnerRecord): Promise<BookletBundle> {
    const title = await this.referential.structureById(learner.certificationId);
    const [{ live, titleAward }, history, correspondences, successor] = await sideBySide(
      () => this.repository.ledgerOf(learner.id, title.id),
      () => this.history.historyOf([learner.id]),
      () => this.referential.correspondences(),
      () => (title.successorId ? this.referential.structureById(title.successorId) : Promise.resolve(null)),
    );
    const sessions = (history.get(learner.id) ?? []).filter((s) => s.certificationId === title.id);
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
      incoming: correspondences.filter((c) => title.ccps.some((k) => k.id === c.to)).map(({ from, to }) => ({ from, to })),
      successor: successor
        ? {
            code: successor.code,
            ccps: successor.ccps.map((c) => ({ id: c.id, code: c.code })),
            correspondences: correspondences.filter((c) => c.certificationId === title.id).map(({ from, to }) => ({ from, to })),
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
        pendingValidation:
          built.ccps.some((c) => c.held && !c.validated) ||
          (built.titleAwarded && !!titleAward && !validatedSessions.has(titleAward.sessionId)),
      },
    };
  }
}
