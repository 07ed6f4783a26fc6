import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { UsersService } from '@app/auth';
import {
  AuditService,
  AuthUser,
  DomainError,
  EVALUATOR_OF_LEARNER,
  FieldProblem,
  JUROR_OF_LEARNER,
  LearnerRelationCondition,
  Page,
  pageOf,
  paginate,
} from '@app/platform';
import { ReferentialService } from '@app/referential';
import { certificationStatusOn, frenchDate } from '@app/rules';
import {
  CohortDto,
  CohortQueryDto,
  CreateCohortDto,
  CreateLearnerDto,
  LearnerDto,
  LearnerQueryDto,
  UpdateLearnerDto,
} from './dto/learner.dto';
import { Cohort, CohortTrainer } from './entities/cohort.entity';
import { Enrolment } from './entities/enrolment.entity';
import { Learner } from './entities/learner.entity';
import {
  ForeignRelations,
  cohortScope,
  decideAccess,
  LEARNER_RELATIONS,
  LearnerOperation,
  LearnerRelation,
  learnerScope,
  relationColumns,
} from './visibility';

/** What other libs get of a learner: plain data. */
export interface LearnerRecord {
  id: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string;
  pathway: 'training' | 'vae';
  certificationId: string;
  cohortId: string | null;
  vaeAdmissibilityDate: string | null;
  employer: string | null;
  accommodations: string | null;
  userId: string | null;
}

export interface CohortRecord {
  id: string;
  name: string;
  certificationId: string;
  startDate: string;
  endDate: string;
  site: string | null;
  trainerIds: string[];
}

/**
 * The title of a VAE candidate whose `certificationCode` was omitted (contract, POST
 * /api/learners): the title in force on the recevabilité's notification date — or, when none was,
 * the one in its délai de prolongation (R-CAP-4) — if exactly one; otherwise a French message for
 * a 400 on `certificationCode`. Status per {@link certificationStatusOn} (R-REF-1, ADR 0002); a
 * title has started on its `validFrom`, inclusive; an unknown `validFrom` (null) does not exclude
 * it: it is a candidate from any date, so that an ambiguity is asked, never guessed.
 */
function titleOnAdmissibility(
  titles: { code: string; name: string; validFrom: string | null; validUntil: string }[],
  on: string,
): { code: string; problem: null } | { code: null; problem: string } {
  const started = titles.filter((c) => c.validFrom === null || c.validFrom <= on);
  const valid = started.filter((c) => certificationStatusOn(c, on).status === 'valid');
  const prolongation = started.filter((c) => certificationStatusOn(c, on).status === 'prolongation');
  const candidates = valid.length ? valid : prolongation;
  if (candidates.length === 1) return { code: candidates[0].code, problem: null };
  const day = frenchDate(on);
  const names = candidates.map((c) => `${c.code} (${c.name})`).join(', ');
  if (valid.length)
    return {
      code: null,
      problem: `Plusieurs titres étaient en vigueur le ${day}, date de recevabilité : ${names}. Précisez le titre visé.`,
    };
  if (prolongation.length)
    return {
      code: null,
      problem: `Aucun titre n'était en vigueur le ${day}, date de recevabilité, et plusieurs étaient en délai de prolongation : ${names}. Précisez le titre visé.`,
    };
  return {
    code: null,
    problem: `Aucun titre n'était en vigueur ni en délai de prolongation le ${day}, date de recevabilité : précisez le titre visé (code RNCP).`,
  };
}

const escapeLike = (q: string): string => `%${q.replace(/[%_\\]/g, '\\$&')}%`;

function record(l: Learner): LearnerRecord {
  return {
    id: l.id,
    firstName: l.firstName,
    lastName: l.lastName,
    birthDate: l.birthDate,
    email: l.email,
    pathway: l.pathway,
    certificationId: l.certificationId,
    cohortId: l.cohortId,
    vaeAdmissibilityDate: l.vaeAdmissibilityDate,
    employer: l.employer,
    accommodations: l.accommodations,
    userId: l.userId,
  };
}

