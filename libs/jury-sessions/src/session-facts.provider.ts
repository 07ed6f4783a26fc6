import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LearnerRelationCondition, OpenDeliberations, PastSession, SessionHistory } from '@app/platform';
import { preparedRead } from '@app/platform';
import { pvComplete } from '@app/rules';

/**
 * The facts other libs read about sessions (ports SESSION_HISTORY, OPEN_DELIBERATIONS and
 * JUROR_OF_LEARNER), from the database only, so that they depend on nothing that depends on them.
 */
@Injectable()
export class SessionFactsProvider implements SessionHistory, OpenDeliberations, LearnerRelationCondition {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** JUROR_OF_LEARNER: jurors see the candidates of the sessions they sit on (libs/learners applies it to every read). */
  condition(learnersAlias: string): string {
    return `${learnersAlias}.id IN (SELECT sc.learner_id FROM session_candidates sc JOIN session_jurors sj ON sj.session_id = sc.session_id WHERE sj.user_id = :scopeUserId)`;
  }

  /** Results as the signed PV records them: only sessions whose latest PV version every juror signed. One query. */
  async historyOf(learnerIds: string[]): Promise<Map<string, PastSession[]>> {
    const out = new Map<string, PastSession[]>(learnerIds.map((id) => [id, []]));
    if (learnerIds.length === 0) return out;
    const rows: {
      learner_id: string;
      id: string;
      type: 'title' | 'ccp';
      certification_id: string;
      start_date: string;
      validated: boolean;
      candidate: Record<string, unknown>;
      jurors: number;
      signatures: number;
    }[] = await preparedRead(
      this.dataSource,
      // From the learners' registrations (index session_candidates_by_learner), then the latest PV
      // version of each of their sessions: the cost follows the learners asked, not the history of
      // the whole centre (issue 15).
      `SELECT sc.learner_id, s.id, s.type, s.certification_id, s.start_date::text, s.dreets_validated_on IS NOT NULL AS validated,
              c.value AS candidate,
              (SELECT count(*)::int FROM session_jurors j WHERE j.session_id = s.id) AS jurors,
              (SELECT count(*)::int FROM pv_signatures g WHERE g.pv_version_id = v.id) AS signatures
         FROM session_candidates sc
         JOIN jury_sessions s ON s.id = sc.session_id
         CROSS JOIN LATERAL (SELECT p.id, p.content FROM pv_versions p WHERE p.session_id = s.id ORDER BY p.version DESC LIMIT 1) v
         CROSS JOIN LATERAL jsonb_array_elements(v.content->'candidates') c
         WHERE sc.learner_id = ANY($1) AND (c.value->>'learnerId')::uuid = sc.learner_id
         ORDER BY s.start_date`,
      [learnerIds],
    );
    // Only complete PVs count (R-DEC-4), by the one definition of completeness.
    for (const r of rows.filter((row) => pvComplete(row))) {
      out.get(r.learner_id)?.push({
        sessionId: r.id,
        type: r.type,
        certificationId: r.certification_id,
        startDate: r.start_date,
        attendance: r.candidate.attendance as 'present' | 'absent',
        outcome: r.candidate.outcome as PastSession['outcome'],
        ccpsAwarded: r.candidate.ccpsAwarded as string[],
        validated: r.validated,
      });
    }
    return out;
  }

  async isDeliberating(learnerId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM session_candidates c JOIN jury_sessions s ON s.id = c.session_id
       WHERE c.learner_id = $1 AND s.deliberation_opened_at IS NOT NULL AND s.deliberation_closed_at IS NULL`,
      [learnerId],
    );
    return rows.length > 0;
  }
}
