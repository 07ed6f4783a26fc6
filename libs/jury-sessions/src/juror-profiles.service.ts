import { Injectable } from '@nestjs/common';
import { UsersService } from '@app/auth';
import { LearnersService } from '@app/learners';
import { AuditService, AuthUser, DomainError } from '@app/platform';
import { ReferentialService } from '@app/referential';
import { JurorProfileInputDto } from './dto/jury-session.dto';
import { DeclaredLink, Habilitation, JurorProfile } from './entities/juror.entity';
import { JurySessionsRepository } from './jury-sessions.repository';
import { JurorProfileView } from './session-views';

/** The jurors' registry: employer (R-JURY-3), habilitations per title (R-JURY-2), declared links (R-JURY-3). */
@Injectable()
export class JurorProfilesService {
  constructor(
    private readonly repo: JurySessionsRepository,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly learners: LearnersService,
    private readonly referential: ReferentialService,
  ) {}

  /** A juror's profile: current employer (R-JURY-3) and habilitations (R-JURY-2). */
  async jurorProfile(userId: string): Promise<JurorProfileView> {
    const [user] = await this.users.findMany([userId]);
    if (!user) throw DomainError.notFound("L'utilisateur");
    const profile = await this.repo.db.findOne(JurorProfile, { where: { userId } });
    const habilitations = await this.repo.db.find(Habilitation, { where: { userId }, order: { validFrom: 'ASC' } });
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
    return this.repo.transaction(async (m) => {
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
    return this.repo.transaction(async (m) => {
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
}
