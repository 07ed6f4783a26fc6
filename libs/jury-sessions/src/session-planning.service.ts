import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UsersService } from '@app/auth';
import { anonymisedError, LearnersService } from '@app/learners';
import { AuditService, AuthUser, DomainError, Page, pageOf, PageQueryDto, paginate } from '@app/platform';
import { ReferentialService, TitleStructure } from '@app/referential';
import { checkHabilitation, checkSessionDates, conflictRefusal } from '@app/rules';
import { CandidateChecksService } from './candidate-checks.service';
import { AddCandidateDto, CreateSessionDto, UpdateSessionDto } from './dto/jury-session.dto';
import { Habilitation } from './entities/juror.entity';
import { JurySession, SessionCandidate, SessionCcp, SessionJuror } from './entities/jury-session.entity';
import { alreadyRegistered, notPlanned, pgCode, pvSigned, refuse } from './jury-errors';
import { JurySessionsRepository } from './jury-sessions.repository';
import { SessionView } from './session-views';

type Overrides = { codes: string[]; reason: string }[];
export interface CandidateRegistration {
  learnerId: string;
  ccpCodes: string[];
  finalInterview: boolean;
  overrides: Overrides;
}

/** Session planning: create and edit a session, its jurors (R-JURY-2, R-JURY-3), president and candidates (eligibility). */
@Injectable()
export class SessionPlanningService {
  constructor(
    private readonly repo: JurySessionsRepository,
    private readonly checks: CandidateChecksService,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly learners: LearnersService,
    private readonly referential: ReferentialService,
  ) {}

