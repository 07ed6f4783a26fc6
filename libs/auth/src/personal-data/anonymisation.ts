import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** TypeORM answers an UPDATE or DELETE … RETURNING as `[rows, affected]`, a SELECT as the rows. */
function returned<T = unknown>(result: unknown): T[] {
  return (
    Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result
  ) as T[];
}

/**
 * Issue 16 (3): anonymisation of one learner in libs/auth's tables (retention policy, or at once
 * by the centre), called by libs/privacy in its transaction.
 */
@Injectable()
export class AuthAnonymisation {
  /**
   * The learner's account (`userId`, from the learner file) can no longer be used nor name anyone:
   * deactivated, its sessions ended (sessions_valid_after), its password erased, its e-mail replaced
   * by `anonymisedEmail` (unique and NOT NULL, so an address at `.invalid`), its name by
   * « Anonyme <pseudonym> »; pending invitation or reset links voided; the login attempts made with
   * any of `formerEmails` deleted (they hold the address and the IP). The change feed's trigger
   * announces the account's change at COMMIT, so every instance drops what it kept of it.
   * In the caller's transaction; idempotent (a second call counts 0).
   * Returns `{ accounts, tokensVoided, loginAttempts }`.
   */
  async anonymiseAccount(
    m: EntityManager,
    input: { userId: string | null; formerEmails: string[]; pseudonym: string; anonymisedEmail: string },
  ): Promise<Record<string, number>> {
    let accounts = 0;
    let tokensVoided = 0;
    if (input.userId) {
      const updated = returned<unknown>(
        await m.query(
          `UPDATE users SET email = $2, full_name = $3, password_hash = NULL, active = false,
                sessions_valid_after = coalesce(sessions_valid_after, now()), updated_at = now()
          WHERE id = $1 AND (email <> $2 OR full_name <> $3 OR active OR password_hash IS NOT NULL)
          RETURNING id`,
          [input.userId, input.anonymisedEmail, `Anonyme ${input.pseudonym}`],
        ),
      );
      // Deactivation ends the sessions opened before now, also when the account had ended them earlier.
      if (updated.length) await m.query('UPDATE users SET sessions_valid_after = now() WHERE id = $1', [input.userId]);
      accounts = updated.length;
      const voided = returned<unknown>(
        await m.query(
          `UPDATE account_tokens SET voided_at = now() WHERE user_id = $1 AND used_at IS NULL AND voided_at IS NULL RETURNING id`,
          [input.userId],
        ),
      );
      tokensVoided = voided.length;
    }
    const emails = input.formerEmails.map((e) => e.toLowerCase()).filter((e) => e !== input.anonymisedEmail);
    const attempts = emails.length
      ? returned(await m.query('DELETE FROM login_attempts WHERE lower(email) = ANY($1) RETURNING id', [emails]))
      : [];
    return { accounts, tokensVoided, loginAttempts: attempts.length };
  }
}
