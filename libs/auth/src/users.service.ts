import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import { AuditService, AuthUser, DomainError, LEARNER_LINKS, LearnerLinks, Page, pageOf, Role, paginate } from '@app/platform';
import { emailProblem, normaliseEmail } from './credentials/email';
import { passwordProblem } from './credentials/password-policy';
import { CreateUserDto, UserDto, UserQueryDto } from './dto/auth.dto';
import { User } from './entities/user.entity';
import { hashPassword } from './password';

export function toUserDto(user: User, learnerId: string | null = null): UserDto {
  return { id: user.id, email: user.email, fullName: user.fullName, roles: user.roles, learnerId };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Optional() @Inject(LEARNER_LINKS) private readonly learnerLinks?: LearnerLinks,
  ) {}

  /** The accounts as answered by the API, with the learner file each learner account opens. */
  async withLearnerIds(users: User[]): Promise<UserDto[]> {
    const links =
      this.learnerLinks && users.length ? await this.learnerLinks.learnerIdsOfUsers(users.map((u) => u.id)) : new Map<string, string>();
    return users.map((u) => toUserDto(u, links.get(u.id) ?? null));
  }

  /**
   * Creates an account. `manager` lets another use case (a learner's account) create it in its
   * own transaction. 409 USER.EMAIL_TAKEN whatever the case of the address.
   */
  async create(input: CreateUserDto, actorId: string | null, manager?: EntityManager): Promise<UserDto> {
    const email = normaliseEmail(input.email);
    // Every account goes through here (API, learner accounts, first admin, demo): the one check.
    const problems = [
      { field: 'email', message: emailProblem(email) },
      { field: 'password', message: passwordProblem(input.password, { email, names: [input.fullName] }) },
    ].filter((p): p is { field: string; message: string } => p.message !== null);
    if (problems.length > 0) throw DomainError.validation(problems);
    const passwordHash = await hashPassword(input.password);
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
      const view = toUserDto(user);
      await this.audit.record(m, { actorId, action: 'user.create', entity: 'user', entityId: user.id, after: view });
      return view;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  async list(query: UserQueryDto): Promise<Page<UserDto>> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (query.role) qb.andWhere(':role = ANY(u.roles)', { role: query.role });
    if (query.q) {
      qb.andWhere('(u.full_name ILIKE :q OR u.email ILIKE :q)', { q: `%${query.q.replace(/[%_\\]/g, '\\$&')}%` });
    }
    const [users, total] = await paginate(qb.orderBy('u.full_name', 'ASC').addOrderBy('u.id', 'ASC'), query);
    return pageOf(await this.withLearnerIds(users), total, query);
  }

  async findAuthUser(id: string): Promise<AuthUser | null> {
    const user = await this.dataSource.getRepository(User).findOne({ where: { id } });
    return user ? { id: user.id, email: user.email, fullName: user.fullName, roles: user.roles } : null;
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.dataSource.getRepository(User).findOne({ where: { id } });
    if (!user) throw DomainError.notFound("L'utilisateur");
    return (await this.withLearnerIds([user]))[0];
  }

  /** Keeps a learner's login in step with the learner's e-mail (same transaction). */
  async changeEmail(id: string, emailInput: string, actorId: string, manager: EntityManager): Promise<void> {
    const email = normaliseEmail(emailInput);
    const problem = emailProblem(email);
    if (problem) throw DomainError.validation([{ field: 'email', message: problem }]);
    const user = await manager.findOne(User, { where: { id } });
    if (!user || user.email === email) return;
    if (await manager.exists(User, { where: { email } })) throw emailTaken();
    await manager.update(User, { id }, { email });
    await this.audit.record(manager, {
      actorId,
      action: 'user.change_email',
      entity: 'user',
      entityId: id,
      before: { email: user.email },
      after: { email },
    });
  }

  /** Users by id, in one query (for other libs: "are these trainers?"). */
  async findMany(ids: string[]): Promise<AuthUser[]> {
    if (ids.length === 0) return [];
    const users = await this.dataSource.getRepository(User).find({ where: { id: In(ids) } });
    return users.map((u) => ({ id: u.id, email: u.email, fullName: u.fullName, roles: u.roles }));
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
