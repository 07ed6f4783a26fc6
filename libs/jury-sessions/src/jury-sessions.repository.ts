import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { UsersService } from '@app/auth';
import { LearnersService } from '@app/learners';
import { AuthUser, currentTransaction, DomainError } from '@app/platform';
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

  /** The session, locked for the running transaction (every change of a session orders on it). */
  async lock(id: string): Promise<JurySession> {
    const session = await this.db.findOne(JurySession, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!session) throw DomainError.notFound('La session');
    return session;
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
    const m = this.db;
    const ids = sessions.map((s) => s.id);
    const ccps = await m.find(SessionCcp, { where: { sessionId: In(ids) } });
    const jurors = await m.find(SessionJuror, { where: { sessionId: In(ids) } });
    const candidates = await m.find(SessionCandidate, { where: { sessionId: In(ids) } });
    const results = await m.find(CandidateResult, { where: { sessionId: In(ids) } });
    const appeals = await m.find(Appeal, { where: { sessionId: In(ids) }, order: { createdAt: 'ASC' } });
    const pvs: { session_id: string; signatures: number }[] = await m.query(
      `SELECT DISTINCT ON (v.session_id) v.session_id, (SELECT count(*)::int FROM pv_signatures g WHERE g.pv_version_id = v.id) AS signatures
       FROM pv_versions v WHERE v.session_id = ANY($1) ORDER BY v.session_id, v.version DESC`,
      [ids],
    );
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
