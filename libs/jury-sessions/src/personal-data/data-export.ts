import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedRead } from '@app/platform';
import { ReferentialService } from '@app/referential';
import { pvComplete } from '@app/rules';
import type { PvCandidate } from '../entities/jury-session.entity';
import { isAnonymised } from '../pv-content';

interface Row {
  id: string;
  type: 'title' | 'ccp';
  certification_id: string;
  start_date: string;
  end_date: string;
  site: string | null;
  dreets_validated_on: string | null;
  dreets_reference: string | null;
  convocations_sent_at: string | null;
  ccp_ids: string[];
  final_interview: boolean;
  overrides: { codes: string[]; reason: string; at: string }[];
  registered_at: string;
  result: {
    attendance: 'present' | 'absent';
    ccp_results: { ccpId: string; awarded: boolean; comment?: string }[];
    final_interview_held: boolean;
    title_awarded: boolean;
    comment: string | null;
    outcome: string;
  } | null;
  pv_version: number | null;
  pv_sha256: string | null;
  pv_sha256_v1: string | null;
  pv_created_at: string | null;
  pv_candidate: PvCandidate | null;
  pv_certification: { code: string; name: string } | null;
  jurors: number;
  signatures: number;
  appeals: { filedOn: string; kind: string; summary: string; outcome: string | null; decidedOn: string | null }[];
}

/**
 * Issue 16 (2): what libs/jury-sessions holds on one learner, for the learner's export (RGPD art. 15, 20),
 * read by libs/privacy.
 */