@Injectable()
export class LearnersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly referential: ReferentialService,
    @Inject(JUROR_OF_LEARNER) juror: LearnerRelationCondition,
    @Inject(EVALUATOR_OF_LEARNER) evaluator: LearnerRelationCondition,
  ) {
    this.foreign = { juror, evaluator };
  }

  /** The relations to a learner that other libs' tables hold (ports, bound in apps/api). */
  private readonly foreign: ForeignRelations;

  // ---------------------------------------------------------------- cohorts

  async createCohort(input: CreateCohortDto, actor: AuthUser): Promise<CohortDto> {
    const problems: FieldProblem[] = [];
    if (input.endDate < input.startDate) problems.push({ field: 'endDate', message: 'La fin de la promotion précède son début.' });
    const title = await this.referential.structureByCode(input.certificationCode);
    if (!title) problems.push({ field: 'certificationCode', message: `Titre inconnu : ${input.certificationCode}.` });
    problems.push(...(await this.checkTrainers(input.trainerIds)));
    if (problems.length) throw DomainError.validation(problems);
    if (title && certificationStatusOn(title, input.startDate).status !== 'valid') {
      throw new DomainError(
        'COHORT.TITLE_OUT_OF_FORCE',
        `Le titre ${title.code} n'est plus en vigueur le ${frenchDate(input.startDate)} : une formation ne peut pas commencer sur un titre arrivé à échéance (${frenchDate(title.validUntil)}).`,
        [{ field: 'startDate', message: `Doit précéder l'échéance du titre (${frenchDate(title.validUntil)}).` }],
        'R-CAP-4',
      );
    }
    return this.dataSource.transaction(async (m) => {
      const cohort = await m.save(
        m.create(Cohort, {
          name: input.name,
          certificationId: title!.id,
          startDate: input.startDate,
          endDate: input.endDate,
          site: input.site ?? null,
        }),
      );
      if (input.trainerIds.length)
        await m.insert(
          CohortTrainer,
          input.trainerIds.map((trainerId) => ({ cohortId: cohort.id, trainerId })),
        );
      const [view] = await this.cohortViews(m, [cohort]);
      await this.audit.record(m, { actorId: actor.id, action: 'cohort.create', entity: 'cohort', entityId: cohort.id, after: view });
      return view;
    });
  }

  async listCohorts(user: AuthUser, query: CohortQueryDto): Promise<Page<CohortDto>> {
    const scope = cohortScope(user);
    const qb = this.dataSource.getRepository(Cohort).createQueryBuilder('c').where(scope.sql, scope.params);
    if (query.q) qb.andWhere('c.name ILIKE :q', { q: escapeLike(query.q) });
    const [cohorts, total] = await paginate(qb.orderBy('c.start_date', 'DESC').addOrderBy('c.name', 'ASC'), query);
    return pageOf(await this.cohortViews(this.dataSource.manager, cohorts), total, query);
  }

  async getCohort(user: AuthUser, id: string): Promise<CohortDto> {
    const [view] = await this.cohortViews(this.dataSource.manager, [await this.visibleCohortEntity(user, id)]);
    return view;
  }

  async setTrainers(id: string, trainerIds: string[], actor: AuthUser): Promise<CohortDto> {
    const problems = await this.checkTrainers(trainerIds);
    if (problems.length) throw DomainError.validation(problems);
    return this.dataSource.transaction(async (m) => {
      const cohort = await m.findOne(Cohort, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!cohort) throw DomainError.notFound('La promotion');
      const [before] = await this.cohortViews(m, [cohort]);
      await m.delete(CohortTrainer, { cohortId: id });
      if (trainerIds.length)
        await m.insert(
          CohortTrainer,
          trainerIds.map((trainerId) => ({ cohortId: id, trainerId })),
        );
      const [after] = await this.cohortViews(m, [cohort]);
      await this.audit.record(m, { actorId: actor.id, action: 'cohort.set_trainers', entity: 'cohort', entityId: id, before, after });
      return after;
    });
  }

  /** For other libs: cohorts by id, in two queries (no visibility check: the caller did it). */
  async cohortsByIds(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<CohortRecord[]> {
    if (ids.length === 0) return [];
    const cohorts = await manager.find(Cohort, { where: { id: In(ids) } });
    const trainers = await manager.find(CohortTrainer, { where: { cohortId: In(ids) } });
    return cohorts.map((c) => ({ ...c, trainerIds: trainers.filter((t) => t.cohortId === c.id).map((t) => t.trainerId) }));
  }

  /** For other libs: a cohort the caller may see (404 otherwise), as plain data. */
  async visibleCohort(user: AuthUser, id: string): Promise<CohortRecord> {
    const cohort = await this.visibleCohortEntity(user, id);
    const trainers = await this.dataSource.getRepository(CohortTrainer).find({ where: { cohortId: id } });
    return { ...cohort, trainerIds: trainers.map((t) => t.trainerId) };
  }

  private async visibleCohortEntity(user: AuthUser, id: string): Promise<Cohort> {
    const scope = cohortScope(user);
    const cohort = await this.dataSource
      .getRepository(Cohort)
      .createQueryBuilder('c')
      .where('c.id = :id', { id })
      .andWhere(scope.sql, scope.params)
      .getOne();
    if (!cohort) throw DomainError.notFound('La promotion');
    return cohort;
  }

  private async checkTrainers(trainerIds: string[]): Promise<FieldProblem[]> {
    const found = new Map((await this.users.findMany(trainerIds)).map((u) => [u.id, u]));
    return trainerIds.flatMap((id, i) =>
      found.get(id)?.roles.includes('trainer')
        ? []
        : [{ field: `trainerIds[${i}]`, message: found.has(id) ? "Ce compte n'a pas le rôle formateur." : 'Compte introuvable.' }],
    );
  }

  /** Views of several cohorts in three queries (trainers, names, learner counts). */
  private async cohortViews(m: EntityManager, cohorts: Cohort[]): Promise<CohortDto[]> {
    if (cohorts.length === 0) return [];
    const ids = cohorts.map((c) => c.id);
    const links = await m.find(CohortTrainer, { where: { cohortId: In(ids) } });
    const trainers = new Map((await this.users.findMany([...new Set(links.map((l) => l.trainerId))])).map((u) => [u.id, u]));
    const counts: { cohort_id: string; n: number }[] = await m.query(
      'SELECT cohort_id, count(*)::int AS n FROM learners WHERE cohort_id = ANY($1) GROUP BY cohort_id',
      [ids],
    );
    const codes = await this.referential.codesByIds([...new Set(cohorts.map((c) => c.certificationId))], m);
    return cohorts.map((c) => {
      const mine = links.filter((l) => l.cohortId === c.id).map((l) => trainers.get(l.trainerId)!);
      mine.sort((a, b) => a.fullName.localeCompare(b.fullName, 'fr'));
      return {
        id: c.id,
        name: c.name,
        certificationCode: codes.get(c.certificationId)!,
        startDate: c.startDate,
        endDate: c.endDate,
        site: c.site,
        trainerIds: mine.map((t) => t.id),
        trainers: mine.map((t) => ({ id: t.id, fullName: t.fullName })),
        learnerCount: counts.find((x) => x.cohort_id === c.id)?.n ?? 0,
      };
    });
  }

  // ---------------------------------------------------------------- learners

  async createLearner(input: CreateLearnerDto, actor: AuthUser, manager?: EntityManager): Promise<LearnerDto> {
    const work = async (m: EntityManager): Promise<LearnerDto> => {
      const { certificationId, problems } = await this.resolveRoute(m, input);
      if (problems.length) throw DomainError.validation(problems);
      const email = input.email.toLowerCase();
      if (await m.exists(Learner, { where: { email } })) {
        throw new DomainError('LEARNER.EMAIL_TAKEN', 'Un apprenant existe déjà avec cette adresse e-mail.', [
          { field: 'email', message: 'Adresse déjà utilisée.' },
        ]);
      }
      let userId: string | null = null;
      if (input.password) {
        const user = await this.users.create(
          { email, fullName: `${input.firstName} ${input.lastName}`, password: input.password, roles: ['learner'] },
          actor.id,
          m,
        );
        userId = user.id;
      }
      const learner = await m.save(
        m.create(Learner, {
          firstName: input.firstName,
          lastName: input.lastName,
          birthDate: input.birthDate,
          email,
          pathway: input.pathway,
          certificationId,
          cohortId: input.pathway === 'training' ? input.cohortId! : null,
          vaeAdmissibilityDate: input.pathway === 'vae' ? input.vaeAdmissibilityDate! : null,
          employer: input.employer ?? null,
          accommodations: input.accommodations ?? null,
          userId,
        }),
      );
      if (learner.cohortId) await m.insert(Enrolment, { learnerId: learner.id, cohortId: learner.cohortId, enrolledBy: actor.id });
      const [view] = await this.learnerViews(m, [learner]);
      await this.audit.record(m, { actorId: actor.id, action: 'learner.create', entity: 'learner', entityId: learner.id, after: view });
      return view;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /**
   * The title of a new learner: the cohort's (training); in VAE the one named, else the one in
   * force on the recevabilité's date ({@link titleOnAdmissibility}).
   */
  private async resolveRoute(m: EntityManager, input: CreateLearnerDto): Promise<{ certificationId: string; problems: FieldProblem[] }> {
    const problems: FieldProblem[] = [];
    let certificationId = '';
    if (input.pathway === 'training') {
      const cohort = await m.findOne(Cohort, { where: { id: input.cohortId! } });
      if (!cohort) problems.push({ field: 'cohortId', message: 'Promotion introuvable.' });
      else certificationId = cohort.certificationId;
      if (input.vaeAdmissibilityDate !== undefined) problems.push({ field: 'vaeAdmissibilityDate', message: 'Réservé au parcours VAE.' });
      if (cohort && input.certificationCode) {
        const title = await this.referential.structureByCode(input.certificationCode, m);
        if (title?.id !== cohort.certificationId)
          problems.push({ field: 'certificationCode', message: "Ce n'est pas le titre de la promotion." });
      }
    } else {
      if (input.cohortId !== undefined) problems.push({ field: 'cohortId', message: "Un candidat VAE n'appartient pas à une promotion." });
      // Omitted (or null, or blank): the title in force on the recevabilité's date (contract).
      const code = input.certificationCode?.trim() ? input.certificationCode : null;
      const choice = code ? { code, problem: null } : titleOnAdmissibility(await this.referential.list(), input.vaeAdmissibilityDate!);
      if (choice.code === null) problems.push({ field: 'certificationCode', message: choice.problem });
      else {
        const title = await this.referential.structureByCode(choice.code, m);
        if (!title) problems.push({ field: 'certificationCode', message: `Titre inconnu : ${choice.code}.` });
        else certificationId = title.id;
      }
    }
    return { certificationId, problems };
  }

  async listLearners(user: AuthUser, query: LearnerQueryDto): Promise<Page<LearnerDto>> {
    const scope = learnerScope(user, this.foreign);
    const qb = this.dataSource.getRepository(Learner).createQueryBuilder('l').where(scope.sql, scope.params);
    if (query.cohortId) qb.andWhere('l.cohort_id = :cohortId', { cohortId: query.cohortId });
    if (query.q) {
      qb.andWhere(
        `(unaccent_fr(l.last_name) ILIKE unaccent_fr(:q) OR unaccent_fr(l.first_name) ILIKE unaccent_fr(:q) OR l.email ILIKE :q)`,
        { q: escapeLike(query.q) },
      );
    }
    const [learners, total] = await paginate(
      qb.orderBy('l.last_name', 'ASC').addOrderBy('l.first_name', 'ASC').addOrderBy('l.id', 'ASC'),
      query,
    );
    return pageOf(await this.learnerViews(this.dataSource.manager, learners), total, query);
  }

  async getLearner(user: AuthUser, id: string): Promise<LearnerDto> {
    const [view] = await this.learnerViews(this.dataSource.manager, [(await this.accessTo(user, id, 'read')).entity]);
    return view;
  }

  async updateLearner(id: string, input: UpdateLearnerDto, actor: AuthUser): Promise<LearnerDto> {
    return this.dataSource.transaction(async (m) => {
      const learner = await m.findOne(Learner, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!learner) throw DomainError.notFound("L'apprenant");
      const [before] = await this.learnerViews(m, [learner]);
      const problems: FieldProblem[] = [];
      for (const field of ['firstName', 'lastName', 'birthDate', 'email', 'cohortId', 'vaeAdmissibilityDate'] as const) {
        if (input[field] === null) problems.push({ field, message: 'Ce champ ne peut pas être vidé.' });
      }
      if (input.cohortId !== undefined && learner.pathway === 'vae')
        problems.push({ field: 'cohortId', message: "Un candidat VAE n'appartient pas à une promotion." });
      if (input.vaeAdmissibilityDate !== undefined && learner.pathway === 'training') {
        problems.push({ field: 'vaeAdmissibilityDate', message: 'Réservé au parcours VAE.' });
      }
      let newCohort: Cohort | null = null;
      if (input.cohortId !== undefined && input.cohortId !== learner.cohortId && learner.pathway === 'training') {
        newCohort = await m.findOne(Cohort, { where: { id: input.cohortId } });
        if (!newCohort) problems.push({ field: 'cohortId', message: 'Promotion introuvable.' });
      }
      if (problems.length) throw DomainError.validation(problems);

      if (input.email !== undefined) {
        const email = input.email.toLowerCase();
        if (email !== learner.email) {
          if (await m.exists(Learner, { where: { email } })) {
            throw new DomainError('LEARNER.EMAIL_TAKEN', 'Un apprenant existe déjà avec cette adresse e-mail.', [
              { field: 'email', message: 'Adresse déjà utilisée.' },
            ]);
          }
          if (learner.userId) await this.users.changeEmail(learner.userId, email, actor.id, m);
          learner.email = email;
        }
      }
      if (input.firstName !== undefined) learner.firstName = input.firstName;
      if (input.lastName !== undefined) learner.lastName = input.lastName;
      if (input.birthDate !== undefined) learner.birthDate = input.birthDate;
      if (input.vaeAdmissibilityDate !== undefined) learner.vaeAdmissibilityDate = input.vaeAdmissibilityDate;
      if (input.employer !== undefined) learner.employer = input.employer || null;
      if (input.accommodations !== undefined) learner.accommodations = input.accommodations || null;
      if (newCohort) {
        // A move: the learner follows the new cohort's title; the history keeps the old one (R-ELIG-6).
        learner.cohortId = newCohort.id;
        learner.certificationId = newCohort.certificationId;
        await m.insert(Enrolment, { learnerId: learner.id, cohortId: newCohort.id, enrolledBy: actor.id });
      }
      await m.save(learner);
      const [after] = await this.learnerViews(m, [learner]);
      await this.audit.record(m, {
        actorId: actor.id,
        action: newCohort ? 'learner.move' : 'learner.update',
        entity: 'learner',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  /** For other libs: a learner the caller may see, or 404 (never 403: no leak of existence). */
  async visibleLearner(user: AuthUser, id: string): Promise<LearnerRecord> {
    return (await this.learnerFor(user, id, 'read')).learner;
  }

  /**
   * For other libs: the learner and the caller's relations to them, for one operation (issue 10:
   * rights come from the relation to this learner, never from the union of the caller's roles).
   * 404 when the caller may not even see the learner, 403 AUTH.FORBIDDEN when they see them but
   * no relation of theirs allows the operation (LEARNER_OPERATIONS in visibility.ts). One query.
   */
  async learnerFor(
    user: AuthUser,
    id: string,
    operation: LearnerOperation,
  ): Promise<{ learner: LearnerRecord; relations: ReadonlySet<LearnerRelation> }> {
    const { entity, relations } = await this.accessTo(user, id, operation);
    return { learner: record(entity), relations };
  }

  private async accessTo(
    user: AuthUser,
    id: string,
    operation: LearnerOperation,
  ): Promise<{ entity: Learner; relations: ReadonlySet<LearnerRelation> }> {
    const found = await this.relationRow(user, id);
    const decision = found ? decideAccess(found.relations, operation) : null;
    if (!found || !decision || decision.outcome === 'hidden') throw DomainError.notFound("L'apprenant");
    if (decision.outcome === 'forbidden') throw new DomainError('AUTH.FORBIDDEN', decision.message);
    return found;
  }

  /** The learner row and one boolean per relation (visibility.ts), in a single query. */
  private async relationRow(user: AuthUser, id: string): Promise<{ entity: Learner; relations: ReadonlySet<LearnerRelation> } | null> {
    const { columns, params } = relationColumns(user, this.foreign, 'l');
    const qb = this.dataSource.getRepository(Learner).createQueryBuilder('l').where('l.id = :id', { id }).setParameters(params);
    for (const relation of LEARNER_RELATIONS) qb.addSelect(columns[relation], `relation_${relation}`);
    const { entities, raw } = await qb.getRawAndEntities<Record<string, unknown>>();
    if (!entities[0]) return null;
    return { entity: entities[0], relations: new Set(LEARNER_RELATIONS.filter((r) => raw[0][`relation_${r}`] === true)) };
  }

  /** For other libs: learners by id, in one query (no visibility check: the caller did it). */
  async learnersByIds(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<LearnerRecord[]> {
    if (ids.length === 0) return [];
    return (await manager.find(Learner, { where: { id: In(ids) } })).map(record);
  }

  /** For other libs: the current learners of a cohort, in one query, by name. */
  async learnersOfCohort(cohortId: string): Promise<LearnerRecord[]> {
    return (
      await this.dataSource.getRepository(Learner).find({ where: { cohortId }, order: { lastName: 'ASC', firstName: 'ASC', id: 'ASC' } })
    ).map(record);
  }

  /** For R-JURY-3: pairs (trainer, learner) where the user trains or trained one of the learner's cohorts. */
  async trainerLinks(
    learnerIds: string[],
    userIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ learnerId: string; userId: string }[]> {
    if (learnerIds.length === 0 || userIds.length === 0) return [];
    const rows: { learner_id: string; trainer_id: string }[] = await manager.query(
      `SELECT DISTINCT e.learner_id, ct.trainer_id FROM learner_enrolments e JOIN cohort_trainers ct ON ct.cohort_id = e.cohort_id
       WHERE e.learner_id = ANY($1) AND ct.trainer_id = ANY($2)`,
      [learnerIds, userIds],
    );
    return rows.map((r) => ({ learnerId: r.learner_id, userId: r.trainer_id }));
  }

  /** For R-ELIG-6 / R-CAP-4: start dates of every cohort each learner was enrolled in. */
  async cohortStartDates(learnerIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(learnerIds.map((id) => [id, []]));
    if (learnerIds.length === 0) return out;
    const rows: { learner_id: string; start_date: string }[] = await manager.query(
      `SELECT DISTINCT e.learner_id, c.start_date::text FROM learner_enrolments e JOIN cohorts c ON c.id = e.cohort_id WHERE e.learner_id = ANY($1)`,
      [learnerIds],
    );
    for (const r of rows) out.get(r.learner_id)!.push(r.start_date);
    return out;
  }

  private async learnerViews(m: EntityManager, learners: Learner[]): Promise<LearnerDto[]> {
    const codes = await this.referential.codesByIds([...new Set(learners.map((l) => l.certificationId))], m);
    return learners.map((l) => ({
      id: l.id,
      firstName: l.firstName,
      lastName: l.lastName,
      birthDate: l.birthDate,
      email: l.email,
      pathway: l.pathway,
      certificationCode: codes.get(l.certificationId)!,
      cohortId: l.cohortId,
      vaeAdmissibilityDate: l.vaeAdmissibilityDate,
      employer: l.employer,
      accommodations: l.accommodations,
      userId: l.userId,
    }));
  }
}
