import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccountRecord, AccountsService, alreadyOpen, UsersService } from '@app/auth';
import { AuthUser, DomainError, inTransaction } from '@app/platform';
import { Learner } from './entities/learner.entity';
import { LearnersRepository } from './learners.repository';
import { anonymisedError } from './anonymised-error';

function noEmail(): DomainError {
  return new DomainError('LEARNER.NO_EMAIL', 'Cet apprenant n’a pas d’adresse e-mail : renseignez-la avant de l’inviter.', [
    { field: 'email', message: 'Adresse e-mail manquante.' },
  ]);
}

/**
 * Learners' invitations (issue 14, 2): the learner's account is created when there is none (role
 * learner, linked to the file, no usable password), then invited through libs/auth (token, e-mail in
 * the outbox, audit) — all in the caller's transaction.
 */
@Injectable()
export class LearnerInvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly accounts: AccountsService,
    private readonly repository: LearnersRepository,
  ) {}

  /**
   * The learner's account: theirs, or a learner account with their e-mail not yet linked (linked
   * now), or a new one. An address already used by a staff account: 409 USER.EMAIL_TAKEN.
   */
  async ensureAccount(
    learner: Pick<Learner, 'id' | 'email' | 'userId' | 'firstName' | 'lastName'>,
    actor: AuthUser,
  ): Promise<AccountRecord> {
    if (!learner.email?.trim()) throw noEmail();
    return inTransaction(this.dataSource, async (m) => {
      let userId = learner.userId;
      if (!userId) {
        const existing = await this.users.accountByEmail(learner.email);
        if (existing && !existing.roles.includes('learner')) {
          throw new DomainError(
            'USER.EMAIL_TAKEN',
            'Un compte du centre (non apprenant) utilise déjà cette adresse e-mail : changez l’adresse de l’apprenant.',
            [{ field: 'email', message: 'Adresse déjà utilisée par un autre compte.' }],
          );
        }
        userId =
          existing?.id ??
          (
            await this.users.create(
              { email: learner.email, fullName: `${learner.firstName} ${learner.lastName}`, roles: ['learner'] },
              actor.id,
            )
          ).id;
        await m.update(Learner, { id: learner.id }, { userId });
        learner.userId = userId;
      }
      const account = (await this.users.accountsByIds([userId])).get(userId);
      if (!account) throw DomainError.notFound('Le compte de l’apprenant');
      return account;
    });
  }

  /** POST /api/learners/:id/invitations (admin): 404 unknown, 422 LEARNER.NO_EMAIL, 409 deactivated account. */
  async inviteLearner(id: string, actor: AuthUser): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const learner = await this.repository.lockLearner(m, id);
      if (!learner) throw DomainError.notFound("L'apprenant");
      await this.inviteOne(learner, actor);
    });
  }

  /** A learner just created (POST /api/learners or the import with invite): in the caller's transaction. */
  async inviteOne(learner: Learner, actor: AuthUser): Promise<void> {
    if (learner.anonymisedAt) throw anonymisedError(learner.anonymisedAt);
    const account = await this.ensureAccount(learner, actor);
    if (!account.active) {
      throw new DomainError('CONFLICT', 'Le compte de cet apprenant est désactivé : réactivez-le avant de l’inviter.');
    }
    if (account.hasPassword) throw alreadyOpen();
    await this.accounts.invite([account], actor.id);
  }

  /**
   * POST /api/cohorts/:id/invitations (admin): every current learner of the cohort without an active
   * account — no account, or one that never chose its password — in one transaction, serialised per
   * cohort. Learners who signed in already, and deactivated accounts (staff cut their access), are
   * skipped.
   */
  async inviteCohort(cohortId: string, actor: AuthUser): Promise<{ invited: number }> {
    return this.dataSource.transaction(async (m) => {
      const cohort = await this.repository.cohortById(m, cohortId, true);
      if (!cohort) throw DomainError.notFound('La promotion');
      const learners = await this.repository.learnersOfCohort(cohortId);
      const userIds = learners.flatMap((l) => (l.userId ? [l.userId] : []));
      const states = await this.users.accountsByIds(userIds);
      // Invited a moment ago (a double click, two staff at once): not again — the cohort row lock
      // orders parallel calls, so the second sees the first's invitations.
      const recent = await this.accounts.recentlyInvited(userIds);
      const toInvite = learners.filter((l) => {
        const account = l.userId ? states.get(l.userId) : undefined;
        // An anonymised learner is nobody to invite (issue 16): their address is a pseudonym's.
        if (l.anonymisedAt) return false;
        return l.email?.trim() && (!account || (account.active && !account.hasPassword && !recent.has(account.id)));
      });
      const accounts: AccountRecord[] = [];
      for (const learner of toInvite) {
        const account = await this.ensureAccount(learner, actor);
        if (account.active) accounts.push(account);
      }
      return { invited: await this.accounts.invite(accounts, actor.id) };
    });
  }
}
