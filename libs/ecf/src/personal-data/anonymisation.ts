import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** TypeORM answers an UPDATE or DELETE … RETURNING as `[rows, affected]`, a SELECT as the rows. */
function returned<T = unknown>(result: unknown): T[] {
  return (
    Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result
  ) as T[];
}

/** What replaces an erased free text (issue 16). */
export const ERASED_TEXT = '[effacé]';

/**
 * Issue 16 (3): anonymisation of one learner in libs/ecf's tables (retention policy, or at once
 * by the centre), called by libs/privacy in its transaction.
 */
@Injectable()
export class EcfAnonymisation {
  /**
   * The trainers' free text about the learner becomes « [effacé] »: evaluations' comments, the
   * syntheses' observations and reasons for a new version. Kept: dates, CCPs, results per competence,
   * mastered or not, signatures and acknowledgements (the facts the jury and the statistics use).
   * Evaluations are append-only and signed syntheses frozen: the caller's transaction has set
   * `sams.anonymising` (migration 1796520000000, ADR 0015), the only UPDATE those triggers let
   * through, and only of these columns. Idempotent. Returns `{ evaluations, syntheses }` (rows changed).
   */
  async anonymise(m: EntityManager, learnerId: string, _pseudonym: string): Promise<Record<string, number>> {
    const evaluations = returned<unknown>(
      await m.query(
        `UPDATE ecf_evaluations SET comment = $2 WHERE learner_id = $1 AND comment IS NOT NULL AND comment <> $2 RETURNING id`,
        [learnerId, ERASED_TEXT],
      ),
    );
    const syntheses = returned<unknown>(
      await m.query(
        `UPDATE ecf_syntheses
          SET observations = CASE WHEN observations = '' THEN '' ELSE $2 END,
              reason = CASE WHEN reason IS NULL THEN NULL ELSE $2 END
        WHERE learner_id = $1 AND ((observations <> '' AND observations <> $2) OR (reason IS NOT NULL AND reason <> $2))
        RETURNING id`,
        [learnerId, ERASED_TEXT],
      ),
    );
    return { evaluations: evaluations.length, syntheses: syntheses.length };
  }

  /** Ids of the learner's evaluations and syntheses: the audit entries about them are scrubbed too. */
  async auditedIds(m: EntityManager, learnerId: string): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      'SELECT id FROM ecf_evaluations WHERE learner_id = $1 UNION ALL SELECT id FROM ecf_syntheses WHERE learner_id = $1',
      [learnerId],
    );
    return rows.map((r) => r.id);
  }
}
