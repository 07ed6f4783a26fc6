import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedRead } from '@app/platform';
import { ReferentialService } from '@app/referential';

const camel = (key: string): string => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
/** A timestamptz of to_jsonb / json_build_object ('2026-12-01T06:15:22.123+00:00') as an ISO instant; dates stay 'YYYY-MM-DD'. */
const instant = (v: unknown): unknown => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v).toISOString() : v);

/**
 * Issue 16 (2): what libs/learners holds on one learner, for the learner's export (RGPD art. 15, 20),
 * read by libs/privacy.
 */
@Injectable()
export class LearnersDataExport {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referential: ReferentialService,
  ) {}

  /**
   * The learner file and its enrolments, in ONE statement (the référentiel's codes from memory):
   * `{ identity: { every column of the learner row, camelCase — id, firstName, lastName, birthDate,
   *    email, pathway, certificationId, cohortId, vaeAdmissibilityDate, employer, accommodations,
   *    userId, createdAt, updatedAt, and the anonymisation columns when present —, certificationCode },
   *  enrolments: { pathway, certificationCode, vaeAdmissibilityDate, currentCohortId,
   *    cohorts: [{ cohortId, name, certificationCode, startDate, endDate, site, enrolledAt, current }] } }`
   * — dates 'YYYY-MM-DD', instants ISO 8601; cohorts in enrolment order. Null for an unknown learner.
   * Every column is read (to_jsonb): a column added later is exported without changing this code.
   */
  async exportOf(learnerId: string): Promise<Record<string, unknown> | null> {
    const rows: { learner: Record<string, unknown>; cohorts: Record<string, unknown>[] }[] = await preparedRead(
      this.dataSource,
      `SELECT to_jsonb(l) AS learner,
              coalesce((SELECT json_agg(json_build_object(
                          'cohortId', c.id, 'name', c.name, 'certificationId', c.certification_id, 'startDate', c.start_date,
                          'endDate', c.end_date, 'site', c.site, 'enrolledAt', e.enrolled_at) ORDER BY e.enrolled_at, e.id)
                          FROM learner_enrolments e JOIN cohorts c ON c.id = e.cohort_id WHERE e.learner_id = l.id), '[]') AS cohorts
         FROM learners l WHERE l.id = $1`,
      [learnerId],
    );
    if (!rows[0]) return null;
    const identity = Object.fromEntries(Object.entries(rows[0].learner).map(([k, v]) => [camel(k), instant(v)]));
    const certificationIds = [identity.certificationId as string, ...rows[0].cohorts.map((c) => c.certificationId as string)];
    const codes = await this.referential.codesByIds([...new Set(certificationIds)]);
    const certificationCode = codes.get(identity.certificationId as string) ?? null;
    return {
      identity: { ...identity, certificationCode },
      enrolments: {
        pathway: identity.pathway,
        certificationCode,
        vaeAdmissibilityDate: identity.vaeAdmissibilityDate ?? null,
        currentCohortId: identity.cohortId ?? null,
        cohorts: rows[0].cohorts.map(({ certificationId, enrolledAt, ...c }) => ({
          ...c,
          certificationCode: codes.get(certificationId as string) ?? null,
          enrolledAt: instant(enrolledAt),
          current: c.cohortId === identity.cohortId,
        })),
      },
    };
  }
}
