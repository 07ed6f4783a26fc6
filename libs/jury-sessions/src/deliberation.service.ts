import { Injectable } from '@nestjs/common';
import { BookletService } from '@app/booklet';
import { EcfService } from '@app/ecf';
import { AuditService, AuthUser, DomainError, sideBySide } from '@app/platform';
import { LearnersService } from '@app/learners';
import { ProfessionalFilesService } from '@app/professional-files';
import { ReferentialService } from '@app/referential';
import { checkJurorCount, checkResult, frenchDate, outcomeOf, todayInFrance } from '@app/rules';
import { ResultInputDto } from './dto/jury-session.dto';
import { CandidateResult, JurySession, SessionCandidate, SessionJuror } from './entities/jury-session.entity';
import { notPlanned, pvSigned, refuse } from './jury-errors';
import { JurySessionsRepository } from './jury-sessions.repository';
import { PvService } from './pv.service';
import { PvView, ResultView, resultView, SessionView } from './session-views';

/** The deliberation: the candidate's dossier, opening (R-JURY-1, R-ELIG-5), results (R-DEC-1…3), closing (R-DEC-4). */
@Injectable()
export class DeliberationService {
  constructor(
    private readonly repo: JurySessionsRepository,
    private readonly pvs: PvService,
    private readonly audit: AuditService,
    private readonly referential: ReferentialService,
    private readonly ecf: EcfService,
    private readonly files: ProfessionalFilesService,
    private readonly booklet: BookletService,
    private readonly learners: LearnersService,
  ) {}

  /** Everything the jury decides on for one candidate, in one answer (bounded queries). */
  async dossier(user: AuthUser, id: string, learnerId: string): Promise<Record<string, unknown>> {
    // The session and the candidate (one statement) beside the caller's right to the learner (one);
    // then the three libs' parts side by side, each one or two statements (issue 15).
    const [found, access] = await sideBySide(
      () => this.repo.visibleCandidate(user, id, learnerId),
      () =>
        this.learners.learnerFor(user, learnerId, 'read').then(
          ({ learner }) => ({ learner, error: null }),
          (error: unknown) => ({ learner: null, error }),
        ),
    );
    // The same refusals, in the same order, as when they were read one after the other.
    if (!found) throw DomainError.notFound('La session');
    const { session, candidate } = found;
    if (!candidate) throw DomainError.notFound('Ce candidat dans la session');
    if (!access.learner) throw access.error;
    const learner = access.learner;
    const [ecf, professionalFile, booklet] = await sideBySide(
      () => this.ecf.bundleOf(learner),
      () => this.files.bundleOf(learner).then((b) => b.view),
      () => this.booklet.bundleOf(learner),
    );
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

  async openDeliberation(user: AuthUser, id: string): Promise<SessionView> {
    await this.repo.visible(user, id);
    return this.repo.transaction(async (m) => {
      const session = await this.repo.lock(id);
      if (session.deliberationOpenedAt) throw notPlanned();
      // The jury deliberates on what it saw at the session: never before its first day (Paris).
      if (session.startDate > todayInFrance())
        throw new DomainError(
          'SESSION.NOT_STARTED',
          `La session commence le ${frenchDate(session.startDate)} : la délibération ne peut pas s'ouvrir avant.`,
        );
      const few = checkJurorCount(await m.count(SessionJuror, { where: { sessionId: id } }));
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
      return this.repo.view(await m.findOneByOrFail(JurySession, { id }));
    });
  }

  async recordResult(user: AuthUser, id: string, learnerId: string, input: ResultInputDto): Promise<ResultView> {
    const session = await this.repo.visible(user, id);
    if (!(await this.repo.db.exists(SessionJuror, { where: { sessionId: id, userId: user.id } }))) {
      throw new DomainError('AUTH.FORBIDDEN', 'Seuls les membres du jury de la session enregistrent les résultats.');
    }
    const title = await this.referential.structureById(session.certificationId);
    return this.repo.transaction(async (m) => {
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
        throw (await this.repo.latestPvComplete(id))
          ? pvSigned()
          : new DomainError('SESSION.NOT_DELIBERATING', "La délibération n'est pas ouverte : les résultats ne peuvent pas être modifiés.");
      }
      const byCode = new Map(title.ccps.map((c) => [c.code, c.id]));
      const unknown = input.ccpResults.filter((r) => !byCode.has(r.ccpCode));
      const ccpResults = input.ccpResults
        .filter((r) => byCode.has(r.ccpCode))
        .map((r) => ({ ccpId: byCode.get(r.ccpCode)!, awarded: r.awarded, ...(r.comment ? { comment: r.comment } : {}) }));
      const held = (await this.booklet.heldCcpIds([learnerId])).get(learnerId) ?? new Set<string>();
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
      return resultView(row, title);
    });
  }

  /** R-DEC-4: every candidate has an outcome; the PV (version 1) is drafted and hashed. */
  async closeDeliberation(user: AuthUser, id: string): Promise<PvView> {
    await this.repo.visible(user, id);
    await this.repo.transaction(async (m) => {
      const session = await this.repo.lock(id);
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
      await this.pvs.draft(session, candidates, results);
      await this.audit.record(m, { actorId: user.id, action: 'jury_session.close_deliberation', entity: 'jury_session', entityId: id });
    });
    return this.pvs.pv(user, id);
  }
}
