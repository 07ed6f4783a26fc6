import { Injectable } from '@nestjs/common';
import { AuditService, AuthUser, DomainError } from '@app/platform';
import { AppealDecisionDto, AppealInputDto } from './dto/jury-session.dto';
import { Appeal, SessionCandidate } from './entities/jury-session.entity';
import { JurySessionsRepository } from './jury-sessions.repository';

/** Appeals on a notified result (R-SES-3): filed once the PV is signed, decided once. */
@Injectable()
export class AppealsService {
  constructor(
    private readonly repo: JurySessionsRepository,
    private readonly audit: AuditService,
  ) {}

  async fileAppeal(actor: AuthUser, id: string, learnerId: string, input: AppealInputDto): Promise<Appeal> {
    await this.repo.visible(actor, id);
    return this.repo.transaction(async (m) => {
      if (!(await m.exists(SessionCandidate, { where: { sessionId: id, learnerId } })))
        throw DomainError.notFound('Ce candidat dans la session');
      if (!(await this.repo.latestPvComplete(id)))
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
    await this.repo.visible(actor, id);
    return this.repo.transaction(async (m) => {
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

  /** A session's appeals, oldest first. */
  async appeals(id: string): Promise<Appeal[]> {
    return this.repo.db.find(Appeal, { where: { sessionId: id }, order: { createdAt: 'ASC' } });
  }
}
