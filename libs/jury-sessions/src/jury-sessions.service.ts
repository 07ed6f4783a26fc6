import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import { UsersService } from '@app/auth';
import { BookletService } from '@app/booklet';
import { EcfService } from '@app/ecf';
import { LearnerRecord, LearnersService } from '@app/learners';
import { AuditService, AuthUser, canonicalJson, DomainError, Page, pageOf, PageQueryDto, paginate } from '@app/platform';
import { ProfessionalFilesService } from '@app/professional-files';
import { ReferentialService, TitleStructure } from '@app/referential';
import {
  addDays,
  addMonths,
  checkEligibility,
  checkHabilitation,
  checkJurorCount,
  checkResult,
  checkSessionDates,
  conflictRefusal,
  convocationDeadline,
  EligibilityDecision,
  findConflicts,
  outcomeOf,
  Refusal,
  todayInFrance,
  frenchDate,
  sessionToClose,
} from '@app/rules';
import {
  AddCandidateDto,
  AppealDecisionDto,
  AppealInputDto,
  CreateSessionDto,
  DreetsValidationDto,
  JurorProfileInputDto,
  RectificationDto,
  ResultInputDto,
  UpdateSessionDto,
} from './dto/jury-session.dto';
import { DeclaredLink, Habilitation, JurorProfile } from './entities/juror.entity';
import {
  Appeal,
  CandidateResult,
  JurySession,
  PvCandidate,
  PvContent,
  PvSignature,
  PvVersion,
  SessionCandidate,
  SessionCcp,
  SessionJuror,
} from './entities/jury-session.entity';
import { SessionFactsProvider } from './session-facts.provider';

export type SessionStatus = 'planned' | 'deliberating' | 'awaiting_signatures' | 'closed' | 'validated';
const OVERRIDABLE = ['ELIG.MISSING_ECF_SYNTHESIS', 'ELIG.DP_NOT_SUBMITTED'];

export interface JurorProfileView {
  userId: string;
  employer: string | null;
  habilitations: { certificationCode: string; validFrom: string; validUntil: string; reference: string | null }[];
}

export interface ResultView {
  attendance: 'present' | 'absent';
  ccpResults: { ccpCode: string; awarded: boolean; comment?: string }[];
  finalInterviewHeld: boolean;
  titleAwarded: boolean;
  comment: string | null;
  outcome: 'absent' | 'title' | 'partial' | 'failure';
}

export interface SessionView {
  id: string;
  type: 'title' | 'ccp';
  certificationCode: string;
  ccpCodes: string[];
  startDate: string;
  endDate: string;
  site: string | null;
  /** `HH:MM`, the time candidates are expected each day (issue 12). */
  startTime: string | null;
  address: string | null;
  presidentId: string | null;
  president: { userId: string; fullName: string } | null;
  sessionManagerId: string | null;
  ceresReference: string | null;
  status: SessionStatus;
  jurors: { userId: string; fullName: string }[];
  candidates: {
    learnerId: string;
    fullName: string;
    ccpCodes: string[];
    finalInterview: boolean;
    /** R-SES-2: the decision granted, for the convocation and the jury. */
    accommodations: string | null;
    result: ResultView | null;
    overrides: { codes: string[]; reason: string }[];
  }[];
  dreetsValidation: { validatedOn: string; reference: string } | null;
  /** R-SES-3: appeals on the session's results, with their outcome. */
  appeals: {
    id: string;
    learnerId: string;
    filedOn: string;
    kind: 'gracieux' | 'contentieux';
    summary: string;
    outcome: 'upheld' | 'rejected' | null;
    decidedOn: string | null;
  }[];
  warnings: { code: string; message: string }[];
}

export interface PvView {
  sessionId: string;
  version: number;
  candidates: { learnerId: string; fullName: string; attendance: string; ccpsAwarded: string[]; titleAwarded: boolean; outcome: string }[];
  signatures: { userId: string; fullName: string; signedAt: string }[];
  complete: boolean;
  sha256: string;
  reason: string | null;
  /** The president the PV names (null: none named, or a PV drafted before issue 12). */
  president: { userId: string; fullName: string } | null;
  content: PvContent;
}

/** sha256 of what the PV attests (its version, the rectification's reason, the content). */
export const pvHash = (pv: { version: number; reason: string | null; content: unknown }): string =>
  createHash('sha256')
    .update(canonicalJson({ version: pv.version, reason: pv.reason, content: JSON.parse(JSON.stringify(pv.content)) as unknown }))
    .digest('hex');

const pgCode = (error: unknown): string | undefined =>
  error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;

function refuse(refusals: Refusal[], extra?: unknown): DomainError {
  const first = refusals[0];
  return new DomainError(
    first.code as never,
    refusals.map((r) => r.message).join(' '),
    extra ??
      refusals.map(({ code, rule, message, overridable, details }) => ({ code, rule, message, overridable: !!overridable, details })),
    first.rule,
  );
}

