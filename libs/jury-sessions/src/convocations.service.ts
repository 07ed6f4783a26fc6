import { Injectable } from '@nestjs/common';
import { UsersService } from '@app/auth';
import { LearnersService } from '@app/learners';
import { AuditService, AuthUser, DomainError, NewMessage, OutboxService } from '@app/platform';
import { frenchDate, todayInFrance } from '@app/rules';
import { frenchTime } from './documents/wording';
import { ConvocationRecipient, JurySession } from './entities/jury-session.entity';
import { JurySessionsRepository } from './jury-sessions.repository';
import { asciiFileName, convocationCandidateMessage, convocationJurorMessage } from './messages';
import { SessionDocumentsService } from './session-documents.service';

export interface ConvocationsSent {
  queued: number;
  recipients: ConvocationRecipient[];
  /** Candidates not sent to (no e-mail address), to tell staff to hand them their convocation. */
  skipped: (ConvocationRecipient & { reason: string })[];
}

/** « le 12/03/2027 à 10 h 05 » (Paris). */
function frenchMoment(at: Date): string {
  const hhmm = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
  return `le ${frenchDate(todayInFrance(at))} à ${frenchTime(hhmm)}`;
}

/**
 * « Envoyer les convocations » (issue 14, part 4): one e-mail per candidate and per juror, each with
 * their own convocation PDF, written in one transaction with the session's `convocations_sent_at`
 * under the session's row lock — twenty clicks at once make one batch. Sending again needs
 * `resend` (409 SESSION.CONVOCATIONS_SENT says to whom and when). Only while the session is planned:
 * once the jury deliberates, a convocation has nothing left to convene to.
 */
@Injectable()
export class ConvocationsService {
  constructor(
    private readonly repo: JurySessionsRepository,
    private readonly documents: SessionDocumentsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly learners: LearnersService,
    private readonly users: UsersService,
  ) {}

  async send(actor: AuthUser, id: string, input: { resend?: boolean }): Promise<ConvocationsSent> {
    const seen = await this.repo.visible(actor, id);
    // Answered without waiting on the lock when it is plainly already sent.
    if (seen.convocationsSentAt && input.resend !== true) throw alreadySent(seen);
    return this.repo.transaction(async (m) => {
      const session = await this.repo.lock(id);
      if (session.convocationsSentAt && input.resend !== true) throw alreadySent(session);
      const view = await this.repo.view(session);
      if (view.status !== 'planned')
        throw new DomainError(
          'SESSION.NOT_PLANNED',
          "La délibération de cette session est ouverte ou close : il n'y a plus de convocations à envoyer.",
        );
      const people = await this.learners.learnersByIds(view.candidates.map((c) => c.learnerId));
      const learnerOf = new Map(people.map((l) => [l.id, l]));
      const jurorOf = new Map((await this.users.findMany(view.jurors.map((j) => j.userId))).map((u) => [u.id, u]));
      const { title, candidates, jurors } = await this.documents.personalConvocations(view);

      const messages: NewMessage[] = [];
      const recipients: ConvocationRecipient[] = [];
      const skipped: ConvocationsSent['skipped'] = [];
      for (const { candidate, pdf } of candidates) {
        const learner = learnerOf.get(candidate.learnerId);
        const address = learner?.email?.trim();
        if (!learner || !address) {
          skipped.push({ name: candidate.fullName, kind: 'candidate', reason: "Pas d'adresse e-mail : remettez-lui sa convocation." });
          continue;
        }
        const filename = asciiFileName('convocation', learner.lastName, learner.firstName);
        messages.push({
          kind: 'convocation_candidate',
          to: { address, name: `${learner.firstName} ${learner.lastName}` },
          ...convocationCandidateMessage({ firstName: learner.firstName, lastName: learner.lastName, session: view, title, filename }),
          attachments: [{ filename, contentType: 'application/pdf', content: pdf }],
          learnerId: learner.id,
          userId: learner.userId,
          sessionId: id,
          actorId: actor.id,
        });
        recipients.push({ name: candidate.fullName, kind: 'candidate' });
      }
      for (const { juror, pdf } of jurors) {
        const user = jurorOf.get(juror.userId);
        if (!user?.email) {
          skipped.push({ name: juror.fullName, kind: 'juror', reason: "Pas d'adresse e-mail." });
          continue;
        }
        const filename = asciiFileName('convocation-jury', juror.fullName);
        messages.push({
          kind: 'convocation_juror',
          to: { address: user.email, name: user.fullName },
          ...convocationJurorMessage({ fullName: user.fullName, session: view, title, candidates: view.candidates.length, filename }),
          attachments: [{ filename, contentType: 'application/pdf', content: pdf }],
          userId: user.id,
          sessionId: id,
          actorId: actor.id,
        });
        recipients.push({ name: juror.fullName, kind: 'juror' });
      }
      const ids = await this.outbox.enqueue(messages);
      if (ids.length > 0) {
        await m.update(JurySession, { id }, { convocationsSentAt: new Date(), convocationsSentTo: recipients });
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'jury_session.send_convocations',
          entity: 'jury_session',
          entityId: id,
          before: session.convocationsSentAt ? { convocationsSentAt: session.convocationsSentAt.toISOString() } : null,
          after: { queued: ids.length, resend: input.resend === true, recipients, skipped },
        });
      }
      return { queued: ids.length, recipients, skipped };
    });
  }
}

function alreadySent(session: JurySession): DomainError {
  const to = session.convocationsSentTo ?? [];
  const at = session.convocationsSentAt!;
  const names = to.map((r) => r.name);
  const list = names.length > 5 ? `${names.slice(0, 5).join(', ')} et ${names.length - 5} autre(s)` : names.join(', ');
  return new DomainError(
    'SESSION.CONVOCATIONS_SENT',
    `Les convocations ont déjà été envoyées ${frenchMoment(at)}${list ? ` à ${list}` : ''}. Pour les envoyer de nouveau, choisissez « Renvoyer ».`,
    to.map((r) => ({ name: r.name, kind: r.kind, sentAt: at.toISOString() })),
  );
}
