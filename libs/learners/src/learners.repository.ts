import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { paginate, preparedRead, sideBySide } from '@app/platform';
import type { CohortRecord, LearnerRecord } from './learner-records';
import { CohortQueryDto, LearnerQueryDto } from './dto/learner.dto';
import { Cohort, CohortTrainer } from './entities/cohort.entity';
import { Enrolment } from './entities/enrolment.entity';
import { Learner } from './entities/learner.entity';
import { LEARNER_RELATIONS, LearnerRelation, LearnerScope } from './visibility';

const escapeLike = (q: string): string => `%${q.replace(/[%_\\]/g, '\\$&')}%`;

/** A new learner's columns (the service decides them). */
export type NewLearner = Pick<
  Learner,
  | 'firstName'
  | 'lastName'
  | 'birthDate'
  | 'email'
  | 'pathway'
  | 'certificationId'
  | 'cohortId'
  | 'vaeAdmissibilityDate'
  | 'employer'
  | 'accommodations'
  | 'userId'
>;

/**
 * The learners' tables (learners, cohorts, cohort_trainers, learner_enrolments): every query of
 * libs/learners' service, set-based, a fixed number each. Visibility conditions come from
 * visibility.ts (and, for other libs' relations, from the ports). Not exported.
 */
@Injectable()
export class LearnersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---------------------------------------------------------------- cohorts

  async insertCohort(
    m: EntityManager,
    cohort: Pick<Cohort, 'name' | 'certificationId' | 'startDate' | 'endDate' | 'site'>,
    trainerIds: string[],
  ): Promise<Cohort> {
    const saved = await m.save(m.create(Cohort, cohort));
    if (trainerIds.length)
      await m.insert(
        CohortTrainer,
        trainerIds.map((trainerId) => ({ cohortId: saved.id, trainerId })),
      );
    return saved;
  }

  /** A page of the cohorts in scope, newest first: two queries (rows, total). */
  async cohortsPage(scope: LearnerScope, query: CohortQueryDto): Promise<[Cohort[], number]> {
    const qb = this.dataSource.getRepository(Cohort).createQueryBuilder('c').where(scope.sql, scope.params);
    if (query.q) qb.andWhere('c.name ILIKE :q', { q: escapeLike(query.q) });
    return paginate(qb.orderBy('c.start_date', 'DESC').addOrderBy('c.name', 'ASC'), query);
  }

  async visibleCohort(scope: LearnerScope, id: string): Promise<Cohort | null> {
    return this.dataSource
      .getRepository(Cohort)
      .createQueryBuilder('c')
      .where('c.id = :id', { id })
      .andWhere(scope.sql, scope.params)
      .getOne();
  }

  /** The cohort if the scope sees it, with its trainers' ids, in one prepared statement. */
  async visibleCohortWithTrainers(scope: LearnerScope, id: string): Promise<CohortRecord | null> {
    const sql = `SELECT c.id, c.name, c.certification_id AS "certificationId", c.start_date::text AS "startDate",
                        c.end_date::text AS "endDate", c.site,
                        (SELECT coalesce(array_agg(ct.trainer_id ORDER BY ct.ctid), ARRAY[]::uuid[]) FROM cohort_trainers ct
                          WHERE ct.cohort_id = c.id) AS "trainerIds"
                   FROM cohorts c WHERE c.id = $1 AND (${scope.sql})`;
    const values: unknown[] = [id];
    const rows: CohortRecord[] = await preparedRead(this.dataSource, positionalScope(sql, scope.params.scopeUserId, values), values);
    return rows[0] ?? null;
  }

  async cohortById(m: EntityManager, id: string, lock = false): Promise<Cohort | null> {
    return m.findOne(Cohort, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async cohortsByIds(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Cohort[]> {
    return manager.find(Cohort, { where: { id: In(ids) } });
  }

  async replaceTrainers(m: EntityManager, cohortId: string, trainerIds: string[]): Promise<void> {
    await m.delete(CohortTrainer, { cohortId });
    if (trainerIds.length)
      await m.insert(
        CohortTrainer,
        trainerIds.map((trainerId) => ({ cohortId, trainerId })),
      );
  }

  async trainersOf(cohortIds: string[], manager: EntityManager = this.dataSource.manager): Promise<CohortTrainer[]> {
    return manager.find(CohortTrainer, { where: { cohortId: In(cohortIds) } });
  }

  /** Current learners per cohort, in one query. */
  async learnerCounts(m: EntityManager, cohortIds: string[]): Promise<Map<string, number>> {
    const counts: { cohort_id: string; n: number }[] = await m.query(
      'SELECT cohort_id, count(*)::int AS n FROM learners WHERE cohort_id = ANY($1) GROUP BY cohort_id',
      [cohortIds],
    );
    return new Map(counts.map((c) => [c.cohort_id, c.n]));
  }

  // ---------------------------------------------------------------- learners

  async emailTaken(m: EntityManager, email: string): Promise<boolean> {
    return m.exists(Learner, { where: { email } });
  }

  async insertLearner(m: EntityManager, learner: NewLearner): Promise<Learner> {
    return m.save(m.create(Learner, learner));
  }

  async saveLearner(m: EntityManager, learner: Learner): Promise<void> {
    await m.save(learner);
  }

  async lockLearner(m: EntityManager, id: string): Promise<Learner | null> {
    return m.findOne(Learner, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The enrolment history (R-ELIG-6): one row per cohort joined. */
  async insertEnrolment(m: EntityManager, learnerId: string, cohortId: string, enrolledBy: string): Promise<void> {
    await m.insert(Enrolment, { learnerId, cohortId, enrolledBy });
  }

  /** A page of the learners in scope, by name: two prepared statements side by side (rows, total). */
  async learnersPage(scope: LearnerScope, query: LearnerQueryDto): Promise<[LearnerRecord[], number]> {
    const params: unknown[] = [];
    const bind = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [positionalScope(scope.sql, scope.params.scopeUserId, params)];
    if (query.cohortId) where.push(`l.cohort_id = ${bind(query.cohortId)}`);
    if (query.q) {
      const q = bind(escapeLike(query.q));
      where.push(
        `(unaccent_fr(l.last_name) ILIKE unaccent_fr(${q}) OR unaccent_fr(l.first_name) ILIKE unaccent_fr(${q}) OR l.email ILIKE ${q})`,
      );
    }
    // A search finds few learners through its trigram indexes, then sorts them. Ordered as the index
    // learners_by_name is, the planner would walk the whole list in name order hoping to meet 50
    // matches early (29 ms instead of 5 on 10,000 learners, issue 15). "C" orders as the database's
    // C.UTF-8 locale does (code points), so the order is the same; it only hides that index here.
    const name = query.q ? 'l.last_name COLLATE "C"' : 'l.last_name';
    const conditions = where.map((c) => `(${c})`).join(' AND ');
    const filters = [...params];
    const [rows, [{ total }]] = await sideBySide(
      () =>
        preparedRead<LearnerRecord>(
          this.dataSource,
          `SELECT ${LEARNER_RECORD_COLUMNS} FROM learners l WHERE ${conditions}
            ORDER BY ${name}, l.first_name, l.id LIMIT ${bind(query.pageSize)} OFFSET ${bind((query.page - 1) * query.pageSize)}`,
          params,
        ),
      () => preparedRead<{ total: number }>(this.dataSource, `SELECT count(*)::int AS total FROM learners l WHERE ${conditions}`, filters),
    );
    return [rows, total];
  }

  /**
   * The learner as plain data and one boolean per relation, in one prepared statement (issue 15:
   * read on every learner-scoped request). The columns per role differ, so does the statement.
   */
  async relationRecord(
    id: string,
    columns: Record<LearnerRelation, string>,
    params: Record<string, unknown>,
  ): Promise<{ record: LearnerRecord; relations: ReadonlySet<LearnerRelation> } | null> {
    const sql = `SELECT ${LEARNER_RECORD_COLUMNS}, ${LEARNER_RELATIONS.map((r) => `${columns[r]} AS "relation_${r}"`).join(', ')}
                   FROM learners l WHERE l.id = $1`;
    const values: unknown[] = [id];
    const rows: (LearnerRecord & Record<string, unknown>)[] = await preparedRead(
      this.dataSource,
      positionalScope(sql, params.scopeUserId, values),
      values,
    );
    if (!rows[0]) return null;
    const row = rows[0];
    const relations = new Set(LEARNER_RELATIONS.filter((r) => row[`relation_${r}`] === true));
    for (const r of LEARNER_RELATIONS) delete row[`relation_${r}`];
    return { record: row, relations };
  }

  /** The learner file of an account, as plain data, in one prepared statement. */
  async recordOfUser(userId: string): Promise<LearnerRecord | null> {
    const rows: LearnerRecord[] = await preparedRead(
      this.dataSource,
      `SELECT ${LEARNER_RECORD_COLUMNS} FROM learners l WHERE l.user_id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  /** The learner row and one boolean per relation (visibility.ts), in a single query. */
  async relationRow(
    id: string,
    columns: Record<LearnerRelation, string>,
    params: Record<string, unknown>,
  ): Promise<{ entity: Learner; relations: ReadonlySet<LearnerRelation> } | null> {
    const qb = this.dataSource.getRepository(Learner).createQueryBuilder('l').where('l.id = :id', { id }).setParameters(params);
    for (const relation of LEARNER_RELATIONS) qb.addSelect(columns[relation], `relation_${relation}`);
    const { entities, raw } = await qb.getRawAndEntities<Record<string, unknown>>();
    if (!entities[0]) return null;
    return { entity: entities[0], relations: new Set(LEARNER_RELATIONS.filter((r) => raw[0][`relation_${r}`] === true)) };
  }

  async learnersByIds(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Learner[]> {
    return manager.find(Learner, { where: { id: In(ids) } });
  }

  /** The learners of a cohort by name, as plain data, in one prepared statement. */
  async learnersOfCohort(cohortId: string): Promise<LearnerRecord[]> {
    return preparedRead(
      this.dataSource,
      `SELECT ${LEARNER_RECORD_COLUMNS} FROM learners l WHERE l.cohort_id = $1 ORDER BY l.last_name, l.first_name, l.id`,
      [cohortId],
    );
  }

  /** Pairs (learner, trainer) where the user trains or trained one of the learner's cohorts: one query. */
  async trainerLinks(
    learnerIds: string[],
    userIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ learnerId: string; userId: string }[]> {
    const rows: { learner_id: string; trainer_id: string }[] = await manager.query(
      `SELECT DISTINCT e.learner_id, ct.trainer_id FROM learner_enrolments e JOIN cohort_trainers ct ON ct.cohort_id = e.cohort_id
       WHERE e.learner_id = ANY($1) AND ct.trainer_id = ANY($2)`,
      [learnerIds, userIds],
    );
    return rows.map((r) => ({ learnerId: r.learner_id, userId: r.trainer_id }));
  }

  /** Start dates of every cohort each learner was enrolled in: one query. */
  async cohortStartDates(
    learnerIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ learnerId: string; startDate: string }[]> {
    const rows: { learner_id: string; start_date: string }[] = await manager.query(
      `SELECT DISTINCT e.learner_id, c.start_date::text FROM learner_enrolments e JOIN cohorts c ON c.id = e.cohort_id WHERE e.learner_id = ANY($1)`,
      [learnerIds],
    );
    return rows.map((r) => ({ learnerId: r.learner_id, startDate: r.start_date }));
  }
}

/** A LearnerRecord's columns (learner-records.ts), in its order. */
const LEARNER_RECORD_COLUMNS = `l.id, l.first_name AS "firstName", l.last_name AS "lastName", l.birth_date::text AS "birthDate", l.email,
  l.pathway, l.certification_id AS "certificationId", l.cohort_id AS "cohortId", l.vae_admissibility_date::text AS "vaeAdmissibilityDate",
  l.employer, l.accommodations, l.user_id AS "userId",
  to_char(l.anonymised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "anonymisedAt", l.pseudonym`;

/**
 * The caller's id, named `:scopeUserId` in the visibility conditions (visibility.ts and the ports'
 * conditions), as the next positional parameter of a prepared statement: appended to `values`
 * when the text uses it (an admin's conditions do not).
 */
function positionalScope(sql: string, scopeUserId: unknown, values: unknown[]): string {
  if (!/:scopeUserId\b/.test(sql)) return sql;
  values.push(scopeUserId);
  return sql.replace(/:scopeUserId\b/g, `$${values.length}`);
}
