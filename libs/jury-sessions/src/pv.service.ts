import { Inject, Injectable, Logger } from '@nestjs/common';
import { UsersService } from '@app/auth';
import { BookletService } from '@app/booklet';
import { LearnersService } from '@app/learners';
import { APP_CONFIG, AppConfig, AuditService, AuthUser, DomainError, OutboxService } from '@app/platform';
import { ReferentialService } from '@app/referential';
import { checkResult, frenchDate, outcomeOf, pvComplete } from '@app/rules';
import { DreetsValidationDto, RectificationDto } from './dto/jury-session.dto';
import {
  CandidateResult,
  JurySession,
  PvCandidate,
  PvContent,
  PvIdentity,
  PvSignature,
  PvVersion,
  SessionCandidate,
  SessionJuror,
} from './entities/jury-session.entity';
import { pgCode, pvSigned, refuse } from './jury-errors';
import { JurySessionsRepository } from './jury-sessions.repository';
import { resultsAvailableMessage } from './messages';
import {
  CURRENT_PV_HASH_SCHEME,
  draftPvContent,
  isAnonymised,
  pvHash,
  pvVerifies,
  sealIdentity,
  shownContent,
  toScheme2,
} from './pv-content';
import { PvView, SessionView } from './session-views';

/** A PV version as read to be verified and shown. */
type VerifiedPv = Pick<PvVersion, 'id' | 'version' | 'content' | 'sha256' | 'reason'> & Partial<Pick<PvVersion, 'hashScheme' | 'sha256V1'>>;

/**
 * The PV (R-DEC-4): drafted and hashed when the deliberation closes, verified on every read,
 * signed by every juror (then the awards reach the ledger, R-CAP-1), rectified by a new signed
 * version with a reason; the DREETS validation of the results (R-DEC-5).
 */
