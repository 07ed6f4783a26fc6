import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Issue 16 (3): anonymisation of one learner in libs/booklet's tables (retention policy, or at once
 * by the centre), called by libs/privacy in its transaction.
 *
 * The ledger (ccp_awards, title_awards, award_withdrawals) holds no identity: it stays. The
 * attestations' frozen facts name the holder (first name, initial of the last name): both become
 * null and anonymised_at is set, so that /api/verify/:code still proves the results but no longer
 * who holds them (RGPD art. 17; issue 16 item 1).
 */
@Injectable()
export class BookletAnonymisation {
  /**
   * Erases the holder's identity from the learner's attestations, in the caller's transaction.
   * Idempotent: a second call changes nothing and counts 0. `pseudonym` is not written here (the
   * attestations keep no name at all). Returns `{ attestations: <rows changed> }`.
   */
  async anonymise(m: EntityManager, learnerId: string, _pseudonym: string): Promise<Record<string, number>> {
    const [{ n }]: { n: number }[] = await m.query(
      `WITH changed AS (UPDATE attestations
          SET facts = jsonb_set(facts, '{holder}', '{"firstName": null, "lastNameInitial": null}'::jsonb),
              anonymised_at = coalesce(anonymised_at, now())
        WHERE learner_id = $1
          AND (anonymised_at IS NULL OR facts->'holder'->>'firstName' IS NOT NULL OR facts->'holder'->>'lastNameInitial' IS NOT NULL)
        RETURNING id)
       SELECT count(*)::int AS n FROM changed`,
      [learnerId],
    );
    return { attestations: n };
  }
}
