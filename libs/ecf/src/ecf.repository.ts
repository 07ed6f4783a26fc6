import { Injectable } from '@nestjs/common';
import { preparedRead } from '@app/platform';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { UsersService } from '@app/auth';
import { SignatureDto, SynthesisDto } from './dto/ecf.dto';
import { EcfEvaluation, EcfResult } from './entities/ecf-evaluation.entity';
import { EcfAcknowledgement, EcfSignature, EcfSynthesis, SignatureCapacity } from './entities/ecf-synthesis.entity';

/** One cell of the cohort matrix: a learner's evaluations and latest synthesis of a CCP. */
export interface ProgressRow {
  learner_id: string;
  ccp_id: string;
  evaluations: number;
  acquired: number;
  version: number | null;
  mastered: boolean | null;
  locked: boolean;
}

/** A learner's evaluation as {@link EcfRepository.learnerEcf} reads it, its results by competence number. */
export interface EvaluationRow {
  id: string;
  ccpId: string;
  date: string;
  description: string;
  comment: string | null;
  evaluatorId: string;
  results: { competence: number; acquired: boolean }[];
}

/** The latest version of a learner's synthesis of a CCP, with its signatures in signing order and its acknowledgement. */
export interface SynthesisRow {
  ccpId: string;
  mastered: boolean;
  observations: string;
  competencesToReassess: number[];
  version: number;
  reason: string | null;
  updatedAt: Date;
  signatures: { userId: string; capacity: SignatureCapacity; signedAt: Date }[];
  acknowledgedAt: Date | null;
}

/** The users whose names a synthesis view shows (its signers). */
export function signerIds(signatures: { userId: string }[]): string[] {
  return [...new Set(signatures.map((s) => s.userId))];
}

/** A synthesis as the API shows it: the signatures in signing order, the names from UsersService. */
export function synthesisView(
  s: Pick<EcfSynthesis, 'mastered' | 'observations' | 'competencesToReassess' | 'version' | 'reason' | 'updatedAt'>,
  signatures: { userId: string; capacity: SignatureCapacity; signedAt: Date }[],
  acknowledgedAt: Date | null,
  names: Map<string, string>,
): SynthesisDto {
  const sig = (g: { userId: string; signedAt: Date }): SignatureDto => ({
    userId: g.userId,
    fullName: names.get(g.userId) ?? '',
    signedAt: g.signedAt.toISOString(),
  });
  const evaluators = signatures.filter((g) => g.capacity === 'evaluator').map(sig);
  const centre = signatures.find((g) => g.capacity === 'centre');
  return {
    mastered: s.mastered,
    observations: s.observations,
    competencesToReassess: s.competencesToReassess,
    version: s.version,
    reason: s.reason,
    evaluatorSignatures: evaluators,
    centreSignature: centre ? sig(centre) : null,
    acknowledgedAt: acknowledgedAt?.toISOString() ?? null,
    locked: evaluators.length > 0 && !!centre,
    updatedAt: s.updatedAt.toISOString(),
  };
}

/**
 * The ECF tables (evaluations, results, syntheses, signatures, acknowledgements): every query of
 * libs/ecf, set-based, a fixed number each. CCPs and competences come from ReferentialService,
 * names from UsersService (the synthesis views). Not exported.
 */