@Injectable()
export class JurySessionsService {
  private readonly logger = new Logger('JurySessions');
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly learners: LearnersService,
    private readonly referential: ReferentialService,
    private readonly users: UsersService,
    private readonly ecf: EcfService,
    private readonly files: ProfessionalFilesService,
    private readonly booklet: BookletService,
    private readonly facts: SessionFactsProvider,
  ) {}

  // ------------------------------------------------------------------ jurors

  /** A juror's profile: current employer (R-JURY-3) and habilitations (R-JURY-2). */
  async jurorProfile(userId: string): Promise<JurorProfileView> {
    const [user] = await this.users.findMany([userId]);
    if (!user) throw DomainError.notFound("L'utilisateur");
    const profile = await this.dataSource.getRepository(JurorProfile).findOne({ where: { userId } });
    const habilitations = await this.dataSource.getRepository(Habilitation).find({ where: { userId }, order: { validFrom: 'ASC' } });
    const titles = await this.referential.structures({ ids: [...new Set(habilitations.map((h) => h.certificationId))] });
    return {
      userId,
      employer: profile?.employer ?? null,
      habilitations: habilitations.map((h) => ({
        certificationCode: titles.find((t) => t.id === h.certificationId)?.code ?? '',
        validFrom: h.validFrom,
        validUntil: h.validUntil,
        reference: h.reference,
      })),
    };
  }

  async setJurorProfile(actor: AuthUser, userId: string, input: JurorProfileInputDto): Promise<JurorProfileView> {
    const [user] = await this.users.findMany([userId]);
    if (!user) throw DomainError.notFound("L'utilisateur");
    if (!user.roles.includes('jury')) throw DomainError.validation([{ field: 'userId', message: "Ce compte n'a pas le rôle jury." }]);
    const titles = await this.referential.structures({ codes: [...new Set(input.habilitations.map((h) => h.certificationCode))] });
    const problems = input.habilitations.flatMap((h, i) => [
      ...(titles.some((t) => t.code === h.certificationCode)
        ? []
        : [{ field: `habilitations[${i}].certificationCode`, message: `Titre inconnu : ${h.certificationCode}.` }]),
      ...(h.validUntil < h.validFrom
        ? [{ field: `habilitations[${i}].validUntil`, message: "La fin de l'habilitation précède son début." }]
        : []),
    ]);
    if (problems.length) throw DomainError.validation(problems);
    return this.dataSource.transaction(async (m) => {
      await m.upsert(JurorProfile, { userId, employer: input.employer ?? null }, ['userId']);
      await m.delete(Habilitation, { userId });
      if (input.habilitations.length) {
        await m.insert(
          Habilitation,
          input.habilitations.map((h) => ({
            userId,
            certificationId: titles.find((t) => t.code === h.certificationCode)!.id,
            validFrom: h.validFrom,
            validUntil: h.validUntil,
            reference: h.reference ?? null,
          })),
        );
      }
      const view = {
        userId,
        employer: input.employer ?? null,
        habilitations: input.habilitations.map((h) => ({ ...h, reference: h.reference ?? null })),
      };
      await this.audit.record(m, { actorId: actor.id, action: 'user.juror_profile', entity: 'user', entityId: userId, after: view });
      return view;
    });
  }

  async declareLink(
    actor: AuthUser,
    jurorId: string,
    learnerId: string,
    nature: string,
  ): Promise<{ id: string; jurorId: string; learnerId: string; nature: string }> {
    if (!actor.roles.includes('admin') && actor.id !== jurorId)
      throw new DomainError('AUTH.FORBIDDEN', 'Un membre de jury déclare ses propres liens ; un administrateur ceux de tous.');
    const [juror] = await this.users.findMany([jurorId]);
    if (!juror?.roles.includes('jury')) throw DomainError.notFound('Le membre de jury');
    // An unknown learner is a missing resource, as an unknown juror above: 404, not a 400 on the
    // field. A juror may declare a link to a learner they do not see yet: declaring before being
    // assigned is the point (R-JURY-3); it only ever stops that juror from judging that learner.
    const [learner] = await this.learners.learnersByIds([learnerId]);
    if (!learner) throw DomainError.notFound("L'apprenant");
    return this.dataSource.transaction(async (m) => {
      const existing = await m.findOne(DeclaredLink, { where: { jurorId, learnerId } });
      const link = existing ?? (await m.save(m.create(DeclaredLink, { jurorId, learnerId, nature, declaredBy: actor.id })));
      if (!existing)
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'user.declare_link',
          entity: 'user',
          entityId: jurorId,
          after: { learnerId, nature },
        });
      return { id: link.id, jurorId, learnerId, nature: link.nature };
    });
  }

  // ------------------------------------------------------------------ sessions

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
    return this.dataSource.transaction(async (m) => {
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
      const [view] = await this.views(m, [session]);
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
    const qb = this.dataSource.getRepository(JurySession).createQueryBuilder('s');
    if (!user.roles.includes('admin'))
      qb.where('s.id IN (SELECT j.session_id FROM session_jurors j WHERE j.user_id = :uid)', { uid: user.id });
    const [sessions, total] = await paginate(qb.orderBy('s.start_date', 'DESC').addOrderBy('s.id', 'ASC'), query);
    return pageOf(await this.views(this.dataSource.manager, sessions), total, query);
  }

  async get(user: AuthUser, id: string): Promise<SessionView> {
    const [view] = await this.views(this.dataSource.manager, [await this.visible(user, id)]);
    return view;
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
      const conflicts = await this.conflicts(
        m,
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

  /**
   * The convocations' practical details — time, address, site — while the session is planned
   * (once the deliberation opens they are history). `null` clears a field; audited before/after.
   */
  async update(actor: AuthUser, id: string, input: UpdateSessionDto): Promise<SessionView> {
    await this.visible(actor, id);
    return this.dataSource.transaction(async (m) => {
      const session = await this.lock(m, id);
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
      const [view] = await this.views(m, [session]);
      return view;
    });
  }

  /**
   * Names the jury's president, one of the session's jurors (422 JURY.PRESIDENT_NOT_JUROR
   * otherwise). The PV drafted at the close names them and is hashed (R-DEC-4): so the president
   * changes until the deliberation closes, never after (409).
   */
  async setPresident(actor: AuthUser, id: string, userId: string): Promise<SessionView> {
    await this.visible(actor, id);
    return this.dataSource.transaction(async (m) => {
      const session = await this.lock(m, id);
      if (session.deliberationClosedAt) {
        if (await this.latestPvComplete(m, id)) throw pvSigned();
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
      const [view] = await this.views(m, [session]);
      return view;
    });
  }

  /** Registers a candidate: every check of the contract; overridable refusals lifted by an admin's reason. */
  async addCandidate(
    actor: AuthUser,
    id: string,
    input: AddCandidateDto,
  ): Promise<{ learnerId: string; ccpCodes: string[]; finalInterview: boolean; overrides: { codes: string[]; reason: string }[] }> {
    let out!: { learnerId: string; ccpCodes: string[]; finalInterview: boolean; overrides: { codes: string[]; reason: string }[] };
    try {
      await this.planned(actor, id, 'jury_session.add_candidate', async (m, session, title) => {
        const [learner] = await this.learners.learnersByIds([input.learnerId], m);
        if (!learner) throw DomainError.validation([{ field: 'learnerId', message: 'Apprenant introuvable.' }]);
        if (await m.exists(SessionCandidate, { where: { sessionId: id, learnerId: learner.id } })) throw alreadyRegistered();
        const ccps = await m.find(SessionCcp, { where: { sessionId: id } });
        const decision = await this.eligibility(
          m,
          session,
          ccps.map((c) => c.ccpId),
          title,
          learner,
          input.ccpCodes,
        );
        const blocking = decision.refusals.filter((r) => !(input.override && OVERRIDABLE.includes(r.code)));
        const jurors = await m.find(SessionJuror, { where: { sessionId: id } });
        const conflicts = await this.conflicts(
          m,
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
        const lifted = decision.refusals.filter((r) => OVERRIDABLE.includes(r.code)).map((r) => r.code);
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

  /** Everything the jury decides on for one candidate, in one answer (bounded queries). */
  async dossier(user: AuthUser, id: string, learnerId: string): Promise<Record<string, unknown>> {
    const session = await this.visible(user, id);
    const candidate = await this.dataSource.getRepository(SessionCandidate).findOne({ where: { sessionId: id, learnerId } });
    if (!candidate) throw DomainError.notFound('Ce candidat dans la session');
    const ecf = await this.ecf.bundle(user, learnerId);
    const professionalFile = await this.files.get(user, learnerId);
    const booklet = await this.booklet.bundleOf(ecf.learner);
    const codeOf = new Map(ecf.title.ccps.map((c) => [c.id, c.code]));
    return {
      sessionId: session.id,
      // As GET /api/learners/:id answers it (LearnerDto): the title by its code.
      learner: (({ certificationId: _id, ...rest }) => ({ ...rest, certificationCode: ecf.title.code }))(ecf.learner),
      ccpCodes: candidate.ccpIds.map((c) => codeOf.get(c)),
      finalInterview: candidate.finalInterview,
      overrides: candidate.overrides.map(({ codes, reason }) => ({ codes, reason })),
      ecf: ecf.ecf,
      professionalFile,
      booklet: booklet.booklet,
      accommodations: ecf.learner.accommodations,
    };
  }

  // ------------------------------------------------------------------ deliberation

  async openDeliberation(user: AuthUser, id: string): Promise<SessionView> {
    await this.visible(user, id);
    return this.dataSource.transaction(async (m) => {
      const session = await this.lock(m, id);
      if (session.deliberationOpenedAt) throw notPlanned();
      const jurors = await m.count(SessionJuror, { where: { sessionId: id } });
      const few = checkJurorCount(jurors);
      if (few) throw refuse([few], undefined);
      const candidates = await m.find(SessionCandidate, { where: { sessionId: id } });
      const submitted = await this.files.submittedLearners(candidates.map((c) => c.learnerId));
      const missing = candidates.filter(
        (c) => !submitted.has(c.learnerId) && !c.overrides.some((o) => o.codes.includes('ELIG.DP_NOT_SUBMITTED')),
      );
      if (missing.length) {
        throw new DomainError(
          'ELIG.DP_NOT_SUBMITTED',
          `La délibération ne peut pas s'ouvrir : ${missing.length} candidat(s) sans dossier professionnel remis ni dérogation.`,
          missing.map((c) => ({ learnerId: c.learnerId })),
          'R-ELIG-5',
        );
      }
      await m.update(JurySession, { id }, { deliberationOpenedAt: () => 'now()' });
      await this.audit.record(m, { actorId: user.id, action: 'jury_session.open_deliberation', entity: 'jury_session', entityId: id });
      const [view] = await this.views(m, [await m.findOneByOrFail(JurySession, { id })]);
      return view;
    });
  }

  async recordResult(user: AuthUser, id: string, learnerId: string, input: ResultInputDto): Promise<ResultView> {
    const session = await this.visible(user, id);
    if (!(await this.dataSource.getRepository(SessionJuror).exists({ where: { sessionId: id, userId: user.id } }))) {
      throw new DomainError('AUTH.FORBIDDEN', 'Seuls les membres du jury de la session enregistrent les résultats.');
    }
    const title = await this.referential.structureById(session.certificationId);
    return this.dataSource.transaction(async (m) => {
      // Two saves of the same candidate at once (a double click, or two jurors): the row lock
      // orders them, the second one saves after the first — the last word stands, as on paper.
      const candidate = await m
        .getRepository(SessionCandidate)
        .createQueryBuilder('c')
        .setLock('pessimistic_write')
        .where('c.session_id = :id AND c.learner_id = :learnerId', { id, learnerId })
        .getOne();
      if (!candidate) throw DomainError.notFound('Ce candidat dans la session');
      const fresh = await m.findOneByOrFail(JurySession, { id });
      if (!fresh.deliberationOpenedAt || fresh.deliberationClosedAt) {
        throw (await this.latestPvComplete(m, id))
          ? pvSigned()
          : new DomainError('SESSION.NOT_DELIBERATING', "La délibération n'est pas ouverte : les résultats ne peuvent pas être modifiés.");
      }
      const byCode = new Map(title.ccps.map((c) => [c.code, c.id]));
      const unknown = input.ccpResults.filter((r) => !byCode.has(r.ccpCode));
      const ccpResults = input.ccpResults
        .filter((r) => byCode.has(r.ccpCode))
        .map((r) => ({ ccpId: byCode.get(r.ccpCode)!, awarded: r.awarded, ...(r.comment ? { comment: r.comment } : {}) }));
      const held = (await this.booklet.heldCcpIds([learnerId], m)).get(learnerId) ?? new Set<string>();
      const refusals = checkResult(
        { attendance: input.attendance, ccpResults, finalInterviewHeld: input.finalInterviewHeld, titleAwarded: input.titleAwarded },
        {
          assessedCcpIds: candidate.ccpIds,
          titleCcpIds: title.ccps.map((c) => c.id),
          heldBefore: held,
          finalInterview: candidate.finalInterview,
        },
      );
      if (unknown.length && !refusals.some((r) => r.code === 'DEC.CCP_RESULTS_MISMATCH')) {
        refusals.unshift({
          code: 'DEC.CCP_RESULTS_MISMATCH',
          rule: 'R-DEC-1',
          message: `CCP hors de la session : ${unknown.map((u) => u.ccpCode).join(', ')}.`,
        });
      }
      if (refusals.length) throw refuse(refusals);
      const outcome = outcomeOf({ attendance: input.attendance, ccpResults, titleAwarded: input.titleAwarded });
      const row = {
        sessionId: id,
        learnerId,
        attendance: input.attendance,
        ccpResults: input.attendance === 'absent' ? [] : ccpResults,
        finalInterviewHeld: input.attendance === 'present' && !!input.finalInterviewHeld,
        titleAwarded: input.attendance === 'present' && !!input.titleAwarded,
        comment: input.comment ?? null,
        outcome,
        recordedBy: user.id,
        recordedAt: new Date(),
      };
      const before = await m.findOne(CandidateResult, { where: { sessionId: id, learnerId } });
      await m.save(CandidateResult, row);
      await this.audit.record(m, {
        actorId: user.id,
        action: 'jury_session.result',
        entity: 'jury_session',
        entityId: id,
        before,
        after: row,
      });
      return this.resultView(row, title);
    });
  }

  /** R-DEC-4: every candidate has an outcome; the PV (version 1) is drafted and hashed. */
  async closeDeliberation(user: AuthUser, id: string): Promise<PvView> {
    await this.visible(user, id);
    await this.dataSource.transaction(async (m) => {
      const session = await this.lock(m, id);
      if (!session.deliberationOpenedAt || session.deliberationClosedAt)
        throw new DomainError('SESSION.NOT_DELIBERATING', "La délibération n'est pas ouverte.");
      const candidates = await m.find(SessionCandidate, { where: { sessionId: id } });
      const results = await m.find(CandidateResult, { where: { sessionId: id } });
      const missing = candidates.filter((c) => !results.some((r) => r.learnerId === c.learnerId));
      if (missing.length) {
        throw new DomainError(
          'DEC.MISSING_RESULTS',
          `${missing.length} candidat(s) sans résultat : la délibération ne peut pas se clore.`,
          missing.map((c) => ({ learnerId: c.learnerId })),
          'R-DEC-4',
        );
      }
      await m.update(JurySession, { id }, { deliberationClosedAt: () => 'now()' });
      const content = await this.pvContent(m, session, candidates, results);
      await this.savePv(m, id, 1, content, null, null);
      await this.audit.record(m, { actorId: user.id, action: 'jury_session.close_deliberation', entity: 'jury_session', entityId: id });
    });
    return this.pv(user, id);
  }

  async pv(user: AuthUser, id: string): Promise<PvView> {
    await this.visible(user, id);
    return this.pvView(this.dataSource.manager, id);
  }

  /** A juror signs the latest PV version; when every juror has, awards are recorded (R-DEC-4, R-CAP-1). */
  async signPv(user: AuthUser, id: string): Promise<PvView> {
    await this.visible(user, id);
    try {
      await this.dataSource.transaction(async (m) => {
        const session = await this.lock(m, id);
        const pv = await m.findOne(PvVersion, { where: { sessionId: id }, order: { version: 'DESC' } });
        if (!pv) throw new DomainError('SESSION.NOT_DELIBERATING', "Aucun PV à signer : la délibération n'est pas close.");
        const jurors = await m.find(SessionJuror, { where: { sessionId: id } });
        if (!jurors.some((j) => j.userId === user.id))
          throw new DomainError('AUTH.FORBIDDEN', 'Seuls les membres du jury de la session signent le PV.');
        if (await m.exists(PvSignature, { where: { pvVersionId: pv.id, userId: user.id } })) throw pvSigned();
        await m.insert(PvSignature, { pvVersionId: pv.id, userId: user.id });
        await this.audit.record(m, {
          actorId: user.id,
          action: 'jury_session.sign_pv',
          entity: 'jury_session',
          entityId: id,
          after: { version: pv.version, sha256: pv.sha256 },
        });
        const signed = await m.count(PvSignature, { where: { pvVersionId: pv.id } });
        if (signed === jurors.length) await this.recordAwards(m, session, pv, user.id);
      });
    } catch (error) {
      if (pgCode(error) === '23505') throw pvSigned();
      throw error;
    }
    return this.pvView(this.dataSource.manager, id);
  }

  /** R-DEC-4: a correction is a new version with a reason, pointing to the one it corrects, signed again. */
  async rectify(actor: AuthUser, id: string, input: RectificationDto): Promise<PvView> {
    const session = await this.visible(actor, id);
    const title = await this.referential.structureById(session.certificationId);
    await this.dataSource.transaction(async (m) => {
      await this.lock(m, id);
      const previous = await m.findOne(PvVersion, { where: { sessionId: id }, order: { version: 'DESC' } });
      if (!previous || !(await this.latestPvComplete(m, id))) {
        throw new DomainError(
          'SESSION.PV_NOT_SIGNED',
          "Le PV n'est pas entièrement signé : corrigez les résultats avant les signatures, pas par rectification.",
        );
      }
      const candidates = await m.find(SessionCandidate, { where: { sessionId: id } });
      const byCode = new Map(title.ccps.map((c) => [c.code, c.id]));
      const codeOf = new Map(title.ccps.map((c) => [c.id, c.code]));
      const content: PvContent = JSON.parse(JSON.stringify(previous.content)) as PvContent;
      // A rectification of a PV drafted before issue 12 names the CCPs and the birth dates as new PVs do.
      content.ccps ??= title.ccps.map(({ code, number, title: ccpTitle }) => ({ code, number, title: ccpTitle }));
      if (content.candidates.some((c) => !c.birthDate)) {
        const births = new Map(
          (
            await this.learners.learnersByIds(
              content.candidates.map((c) => c.learnerId),
              m,
            )
          ).map((l) => [l.id, l.birthDate]),
        );
        for (const c of content.candidates) c.birthDate ??= births.get(c.learnerId);
      }
      const heldNow = await this.booklet.heldCcpIds(
        candidates.map((c) => c.learnerId),
        m,
      );
      for (const [i, r] of input.results.entries()) {
        const candidate = candidates.find((c) => c.learnerId === r.learnerId);
        const entry = content.candidates.find((c) => c.learnerId === r.learnerId);
        if (!candidate || !entry)
          throw DomainError.validation([{ field: `results[${i}].learnerId`, message: "Ce candidat n'est pas de cette session." }]);
        const ccpResults = r.ccpResults
          .filter((x) => byCode.has(x.ccpCode))
          .map((x) => ({ ccpId: byCode.get(x.ccpCode)!, awarded: x.awarded }));
        // Held before this session: what is held now, less what this session's PV awarded.
        const heldBefore = new Set(
          [...(heldNow.get(r.learnerId) ?? [])].filter((cid) => !entry.ccpsAwarded.includes(codeOf.get(cid) ?? '')),
        );
        const refusals = checkResult(
          { attendance: r.attendance, ccpResults, finalInterviewHeld: r.finalInterviewHeld, titleAwarded: r.titleAwarded },
          {
            assessedCcpIds: candidate.ccpIds,
            titleCcpIds: title.ccps.map((c) => c.id),
            heldBefore,
            finalInterview: candidate.finalInterview,
          },
        );
        if (refusals.length) throw refuse(refusals);
        Object.assign(entry, {
          attendance: r.attendance,
          ccpsAwarded: r.attendance === 'absent' ? [] : ccpResults.filter((x) => x.awarded).map((x) => codeOf.get(x.ccpId)!),
          finalInterviewHeld: r.attendance === 'present' && !!r.finalInterviewHeld,
          titleAwarded: r.attendance === 'present' && !!r.titleAwarded,
          outcome: outcomeOf({ attendance: r.attendance, ccpResults, titleAwarded: r.titleAwarded }),
          comment: r.comment ?? entry.comment,
          // Observations per CCP: those of the rectified results when given, else the PV's (a PV
          // drafted before issue 12 has none and gets none unless given).
          ...(r.ccpResults.some((x) => x.comment)
            ? {
                ccpComments: r.ccpResults
                  .filter((x) => x.comment && byCode.has(x.ccpCode))
                  .map((x) => ({ ccpCode: x.ccpCode, comment: x.comment! })),
              }
            : {}),
        } satisfies Partial<PvCandidate>);
      }
      await this.savePv(m, id, previous.version + 1, content, input.reason, previous.id);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'jury_session.rectify_pv',
        entity: 'jury_session',
        entityId: id,
        before: { version: previous.version },
        after: { version: previous.version + 1, reason: input.reason },
      });
    });
    return this.pvView(this.dataSource.manager, id);
  }

  async validateDreets(actor: AuthUser, id: string, input: DreetsValidationDto): Promise<SessionView> {
    await this.visible(actor, id);
    return this.dataSource.transaction(async (m) => {
      const session = await this.lock(m, id);
      if (!(await this.latestPvComplete(m, id)))
        throw new DomainError('SESSION.PV_NOT_SIGNED', "Le PV n'est pas entièrement signé : rien à valider.", undefined, 'R-DEC-5');
      if (input.validatedOn < session.endDate)
        throw DomainError.validation([
          {
            field: 'validatedOn',
            message: `La validation DREETS ne peut pas précéder la fin de la session (${frenchDate(session.endDate)}).`,
          },
        ]);
      if (session.dreetsValidatedOn)
        throw new DomainError(
          'SESSION.ALREADY_VALIDATED',
          `La DREETS a déjà validé cette session le ${frenchDate(session.dreetsValidatedOn)}.`,
          undefined,
          'R-DEC-5',
        );
      await m.update(JurySession, { id }, { dreetsValidatedOn: input.validatedOn, dreetsReference: input.reference });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'jury_session.dreets_validation',
        entity: 'jury_session',
        entityId: id,
        after: input,
      });
      const [view] = await this.views(m, [await m.findOneByOrFail(JurySession, { id })]);
      return view;
    });
  }

  async fileAppeal(actor: AuthUser, id: string, learnerId: string, input: AppealInputDto): Promise<Appeal> {
    await this.visible(actor, id);
    return this.dataSource.transaction(async (m) => {
      if (!(await m.exists(SessionCandidate, { where: { sessionId: id, learnerId } })))
        throw DomainError.notFound('Ce candidat dans la session');
      if (!(await this.latestPvComplete(m, id)))
        throw new DomainError(
          'SESSION.PV_NOT_SIGNED',
          "Un recours porte sur un résultat notifié : le PV n'est pas encore signé.",
          undefined,
          'R-SES-3',
        );
      const appeal = await m.save(m.create(Appeal, { sessionId: id, learnerId, ...input, outcome: null, decidedOn: null }));
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'jury_session.appeal',
        entity: 'jury_session',
        entityId: id,
        after: { learnerId, ...input },
      });
      return appeal;
    });
  }

  async decideAppeal(actor: AuthUser, id: string, learnerId: string, appealId: string, input: AppealDecisionDto): Promise<Appeal> {
    await this.visible(actor, id);
    return this.dataSource.transaction(async (m) => {
      const appeal = await m.findOne(Appeal, { where: { id: appealId, sessionId: id, learnerId }, lock: { mode: 'pessimistic_write' } });
      if (!appeal) throw DomainError.notFound('Le recours');
      if (appeal.outcome) throw new DomainError('SESSION.APPEAL_DECIDED', 'Ce recours a déjà une issue.', undefined, 'R-SES-3');
      if (input.decidedOn < appeal.filedOn)
        throw DomainError.validation([{ field: 'decidedOn', message: 'La décision précède le dépôt du recours.' }]);
      await m.update(Appeal, { id: appealId }, { outcome: input.outcome, decidedOn: input.decidedOn });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'jury_session.appeal_decision',
        entity: 'jury_session',
        entityId: id,
        after: { appealId, ...input },
      });
      return { ...appeal, ...input };
    });
  }

  async appeals(id: string): Promise<Appeal[]> {
    return this.dataSource.getRepository(Appeal).find({ where: { sessionId: id }, order: { createdAt: 'ASC' } });
  }

  // ------------------------------------------------------------------ internals

  /** A session the caller may see: admins all, jurors theirs (others 404). */
  async visible(user: AuthUser, id: string): Promise<JurySession> {
    const qb = this.dataSource.getRepository(JurySession).createQueryBuilder('s').where('s.id = :id', { id });
    if (!user.roles.includes('admin'))
      qb.andWhere('s.id IN (SELECT j.session_id FROM session_jurors j WHERE j.user_id = :uid)', { uid: user.id });
    const session = await qb.getOne();
    if (!session) throw DomainError.notFound('La session');
    return session;
  }

  private async lock(m: EntityManager, id: string): Promise<JurySession> {
    const session = await m.findOne(JurySession, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!session) throw DomainError.notFound('La session');
    return session;
  }

  /** A change allowed only before the deliberation opens, in one transaction with the session locked. */
  private async planned<T>(
    actor: AuthUser,
    id: string,
    action: string,
    work: (m: EntityManager, session: JurySession, title: TitleStructure) => Promise<T>,
  ): Promise<SessionView> {
    await this.visible(actor, id);
    return this.dataSource.transaction(async (m) => {
      const session = await this.lock(m, id);
      if (session.deliberationOpenedAt) throw notPlanned();
      const title = await this.referential.structureById(session.certificationId, m);
      const after = await work(m, session, title);
      await this.audit.record(m, { actorId: actor.id, action, entity: 'jury_session', entityId: id, after });
      const [view] = await this.views(m, [session]);
      return view;
    });
  }

  /** Loads what the eligibility rule reads for one learner (a fixed number of queries) and applies it. */
  private async eligibility(
    m: EntityManager,
    session: JurySession,
    sessionCcpIds: string[],
    title: TitleStructure,
    learner: LearnerRecord,
    requested?: string[],
  ): Promise<EligibilityDecision> {
    const held = (await this.booklet.heldCcpIds([learner.id], m)).get(learner.id) ?? new Set<string>();
    const locked = (await this.ecf.lockedSynthesisCcps([learner.id])).get(learner.id) ?? new Set<string>();
    const submitted = await this.files.submittedLearners([learner.id]);
    const history = (await this.facts.historyOf([learner.id])).get(learner.id) ?? [];
    const starts = (await this.learners.cohortStartDates([learner.id], m)).get(learner.id) ?? [];
    return checkEligibility({
      session: {
        type: session.type,
        certificationId: session.certificationId,
        ccpIds: sessionCcpIds,
        startDate: session.startDate,
        endDate: session.endDate,
      },
      title: { id: title.id, code: title.code, validUntil: title.validUntil, ccps: title.ccps },
      learner: {
        pathway: learner.pathway,
        certificationId: learner.certificationId,
        vaeAdmissibilityDate: learner.vaeAdmissibilityDate,
        cohortStartDates: starts,
      },
      held,
      lockedEcf: locked,
      dpSubmitted: submitted.has(learner.id),
      history: history.filter((h) => h.certificationId === title.id).map((h) => ({ startDate: h.startDate, outcome: h.outcome })),
      requestedCcpCodes: requested,
    });
  }

  /** R-JURY-3 between jurors and learners: trained (cohort or ECF), same employer, declared. */
  private async conflicts(
    m: EntityManager,
    jurorIds: string[],
    learnerIds: string[],
  ): Promise<{ learnerId: string; link: 'trainer' | 'employer' | 'declared'; jurorId: string }[]> {
    if (jurorIds.length === 0 || learnerIds.length === 0) return [];
    const trained = [
      ...(await this.learners.trainerLinks(learnerIds, jurorIds, m)),
      ...(await this.ecf.evaluatorLinks(learnerIds, jurorIds)),
    ];
    const profiles = await m.find(JurorProfile, { where: { userId: In(jurorIds) } });
    const declared = await m.find(DeclaredLink, { where: { jurorId: In(jurorIds), learnerId: In(learnerIds) } });
    const learners = await this.learners.learnersByIds(learnerIds, m);
    return jurorIds.flatMap((jurorId) =>
      findConflicts(
        {
          id: jurorId,
          employer: profiles.find((p) => p.userId === jurorId)?.employer ?? null,
          trainedLearnerIds: new Set(trained.filter((t) => t.userId === jurorId).map((t) => t.learnerId)),
          declaredLearnerIds: new Set(declared.filter((d) => d.jurorId === jurorId).map((d) => d.learnerId)),
        },
        learners.map((l) => ({ learnerId: l.id, employer: l.employer })),
      ).map((c) => ({ ...c, jurorId })),
    );
  }

  private async pvContent(
    m: EntityManager,
    session: JurySession,
    candidates: SessionCandidate[],
    results: CandidateResult[],
  ): Promise<PvContent> {
    const title = await this.referential.structureById(session.certificationId, m);
    const codeOf = new Map(title.ccps.map((c) => [c.id, c.code]));
    const jurors = await m.find(SessionJuror, { where: { sessionId: session.id } });
    const president = session.presidentId && jurors.some((j) => j.userId === session.presidentId) ? session.presidentId : null;
    const people = new Map((await this.users.findMany(jurors.map((j) => j.userId))).map((u) => [u.id, u.fullName]));
    const learners = new Map(
      (
        await this.learners.learnersByIds(
          candidates.map((c) => c.learnerId),
          m,
        )
      ).map((l) => [l.id, l]),
    );
    return {
      sessionId: session.id,
      type: session.type,
      certification: { code: title.code, name: title.name },
      startDate: session.startDate,
      endDate: session.endDate,
      site: session.site,
      ceresReference: session.ceresReference,
      jurors: jurors
        .map((j) => ({ userId: j.userId, fullName: people.get(j.userId) ?? '' }))
        .sort((a, b) => a.fullName.localeCompare(b.fullName, 'fr')),
      ccps: title.ccps.map(({ code, number, title: ccpTitle }) => ({ code, number, title: ccpTitle })),
      president: president ? { userId: president, fullName: people.get(president) ?? '' } : null,
      candidates: candidates
        .map((c) => {
          const r = results.find((x) => x.learnerId === c.learnerId)!;
          const l = learners.get(c.learnerId)!;
          return {
            learnerId: c.learnerId,
            fullName: `${l.lastName.toUpperCase()} ${l.firstName}`,
            attendance: r.attendance,
            ccpsAssessed: c.ccpIds.map((id) => codeOf.get(id)!),
            ccpsAwarded: r.ccpResults.filter((x) => x.awarded).map((x) => codeOf.get(x.ccpId)!),
            finalInterview: c.finalInterview,
            finalInterviewHeld: r.finalInterviewHeld,
            titleAwarded: r.titleAwarded,
            outcome: r.outcome,
            overrides: c.overrides.map(({ codes, reason }) => ({ codes, reason })),
            comment: r.comment,
            birthDate: l.birthDate,
            ccpComments: r.ccpResults.filter((x) => x.comment).map((x) => ({ ccpCode: codeOf.get(x.ccpId)!, comment: x.comment! })),
          };
        })
        .sort((a, b) => a.fullName.localeCompare(b.fullName, 'fr')),
    };
  }

  private async savePv(
    m: EntityManager,
    sessionId: string,
    version: number,
    content: PvContent,
    reason: string | null,
    rectifiesId: string | null,
  ): Promise<void> {
    const sha256 = pvHash({ version, reason, content });
    await m.insert(PvVersion, { sessionId, version, content, sha256, reason, rectifiesId });
  }

  /**
   * The PV's content is hashed when it is drafted; it is checked again on every read, so that a
   * PV changed behind the application's back (by SQL, a restored backup) is never shown as signed.
   */
  private verifyPv(pv: PvVersion): void {
    if (pvHash(pv) === pv.sha256) return;
    this.logger.error(`PV ${pv.id} (version ${pv.version}) : empreinte sha256 différente du contenu`);
    throw new DomainError(
      'PV.INTEGRITY_FAILED',
      "Le contenu de ce PV ne correspond plus à son empreinte sha256 : il a été modifié hors de l'application. Il n'est pas affiché ; prévenez l'administrateur du centre.",
      [{ pvVersion: pv.version, sha256: pv.sha256 }],
    );
  }

  private async latestPvComplete(m: EntityManager, id: string): Promise<boolean> {
    const pv = await m.findOne(PvVersion, { where: { sessionId: id }, order: { version: 'DESC' } });
    if (!pv) return false;
    const jurors = await m.count(SessionJuror, { where: { sessionId: id } });
    return jurors > 0 && (await m.count(PvSignature, { where: { pvVersionId: pv.id } })) >= jurors;
  }

  /** The PV is complete: CCP and title awards go to the ledger; a rectification withdraws what it removed. */
  private async recordAwards(m: EntityManager, session: JurySession, pv: PvVersion, actorId: string): Promise<void> {
    const title = await this.referential.structureById(session.certificationId, m);
    const idOf = new Map(title.ccps.map((c) => [c.code, c.id]));
    await this.booklet.recordSessionAwards(
      m,
      pv.content.candidates.map((c) => ({
        learnerId: c.learnerId,
        ccpIds: c.ccpsAwarded.map((code) => idOf.get(code)!),
        titleCertificationId: c.titleAwarded ? title.id : null,
      })),
      { id: session.id, pvVersionId: pv.id, awardedOn: session.endDate },
      actorId,
    );
    if (pv.rectifiesId) {
      const previous = await m.findOneByOrFail(PvVersion, { id: pv.rectifiesId });
      for (const before of previous.content.candidates) {
        const now = pv.content.candidates.find((c) => c.learnerId === before.learnerId);
        for (const code of before.ccpsAwarded.filter((code) => !now?.ccpsAwarded.includes(code))) {
          await this.booklet.withdraw(
            m,
            before.learnerId,
            idOf.get(code)!,
            `Rectification du PV (version ${pv.version}) : ${pv.reason ?? ''}`,
            actorId,
          );
        }
      }
    }
    await this.audit.record(m, {
      actorId,
      action: 'jury_session.pv_complete',
      entity: 'jury_session',
      entityId: session.id,
      after: { version: pv.version },
    });
  }

  private async pvView(m: EntityManager, id: string): Promise<PvView> {
    const pv = await m.findOne(PvVersion, { where: { sessionId: id }, order: { version: 'DESC' } });
    if (!pv) throw DomainError.notFound("Le PV (la délibération n'est pas close)");
    this.verifyPv(pv);
    const signatures = await m.find(PvSignature, { where: { pvVersionId: pv.id }, order: { signedAt: 'ASC' } });
    const jurors = await m.count(SessionJuror, { where: { sessionId: id } });
    const names = new Map(pv.content.jurors.map((j) => [j.userId, j.fullName]));
    return {
      sessionId: id,
      version: pv.version,
      candidates: pv.content.candidates.map(({ learnerId, fullName, attendance, ccpsAwarded, titleAwarded, outcome }) => ({
        learnerId,
        fullName,
        attendance,
        ccpsAwarded,
        titleAwarded,
        outcome,
      })),
      signatures: signatures.map((s) => ({ userId: s.userId, fullName: names.get(s.userId) ?? '', signedAt: s.signedAt.toISOString() })),
      complete: jurors > 0 && signatures.length >= jurors,
      sha256: pv.sha256,
      reason: pv.reason,
      president: pv.content.president ?? null,
      content: pv.content,
    };
  }

  private resultView(
    r: Pick<CandidateResult, 'attendance' | 'ccpResults' | 'finalInterviewHeld' | 'titleAwarded' | 'comment' | 'outcome'>,
    title: TitleStructure,
  ): ResultView {
    const codeOf = new Map(title.ccps.map((c) => [c.id, c.code]));
    return {
      attendance: r.attendance,
      ccpResults: r.ccpResults.map((x) => ({
        ccpCode: codeOf.get(x.ccpId)!,
        awarded: x.awarded,
        ...(x.comment ? { comment: x.comment } : {}),
      })),
      finalInterviewHeld: r.finalInterviewHeld,
      titleAwarded: r.titleAwarded,
      comment: r.comment,
      outcome: r.outcome,
    };
  }

  /** Views of several sessions in a fixed number of queries. */
  async views(m: EntityManager, sessions: JurySession[]): Promise<SessionView[]> {
    if (sessions.length === 0) return [];
    const ids = sessions.map((s) => s.id);
    const ccps = await m.find(SessionCcp, { where: { sessionId: In(ids) } });
    const jurors = await m.find(SessionJuror, { where: { sessionId: In(ids) } });
    const candidates = await m.find(SessionCandidate, { where: { sessionId: In(ids) } });
    const results = await m.find(CandidateResult, { where: { sessionId: In(ids) } });
    const appeals = await m.find(Appeal, { where: { sessionId: In(ids) }, order: { createdAt: 'ASC' } });
    const pvs: { session_id: string; signatures: number }[] = await m.query(
      `SELECT DISTINCT ON (v.session_id) v.session_id, (SELECT count(*)::int FROM pv_signatures g WHERE g.pv_version_id = v.id) AS signatures
       FROM pv_versions v WHERE v.session_id = ANY($1) ORDER BY v.session_id, v.version DESC`,
      [ids],
    );
    const titles = await this.referential.structures({ ids: [...new Set(sessions.map((s) => s.certificationId))] }, m);
    const people = new Map((await this.users.findMany([...new Set(jurors.map((j) => j.userId))])).map((u) => [u.id, u.fullName]));
    const learners = new Map(
      (await this.learners.learnersByIds([...new Set(candidates.map((c) => c.learnerId))], m)).map((l) => [l.id, l]),
    );
    const today = todayInFrance();
    return sessions.map((s) => {
      const title = titles.find((t) => t.id === s.certificationId)!;
      const codeOf = new Map(title.ccps.map((c) => [c.id, c.code]));
      const mine = jurors.filter((j) => j.sessionId === s.id);
      const pv = pvs.find((p) => p.session_id === s.id);
      const complete = !!pv && mine.length > 0 && pv.signatures >= mine.length;
      const status: SessionStatus = !s.deliberationOpenedAt
        ? 'planned'
        : !s.deliberationClosedAt
          ? 'deliberating'
          : !complete
            ? 'awaiting_signatures'
            : s.dreetsValidatedOn
              ? 'validated'
              : 'closed';
      const deadline = convocationDeadline(s, addMonths, addDays);
      return {
        id: s.id,
        type: s.type,
        certificationCode: title.code,
        ccpCodes: title.ccps.filter((c) => ccps.some((x) => x.sessionId === s.id && x.ccpId === c.id)).map((c) => c.code),
        startDate: s.startDate,
        endDate: s.endDate,
        site: s.site,
        startTime: s.startTime,
        address: s.address,
        presidentId: s.presidentId,
        president: s.presidentId ? { userId: s.presidentId, fullName: people.get(s.presidentId) ?? '' } : null,
        sessionManagerId: s.sessionManagerId,
        ceresReference: s.ceresReference,
        status,
        jurors: mine.map((j) => ({ userId: j.userId, fullName: people.get(j.userId) ?? '' })),
        candidates: candidates
          .filter((c) => c.sessionId === s.id)
          .map((c) => {
            const l = learners.get(c.learnerId)!;
            const r = results.find((x) => x.sessionId === s.id && x.learnerId === c.learnerId);
            return {
              learnerId: c.learnerId,
              fullName: `${l.lastName.toUpperCase()} ${l.firstName}`,
              ccpCodes: c.ccpIds.map((id) => codeOf.get(id)!),
              finalInterview: c.finalInterview,
              accommodations: l.accommodations,
              result: r ? this.resultView(r, title) : null,
              overrides: c.overrides.map(({ codes, reason }) => ({ codes, reason })),
            };
          })
          .sort((a, b) => a.fullName.localeCompare(b.fullName, 'fr')),
        dreetsValidation: s.dreetsValidatedOn ? { validatedOn: s.dreetsValidatedOn, reference: s.dreetsReference ?? '' } : null,
        appeals: appeals
          .filter((a) => a.sessionId === s.id)
          .map(({ id, learnerId, filedOn, kind, summary, outcome, decidedOn }) => ({
            id,
            learnerId,
            filedOn,
            kind,
            summary,
            outcome,
            decidedOn,
          })),
        warnings:
          status === 'planned' && today > deadline && today <= s.endDate
            ? [
                {
                  code: 'SESSION.LATE_CONVOCATION',
                  message: `Convocations tardives : pour une session ${s.type === 'title' ? 'titre, 1 mois' : 'CCP, 15 jours'} avant, soit le ${frenchDate(deadline)} au plus tard (R-SES-1, politique du centre).`,
                },
              ]
            : sessionToClose({ status, startDate: s.startDate, endDate: s.endDate }, today)
              ? [
                  {
                    code: 'SESSION.TO_CLOSE',
                    message: `La session s'est terminée le ${frenchDate(s.endDate)} : elle est à clôturer (délibération, PV, signatures).`,
                  },
                ]
              : [],
      };
    });
  }
}

function notPlanned(): DomainError {
  return new DomainError('SESSION.NOT_PLANNED', 'La délibération est ouverte : le jury et les candidats ne peuvent plus changer.');
}
function alreadyRegistered(): DomainError {
  return new DomainError('SESSION.ALREADY_REGISTERED', 'Ce candidat est déjà inscrit à cette session.');
}
function pvSigned(): DomainError {
  return new DomainError(
    'SESSION.PV_SIGNED',
    'Le PV est signé : il ne change plus. Une correction passe par une rectification.',
    undefined,
    'R-DEC-4',
  );
}
