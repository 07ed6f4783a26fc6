import { Injectable } from '@nestjs/common';
import { CentreService } from '@app/centre';
import { LearnersService } from '@app/learners';
import { AuthUser, DomainError } from '@app/platform';
import { ReferentialService } from '@app/referential';
import { todayInFrance } from '@app/rules';
import { renderCandidateConvocation, renderConvocations, renderJurorConvocation } from './documents/convocation.pdf';
import { renderPv } from './documents/pv.pdf';
import { ConvocationCandidate, SessionDocumentContext } from './documents/wording';
import { PvService } from './pv.service';
import { SessionPlanningService } from './session-planning.service';
import { PvView, SessionView } from './session-views';

/**
 * The session's documents as PDF (issue 12): the convocations (all, or one recipient's — the
 * sending of convocations e-mails each candidate and each juror their own) and the PV. Reads the
 * session through SessionPlanningService and the PV through PvService (their visibility), the CCP titles through the référentiel's
 * public API, the birth dates through LearnersService, and the issuer through CentreService.
 */
@Injectable()
export class SessionDocumentsService {
  constructor(
    private readonly sessions: SessionPlanningService,
    private readonly pvs: PvService,
    private readonly referential: ReferentialService,
    private readonly learners: LearnersService,
    private readonly centre: CentreService,
  ) {}

  /** Every convocation of the session: candidates, then jurors. */
  async convocations(user: AuthUser, id: string): Promise<{ session: SessionView; pdf: Buffer }> {
    const session = await this.sessions.get(user, id);
    const { ctx, candidates } = await this.context(session);
    return { session, pdf: await renderConvocations(session, candidates, ctx) };
  }

  async candidateConvocation(
    user: AuthUser,
    id: string,
    learnerId: string,
  ): Promise<{ session: SessionView; fullName: string; pdf: Buffer }> {
    const session = await this.sessions.get(user, id);
    if (!session.candidates.some((c) => c.learnerId === learnerId)) throw DomainError.notFound('Ce candidat dans la session');
    const { ctx, candidates } = await this.context(session, [learnerId]);
    const candidate = candidates.find((c) => c.learnerId === learnerId)!;
    return { session, fullName: candidate.fullName, pdf: await renderCandidateConvocation(session, candidate, ctx) };
  }

  async jurorConvocation(user: AuthUser, id: string, userId: string): Promise<{ session: SessionView; fullName: string; pdf: Buffer }> {
    const session = await this.sessions.get(user, id);
    const juror = session.jurors.find((j) => j.userId === userId);
    if (!juror) throw DomainError.notFound('Ce membre de jury dans la session');
    const { ctx } = await this.context(session, []);
    return { session, fullName: juror.fullName, pdf: await renderJurorConvocation(session, juror, ctx) };
  }

  /**
   * Each recipient's own convocation, rendered for « Envoyer les convocations » (issue 14): the
   * session view is the caller's (read under the session lock), so what is sent is what is locked.
   */
  async personalConvocations(session: SessionView): Promise<{
    title: SessionDocumentContext['title'];
    candidates: { candidate: ConvocationCandidate; pdf: Buffer }[];
    jurors: { juror: SessionView['jurors'][number]; pdf: Buffer }[];
  }> {
    const { ctx, candidates } = await this.context(session);
    const out = {
      title: ctx.title,
      candidates: [] as { candidate: ConvocationCandidate; pdf: Buffer }[],
      jurors: [] as { juror: SessionView['jurors'][number]; pdf: Buffer }[],
    };
    for (const candidate of candidates) out.candidates.push({ candidate, pdf: await renderCandidateConvocation(session, candidate, ctx) });
    for (const juror of session.jurors) out.jurors.push({ juror, pdf: await renderJurorConvocation(session, juror, ctx) });
    return out;
  }

  async pv(user: AuthUser, id: string): Promise<{ pv: PvView; pdf: Buffer }> {
    const pv = await this.pvs.pv(user, id);
    // The CCP titles of a PV drafted before issue 12 come from the référentiel (a title used by a session is not edited).
    const titleCcps = pv.content.ccps ? [] : ((await this.referential.structureByCode(pv.content.certification.code))?.ccps ?? []);
    return { pv, pdf: await renderPv(pv, await this.centre.issuer(), titleCcps) };
  }

  private async context(
    session: SessionView,
    learnerIds = session.candidates.map((c) => c.learnerId),
  ): Promise<{ ctx: SessionDocumentContext; candidates: ConvocationCandidate[] }> {
    const title = await this.referential.structureByCode(session.certificationCode);
    const births = new Map((await this.learners.learnersByIds(learnerIds)).map((l) => [l.id, l.birthDate]));
    return {
      ctx: {
        issuer: await this.centre.issuer(),
        title: {
          code: session.certificationCode,
          name: title?.name ?? '',
          ccps: (title?.ccps ?? []).map(({ code, number, title: ccpTitle }) => ({ code, number, title: ccpTitle })),
        },
        today: todayInFrance(),
      },
      candidates: session.candidates
        .filter((c) => learnerIds.includes(c.learnerId))
        .map((c) => ({ ...c, birthDate: births.get(c.learnerId) ?? null })),
    };
  }
}
