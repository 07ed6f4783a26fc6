import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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
  inTransaction,
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
import { Cohort } from './entities/cohort.entity';
import { Learner } from './entities/learner.entity';
import { anonymisedError } from './anonymised-error';
import { LearnerInvitationsService } from './learner-invitations.service';
import { cohortView, CohortRecord, LearnerRecord, record } from './learner-records';
import { LearnersRepository } from './learners.repository';
import { titleOnAdmissibility } from './title-on-admissibility';
import {
  ForeignRelations,
  cohortScope,
  decideAccess,
  LearnerOperation,
  LearnerRelation,
  learnerScope,
  relationColumns,
} from './visibility';

@Injectable()
export class LearnersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly referential: ReferentialService,
    @Inject(JUROR_OF_LEARNER) juror: LearnerRelationCondition,
    @Inject(EVALUATOR_OF_LEARNER) evaluator: LearnerRelationCondition,
    private readonly repository: LearnersRepository,
    private readonly invitations: LearnerInvitationsService,
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
      const cohort = await this.repository.insertCohort(
        m,
        { name: input.name, certificationId: title!.id, startDate: input.startDate, endDate: input.endDate, site: input.site ?? null },
        input.trainerIds,
      );
      const [view] = await this.cohortViews(m, [cohort]);
      await this.audit.record(m, { actorId: actor.id, action: 'cohort.create', entity: 'cohort', entityId: cohort.id, after: view });
      return view;
    });
  }

  async listCohorts(user: AuthUser, query: CohortQueryDto): Promise<Page<CohortDto>> {
    const [cohorts, total] = await this.repository.cohortsPage(cohortScope(user), query);
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
      const cohort = await this.repository.cohortById(m, id, true);
      if (!cohort) throw DomainError.notFound('La promotion');
      const [before] = await this.cohortViews(m, [cohort]);
      await this.repository.replaceTrainers(m, id, trainerIds);
      const [after] = await this.cohortViews(m, [cohort]);
      await this.audit.record(m, { actorId: actor.id, action: 'cohort.set_trainers', entity: 'cohort', entityId: id, before, after });
      return after;
    });
  }

  /** For other libs: cohorts by id, in two queries (no visibility check: the caller did it). */
  async cohortsByIds(ids: string[]): Promise<CohortRecord[]> {
    if (ids.length === 0) return [];
    const cohorts = await this.repository.cohortsByIds(ids);
    const trainers = await this.repository.trainersOf(ids);
    return cohorts.map((c) => ({ ...c, trainerIds: trainers.filter((t) => t.cohortId === c.id).map((t) => t.trainerId) }));
  }

  /** For other libs: a cohort the caller may see (404 otherwise), as plain data. */
  /** The cohort the caller may see, with its trainers (one query); 404 otherwise. */
  async visibleCohort(user: AuthUser, id: string): Promise<CohortRecord> {
    const found = await this.repository.visibleCohortWithTrainers(cohortScope(user), id);
    if (!found) throw DomainError.notFound('La promotion');
    return found;
  }

  private async visibleCohortEntity(user: AuthUser, id: string): Promise<Cohort> {
    const cohort = await this.repository.visibleCohort(cohortScope(user), id);
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
    const links = await this.repository.trainersOf(ids, m);
    const trainers = new Map((await this.users.findMany([...new Set(links.map((l) => l.trainerId))])).map((u) => [u.id, u]));
    const counts = await this.repository.learnerCounts(m, ids);
    const codes = await this.referential.codesByIds([...new Set(cohorts.map((c) => c.certificationId))]);
    return cohorts.map((c) =>
      cohortView(
        c,
        links.filter((l) => l.cohortId === c.id).map((l) => trainers.get(l.trainerId)!),
        codes.get(c.certificationId)!,
        counts.get(c.id) ?? 0,
      ),
    );
  }

  // ---------------------------------------------------------------- learners

  /**
   * Creates a learner (and its account when a password is given), in the caller's transaction if any
   * (an import). With `invite`, the account (created without a password when none is given) gets its
   * invitation e-mail in the same transaction (issue 14).
   */
  async createLearner(input: CreateLearnerDto, actor: AuthUser): Promise<LearnerDto> {
    const work = async (m: EntityManager): Promise<LearnerDto> => {
      const { certificationId, problems } = await this.resolveRoute(m, input);
      if (problems.length) throw DomainError.validation(problems);
      const email = input.email.toLowerCase();
      if (await this.repository.emailTaken(m, email)) {
        throw new DomainError('LEARNER.EMAIL_TAKEN', 'Un apprenant existe déjà avec cette adresse e-mail.', [
          { field: 'email', message: 'Adresse déjà utilisée.' },
        ]);
      }
      let userId: string | null = null;
      if (input.password) {
        const user = await this.users.create(
          { email, fullName: `${input.firstName} ${input.lastName}`, password: input.password, roles: ['learner'] },
          actor.id,
        );
        userId = user.id;
      }
      const learner = await this.repository.insertLearner(m, {
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
      });
      if (learner.cohortId) await this.repository.insertEnrolment(m, learner.id, learner.cohortId, actor.id);
      const [view] = await this.learnerViews([record(learner)]);
      await this.audit.record(m, { actorId: actor.id, action: 'learner.create', entity: 'learner', entityId: learner.id, after: view });
      if (input.invite) await this.invitations.inviteOne(learner, actor);
      return view;
    };
    return inTransaction(this.dataSource, work);
  }

  /**
   * The title of a new learner: the cohort's (training); in VAE the one named, else the one in
   * force on the recevabilité's date ({@link titleOnAdmissibility}).
   */
  private async resolveRoute(m: EntityManager, input: CreateLearnerDto): Promise<{ certificationId: string; problems: FieldProblem[] }> {
    const problems: FieldProblem[] = [];
    let certificationId = '';
    if (input.pathway === 'training') {
      const cohort = await this.repository.cohortById(m, input.cohortId!);
      if (!cohort) problems.push({ field: 'cohortId', message: 'Promotion introuvable.' });
      else certificationId = cohort.certificationId;
      if (input.vaeAdmissibilityDate !== undefined) problems.push({ field: 'vaeAdmissibilityDate', message: 'Réservé au parcours VAE.' });
      if (cohort && input.certificationCode) {
        const title = await this.referential.structureByCode(input.certificationCode);
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
        const title = await this.referential.structureByCode(choice.code);
        if (!title) problems.push({ field: 'certificationCode', message: `Titre inconnu : ${choice.code}.` });
        else certificationId = title.id;
      }
    }
    return { certificationId, problems };
  }

  async listLearners(user: AuthUser, query: LearnerQueryDto): Promise<Page<LearnerDto>> {
    const [learners, total] = await this.repository.learnersPage(learnerScope(user, this.foreign), query);
    return pageOf(await this.learnerViews(learners), total, query);
  }

  async getLearner(user: AuthUser, id: string): Promise<LearnerDto> {
    const [view] = await this.learnerViews([record((await this.accessTo(user, id, 'read')).entity)]);
    return view;
  }

  async updateLearner(id: string, input: UpdateLearnerDto, actor: AuthUser): Promise<LearnerDto> {
    return this.dataSource.transaction(async (m) => {
      const learner = await this.repository.lockLearner(m, id);
      if (!learner) throw DomainError.notFound("L'apprenant");
      if (learner.anonymisedAt) throw anonymisedError(learner.anonymisedAt);
      const [before] = await this.learnerViews([record(learner)]);
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
        newCohort = await this.repository.cohortById(m, input.cohortId);
        if (!newCohort) problems.push({ field: 'cohortId', message: 'Promotion introuvable.' });
      }
      if (problems.length) throw DomainError.validation(problems);

      if (input.email !== undefined) {
        const email = input.email.toLowerCase();
        if (email !== learner.email) {
          if (await this.repository.emailTaken(m, email)) {
            throw new DomainError('LEARNER.EMAIL_TAKEN', 'Un apprenant existe déjà avec cette adresse e-mail.', [
              { field: 'email', message: 'Adresse déjà utilisée.' },
            ]);
          }
          if (learner.userId) await this.users.changeEmail(learner.userId, email, actor.id);
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
        await this.repository.insertEnrolment(m, learner.id, newCohort.id, actor.id);
      }
      await this.repository.saveLearner(m, learner);
      const [after] = await this.learnerViews([record(learner)]);
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
   * Every operation but `read` is a write: 409 LEARNER.ANONYMISED once the learner is anonymised
   * (issue 16: their file is closed; reads keep working). The anonymisation itself and the
   * retention job do not come through here (libs/privacy, lockForAnonymisation and the ports).
   */
  async learnerFor(
    user: AuthUser,
    id: string,
    operation: LearnerOperation,
  ): Promise<{ learner: LearnerRecord; relations: ReadonlySet<LearnerRelation> }> {
    const { columns, params } = relationColumns(user, this.foreign, 'l');
    const found = await this.repository.relationRecord(id, columns, params);
    const decision = found ? decideAccess(found.relations, operation) : null;
    if (!found || !decision || decision.outcome === 'hidden') throw DomainError.notFound("L'apprenant");
    if (decision.outcome === 'forbidden') throw new DomainError('AUTH.FORBIDDEN', decision.message);
    if (operation !== 'read' && found.record.anonymisedAt) throw anonymisedError(found.record.anonymisedAt);
    return { learner: found.record, relations: found.relations };
  }

  private async accessTo(
    user: AuthUser,
    id: string,
    operation: LearnerOperation,
  ): Promise<{ entity: Learner; relations: ReadonlySet<LearnerRelation> }> {
    const { columns, params } = relationColumns(user, this.foreign, 'l');
    const found = await this.repository.relationRow(id, columns, params);
    const decision = found ? decideAccess(found.relations, operation) : null;
    if (!found || !decision || decision.outcome === 'hidden') throw DomainError.notFound("L'apprenant");
    if (decision.outcome === 'forbidden') throw new DomainError('AUTH.FORBIDDEN', decision.message);
    if (operation !== 'read' && found.entity.anonymisedAt) throw anonymisedError(found.entity.anonymisedAt);
    return found;
  }

  /**
   * The learner file of the signed-in account (the `self` relation: every read of it is allowed),
   * in one query; 404 when the account has no learner file. For « Mon livret » and the like.
   */
  async learnerOfAccount(user: AuthUser): Promise<LearnerRecord> {
    const learner = await this.repository.recordOfUser(user.id);
    if (!learner) throw DomainError.notFound('Votre dossier apprenant');
    return learner;
  }

  /**
   * For libs/privacy (issue 16): the learner row locked FOR UPDATE in the caller's transaction, as
   * plain data; null when unknown. Serialises anonymisations of one learner with every change of it.
   */
  async lockForAnonymisation(m: EntityManager, id: string): Promise<LearnerRecord | null> {
    const learner = await this.repository.lockLearner(m, id);
    return learner ? record(learner) : null;
  }

  /** For other libs: learners by id, in one query (no visibility check: the caller did it). */
  async learnersByIds(ids: string[]): Promise<LearnerRecord[]> {
    if (ids.length === 0) return [];
    return (await this.repository.learnersByIds(ids)).map(record);
  }

  /** For other libs: the current learners of a cohort, in one query, by name. */
  async learnersOfCohort(cohortId: string): Promise<LearnerRecord[]> {
    return this.repository.learnersOfCohort(cohortId);
  }

  /** For R-JURY-3: pairs (trainer, learner) where the user trains or trained one of the learner's cohorts. */
  async trainerLinks(learnerIds: string[], userIds: string[]): Promise<{ learnerId: string; userId: string }[]> {
    if (learnerIds.length === 0 || userIds.length === 0) return [];
    return this.repository.trainerLinks(learnerIds, userIds);
  }

  /** For R-ELIG-6 / R-CAP-4: start dates of every cohort each learner was enrolled in. */
  async cohortStartDates(learnerIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(learnerIds.map((id) => [id, []]));
    if (learnerIds.length === 0) return out;
    for (const r of await this.repository.cohortStartDates(learnerIds)) out.get(r.learnerId)!.push(r.startDate);
    return out;
  }

  private async learnerViews(learners: LearnerRecord[]): Promise<LearnerDto[]> {
    const codes = await this.referential.codesByIds([...new Set(learners.map((l) => l.certificationId))]);
    return learners.map((l) => {
      const { certificationId, ...rest } = l;
      return { ...rest, certificationCode: codes.get(certificationId)! };
    });
  }
}