  async create(actor: AuthUser, input: CreateSessionDto): Promise<SessionView> {
    const title = await this.referential.structureByCode(input.certificationCode);
    const problems = [];
    if (!title) problems.push({ field: 'certificationCode', message: `Titre inconnu : ${input.certificationCode}.` });
    if (input.endDate < input.startDate) problems.push({ field: 'endDate', message: 'La fin de la session précède son début.' });
    let ccpIds: string[] = [];
    if (title && input.type === 'ccp') {
      if (!input.ccpCodes?.length) problems.push({ field: 'ccpCodes', message: 'Une session CCP nomme les CCP évalués.' });
      (input.ccpCodes ?? []).forEach((code, i) => {
        const ccp = title.ccps.find((c) => c.code === code);
        if (!ccp) problems.push({ field: `ccpCodes[${i}]`, message: `${code} n'est pas un CCP du titre ${title.code}.` });
        else ccpIds.push(ccp.id);
      });
    }
    if (title && input.type === 'title') {
      if (input.ccpCodes?.length)
        problems.push({ field: 'ccpCodes', message: 'Une session titre évalue tous les CCP du titre : ne les nommez pas.' });
      ccpIds = title.ccps.map((c) => c.id);
    }
    if (input.sessionManagerId && !(await this.users.findMany([input.sessionManagerId])).length)
      problems.push({ field: 'sessionManagerId', message: 'Compte introuvable.' });
    if (problems.length) throw DomainError.validation(problems);
    const expired = checkSessionDates(title!, input.startDate, input.endDate);
    if (expired) throw refuse([expired], undefined);
    return this.repo.transaction(async (m) => {
      const session = await m.save(
        m.create(JurySession, {
          type: input.type,
          certificationId: title!.id,
          startDate: input.startDate,
          endDate: input.endDate,
          site: input.site ?? null,
          startTime: input.startTime ?? null,
          address: input.address ?? null,
          sessionManagerId: input.sessionManagerId ?? null,
          ceresReference: input.ceresReference ?? null,
        }),
      );
      await m.insert(
        SessionCcp,
        ccpIds.map((ccpId) => ({ sessionId: session.id, ccpId })),
      );
      const view = await this.repo.view(session);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'jury_session.create',
        entity: 'jury_session',
        entityId: session.id,
        after: view,
      });
      return view;
    });
  }

  async list(user: AuthUser, query: PageQueryDto): Promise<Page<SessionView>> {
    const qb = this.repo.visibleSessions(user).orderBy('s.start_date', 'DESC').addOrderBy('s.id', 'ASC');
    const [sessions, total] = await paginate(qb, query);
    return pageOf(await this.repo.views(sessions), total, query);
  }

  async get(user: AuthUser, id: string): Promise<SessionView> {
    return this.repo.view(await this.repo.visible(user, id));
  }

  /**
   * The convocations' practical details — time, address, site — while the session is planned
   * (once the deliberation opens they are history). `null` clears a field; audited before/after.
   */
  async update(actor: AuthUser, id: string, input: UpdateSessionDto): Promise<SessionView> {
    await this.repo.visible(actor, id);
    return this.repo.transaction(async (m) => {
      const session = await this.repo.lock(id);
      if (session.deliberationOpenedAt) throw notPlanned();
      const before = { startTime: session.startTime, address: session.address, site: session.site };
      const after = {
        startTime: input.startTime === undefined ? session.startTime : input.startTime,
        address: input.address === undefined ? session.address : input.address,
        site: input.site === undefined ? session.site : input.site,
      };
      await m.update(JurySession, { id }, after);
      Object.assign(session, after);
      await this.audit.record(m, { actorId: actor.id, action: 'jury_session.update', entity: 'jury_session', entityId: id, before, after });
      return this.repo.view(session);
    });
  }

  /**
   * Names the jury's president, one of the session's jurors (422 JURY.PRESIDENT_NOT_JUROR
   * otherwise). The PV drafted at the close names them and is hashed (R-DEC-4): so the president
   * changes until the deliberation closes, never after (409).
   */
  async setPresident(actor: AuthUser, id: string, userId: string): Promise<SessionView> {
    await this.repo.visible(actor, id);
    return this.repo.transaction(async (m) => {
      const session = await this.repo.lock(id);
      if (session.deliberationClosedAt) {
        if (await this.repo.latestPvComplete(id)) throw pvSigned();
        throw new DomainError(
          'SESSION.NOT_DELIBERATING',
          'La délibération est close : le PV est rédigé et nomme son président ; il ne change plus (R-DEC-4).',
          undefined,
          'R-DEC-4',
        );
      }
      if (!(await m.exists(SessionJuror, { where: { sessionId: id, userId } })))
        throw new DomainError(
          'JURY.PRESIDENT_NOT_JUROR',
          'Le président du jury est choisi parmi les membres du jury de la session : ajoutez-le au jury d’abord.',
          [{ field: 'userId', userId }],
        );
      const before = { presidentId: session.presidentId };
      await m.update(JurySession, { id }, { presidentId: userId });
      session.presidentId = userId;
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'jury_session.set_president',
        entity: 'jury_session',
        entityId: id,
        before,
        after: { presidentId: userId },
      });
      return this.repo.view(session);
    });
  }

  async addJuror(actor: AuthUser, id: string, userId: string): Promise<SessionView> {
    return this.planned(actor, id, 'jury_session.add_juror', async (m, session, title) => {
      const [user] = await this.users.findMany([userId]);
      if (!user) throw DomainError.validation([{ field: 'userId', message: 'Compte introuvable.' }]);
      if (!user.roles.includes('jury')) throw new DomainError('JURY.NOT_A_JUROR', "Ce compte n'a pas le rôle jury.", undefined, 'R-JURY-2');
      if (await m.exists(SessionJuror, { where: { sessionId: id, userId } }))
        throw new DomainError('SESSION.ALREADY_JUROR', 'Ce membre de jury siège déjà dans cette session.');
      const habilitations = await m.find(Habilitation, { where: { userId } });
      const notHabilitated = checkHabilitation(habilitations, {
        certificationId: session.certificationId,
        startDate: session.startDate,
        endDate: session.endDate,
        titleCode: title.code,
      });
      if (notHabilitated) throw refuse([notHabilitated], undefined);
      const candidates = await m.find(SessionCandidate, { where: { sessionId: id } });
      const conflicts = await this.checks.conflicts(
        [userId],
        candidates.map((c) => c.learnerId),
      );
      const conflict = conflictRefusal(conflicts);
      if (conflict)
        throw refuse(
          [conflict],
          conflicts.map(({ learnerId, link }) => ({ learnerId, link })),
        );
      await m.insert(SessionJuror, { sessionId: id, userId });
      return { userId };
    });
  }

  async removeJuror(actor: AuthUser, id: string, userId: string): Promise<SessionView> {
    return this.planned(actor, id, 'jury_session.remove_juror', async (m, session) => {
      const result = await m.delete(SessionJuror, { sessionId: id, userId });
      if (!result.affected) throw DomainError.notFound('Ce membre de jury dans la session');
      // The president is one of the jurors: removing them leaves the jury without one, to name again.
      if (session.presidentId === userId) {
        await m.update(JurySession, { id }, { presidentId: null });
        session.presidentId = null;
        return { userId, presidentCleared: true };
      }
      return { userId };
    });
  }

  /** Registers a candidate: every check of the contract; the refusals the rule marks overridable are lifted by an admin's reason. */
  async addCandidate(actor: AuthUser, id: string, input: AddCandidateDto): Promise<CandidateRegistration> {
    let out!: CandidateRegistration;
    try {
      await this.planned(actor, id, 'jury_session.add_candidate', async (m, session, title) => {
        const [learner] = await this.learners.learnersByIds([input.learnerId]);
        if (!learner) throw DomainError.validation([{ field: 'learnerId', message: 'Apprenant introuvable.' }]);
        // Issue 16: an anonymised learner's file is closed (and their address is .invalid).
        if (learner.anonymisedAt) throw anonymisedError(learner.anonymisedAt);
        if (await m.exists(SessionCandidate, { where: { sessionId: id, learnerId: learner.id } })) throw alreadyRegistered();
        const ccps = await m.find(SessionCcp, { where: { sessionId: id } });
        const decision = await this.checks.eligibility(
          session,
          ccps.map((c) => c.ccpId),
          title,
          learner,
          input.ccpCodes,
        );
        const blocking = decision.refusals.filter((r) => !(input.override && r.overridable));
        const jurors = await m.find(SessionJuror, { where: { sessionId: id } });
        const conflicts = await this.checks.conflicts(
          jurors.map((j) => j.userId),
          [learner.id],
        );
        const conflict = conflictRefusal(conflicts);
        // Every refusal at once: staff must not lift an eligibility refusal by a reason only to
        // meet a conflict of interest next (a conflict can never be lifted).
        if (blocking.length) throw refuse(conflict ? [...blocking, conflict] : blocking);
        if (conflict)
          throw refuse(
            [conflict],
            conflicts.map(({ learnerId, link }) => ({ learnerId, link })),
          );
        const lifted = decision.refusals.filter((r) => r.overridable).map((r) => r.code);
        const overrides =
          lifted.length && input.override
            ? [{ codes: lifted, reason: input.override.reason, by: actor.id, at: new Date().toISOString() }]
            : [];
        await m.insert(SessionCandidate, {
          sessionId: id,
          learnerId: learner.id,
          ccpIds: decision.ccpIds,
          finalInterview: decision.finalInterview,
          overrides,
        });
        const codeOf = new Map(title.ccps.map((c) => [c.id, c.code]));
        out = {
          learnerId: learner.id,
          ccpCodes: decision.ccpIds.map((c) => codeOf.get(c)!),
          finalInterview: decision.finalInterview,
          overrides: overrides.map(({ codes, reason }) => ({ codes, reason })),
        };
        return out;
      });
    } catch (error) {
      if (pgCode(error) === '23505') throw alreadyRegistered();
      throw error;
    }
    return out;
  }

  async removeCandidate(actor: AuthUser, id: string, learnerId: string): Promise<SessionView> {
    return this.planned(actor, id, 'jury_session.remove_candidate', async (m) => {
      const result = await m.delete(SessionCandidate, { sessionId: id, learnerId });
      if (!result.affected) throw DomainError.notFound('Ce candidat dans la session');
      return { learnerId };
    });
  }

  /** A change allowed only before the deliberation opens, in one transaction with the session locked. */
  private async planned<T>(
    actor: AuthUser,
    id: string,
    action: string,
    work: (m: EntityManager, session: JurySession, title: TitleStructure) => Promise<T>,
  ): Promise<SessionView> {
    await this.repo.visible(actor, id);
    return this.repo.transaction(async (m) => {
      const session = await this.repo.lock(id);
      if (session.deliberationOpenedAt) throw notPlanned();
      const title = await this.referential.structureById(session.certificationId);
      const after = await work(m, session, title);
      await this.audit.record(m, { actorId: actor.id, action, entity: 'jury_session', entityId: id, after });
      return this.repo.view(session);
    });
  }
}
