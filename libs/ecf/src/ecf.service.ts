import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import { UsersService } from '@app/auth';
import { LearnerRecord, LearnersService } from '@app/learners';
import { AuditService, AuthUser, DomainError } from '@app/platform';
import { CcpStructure, ReferentialService, TitleStructure } from '@app/referential';
import { todayInFrance } from '@app/rules';
import {
  CohortProgressDto,
  CreateEcfEvaluationDto,
  EcfEvaluationDto,
  LearnerEcfDto,
  SignatureDto,
  SynthesisDto,
  UpsertSynthesisDto,
} from './dto/ecf.dto';
import { EcfEvaluation, EcfResult } from './entities/ecf-evaluation.entity';
import { EcfAcknowledgement, EcfSignature, EcfSynthesis, SignatureCapacity } from './entities/ecf-synthesis.entity';

/** Everything the livret ECF shows, loaded in a fixed number of queries. */
export interface EcfBundle {
  learner: LearnerRecord;
  title: TitleStructure;
  ecf: LearnerEcfDto;
}

const isUniqueViolation = (error: unknown): boolean =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';

@Injectable()
export class EcfService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly learners: LearnersService,
    private readonly referential: ReferentialService,
    private readonly users: UsersService,
  ) {}

  /**
   * R-ECF-1: the trainers of the learner's current cohort and the centre record ECF — by their
   * relation to this learner, not by their roles (issue 10). A trainer who sees the learner only
   * as a juror of their session gets 403 AUTH.FORBIDDEN (they may read the dossier, never write
   * it: the answer a juror gets); one who does not see the learner at all gets 404.
   */
  async recordEvaluation(
    user: AuthUser,
    learnerId: string,
    input: CreateEcfEvaluationDto,
    today = todayInFrance(),
  ): Promise<EcfEvaluationDto> {
    const { learner } = await this.learners.learnerFor(user, learnerId, 'ecf.write');
    this.refuseVae(learner);
    const { ccp } = await this.ccpOfLearner(learner, input.ccpCode);
    if (input.date > today)
      throw DomainError.validation([{ field: 'date', message: "La date de l'évaluation ne peut pas être dans le futur." }]);
    const numbers = input.results.map((r) => r.competence);
    const duplicated = numbers.findIndex((n, i) => numbers.indexOf(n) !== i);
    if (duplicated >= 0)
      throw DomainError.validation([
        { field: `results[${duplicated}].competence`, message: 'Compétence en double dans cette évaluation.' },
      ]);
    const competences = this.competencesOf(ccp, numbers, (i) => `results[${i}].competence`);

    return this.dataSource.transaction(async (m) => {
      const evaluation = await m.save(
        m.create(EcfEvaluation, {
          learnerId,
          ccpId: ccp.id,
          date: input.date,
          description: input.description,
          comment: input.comment ?? null,
          evaluatorId: user.id,
        }),
      );
      await m.insert(
        EcfResult,
        input.results.map((r, i) => ({
          evaluationId: evaluation.id,
          competenceId: competences[i].id,
          competenceNumber: r.competence,
          acquired: r.acquired,
        })),
      );
      const view: EcfEvaluationDto = {
        id: evaluation.id,
        ccpCode: ccp.code,
        date: evaluation.date,
        description: evaluation.description,
        results: input.results.map((r) => ({ competence: r.competence, acquired: r.acquired })).sort((a, b) => a.competence - b.competence),
        evaluatorId: user.id,
        evaluatorName: user.fullName,
        comment: evaluation.comment,
      };
      await this.audit.record(m, {
        actorId: user.id,
        action: 'ecf_evaluation.create',
        entity: 'ecf_evaluation',
        entityId: evaluation.id,
        after: { learnerId, ...view },
      });
      return view;
    });
  }

  async getEcf(user: AuthUser, learnerId: string): Promise<LearnerEcfDto> {
    return (await this.bundle(user, learnerId)).ecf;
  }

  /** The learner, the title and every CCP's evaluations and current synthesis: 8 queries, whatever the history. */
  async bundle(user: AuthUser, learnerId: string): Promise<EcfBundle> {
    const learner = await this.learners.visibleLearner(user, learnerId);
    const title = await this.referential.structureById(learner.certificationId);
    const m = this.dataSource.manager;
    const evaluations = await m.find(EcfEvaluation, { where: { learnerId }, order: { date: 'ASC', createdAt: 'ASC' } });
    const results = evaluations.length ? await m.find(EcfResult, { where: { evaluationId: In(evaluations.map((e) => e.id)) } }) : [];
    const latest = await this.latestSyntheses(m, [learnerId]);
    const syntheses = await this.synthesisViews(m, latest);
    const names = new Map((await this.users.findMany([...new Set(evaluations.map((e) => e.evaluatorId))])).map((u) => [u.id, u.fullName]));
    return {
      learner,
      title,
      ecf: {
        learnerId,
        ccps: title.ccps.map((ccp) => ({
          ccpCode: ccp.code,
          number: ccp.number,
          title: ccp.title,
          evaluations: evaluations
            .filter((e) => e.ccpId === ccp.id)
            .map((e) => ({
              id: e.id,
              ccpCode: ccp.code,
              date: e.date,
              description: e.description,
              results: results
                .filter((r) => r.evaluationId === e.id)
                .map((r) => ({ competence: r.competenceNumber, acquired: r.acquired }))
                .sort((a, b) => a.competence - b.competence),
              evaluatorId: e.evaluatorId,
              evaluatorName: names.get(e.evaluatorId) ?? '',
              comment: e.comment,
            })),
          synthesis: syntheses.get(`${learnerId}:${ccp.id}`) ?? null,
        })),
      },
    };
  }

  /**
   * R-ECF-2: the synthesis of a CCP. An unsigned draft is edited in place; once anyone has
   * signed it, a change needs a reason and makes a new version whose signatures start empty.
   * Written by the trainers of the learner's current cohort and the centre (relation `ecf.write`).
   */
  async upsertSynthesis(user: AuthUser, learnerId: string, ccpCode: string, input: UpsertSynthesisDto): Promise<SynthesisDto> {
    const { learner } = await this.learners.learnerFor(user, learnerId, 'ecf.write');
    this.refuseVae(learner);
    const { ccp } = await this.ccpOfLearner(learner, ccpCode);
    const toReassess = [...(input.competencesToReassess ?? [])].sort((a, b) => a - b);
    this.competencesOf(ccp, toReassess, (i) => `competencesToReassess[${i}]`);

    try {
      return await this.dataSource.transaction(async (m) => {
        // One writer at a time per learner and CCP (the first version has no row to lock yet).
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ecf-synthesis:${learnerId}:${ccp.id}`]);
        const current = await m.findOne(EcfSynthesis, { where: { learnerId, ccpId: ccp.id }, order: { version: 'DESC' } });
        const signed = current ? await m.exists(EcfSignature, { where: { synthesisId: current.id } }) : false;
        const before = current ? (await this.synthesisViews(m, [current])).get(`${learnerId}:${ccp.id}`) : null;
        let saved: EcfSynthesis;
        if (current && !signed) {
          current.mastered = input.mastered;
          current.observations = input.observations;
          current.competencesToReassess = toReassess;
          current.authorId = user.id;
          if (input.reason && current.version > 1) current.reason = input.reason;
          saved = await m.save(current);
        } else {
          if (current && !input.reason) {
            throw new DomainError(
              'ECF.SYNTHESIS_LOCKED',
              `La synthèse du CCP ${ccp.number} est signée : pour la modifier, indiquez un motif (une nouvelle version sera créée, à signer de nouveau).`,
              [{ field: 'reason', message: 'Motif obligatoire pour modifier une synthèse signée.' }],
              'R-ECF-2',
            );
          }
          saved = await m.save(
            m.create(EcfSynthesis, {
              learnerId,
              ccpId: ccp.id,
              version: (current?.version ?? 0) + 1,
              mastered: input.mastered,
              observations: input.observations,
              competencesToReassess: toReassess,
              reason: current ? input.reason! : (input.reason ?? null),
              authorId: user.id,
            }),
          );
        }
        const after = (await this.synthesisViews(m, [saved])).get(`${learnerId}:${ccp.id}`)!;
        await this.audit.record(m, {
          actorId: user.id,
          action: saved.id === current?.id ? 'ecf_synthesis.update' : 'ecf_synthesis.create_version',
          entity: 'ecf_synthesis',
          entityId: saved.id,
          before: before ?? null,
          after: { learnerId, ccpCode: ccp.code, ...after },
        });
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('CONFLICT', 'Une autre modification de cette synthèse vient d’être enregistrée : rechargez-la.');
      throw error;
    }
  }

  /**
   * R-ECF-2: an evaluating trainer signs as evaluator, an admin as the centre's representative.
   * The capacity comes from the relation to this learner: `trainer` (of the current cohort) or
   * `evaluator` (recorded an evaluation of this CCP) signs as evaluator, `admin` as the centre.
   */
  async sign(user: AuthUser, learnerId: string, ccpCode: string, as?: SignatureCapacity): Promise<SynthesisDto> {
    const { learner, relations } = await this.learners.learnerFor(user, learnerId, 'ecf.sign');
    this.refuseVae(learner);
    const { ccp } = await this.ccpOfLearner(learner, ccpCode);
    const trainsLearner = relations.has('trainer');
    const capacity: SignatureCapacity = as ?? (trainsLearner ? 'evaluator' : relations.has('admin') ? 'centre' : 'evaluator');
    if (capacity === 'centre' && !relations.has('admin')) {
      throw new DomainError('AUTH.FORBIDDEN', 'Seul un administrateur du centre signe au nom du centre.');
    }
    try {
      return await this.dataSource.transaction(async (m) => {
        const current = await m.findOne(EcfSynthesis, {
          where: { learnerId, ccpId: ccp.id },
          order: { version: 'DESC' },
          lock: { mode: 'pessimistic_write' },
        });
        if (!current) throw DomainError.notFound(`La synthèse du CCP ${ccp.number} (à rédiger avant de la signer)`);
        if (capacity === 'evaluator') {
          const evaluated =
            relations.has('evaluator') && (await m.exists(EcfEvaluation, { where: { learnerId, ccpId: ccp.id, evaluatorId: user.id } }));
          if (!(trainsLearner || evaluated)) {
            throw new DomainError(
              'ECF.NOT_EVALUATOR',
              "Signe comme évaluateur un formateur de la promotion de l'apprenant ou qui a évalué ses ECF de ce CCP.",
              undefined,
              'R-ECF-2',
            );
          }
        }
        const existing = await m.find(EcfSignature, { where: { synthesisId: current.id } });
        if (existing.some((s) => s.capacity === capacity && (capacity === 'centre' || s.userId === user.id))) throw alreadySigned(capacity);
        await m.insert(EcfSignature, { synthesisId: current.id, userId: user.id, capacity });
        const view = (await this.synthesisViews(m, [current])).get(`${learnerId}:${ccp.id}`)!;
        await this.audit.record(m, {
          actorId: user.id,
          action: `ecf_synthesis.sign_${capacity}`,
          entity: 'ecf_synthesis',
          entityId: current.id,
          after: { learnerId, ccpCode: ccp.code, version: current.version, locked: view.locked },
        });
        return view;
      });
    } catch (error) {
      // A double click: the unique keys decide, the second click gets the 409.
      if (isUniqueViolation(error)) throw alreadySigned(capacity);
      throw error;
    }
  }

  /** The learner acknowledges « pour information » a signed synthesis (idempotent). */
  async acknowledge(user: AuthUser, learnerId: string, ccpCode: string): Promise<SynthesisDto> {
    const { learner } = await this.learners.learnerFor(user, learnerId, 'ecf.acknowledge');
    this.refuseVae(learner);
    const { ccp } = await this.ccpOfLearner(learner, ccpCode);
    return this.dataSource.transaction(async (m) => {
      const current = await m.findOne(EcfSynthesis, { where: { learnerId, ccpId: ccp.id }, order: { version: 'DESC' } });
      if (!current) throw DomainError.notFound(`La synthèse du CCP ${ccp.number}`);
      const view = (await this.synthesisViews(m, [current])).get(`${learnerId}:${ccp.id}`)!;
      if (!view.locked) {
        throw new DomainError(
          'ECF.SYNTHESIS_NOT_SIGNED',
          "La synthèse n'est pas encore signée par l'évaluateur et le centre.",
          undefined,
          'R-ECF-2',
        );
      }
      if (view.acknowledgedAt) return view;
      await m.query(
        'INSERT INTO ecf_synthesis_acknowledgements (synthesis_id, user_id) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT one_acknowledgement_per_version DO NOTHING',
        [current.id, user.id],
      );
      const after = (await this.synthesisViews(m, [current])).get(`${learnerId}:${ccp.id}`)!;
      await this.audit.record(m, {
        actorId: user.id,
        action: 'ecf_synthesis.acknowledge',
        entity: 'ecf_synthesis',
        entityId: current.id,
        after: { learnerId, ccpCode: ccp.code, version: current.version },
      });
      return after;
    });
  }

  /**
   * Learners × CCPs of a cohort: 7 queries whatever the cohort's size (cohort, trainers,
   * learners, title ×3, one aggregate over evaluations and syntheses).
   */
  async cohortProgress(user: AuthUser, cohortId: string): Promise<CohortProgressDto> {
    const cohort = await this.learners.visibleCohort(user, cohortId);
    const learners = await this.learners.learnersOfCohort(cohortId);
    const title = await this.referential.structureById(cohort.certificationId);
    const rows: {
      learner_id: string;
      ccp_id: string;
      evaluations: number;
      acquired: number;
      version: number | null;
      mastered: boolean | null;
      locked: boolean;
    }[] =
      learners.length === 0
        ? []
        : await this.dataSource.query(
            `WITH latest_result AS (
               SELECT DISTINCT ON (e.learner_id, r.competence_id) e.learner_id, e.ccp_id, r.acquired
               FROM ecf_evaluations e JOIN ecf_results r ON r.evaluation_id = e.id
               WHERE e.learner_id = ANY($1)
               ORDER BY e.learner_id, r.competence_id, e.date DESC, e.created_at DESC),
             counts AS (
               SELECT learner_id, ccp_id, count(*)::int AS evaluations FROM ecf_evaluations WHERE learner_id = ANY($1) GROUP BY learner_id, ccp_id),
             acquired AS (
               SELECT learner_id, ccp_id, count(*) FILTER (WHERE acquired)::int AS acquired FROM latest_result GROUP BY learner_id, ccp_id),
             syntheses AS (
               SELECT DISTINCT ON (s.learner_id, s.ccp_id) s.learner_id, s.ccp_id, s.version, s.mastered, s.id
               FROM ecf_syntheses s WHERE s.learner_id = ANY($1) ORDER BY s.learner_id, s.ccp_id, s.version DESC)
             SELECT k.learner_id, k.ccp_id, coalesce(c.evaluations, 0) AS evaluations, coalesce(a.acquired, 0) AS acquired,
                    s.version, s.mastered,
                    (EXISTS (SELECT 1 FROM ecf_synthesis_signatures g WHERE g.synthesis_id = s.id AND g.capacity = 'evaluator')
                     AND EXISTS (SELECT 1 FROM ecf_synthesis_signatures g WHERE g.synthesis_id = s.id AND g.capacity = 'centre')) AS locked
             FROM (SELECT learner_id, ccp_id FROM counts UNION SELECT learner_id, ccp_id FROM syntheses) k
             LEFT JOIN counts c USING (learner_id, ccp_id)
             LEFT JOIN acquired a USING (learner_id, ccp_id)
             LEFT JOIN syntheses s USING (learner_id, ccp_id)`,
            [learners.map((l) => l.id)],
          );
    const cell = new Map(rows.map((r) => [`${r.learner_id}:${r.ccp_id}`, r]));
    return {
      cohortId,
      certificationCode: title.code,
      ccps: title.ccps.map((c) => ({ code: c.code, number: c.number, title: c.title, competencesTotal: c.competences.length })),
      learners: learners.map((l) => ({
        learnerId: l.id,
        firstName: l.firstName,
        lastName: l.lastName,
        ccps: title.ccps.map((c) => {
          const r = cell.get(`${l.id}:${c.id}`);
          return {
            ccpCode: c.code,
            evaluations: r?.evaluations ?? 0,
            competencesAcquired: r?.acquired ?? 0,
            competencesTotal: c.competences.length,
            synthesis: !r || r.version === null ? 'none' : r.locked ? 'signed' : 'draft',
            mastered: r?.mastered ?? null,
          };
        }),
      })),
    };
  }

  /** For libs/jury-sessions (R-ELIG-4): the CCP ids with a locked synthesis, per learner, in two queries. */
  async lockedSynthesisCcps(learnerIds: string[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    if (learnerIds.length === 0) return out;
    const rows: { learner_id: string; ccp_id: string }[] = await this.dataSource.query(
      `SELECT s.learner_id, s.ccp_id FROM (
         SELECT DISTINCT ON (learner_id, ccp_id) id, learner_id, ccp_id FROM ecf_syntheses WHERE learner_id = ANY($1) ORDER BY learner_id, ccp_id, version DESC) s
       WHERE EXISTS (SELECT 1 FROM ecf_synthesis_signatures g WHERE g.synthesis_id = s.id AND g.capacity = 'evaluator')
         AND EXISTS (SELECT 1 FROM ecf_synthesis_signatures g WHERE g.synthesis_id = s.id AND g.capacity = 'centre')`,
      [learnerIds],
    );
    for (const r of rows) {
      if (!out.has(r.learner_id)) out.set(r.learner_id, new Set());
      out.get(r.learner_id)!.add(r.ccp_id);
    }
    return out;
  }

  /** For R-JURY-3: pairs (evaluator, learner) where the user evaluated one of the learner's ECF. */
  async evaluatorLinks(learnerIds: string[], userIds: string[]): Promise<{ learnerId: string; userId: string }[]> {
    if (learnerIds.length === 0 || userIds.length === 0) return [];
    const rows: { learner_id: string; evaluator_id: string }[] = await this.dataSource.query(
      'SELECT DISTINCT learner_id, evaluator_id FROM ecf_evaluations WHERE learner_id = ANY($1) AND evaluator_id = ANY($2)',
      [learnerIds, userIds],
    );
    return rows.map((r) => ({ learnerId: r.learner_id, userId: r.evaluator_id }));
  }

  private refuseVae(learner: LearnerRecord): void {
    if (learner.pathway === 'vae') {
      throw new DomainError(
        'ECF.NOT_FOR_VAE',
        "Les ECF concernent le parcours de formation : un candidat VAE n'en a pas.",
        undefined,
        'R-ECF-1',
      );
    }
  }

  private async ccpOfLearner(learner: LearnerRecord, ccpCode: string): Promise<{ title: TitleStructure; ccp: CcpStructure }> {
    const title = await this.referential.structureById(learner.certificationId);
    const ccp = title.ccps.find((c) => c.code === ccpCode);
    if (!ccp) {
      throw new DomainError(
        'ECF.CCP_NOT_IN_TITLE',
        `Le CCP ${ccpCode} n'appartient pas au titre ${title.code} préparé par l'apprenant (CCP : ${title.ccps.map((c) => c.code).join(', ')}).`,
        [{ field: 'ccpCode', message: `CCP hors du titre ${title.code}.` }],
        'R-ECF-1',
      );
    }
    return { title, ccp };
  }

  private competencesOf(ccp: CcpStructure, numbers: number[], field: (i: number) => string): CcpStructure['competences'] {
    const problems = numbers.flatMap((n, i) =>
      ccp.competences.some((k) => k.number === n)
        ? []
        : [{ field: field(i), message: `La compétence n°${n} n'appartient pas au CCP ${ccp.number}.` }],
    );
    if (problems.length) {
      throw new DomainError(
        'ECF.COMPETENCE_NOT_IN_CCP',
        `Compétence(s) hors du CCP ${ccp.number} : ce CCP couvre les compétences ${ccp.competences.map((k) => k.number).join(', ')}.`,
        problems,
        'R-ECF-1',
      );
    }
    return numbers.map((n) => ccp.competences.find((k) => k.number === n)!);
  }

  /** Latest version per learner and CCP, in one query. */
  private async latestSyntheses(m: EntityManager, learnerIds: string[]): Promise<EcfSynthesis[]> {
    return m
      .getRepository(EcfSynthesis)
      .createQueryBuilder('s')
      .distinctOn(['s.learner_id', 's.ccp_id'])
      .where('s.learner_id IN (:...ids)', { ids: learnerIds })
      .orderBy('s.learner_id')
      .addOrderBy('s.ccp_id')
      .addOrderBy('s.version', 'DESC')
      .getMany();
  }

  /** Views keyed `learnerId:ccpId`, with signatures and acknowledgement: three queries. */
  private async synthesisViews(m: EntityManager, syntheses: EcfSynthesis[]): Promise<Map<string, SynthesisDto>> {
    const out = new Map<string, SynthesisDto>();
    if (syntheses.length === 0) return out;
    const ids = syntheses.map((s) => s.id);
    const signatures = await m.find(EcfSignature, { where: { synthesisId: In(ids) }, order: { signedAt: 'ASC' } });
    const acks = await m.find(EcfAcknowledgement, { where: { synthesisId: In(ids) } });
    const names = new Map((await this.users.findMany([...new Set(signatures.map((s) => s.userId))])).map((u) => [u.id, u.fullName]));
    const sig = (s: EcfSignature): SignatureDto => ({
      userId: s.userId,
      fullName: names.get(s.userId) ?? '',
      signedAt: s.signedAt.toISOString(),
    });
    for (const s of syntheses) {
      const mine = signatures.filter((g) => g.synthesisId === s.id);
      const evaluators = mine.filter((g) => g.capacity === 'evaluator').map(sig);
      const centre = mine.find((g) => g.capacity === 'centre');
      out.set(`${s.learnerId}:${s.ccpId}`, {
        mastered: s.mastered,
        observations: s.observations,
        competencesToReassess: s.competencesToReassess,
        version: s.version,
        reason: s.reason,
        evaluatorSignatures: evaluators,
        centreSignature: centre ? sig(centre) : null,
        acknowledgedAt: acks.find((a) => a.synthesisId === s.id)?.acknowledgedAt.toISOString() ?? null,
        locked: evaluators.length > 0 && !!centre,
        updatedAt: s.updatedAt.toISOString(),
      });
    }
    return out;
  }
}

function alreadySigned(capacity: SignatureCapacity): DomainError {
  return new DomainError(
    'ECF.ALREADY_SIGNED',
    capacity === 'centre' ? 'Le centre a déjà signé cette version de la synthèse.' : 'Vous avez déjà signé cette version de la synthèse.',
    undefined,
    'R-ECF-2',
  );
}
