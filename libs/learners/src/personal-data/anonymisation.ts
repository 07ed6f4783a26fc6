import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** TypeORM answers an UPDATE or DELETE … RETURNING as `[rows, affected]`, a SELECT as the rows. */
function returned<T = unknown>(result: unknown): T[] {
  return (
    Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result
  ) as T[];
}

/** The first name every anonymised learner gets; the last name is their pseudonym. */
export const ANONYMOUS_FIRST_NAME = 'Anonyme';

/** The address that replaces an anonymised person's e-mail (RFC 2606: `.invalid` never resolves). */
export function anonymisedEmail(pseudonym: string): string {
  return `${pseudonym.toLowerCase()}@anonymise.invalid`;
}

/** What the retention policy needs of each learner not yet anonymised (issue 16, ADR 0015). */
export interface LearnerRetentionFacts {
  learnerId: string;
  /** End of the last cohort the learner was enrolled in (YYYY-MM-DD), null for VAE without a cohort. */
  lastCohortEnd: string | null;
  /** VAE: the recevabilité's date (YYYY-MM-DD). */
  vaeAdmissibilityDate: string | null;
  /** The learner file's creation day in Paris (YYYY-MM-DD). */
  createdOn: string;
}

/**
 * Issue 16 (3): anonymisation of one learner in libs/learners's tables (retention policy, or at once
 * by the centre), called by libs/privacy in its transaction.
 */
@Injectable()
export class LearnersAnonymisation {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Replaces the learner's identity in `learners`: first name « Anonyme », last name = pseudonym,
   * e-mail `<pseudonym>@anonymise.invalid`, birth date, employer and accommodations (R-SES-2) erased;
   * `pseudonym` and `anonymised_at` set. Kept: pathway, title, cohort, recevabilité date, account link
   * (the account itself is anonymised by libs/auth). In the caller's transaction (the row locked by
   * LearnersService.lockForAnonymisation). Idempotent: `{ learners: 0 }` once done.
   */
  async anonymise(m: EntityManager, learnerId: string, pseudonym: string): Promise<Record<string, number>> {
    const rows = returned<unknown>(
      await m.query(
        `UPDATE learners
          SET first_name = $3, last_name = $2, email = $4, birth_date = NULL, employer = NULL, accommodations = NULL,
              pseudonym = $2, anonymised_at = now(), updated_at = now()
        WHERE id = $1 AND anonymised_at IS NULL
        RETURNING id`,
        [learnerId, pseudonym, ANONYMOUS_FIRST_NAME, anonymisedEmail(pseudonym)],
      ),
    );
    return { learners: rows.length };
  }

  /**
   * Every learner not yet anonymised, with the dates the retention policy counts from when they
   * never sat a session (ADR 0015): one query, whatever the number of learners.
   */
  async retentionFacts(m: EntityManager = this.dataSource.manager): Promise<LearnerRetentionFacts[]> {
    return m.query(
      `SELECT l.id AS "learnerId", max(c.end_date)::text AS "lastCohortEnd", l.vae_admissibility_date::text AS "vaeAdmissibilityDate",
              (l.created_at AT TIME ZONE 'Europe/Paris')::date::text AS "createdOn"
         FROM learners l
         LEFT JOIN learner_enrolments e ON e.learner_id = l.id
         LEFT JOIN cohorts c ON c.id = e.cohort_id
        WHERE l.anonymised_at IS NULL
        GROUP BY l.id`,
    );
  }

  /** Labels for the preview (admin): names of learners by id, not yet anonymised. One query. */
  async labels(ids: string[], m: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; label: string }[] = await m.query(
      `SELECT id, last_name || ' ' || first_name AS label FROM learners WHERE id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.label]));
  }
}