@Injectable()
export class PvService {
  private readonly logger = new Logger('JurySessions');
  constructor(
    private readonly repo: JurySessionsRepository,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly learners: LearnersService,
    private readonly referential: ReferentialService,
    private readonly booklet: BookletService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** GET …/pv: one statement (JurySessionsRepository.pvRead). */
  async pv(user: AuthUser, id: string): Promise<PvView> {
    const read = await this.repo.pvRead(user, id);
    if (!read) throw DomainError.notFound('La session');
    return this.pvViewOf(id, read);
  }

  /** Version 1, when the deliberation closes (DeliberationService, in its transaction). */
  async draft(session: JurySession, candidates: SessionCandidate[], results: CandidateResult[]): Promise<void> {
    const title = await this.referential.structureById(session.certificationId);
    const jurors = await this.repo.db.find(SessionJuror, { where: { sessionId: session.id } });
    const people = new Map((await this.users.findMany(jurors.map((j) => j.userId))).map((u) => [u.id, u.fullName]));
    const learners = new Map((await this.learners.learnersByIds(candidates.map((c) => c.learnerId))).map((l) => [l.id, l]));
    const content = draftPvContent({ session, title, jurorIds: jurors.map((j) => j.userId), people, learners, candidates, results });
    await this.save(session.id, 1, content, null, null);
  }

  /** A juror signs the latest PV version; when every juror has, awards are recorded (R-DEC-4, R-CAP-1). */
  async signPv(user: AuthUser, id: string): Promise<PvView> {
    await this.repo.visible(user, id);
    try {
      await this.repo.transaction(async (m) => {
        const session = await this.repo.lock(id);
        const pv = await this.repo.latestPv(id);
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
        const signatures = await m.count(PvSignature, { where: { pvVersionId: pv.id } });
        if (pvComplete({ jurors: jurors.length, signatures })) {
          await this.recordAwards(session, pv, user.id);
          await this.notifyResults(session, pv, user.id);
        }
      });
    } catch (error) {
      if (pgCode(error) === '23505') throw pvSigned();
      throw error;
    }
    return this.pvView(id);
  }

  /** R-DEC-4: a correction is a new version with a reason, pointing to the one it corrects, signed again. */
  async rectify(actor: AuthUser, id: string, input: RectificationDto): Promise<PvView> {
    const session = await this.repo.visible(actor, id);
    const title = await this.referential.structureById(session.certificationId);
    await this.repo.transaction(async (m) => {
      await this.repo.lock(id);
      const previous = await this.repo.latestPv(id);
      if (!previous || !(await this.repo.latestPvComplete(id))) {
        throw new DomainError(
          'SESSION.PV_NOT_SIGNED',
          "Le PV n'est pas entièrement signé : corrigez les résultats avant les signatures, pas par rectification.",
        );
      }
      const candidates = await m.find(SessionCandidate, { where: { sessionId: id } });
      const byCode = new Map(title.ccps.map((c) => [c.code, c.id]));
      const codeOf = new Map(title.ccps.map((c) => [c.id, c.code]));
      // The new version is drafted in the current hash scheme (ADR 0014), identities in their blocks.
      const content: PvContent = toScheme2(previous.content);
      // A rectification of a PV drafted before issue 12 names the CCPs and the birth dates as new PVs do.
      content.ccps ??= title.ccps.map(({ code, number, title: ccpTitle }) => ({ code, number, title: ccpTitle }));
      const undated = content.candidates.filter((c) => c.identity && !isAnonymised(c.identity) && !c.identity.birthDate);
      if (undated.length) {
        const births = new Map((await this.learners.learnersByIds(undated.map((c) => c.learnerId))).map((l) => [l.id, l.birthDate]));
        for (const c of undated) {
          const identity = c.identity as PvIdentity;
          if (births.get(c.learnerId)) Object.assign(c, sealIdentity(identity.fullName, births.get(c.learnerId)));
        }
      }
      const heldNow = await this.booklet.heldCcpIds(candidates.map((c) => c.learnerId));
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
      await this.save(id, previous.version + 1, content, input.reason, previous.id);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'jury_session.rectify_pv',
        entity: 'jury_session',
        entityId: id,
        before: { version: previous.version },
        after: { version: previous.version + 1, reason: input.reason },
      });
    });
    return this.pvView(id);
  }

  /** R-DEC-5: the DREETS validated the results of a complete PV, once, not before the session ended. */
  async validateDreets(actor: AuthUser, id: string, input: DreetsValidationDto): Promise<SessionView> {
    await this.repo.visible(actor, id);
    return this.repo.transaction(async (m) => {
      const session = await this.repo.lock(id);
      if (!(await this.repo.latestPvComplete(id)))
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
      return this.repo.view(await m.findOneByOrFail(JurySession, { id }));
    });
  }

  private async save(
    sessionId: string,
    version: number,
    content: PvContent,
    reason: string | null,
    rectifiesId: string | null,
  ): Promise<void> {
    const hashScheme = CURRENT_PV_HASH_SCHEME;
    const sha256 = pvHash({ version, reason, content, hashScheme });
    await this.repo.db.insert(PvVersion, { sessionId, version, content, sha256, reason, rectifiesId, hashScheme });
  }

  /**
   * The PV's content is hashed when it is drafted; it is checked again on every read, so that a
   * PV changed behind the application's back (by SQL, a restored backup) is never shown as signed.
   * Scheme 2 (ADR 0014): the hash, and each identity not anonymised against its digest.
   */
  private verify(pv: VerifiedPv): void {
    if (pvVerifies(pv)) return;
    this.logger.error(`PV ${pv.id} (version ${pv.version}) : empreinte sha256 différente du contenu`);
    throw new DomainError(
      'PV.INTEGRITY_FAILED',
      "Le contenu de ce PV ne correspond plus à son empreinte sha256 : il a été modifié hors de l'application. Il n'est pas affiché ; prévenez l'administrateur du centre.",
      [{ pvVersion: pv.version, sha256: pv.sha256 }],
    );
  }

  /** The PV is complete: CCP and title awards go to the ledger; a rectification withdraws what it removed. */
  private async recordAwards(session: JurySession, pv: PvVersion, actorId: string): Promise<void> {
    const m = this.repo.db;
    const title = await this.referential.structureById(session.certificationId);
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

  /**
   * Issue 14: the PV became complete — « vos résultats sont disponibles » to each candidate with an
   * e-mail, in the signature's transaction. Once per (session, PV version, candidate): a rectified
   * PV, once signed, tells them again; a retried signature does not.
   */
  private async notifyResults(session: JurySession, pv: PvVersion, actorId: string): Promise<void> {
    const learners = await this.learners.learnersByIds(pv.content.candidates.map((c) => c.learnerId));
    const base = this.config.publicUrl ?? `http://localhost:${this.config.port}`;
    await this.outbox.enqueue(
      learners
        .filter((l) => l.email?.trim())
        .map((l) => ({
          kind: 'results_available' as const,
          to: { address: l.email.trim(), name: `${l.firstName} ${l.lastName}` },
          ...resultsAvailableMessage({ firstName: l.firstName, lastName: l.lastName, sessionStart: session.startDate, base }),
          dedupeKey: `results_available:${session.id}:v${pv.version}:${l.id}`,
          learnerId: l.id,
          userId: l.userId,
          sessionId: session.id,
          actorId,
        })),
    );
  }

  private async pvView(id: string): Promise<PvView> {
    const pv = await this.repo.latestPv(id);
    if (!pv) throw DomainError.notFound("Le PV (la délibération n'est pas close)");
    const signatures = await this.repo.db.find(PvSignature, { where: { pvVersionId: pv.id }, order: { signedAt: 'ASC' } });
    const jurors = await this.repo.db.count(SessionJuror, { where: { sessionId: id } });
    return this.pvViewOf(id, { pv, signatures, jurors });
  }

  private pvViewOf(
    id: string,
    {
      pv,
      signatures,
      jurors,
    }: {
      pv: VerifiedPv | null;
      signatures: { userId: string; signedAt: Date }[];
      jurors: number;
    },
  ): PvView {
    if (!pv) throw DomainError.notFound("Le PV (la délibération n'est pas close)");
    this.verify(pv);
    const names = new Map(pv.content.jurors.map((j) => [j.userId, j.fullName]));
    const content = shownContent(pv.content);
    return {
      sessionId: id,
      version: pv.version,
      candidates: content.candidates.map(({ learnerId, fullName, attendance, ccpsAwarded, titleAwarded, outcome }) => ({
        learnerId,
        fullName,
        attendance,
        ccpsAwarded,
        titleAwarded,
        outcome,
      })),
      signatures: signatures.map((s) => ({ userId: s.userId, fullName: names.get(s.userId) ?? '', signedAt: s.signedAt.toISOString() })),
      complete: pvComplete({ jurors, signatures: signatures.length }),
      sha256: pv.sha256,
      ...(pv.sha256V1 && pv.sha256V1 !== pv.sha256 ? { sha256V1: pv.sha256V1 } : {}),
      reason: pv.reason,
      president: pv.content.president ?? null,
      content,
    };
  }
}
