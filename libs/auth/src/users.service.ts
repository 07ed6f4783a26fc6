import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import {
  AuditService,
  AuthUser,
  ChangeFeed,
  currentTransaction,
  DomainError,
  inTransaction,
  LEARNER_LINKS,
  LearnerLinks,
  Page,
  pageOf,
  Role,
  paginate,
  ReadCache,
} from '@app/platform';
import { emailProblem, normaliseEmail } from './credentials/email';
import { passwordProblem } from './credentials/password-policy';
import { CreateUserDto, UpdateUserDto, UserDto, UserQueryDto } from './dto/auth.dto';
import { User } from './entities/user.entity';
import { hashPassword } from './password';

export function toUserDto(user: User, learnerId: string | null = null): UserDto {
  return { id: user.id, email: user.email, fullName: user.fullName, roles: user.roles, learnerId };
}

/** The admin views (list, PATCH) also say whether the account is active (issue 11). */
function toAdminUserDto(user: User, learnerId: string | null): UserDto {
  return { ...toUserDto(user, learnerId), active: user.active };
}

/** An account as an invitation needs it (AccountsService.invite). */
export interface AccountRecord {
  id: string;
  email: string;
  fullName: string;
  roles: Role[];
  active: boolean;
  /** False for an invited account that has not chosen its password yet. */
  hasPassword: boolean;
}

const accountRecord = (u: User): AccountRecord => ({
  id: u.id,
  email: u.email,
  fullName: u.fullName,
  roles: u.roles,
  active: u.active,
  hasPassword: u.passwordHash !== null,
});

const isActiveAdmin = (u: { roles: Role[]; active: boolean }): boolean => u.active && u.roles.includes('admin');

/** Whether a token was issued before the account's sessions were ended; iat carries milliseconds (AuthService.issueToken). */
export function issuedBefore(iatSeconds: number, validAfter: Date | null): boolean {
  return validAfter !== null && Math.round(iatSeconds * 1000) < validAfter.getTime();
}

/** What a request needs of its account, kept in memory (issue 15): no read of `users` per request. */
interface SessionRecord {
  user: AuthUser;
  active: boolean;
  sessionsValidAfter: Date | null;
}

const sessionRecord = (u: User): SessionRecord => ({
  user: { id: u.id, email: u.email, fullName: u.fullName, roles: u.roles },
  active: u.active,
  sessionsValidAfter: u.sessionsValidAfter,
});