@Injectable()
export class JurySessionsDataExport {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referential: ReferentialService,
  ) {}

  /**
   * Every session `learnerId` was registered in as a candidate, oldest first, as plain JSON:
   * `{ sessions: [{ sessionId, type, certification: {code, name}, startDate, endDate, site,
   * registeredAt, ccpsAssessed (codes), finalInterview, overrides: [{codes, reason, at}],
   * attendance, finalInterviewHeld, ccpsAwarded, titleAwarded, outcome, comment, ccpComments,
   * resultSource ('pv': the latest PV version; 'deliberation': not drafted yet, provisional; null),
   * pv: {version, signed, sha256, sha256V1?, draftedAt, identityOnPv: {fullName, birthDate} | {pseudonym, anonymisedOn},
   * validatedByDreets: {on, reference} | null} | null, convocationSentAt, appeals: [{filedOn, kind,
   * summary, outcome, decidedOn}] }] }`. Dates YYYY-MM-DD, instants ISO 8601. Only this learner's
   * lines: never another candidate's name. One statement, plus the référentiel's cached structures.
   */
  async exportOf(learnerId: string): Promise<Record<string, unknown>> {
    const rows: Row[] = await preparedRead(
      this.dataSource,
      `SELECT s.id, s.type, s.certification_id, s.start_date::text, s.end_date::text, s.site,
              s.dreets_validated_on::text, s.dreets_reference, s.convocations_sent_at,
              sc.ccp_ids, sc.final_interview, sc.overrides, sc.registered_at,
              (SELECT json_build_object('attendance', r.attendance, 'ccp_results', r.ccp_results, 'final_interview_held', r.final_interview_held,
                                        'title_awarded', r.title_awarded, 'comment', r.comment, 'outcome', r.outcome)
                 FROM candidate_results r WHERE r.session_id = s.id AND r.learner_id = sc.learner_id) AS result,
              v.version AS pv_version, v.sha256 AS pv_sha256, v.sha256_v1 AS pv_sha256_v1, v.created_at AS pv_created_at,
              (SELECT c FROM jsonb_array_elements(v.content->'candidates') c WHERE c->>'learnerId' = sc.learner_id::text LIMIT 1) AS pv_candidate,
              v.content->'certification' AS pv_certification,
              (SELECT count(*)::int FROM session_jurors j WHERE j.session_id = s.id) AS jurors,
              (SELECT count(*)::int FROM pv_signatures g WHERE g.pv_version_id = v.id) AS signatures,
              coalesce((SELECT json_agg(json_build_object('filedOn', a.filed_on::text, 'kind', a.kind, 'summary', a.summary,
                                                          'outcome', a.outcome, 'decidedOn', a.decided_on::text) ORDER BY a.filed_on, a.created_at)
                          FROM appeals a WHERE a.session_id = s.id AND a.learner_id = sc.learner_id), '[]') AS appeals
         FROM session_candidates sc
         JOIN jury_sessions s ON s.id = sc.session_id
         LEFT JOIN LATERAL (SELECT p.id, p.version, p.sha256, p.sha256_v1, p.created_at, p.content
                              FROM pv_versions p WHERE p.session_id = s.id ORDER BY p.version DESC LIMIT 1) v ON TRUE
        WHERE sc.learner_id = $1
        ORDER BY s.start_date, s.id`,
      [learnerId],
    );
    const structures = new Map(
      await Promise.all(
        [...new Set(rows.map((r) => r.certification_id))].map(async (id) => [id, await this.referential.structureById(id)] as const),
      ),
    );
    return {
      sessions: rows.map((r) => {
        const title = structures.get(r.certification_id);
        const codeOf = new Map((title?.ccps ?? []).map((c) => [c.id, c.code]));
        const k = r.pv_candidate;
        const res = r.result;
        const identity = k?.identity
          ? isAnonymised(k.identity)
            ? { pseudonym: k.identity.pseudonym, anonymisedOn: k.identity.anonymisedOn }
            : { fullName: k.identity.fullName, birthDate: k.identity.birthDate }
          : k
            ? { fullName: k.fullName ?? null, birthDate: k.birthDate ?? null }
            : null;
        return {
          sessionId: r.id,
          type: r.type,
          certification: r.pv_certification ?? (title ? { code: title.code, name: title.name } : null),
          startDate: r.start_date,
          endDate: r.end_date,
          site: r.site,
          registeredAt: new Date(r.registered_at).toISOString(),
          ccpsAssessed: k?.ccpsAssessed ?? r.ccp_ids.map((id) => codeOf.get(id) ?? id),
          finalInterview: k?.finalInterview ?? r.final_interview,
          overrides: r.overrides.map(({ codes, reason, at }) => ({ codes, reason, at })),
          resultSource: k ? 'pv' : res ? 'deliberation' : null,
          attendance: k?.attendance ?? res?.attendance ?? null,
          finalInterviewHeld: k?.finalInterviewHeld ?? res?.final_interview_held ?? null,
          ccpsAwarded: k?.ccpsAwarded ?? res?.ccp_results.filter((x) => x.awarded).map((x) => codeOf.get(x.ccpId) ?? x.ccpId) ?? [],
          titleAwarded: k?.titleAwarded ?? res?.title_awarded ?? false,
          outcome: k?.outcome ?? res?.outcome ?? null,
          comment: k ? k.comment : (res?.comment ?? null),
          ccpComments: k
            ? (k.ccpComments ?? [])
            : (res?.ccp_results ?? [])
                .filter((x) => x.comment)
                .map((x) => ({ ccpCode: codeOf.get(x.ccpId) ?? x.ccpId, comment: x.comment })),
          pv:
            r.pv_version === null
              ? null
              : {
                  version: r.pv_version,
                  signed: pvComplete({ jurors: r.jurors, signatures: r.signatures }),
                  sha256: r.pv_sha256,
                  ...(r.pv_sha256_v1 && r.pv_sha256_v1 !== r.pv_sha256 ? { sha256V1: r.pv_sha256_v1 } : {}),
                  draftedAt: r.pv_created_at ? new Date(r.pv_created_at).toISOString() : null,
                  identityOnPv: identity,
                  validatedByDreets: r.dreets_validated_on ? { on: r.dreets_validated_on, reference: r.dreets_reference } : null,
                },
          convocationSentAt: r.convocations_sent_at ? new Date(r.convocations_sent_at).toISOString() : null,
          appeals: r.appeals,
        };
      }),
    };
  }
}
