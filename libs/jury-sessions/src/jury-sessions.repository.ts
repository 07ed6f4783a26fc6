import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { UsersService } from '@app/auth';
import { LearnersService } from '@app/learners';
import { AuthUser, currentTransaction, DomainError, preparedRead } from '@app/platform';
import { ReferentialService } from '@app/referential';
import { pvComplete, sessionStatus, todayInFrance } from '@app/rules';
import {
  Appeal,
  CandidateResult,
  JurySession,
  PvSignature,
  PvVersion,
  SessionCandidate,
  SessionCcp,
  SessionJuror,
} from './entities/jury-session.entity';
import { SessionView, sessionView } from './session-views';

/**
 * The jury lib's data access: the visibility of sessions, the session lock, the latest PV and its
 * completeness (R-DEC-4), and the read model (session views, a fixed number of queries for any
 * number of sessions). Inside a transaction every query runs on it (ADR 0008): no manager is
 * passed around; `db` is the running transaction's entity manager, else the pool's.
 * Facts of other libs come from their services, never from their tables.
 */
@Injectable()
export class JurySessionsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referential: ReferentialService,
    private readonly users: UsersService,
    private readonly learners: LearnersService,
  ) {}

  /** The entity manager of the transaction the code runs in (ADR 0008), else the pool's. */
  get db(): EntityManager {
    return currentTransaction() ?? this.dataSource.manager;
  }

  /** One transaction; inside it, every query of the request (this lib's and other libs') runs on its connection. */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The sessions a user sees: admins all, jurors those they sit on. */
  visibleSessions(user: AuthUser): SelectQueryBuilder<JurySession> {
    const qb = this.db.getRepository(JurySession).createQueryBuilder('s');
    if (!user.roles.includes('admin'))
      qb.where('s.id IN (SELECT j.session_id FROM session_jurors j WHERE j.user_id = :uid)', { uid: user.id });
    return qb;
  }

  /** A session the caller may see (others 404). */
  async visible(user: AuthUser, id: string): Promise<JurySession> {
    const session = await this.visibleSessions(user).andWhere('s.id = :id', { id }).getOne();
    if (!session) throw DomainError.notFound('La session');
    return session;
  }

  /**
   * A session the caller may see (admin, or a juror of it) and its registration of `learnerId`, in
   * one statement. `null`: no such session for this caller; `candidate: null`: not registered.
   */
  async visibleCandidate(
    user: AuthUser,
    sessionId: string,
    learnerId: string,
  ): Promise<{ session: { id: string }; candidate: Pick<SessionCandidate, 'ccpIds' | 'finalInterview' | 'overrides'> | null } | null> {
    const rows: { id: string; candidate: Pick<SessionCandidate, 'ccpIds' | 'finalInterview' | 'overrides'> | null }[] = await preparedRead(
      this.dataSource,
      `SELECT s.id,
              (SELECT json_build_object('ccpIds', c.ccp_ids, 'finalInterview', c.final_interview, 'overrides', c.overrides)
                 FROM session_candidates c WHERE c.session_id = s.id AND c.learner_id = $2) AS candidate
         FROM jury_sessions s
        WHERE s.id = $1 AND ($3 OR EXISTS (SELECT 1 FROM session_jurors j WHERE j.session_id = s.id AND j.user_id = $4))`,
      [sessionId, learnerId, user.roles.includes('admin'), user.id],
    );
    return rows[0] ? { session: { id: rows[0].id }, candidate: rows[0].candidate } : null;
  }

  /** The session, locked for the running transaction (every change of a session orders on it). */
  async lock(id: string): Promise<JurySession> {
    const session = await this.db.findOne(JurySession, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!session) throw DomainError.notFound('La session');
    return session;
  }

  /**
   * GET …/pv in one statement (issue 15): whether the caller may see the session (admin, or a juror
   * of it), its latest PV version, that version's signatures in signing order and the number of
   * jurors. `null`: no such session for this caller; `pv: null`: the deliberation is not closed.
   */
  async pvRead(
    user: AuthUser,
    sessionId: string,
  ): Promise<{
    pv: Pick<PvVersion, 'id' | 'version' | 'content' | 'sha256' | 'reason' | 'hashScheme' | 'sha256V1'> | null;
    signatures: { userId: string; signedAt: Date }[];
    jurors: number;
  } | null> {
    const rows: {
      id: string | null;
      version: number | null;
      content: PvVersion['content'] | null;
      sha256: string | null;
      reason: string | null;
      hash_scheme: number | null;
      sha256_v1: string | null;
      signatures: { userId: string; signedAt: string }[];
      jurors: number;
    }[] = await preparedRead(
      this.dataSource,
      `SELECT v.id, v.version, v.content, v.sha256, v.reason, v.hash_scheme, v.sha256_v1,
              coalesce((SELECT json_agg(json_build_object('userId', g.user_id, 'signedAt', g.signed_at) ORDER BY g.signed_at)
                          FROM pv_signatures g WHERE g.pv_version_id = v.id), '[]') AS signatures,
              (SELECT count(*)::int FROM session_jurors j WHERE j.session_id = s.id) AS jurors
         FROM jury_sessions s
         LEFT JOIN LATERAL (SELECT p.* FROM pv_versions p WHERE p.session_id = s.id ORDER BY p.version DESC LIMIT 1) v ON TRUE
        WHERE s.id = $1 AND ($2 OR EXISTS (SELECT 1 FROM session_jurors j WHERE j.session_id = s.id AND j.user_id = $3))`,
      [sessionId, user.roles.includes('admin'), user.id],
    );
    if (!rows[0]) return null;
    const [r] = rows;
    return {
      pv: r.id
        ? {
            id: r.id,
            version: r.version!,
            content: r.content!,
            sha256: r.sha256!,
            reason: r.reason,
            hashScheme: r.hash_scheme!,
            sha256V1: r.sha256_v1,
          }
        : null,
      signatures: r.signatures.map((g) => ({ userId: g.userId, signedAt: new Date(g.signedAt) })),
      jurors: r.jurors,
    };
  }

  latestPv(sessionId: string): Promise<PvVersion | null> {
    return this.db.findOne(PvVersion, { where: { sessionId }, order: { version: 'DESC' } });
  }

  /** R-DEC-4: the latest PV version is signed by every juror of the session. */
  async latestPvComplete(sessionId: string): Promise<boolean> {
    const pv = await this.latestPv(sessionId);
    if (!pv) return false;
    const jurors = await this.db.count(SessionJuror, { where: { sessionId } });
    return jurors > 0 && pvComplete({ jurors, signatures: await this.db.count(PvSignature, { where: { pvVersionId: pv.id } }) });
  }

  async view(session: JurySession): Promise<SessionView> {
    const [view] = await this.views([session]);
    return view;
  }

  /** Views of several sessions in a fixed number of queries. */
  async views(sessions: JurySession[]): Promise<SessionView[]> {
    if (sessions.length === 0) return [];
    const ids = sessions.map((s) => s.id);
    // One statement for the session's own facts (issue 15; they were six round trips). Rows in the
    // order a plain scan gave them before (ctid), appeals by creation.
    const facts: {
      ccps: SessionCcp[];
      jurors: (Omit<SessionJuror, 'addedAt'> & { addedAt: string })[];
      candidates: (Omit<SessionCandidate, 'registeredAt'> & { registeredAt: string })[];
      results: (Omit<CandidateResult, 'recordedAt'> & { recordedAt: string })[];
      appeals: (Omit<Appeal, 'createdAt'> & { createdAt: string })[];
      pvs: { session_id: string; signatures: number }[];
    }[] = await preparedRead(
      this.dataSource,
      `SELECT
         coalesce((SELECT json_agg(json_build_object('sessionId', c.session_id, 'ccpId', c.ccp_id) ORDER BY c.ctid)
                     FROM jury_session_ccps c WHERE c.session_id = ANY($1)), '[]') AS ccps,
         coalesce((SELECT json_agg(json_build_object('sessionId', j.session_id, 'userId', j.user_id, 'addedAt', j.added_at) ORDER BY j.ctid)
                     FROM session_jurors j WHERE j.session_id = ANY($1)), '[]') AS jurors,
         coalesce((SELECT json_agg(json_build_object('sessionId', c.session_id, 'learnerId', c.learner_id, 'ccpIds', c.ccp_ids,
                     'finalInterview', c.final_interview, 'overrides', c.overrides, 'registeredAt', c.registered_at) ORDER BY c.ctid)
                     FROM session_candidates c WHERE c.session_id = ANY($1)), '[]') AS candidates,
         coalesce((SELECT json_agg(json_build_object('sessionId', r.session_id, 'learnerId', r.learner_id, 'attendance', r.attendance,
                     'ccpResults', r.ccp_results, 'finalInterviewHeld', r.final_interview_held, 'titleAwarded', r.title_awarded,
                     'comment', r.comment, 'outcome', r.outcome, 'recordedBy', r.recorded_by, 'recordedAt', r.recorded_at) ORDER BY r.ctid)
                     FROM candidate_results r WHERE r.session_id = ANY($1)), '[]') AS results,
         coalesce((SELECT json_agg(json_build_object('id', a.id, 'sessionId', a.session_id, 'learnerId', a.learner_id, 'filedOn', a.filed_on,
                     'kind', a.kind, 'summary', a.summary, 'outcome', a.outcome, 'decidedOn', a.decided_on, 'createdAt', a.created_at)
                     ORDER BY a.created_at) FROM appeals a WHERE a.session_id = ANY($1)), '[]') AS appeals,
         coalesce((SELECT json_agg(json_build_object('session_id', v.session_id, 'signatures',
                     (SELECT count(*)::int FROM pv_signatures g WHERE g.pv_version_id = v.id)))
                     FROM (SELECT DISTINCT ON (p.session_id) p.id, p.session_id FROM pv_versions p
                            WHERE p.session_id = ANY($1) ORDER BY p.session_id, p.version DESC) v), '[]') AS pvs`,
      [ids],
    );
    const [{ pvs }] = facts;
    const ccps = facts[0].ccps;
    const jurors: SessionJuror[] = facts[0].jurors.map((j) => ({ ...j, addedAt: new Date(j.addedAt) }));
    const candidates: SessionCandidate[] = facts[0].candidates.map((c) => ({ ...c, registeredAt: new Date(c.registeredAt) }));
    const results: CandidateResult[] = facts[0].results.map((r) => ({ ...r, recordedAt: new Date(r.recordedAt) }));
    const appeals: Appeal[] = facts[0].appeals.map((a) => ({ ...a, createdAt: new Date(a.createdAt) }));
    const titles = await this.referential.structures({ ids: [...new Set(sessions.map((s) => s.certificationId))] });
    const people = new Map((await this.users.findMany([...new Set(jurors.map((j) => j.userId))])).map((u) => [u.id, u.fullName]));
    const learners = new Map((await this.learners.learnersByIds([...new Set(candidates.map((c) => c.learnerId))])).map((l) => [l.id, l]));
    const today = todayInFrance();
    return sessions.map((s) => {
      const mine = jurors.filter((j) => j.sessionId === s.id);
      const pv = pvs.find((p) => p.session_id === s.id);
      return sessionView(s, {
        title: titles.find((t) => t.id === s.certificationId)!,
        status: sessionStatus({
          deliberationOpened: !!s.deliberationOpenedAt,
          pvDrafted: !!s.deliberationClosedAt,
          signaturesComplete: !!pv && pvComplete({ jurors: mine.length, signatures: pv.signatures }),
          dreetsValidated: !!s.dreetsValidatedOn,
        }),
        ccps: ccps.filter((c) => c.sessionId === s.id),
        jurors: mine,
        candidates: candidates.filter((c) => c.sessionId === s.id),
        results: results.filter((r) => r.sessionId === s.id),
        appeals: appeals.filter((a) => a.sessionId === s.id),
        people,
        learners,
        today,
      });
    });
  }
}
