import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UsersService } from '@app/auth';
import { LearnerRecord, LearnersService } from '@app/learners';
import { AuditService, AuthUser, DomainError, sideBySide } from '@app/platform';
import { CcpStructure, ReferentialService, TitleStructure } from '@app/referential';
import { todayInFrance } from '@app/rules';
import {
  CohortProgressDto,
  CreateEcfEvaluationDto,
  EcfEvaluationDto,
  LearnerEcfDto,
  SynthesisDto,
  UpsertSynthesisDto,
} from './dto/ecf.dto';
import { alreadySigned, competencesOf, isUniqueViolation, refuseVae } from './ecf-checks';
import { EcfRepository, signerIds, synthesisView } from './ecf.repository';
import { EcfSynthesis, SignatureCapacity } from './entities/ecf-synthesis.entity';

/** Everything the livret ECF shows, loaded in a fixed number of queries. */
export interface EcfBundle {
  learner: LearnerRecord;
  title: TitleStructure;
  ecf: LearnerEcfDto;
}

@Injectable()
export class EcfService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly learners: LearnersService,
    private readonly referential: ReferentialService,
    private readonly users: UsersService,
    private readonly repository: EcfRepository,
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
    refuseVae(learner);
    const { ccp } = await this.ccpOfLearner(learner, input.ccpCode);
    if (input.date > today)
      throw DomainError.validation([{ field: 'date', message: "La date de l'évaluation ne peut pas être dans le futur." }]);
    const numbers = input.results.map((r) => r.competence);
    const duplicated = numbers.findIndex((n, i) => numbers.indexOf(n) !== i);
    if (duplicated >= 0)
      throw DomainError.validation([
        { field: `results[${duplicated}].competence`, message: 'Compétence en double dans cette évaluation.' },
      ]);
    const competences = competencesOf(ccp, numbers, (i) => `results[${i}].competence`);

    return this.dataSource.transaction(async (m) => {
      const evaluation = await this.repository.insertEvaluation(
        m,
        {
          learnerId,
          ccpId: ccp.id,
          date: input.date,
          description: input.description,
          comment: input.comment ?? null,
          evaluatorId: user.id,
        },
        input.results.map((r, i) => ({ competenceId: competences[i].id, competenceNumber: r.competence, acquired: r.acquired })),
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

  /**
   * The learner, the title and every CCP's evaluations and current synthesis, whatever the history:
   * the learner's visibility, the title (kept in memory), the ECF in one statement
   * (EcfRepository.learnerEcf) and the names of evaluators and signers (UsersService, kept in memory).
   */
  async bundle(user: AuthUser, learnerId: string): Promise<EcfBundle> {
    return this.bundleOf(await this.learners.visibleLearner(user, learnerId));
  }

  /**
   * The learner's ECF for a caller whose right to read this learner was checked (the jury's
   * dossier checks it once for its three parts): two statements side by side at most.
   */
  async bundleOf(learner: LearnerRecord): Promise<EcfBundle> {
    const learnerId = learner.id;
    const [title, { evaluations, syntheses }] = await sideBySide(
      () => this.referential.structureById(learner.certificationId),
      () => this.repository.learnerEcf(learnerId),
    );
    const people = [...new Set([...evaluations.map((e) => e.evaluatorId), ...syntheses.flatMap((s) => signerIds(s.signatures))])];
    const names = new Map((await this.users.findMany(people)).map((u) => [u.id, u.fullName]));
    const synthesisOf = new Map(syntheses.map((s) => [s.ccpId, s]));
    return {
      learner,
      title,
      ecf: {
        learnerId,
        ccps: title.ccps.map((ccp) => {
          const synthesis = synthesisOf.get(ccp.id);
          return {
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
                results: e.results.map((r) => ({ competence: r.competence, acquired: r.acquired })),
                evaluatorId: e.evaluatorId,
                evaluatorName: names.get(e.evaluatorId) ?? '',
                comment: e.comment,
              })),
            synthesis: synthesis ? synthesisView(synthesis, synthesis.signatures, synthesis.acknowledgedAt, names) : null,
          };
        }),
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
    refuseVae(learner);
    const { ccp } = await this.ccpOfLearner(learner, ccpCode);
    const toReassess = [...(input.competencesToReassess ?? [])].sort((a, b) => a - b);
    competencesOf(ccp, toReassess, (i) => `competencesToReassess[${i}]`);

    try {
      return await this.dataSource.transaction(async (m) => {
        await this.repository.lockSynthesisWriters(m, learnerId, ccp.id);
        const current = await this.repository.currentSynthesis(m, learnerId, ccp.id);
        const signed = current ? await this.repository.isSigned(m, current.id) : false;
        const before = current ? (await this.repository.synthesisViews(m, [current])).get(`${learnerId}:${ccp.id}`) : null;
        let saved: EcfSynthesis;
        if (current && !signed) {
          current.mastered = input.mastered;
          current.observations = input.observations;
          current.competencesToReassess = toReassess;
          current.authorId = user.id;
          if (input.reason && current.version > 1) current.reason = input.reason;
          saved = await this.repository.saveSynthesis(m, current);
        } else {
          if (current && !input.reason) {
            throw new DomainError(
              'ECF.SYNTHESIS_LOCKED',
              `La synthèse du CCP ${ccp.number} est signée : pour la modifier, indiquez un motif (une nouvelle version sera créée, à signer de nouveau).`,
              [{ field: 'reason', message: 'Motif obligatoire pour modifier une synthèse signée.' }],
              'R-ECF-2',
            );
          }
          saved = await this.repository.saveSynthesis(m, {
            learnerId,
            ccpId: ccp.id,
            version: (current?.version ?? 0) + 1,
            mastered: input.mastered,
            observations: input.observations,
            competencesToReassess: toReassess,
            reason: current ? input.reason! : (input.reason ?? null),
            authorId: user.id,
          });
        }
        const after = (await this.repository.synthesisViews(m, [saved])).get(`${learnerId}:${ccp.id}`)!;
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
    refuseVae(learner);
    const { ccp } = await this.ccpOfLearner(learner, ccpCode);
    const trainsLearner = relations.has('trainer');
    const capacity: SignatureCapacity = as ?? (trainsLearner ? 'evaluator' : relations.has('admin') ? 'centre' : 'evaluator');
    if (capacity === 'centre' && !relations.has('admin')) {
      throw new DomainError('AUTH.FORBIDDEN', 'Seul un administrateur du centre signe au nom du centre.');
    }
    try {
      return await this.dataSource.transaction(async (m) => {
        const current = await this.repository.currentSynthesis(m, learnerId, ccp.id, true);
        if (!current) throw DomainError.notFound(`La synthèse du CCP ${ccp.number} (à rédiger avant de la signer)`);
        if (capacity === 'evaluator') {
          const evaluated = relations.has('evaluator') && (await this.repository.hasEvaluated(m, learnerId, ccp.id, user.id));
          if (!(trainsLearner || evaluated)) {
            throw new DomainError(
              'ECF.NOT_EVALUATOR',
              "Signe comme évaluateur un formateur de la promotion de l'apprenant ou qui a évalué ses ECF de ce CCP.",
              undefined,
              'R-ECF-2',
            );
          }
        }
        const existing = await this.repository.signaturesOf(m, current.id);
        if (existing.some((s) => s.capacity === capacity && (capacity === 'centre' || s.userId === user.id))) throw alreadySigned(capacity);
        await this.repository.insertSignature(m, current.id, user.id, capacity);
        const view = (await this.repository.synthesisViews(m, [current])).get(`${learnerId}:${ccp.id}`)!;
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
    refuseVae(learner);
    const { ccp } = await this.ccpOfLearner(learner, ccpCode);
    return this.dataSource.transaction(async (m) => {
      const current = await this.repository.currentSynthesis(m, learnerId, ccp.id);
      if (!current) throw DomainError.notFound(`La synthèse du CCP ${ccp.number}`);
      const view = (await this.repository.synthesisViews(m, [current])).get(`${learnerId}:${ccp.id}`)!;
      if (!view.locked) {
        throw new DomainError(
          'ECF.SYNTHESIS_NOT_SIGNED',
          "La synthèse n'est pas encore signée par l'évaluateur et le centre.",
          undefined,
          'R-ECF-2',
        );
      }
      if (view.acknowledgedAt) return view;
      await this.repository.insertAcknowledgement(m, current.id, user.id);
      const after = (await this.repository.synthesisViews(m, [current])).get(`${learnerId}:${ccp.id}`)!;
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
   * Learners × CCPs of a cohort, whatever its size: the cohort (with its trainers), its learners
   * and the title (kept in memory) side by side, then one aggregate statement over the ECF tables
   * (EcfRepository.progressRows).
   */
  async cohortProgress(user: AuthUser, cohortId: string): Promise<CohortProgressDto> {
    const cohort = await this.learners.visibleCohort(user, cohortId);
    const [learners, title] = await sideBySide(
      () => this.learners.learnersOfCohort(cohortId),
      () => this.referential.structureById(cohort.certificationId),
    );
    const rows = await this.repository.progressRows(learners.map((l) => l.id));
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
    const rows = await this.repository.lockedSynthesisPairs(learnerIds);
    for (const r of rows) {
      if (!out.has(r.learner_id)) out.set(r.learner_id, new Set());
      out.get(r.learner_id)!.add(r.ccp_id);
    }
    return out;
  }

  /** For R-JURY-3: pairs (evaluator, learner) where the user evaluated one of the learner's ECF. */
  async evaluatorLinks(learnerIds: string[], userIds: string[]): Promise<{ learnerId: string; userId: string }[]> {
    if (learnerIds.length === 0 || userIds.length === 0) return [];
    return this.repository.evaluatorLinks(learnerIds, userIds);
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
}