@Injectable()
export class EcfRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  /** An evaluation and its results (R-ECF-1). */
  async insertEvaluation(
    m: EntityManager,
    evaluation: Pick<EcfEvaluation, 'learnerId' | 'ccpId' | 'date' | 'description' | 'comment' | 'evaluatorId'>,
    results: Pick<EcfResult, 'competenceId' | 'competenceNumber' | 'acquired'>[],
  ): Promise<EcfEvaluation> {
    const saved = await m.save(m.create(EcfEvaluation, evaluation));
    await m.insert(
      EcfResult,
      results.map((r) => ({ ...r, evaluationId: saved.id })),
    );
    return saved;
  }

  /**
   * A learner's ECF in one statement (issue 15; it was five round trips): the evaluations oldest
   * first (date, then recording) with their results by competence number, and the latest version
   * of each CCP's synthesis with its signatures in signing order and its acknowledgement.
   * Timestamps come as JSON text and become the Dates the driver would have given.
   */
  async learnerEcf(learnerId: string): Promise<{ evaluations: EvaluationRow[]; syntheses: SynthesisRow[] }> {
    type Json<T> = Omit<T, 'updatedAt' | 'signatures' | 'acknowledgedAt'> & {
      updatedAt: string;
      signatures: { userId: string; capacity: SignatureCapacity; signedAt: string }[];
      acknowledgedAt: string | null;
    };
    const [row]: { evaluations: EvaluationRow[]; syntheses: Json<SynthesisRow>[] }[] = await preparedRead(
      this.dataSource,
      `SELECT
         coalesce((SELECT json_agg(json_build_object(
                     'id', e.id, 'ccpId', e.ccp_id, 'date', e.date, 'description', e.description, 'comment', e.comment,
                     'evaluatorId', e.evaluator_id,
                     'results', coalesce((SELECT json_agg(json_build_object('competence', r.competence_number, 'acquired', r.acquired)
                                                   ORDER BY r.competence_number)
                                            FROM ecf_results r WHERE r.evaluation_id = e.id), '[]'))
                     ORDER BY e.date, e.created_at, e.id)
                     FROM ecf_evaluations e WHERE e.learner_id = $1), '[]') AS evaluations,
         coalesce((SELECT json_agg(json_build_object(
                     'ccpId', s.ccp_id, 'mastered', s.mastered, 'observations', s.observations,
                     'competencesToReassess', s.competences_to_reassess, 'version', s.version, 'reason', s.reason,
                     'updatedAt', s.updated_at,
                     'signatures', coalesce((SELECT json_agg(json_build_object('userId', g.user_id, 'capacity', g.capacity, 'signedAt', g.signed_at)
                                                     ORDER BY g.signed_at, g.id)
                                              FROM ecf_synthesis_signatures g WHERE g.synthesis_id = s.id), '[]'),
                     'acknowledgedAt', (SELECT a.acknowledged_at FROM ecf_synthesis_acknowledgements a WHERE a.synthesis_id = s.id LIMIT 1)))
                     FROM (SELECT DISTINCT ON (v.ccp_id) v.* FROM ecf_syntheses v WHERE v.learner_id = $1 ORDER BY v.ccp_id, v.version DESC) s),
                  '[]') AS syntheses`,
      [learnerId],
    );
    return {
      evaluations: row.evaluations,
      syntheses: row.syntheses.map((s) => ({
        ...s,
        updatedAt: new Date(s.updatedAt),
        signatures: s.signatures.map((g) => ({ ...g, signedAt: new Date(g.signedAt) })),
        acknowledgedAt: s.acknowledgedAt === null ? null : new Date(s.acknowledgedAt),
      })),
    };
  }

  async hasEvaluated(m: EntityManager, learnerId: string, ccpId: string, evaluatorId: string): Promise<boolean> {
    return m.exists(EcfEvaluation, { where: { learnerId, ccpId, evaluatorId } });
  }

  /** The current version of a learner's synthesis of a CCP (locked for update when asked). */
  async currentSynthesis(m: EntityManager, learnerId: string, ccpId: string, lock = false): Promise<EcfSynthesis | null> {
    return m.findOne(EcfSynthesis, {
      where: { learnerId, ccpId },
      order: { version: 'DESC' },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** One writer at a time per learner and CCP (the first version has no row to lock yet). */
  async lockSynthesisWriters(m: EntityManager, learnerId: string, ccpId: string): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ecf-synthesis:${learnerId}:${ccpId}`]);
  }

  async saveSynthesis(m: EntityManager, synthesis: EcfSynthesis | Partial<EcfSynthesis>): Promise<EcfSynthesis> {
    return m.save(synthesis instanceof EcfSynthesis ? synthesis : m.create(EcfSynthesis, synthesis));
  }

  async isSigned(m: EntityManager, synthesisId: string): Promise<boolean> {
    return m.exists(EcfSignature, { where: { synthesisId } });
  }

  async signaturesOf(m: EntityManager, synthesisId: string): Promise<EcfSignature[]> {
    return m.find(EcfSignature, { where: { synthesisId } });
  }

  async insertSignature(m: EntityManager, synthesisId: string, userId: string, capacity: SignatureCapacity): Promise<void> {
    await m.insert(EcfSignature, { synthesisId, userId, capacity });
  }

  /** « J'ai pris connaissance », once per version (idempotent). */
  async insertAcknowledgement(m: EntityManager, synthesisId: string, userId: string): Promise<void> {
    await m.query(
      'INSERT INTO ecf_synthesis_acknowledgements (synthesis_id, user_id) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT one_acknowledgement_per_version DO NOTHING',
      [synthesisId, userId],
    );
  }

  /** Signatures (in order) and acknowledgements of these versions: two queries. */
  async signaturesAndAcknowledgements(
    m: EntityManager,
    synthesisIds: string[],
  ): Promise<{ signatures: EcfSignature[]; acks: EcfAcknowledgement[] }> {
    const signatures = await m.find(EcfSignature, { where: { synthesisId: In(synthesisIds) }, order: { signedAt: 'ASC' } });
    const acks = await m.find(EcfAcknowledgement, { where: { synthesisId: In(synthesisIds) } });
    return { signatures, acks };
  }

  /** The cohort matrix's cells, one aggregate query over evaluations and syntheses. */
  async progressRows(learnerIds: string[]): Promise<ProgressRow[]> {
    if (learnerIds.length === 0) return [];
    return preparedRead(
      this.dataSource,
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
              s.version, s.mastered, coalesce(g.evaluator AND g.centre, FALSE) AS locked
       FROM (SELECT learner_id, ccp_id FROM counts UNION SELECT learner_id, ccp_id FROM syntheses) k
       LEFT JOIN counts c USING (learner_id, ccp_id)
       LEFT JOIN acquired a USING (learner_id, ccp_id)
       LEFT JOIN syntheses s USING (learner_id, ccp_id)
       -- Per synthesis, by its index (a hashed EXISTS read every signature of the centre: issue 15).
       LEFT JOIN LATERAL (SELECT bool_or(x.capacity = 'evaluator') AS evaluator, bool_or(x.capacity = 'centre') AS centre
                            FROM ecf_synthesis_signatures x WHERE x.synthesis_id = s.id) g ON TRUE`,
      [learnerIds],
    );
  }

  /** (learner, CCP) pairs whose latest synthesis is signed by an evaluator and the centre: one query. */
  async lockedSynthesisPairs(learnerIds: string[]): Promise<{ learner_id: string; ccp_id: string }[]> {
    return this.dataSource.query(
      `SELECT s.learner_id, s.ccp_id FROM (
         SELECT DISTINCT ON (learner_id, ccp_id) id, learner_id, ccp_id FROM ecf_syntheses WHERE learner_id = ANY($1) ORDER BY learner_id, ccp_id, version DESC) s
       CROSS JOIN LATERAL (SELECT bool_or(x.capacity = 'evaluator') AS evaluator, bool_or(x.capacity = 'centre') AS centre
                             FROM ecf_synthesis_signatures x WHERE x.synthesis_id = s.id) g
       WHERE g.evaluator AND g.centre`,
      [learnerIds],
    );
  }

  /** Pairs (learner, evaluator) where the user evaluated one of the learner's ECF: one query. */
  async evaluatorLinks(learnerIds: string[], userIds: string[]): Promise<{ learnerId: string; userId: string }[]> {
    const rows: { learner_id: string; evaluator_id: string }[] = await this.dataSource.query(
      'SELECT DISTINCT learner_id, evaluator_id FROM ecf_evaluations WHERE learner_id = ANY($1) AND evaluator_id = ANY($2)',
      [learnerIds, userIds],
    );
    return rows.map((r) => ({ learnerId: r.learner_id, userId: r.evaluator_id }));
  }

  /** Views keyed `learnerId:ccpId`, with signatures and acknowledgement: three queries. */
  async synthesisViews(m: EntityManager, syntheses: EcfSynthesis[]): Promise<Map<string, SynthesisDto>> {
    const out = new Map<string, SynthesisDto>();
    if (syntheses.length === 0) return out;
    const ids = syntheses.map((s) => s.id);
    const { signatures, acks } = await this.signaturesAndAcknowledgements(m, ids);
    const names = new Map((await this.users.findMany(signerIds(signatures))).map((u) => [u.id, u.fullName]));
    for (const s of syntheses) {
      const mine = signatures.filter((g) => g.synthesisId === s.id);
      const ack = acks.find((a) => a.synthesisId === s.id);
      out.set(`${s.learnerId}:${s.ccpId}`, synthesisView(s, mine, ack?.acknowledgedAt ?? null, names));
    }
    return out;
  }
}