@Injectable()
export class UsersService {
  /**
   * Accounts by id, kept while the change feed listens: a change of `users` (roles, deactivation,
   * new password, name), by any instance or any writer, is announced by a trigger at COMMIT and
   * drops the entry on every instance; this instance also drops it itself right after its own write.
   */
  private readonly records: ReadCache<SessionRecord | null>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(LEARNER_LINKS) private readonly learnerLinks: LearnerLinks,
    private readonly feed: ChangeFeed,
  ) {
    this.records = new ReadCache<SessionRecord | null>(feed, 'user', 20_000);
  }

  /**
   * A write of an account, answered only once the change was announced to every instance
   * (ChangeFeed.expect): a deactivation or a removed role is refused by the next request, whichever
   * instance serves it. Inside a caller's transaction the COMMIT comes later: no wait then.
   */
  private async announced<T>(id: string, write: () => Promise<{ result: T; changed: boolean }>): Promise<T> {
    const barrier = currentTransaction() ? null : this.feed.expect('user', id);
    let outcome: { result: T; changed: boolean };
    try {
      outcome = await write();
    } catch (error) {
      barrier?.cancel();
      throw error;
    }
    this.records.invalidate(id);
    if (barrier && outcome.changed) await barrier.heard();
    else barrier?.cancel();
    return outcome.result;
  }

  /**
   * Links a learner account to the learner file with its e-mail, when that file has no account yet
   * (issue 14: a user made after the learner was « introuvable »). Only a learner account: the
   * learner role and the link to a file go together (USER.LEARNER_ROLE).
   */
  async linkLearner(user: { id: string; email: string; roles: Role[] }): Promise<string | null> {
    if (!user.roles.includes('learner')) return null;
    return this.learnerLinks.linkByEmail(user.id, user.email);
  }

  /** The accounts as answered by the API, with the learner file each learner account opens. */
  async withLearnerIds(users: User[]): Promise<UserDto[]> {
    const links = users.length ? await this.learnerLinks.learnerIdsOfUsers(users.map((u) => u.id)) : new Map<string, string>();
    return users.map((u) => toUserDto(u, links.get(u.id) ?? null));
  }

  /**
   * Creates an account, in the caller's transaction if there is one (a learner's account is
   * created with the learner: ADR 0008). 409 USER.EMAIL_TAKEN whatever the case of the address.
   * Without a password the account has none usable until it accepts an invitation (issue 14). A
   * learner account is linked to the learner file with the same e-mail that has no account yet.
   */
  async create(input: Omit<CreateUserDto, 'invite'>, actorId: string | null): Promise<UserDto> {
    const email = normaliseEmail(input.email);
    // Every account goes through here (API, learner accounts, first admin, demo): the one check.
    const problems = [
      { field: 'email', message: emailProblem(email) },
      {
        field: 'password',
        message: input.password === undefined ? null : passwordProblem(input.password, { email, names: [input.fullName] }),
      },
    ].filter((p): p is { field: string; message: string } => p.message !== null);
    if (problems.length > 0) throw DomainError.validation(problems);
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
    const work = async (m: EntityManager): Promise<UserDto> => {
      const taken = await m.exists(User, { where: { email } });
      if (taken) throw emailTaken();
      let user: User;
      try {
        user = await m.save(m.create(User, { email, fullName: input.fullName.trim(), roles: input.roles, passwordHash }));
      } catch (error) {
        // Two creations of the same address at once: the unique key decides.
        if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') throw emailTaken();
        throw error;
      }
      const view = toUserDto(user, await this.linkLearner(user));
      await this.audit.record(m, { actorId, action: 'user.create', entity: 'user', entityId: user.id, after: view });
      return view;
    };
    return inTransaction(this.dataSource, work);
  }

  async list(query: UserQueryDto): Promise<Page<UserDto>> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (query.role) qb.andWhere(':role = ANY(u.roles)', { role: query.role });
    if (query.q) {
      qb.andWhere('(u.full_name ILIKE :q OR u.email ILIKE :q)', { q: `%${query.q.replace(/[%_\\]/g, '\\$&')}%` });
    }
    if (query.active) qb.andWhere('u.active = :active', { active: query.active === 'true' });
    const [users, total] = await paginate(qb.orderBy('u.full_name', 'ASC').addOrderBy('u.id', 'ASC'), query);
    const links = await this.learnerIdsOf(users);
    return pageOf(
      users.map((u) => toAdminUserDto(u, links.get(u.id) ?? null)),
      total,
      query,
    );
  }

  private async learnerIdsOf(users: User[]): Promise<Map<string, string>> {
    return users.length ? this.learnerLinks.learnerIdsOfUsers(users.map((u) => u.id)) : new Map<string, string>();
  }

  /**
   * PATCH /api/users/:id (issue 11): name, roles, active. Serialised on one advisory lock for every
   * change of who is an active admin (two admins demoting each other at once must not leave none)
   * and on the row itself (parallel identical PATCHes: one change, one audit entry).
   */
  async update(id: string, input: UpdateUserDto, actor: AuthUser): Promise<UserDto> {
    let changed = false;
    const result = await this.announced(id, async () => {
      const written = await this.dataSource.transaction(async (m) => {
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['users:admins']);
        const user = await m.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!user) throw DomainError.notFound("L'utilisateur");
        const before = { fullName: user.fullName, roles: user.roles, active: user.active };
        const after = {
          fullName: input.fullName ?? user.fullName,
          roles: input.roles ?? user.roles,
          active: input.active ?? user.active,
        };
        const self = user.id === actor.id;
        if (self && !after.active) {
          throw new DomainError(
            'USER.OWN_ACCOUNT',
            'Vous ne pouvez pas désactiver votre propre compte : demandez-le à un autre administrateur.',
          );
        }
        // Removing one's own admin role is the same lock-out as deactivating oneself.
        if (self && before.roles.includes('admin') && !after.roles.includes('admin')) {
          throw new DomainError(
            'USER.OWN_ACCOUNT',
            'Vous ne pouvez pas retirer votre propre rôle d’administrateur : demandez-le à un autre administrateur.',
            [{ field: 'roles', message: 'Votre rôle d’administrateur ne peut être retiré que par un autre administrateur.' }],
          );
        }
        if (isActiveAdmin(before) && !isActiveAdmin(after)) {
          const others = await m
            .createQueryBuilder(User, 'u')
            .where(':role = ANY(u.roles)', { role: 'admin' })
            .andWhere('u.active')
            .andWhere('u.id <> :id', { id })
            .getCount();
          if (others === 0) {
            throw new DomainError(
              'USER.LAST_ADMIN',
              'C’est le dernier administrateur actif : nommez d’abord un autre administrateur, sinon plus personne ne pourra gérer le centre.',
            );
          }
        }
        const learnerId = (await this.learnerIdsOf([user])).get(user.id) ?? null;
        // The learner role and the link to a learner file go together: without the role the learner
        // loses their livret and DP; with the role but no file, « Mon livret » has nothing to show.
        // Ending a learner's access is deactivation; a learner account is made from the learner file.
        if (learnerId && !after.roles.includes('learner')) {
          throw new DomainError(
            'USER.LEARNER_ROLE',
            'Ce compte est celui d’un apprenant : le rôle apprenant ne peut pas lui être retiré (désactivez le compte pour lui couper l’accès).',
            [{ field: 'roles', message: 'Le rôle apprenant est lié à la fiche de l’apprenant.' }],
          );
        }
        if (!learnerId && after.roles.includes('learner') && !before.roles.includes('learner')) {
          throw new DomainError(
            'USER.LEARNER_ROLE',
            'Le rôle apprenant se donne en créant le compte depuis la fiche de l’apprenant (Apprenants).',
            [{ field: 'roles', message: 'Aucune fiche d’apprenant n’est liée à ce compte.' }],
          );
        }
        const sameRoles = before.roles.length === after.roles.length && before.roles.every((r) => after.roles.includes(r));
        if (before.fullName !== after.fullName || !sameRoles || before.active !== after.active) {
          const patch: Partial<User> = { fullName: after.fullName, roles: after.roles, active: after.active };
          // Deactivation ends every open session at once, and reactivation does not revive them.
          if (before.active && !after.active) patch.sessionsValidAfter = new Date();
          await m.update(User, { id }, patch);
          changed = true;
          Object.assign(user, patch);
          await this.audit.record(m, { actorId: actor.id, action: 'user.update', entity: 'user', entityId: id, before, after });
        }
        return { user, learnerId };
      });
      return { result: written, changed };
    });
    return toAdminUserDto(result.user, result.learnerId);
  }

  /**
   * A new password hash; every session opened before ends (issue 11). Audited without any
   * password, as account creation. Also for a password reset (spec v2: « every open session ends »).
   */
  async setPassword(
    id: string,
    passwordHash: string,
    actorId: string | null,
    action: 'user.change_password' | 'user.reset_password' | 'user.accept_invitation' = 'user.change_password',
  ): Promise<void> {
    const work = async (m: EntityManager): Promise<void> => {
      await m.update(User, { id }, { passwordHash, sessionsValidAfter: new Date() });
      // Every link still pending (invitation, reset) stops working: the password is chosen now.
      await m.query('UPDATE account_tokens SET voided_at = now() WHERE user_id = $1 AND used_at IS NULL AND voided_at IS NULL', [id]);
      await this.audit.record(m, { actorId, action, entity: 'user', entityId: id });
    };
    await this.announced(id, async () => ({ result: await inTransaction(this.dataSource, work), changed: true }));
  }

  /** A deactivated account is nobody: its tokens are refused at once. */
  async findAuthUser(id: string): Promise<AuthUser | null> {
    const user = await this.dataSource.getRepository(User).findOne({ where: { id } });
    return user && user.active ? { id: user.id, email: user.email, fullName: user.fullName, roles: user.roles } : null;
  }

  /**
   * The account behind a token (JWT strategy): active, and the token issued after its sessions
   * were last ended (password change, deactivation). From memory once the change feed has caught
   * up (a round trip shared by the requests of that moment), else one query.
   */
  async findSessionUser(id: string, issuedAtSeconds: number): Promise<AuthUser | null> {
    const record = await this.records.getCaughtUp(id, async () => {
      const user = await this.dataSource.getRepository(User).findOne({ where: { id } });
      return user ? sessionRecord(user) : null;
    });
    if (!record || !record.active || issuedBefore(issuedAtSeconds, record.sessionsValidAfter)) return null;
    return { ...record.user, roles: [...record.user.roles] };
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.dataSource.getRepository(User).findOne({ where: { id } });
    if (!user) throw DomainError.notFound("L'utilisateur");
    return (await this.withLearnerIds([user]))[0];
  }

  /** Keeps a learner's login in step with the learner's e-mail (same transaction). */
  async changeEmail(id: string, emailInput: string, actorId: string): Promise<void> {
    const email = normaliseEmail(emailInput);
    const problem = emailProblem(email);
    if (problem) throw DomainError.validation([{ field: 'email', message: problem }]);
    await this.announced(id, async () => ({
      result: undefined,
      changed: await inTransaction(this.dataSource, (manager) => this.changeEmailIn(manager, id, email, actorId)),
    }));
  }

  private async changeEmailIn(manager: EntityManager, id: string, email: string, actorId: string): Promise<boolean> {
    const user = await manager.findOne(User, { where: { id } });
    if (!user || user.email === email) return false;
    if (await manager.exists(User, { where: { email } })) throw emailTaken();
    await manager.update(User, { id }, { email });
    // Links sent to the former address (a typo being corrected) must not open the account.
    await manager.query('UPDATE account_tokens SET voided_at = now() WHERE user_id = $1 AND used_at IS NULL AND voided_at IS NULL', [id]);
    await this.audit.record(manager, {
      actorId,
      action: 'user.change_email',
      entity: 'user',
      entityId: id,
      before: { email: user.email },
      after: { email },
    });
    return true;
  }

  /**
   * Users by id, in the order asked, unknown ids left out (for other libs: "are these trainers?",
   * names of evaluators and authors): from memory, and at most one query for those not kept.
   */
  async findMany(ids: string[]): Promise<AuthUser[]> {
    const unique = [...new Set(ids)];
    const found = new Map<string, SessionRecord | null>();
    const missing: string[] = [];
    for (const id of unique) {
      const kept = this.records.peek(id);
      if (kept === undefined) missing.push(id);
      else found.set(id, kept);
    }
    if (missing.length > 0) {
      const mark = this.records.mark;
      const users = await this.dataSource.getRepository(User).find({ where: { id: In(missing) } });
      const loaded = new Map<string, SessionRecord | null>(missing.map((id) => [id, null]));
      for (const u of users) loaded.set(u.id, sessionRecord(u));
      for (const [id, record] of loaded) found.set(id, record);
      this.records.keep(mark, loaded);
    }
    return unique.flatMap((id) => {
      const record = found.get(id);
      return record ? [{ ...record.user, roles: [...record.user.roles] }] : [];
    });
  }

  /** Accounts by id, in one query, with whether they are active and have a password (invitations). */
  async accountsByIds(ids: string[]): Promise<Map<string, AccountRecord>> {
    if (ids.length === 0) return new Map();
    const users = await this.dataSource.getRepository(User).find({ where: { id: In(ids) } });
    return new Map(users.map((u) => [u.id, accountRecord(u)]));
  }

  /** The account of an address (normalised here), or null. */
  async accountByEmail(emailInput: string): Promise<AccountRecord | null> {
    const user = await this.dataSource.getRepository(User).findOne({ where: { email: normaliseEmail(emailInput) } });
    return user ? accountRecord(user) : null;
  }

  async countWithRole(role: Role): Promise<number> {
    return this.dataSource.getRepository(User).createQueryBuilder('u').where(':role = ANY(u.roles)', { role }).getCount();
  }
}

function emailTaken(): DomainError {
  return new DomainError('USER.EMAIL_TAKEN', 'Un compte existe déjà avec cette adresse e-mail.', [
    { field: 'email', message: 'Adresse déjà utilisée.' },
  ]);
}
