import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '@app/platform';
import type { AccountTokenPurpose } from './entities/account-token.entity';

/** How long a link stays valid (contract: invitation 7 days, password reset 1 hour). */
export const TOKEN_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  invitation: 7 * 24 * 3600_000,
  password_reset: 3600_000,
};

/** What the table keeps of a token: its sha256, in hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The tokens of invitation and reset links (issue 14, 5): 32 random bytes (base64url) handed to the
 * caller once, only their sha256 stored. Never logged.
 */
@Injectable()
export class AccountTokensService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A new token for the account, in the caller's transaction: the account's earlier unused tokens of
   * the same purpose are voided first (only the newest link works).
   */
  async issue(userId: string, purpose: AccountTokenPurpose, createdBy: string | null): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    return inTransaction(this.dataSource, async (m) => {
      await m.query(
        `UPDATE account_tokens SET voided_at = now()
         WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL AND voided_at IS NULL`,
        [userId, purpose],
      );
      const [row]: { expires_at: Date }[] = await m.query(
        `INSERT INTO account_tokens (user_id, purpose, token_hash, expires_at, created_by)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4::double precision / 1000), $5) RETURNING expires_at`,
        [userId, purpose, hashToken(token), TOKEN_LIFETIME_MS[purpose], createdBy],
      );
      return { token, expiresAt: new Date(row.expires_at) };
    });
  }

  /** The account a token still opens (unknown, used, voided or expired: null), without using it. */
  async peek(token: string, purpose: AccountTokenPurpose): Promise<string | null> {
    const rows: { user_id: string }[] = await this.dataSource.query(
      `SELECT user_id FROM account_tokens
       WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND voided_at IS NULL AND expires_at > now()`,
      [hashToken(token), purpose],
    );
    return rows[0]?.user_id ?? null;
  }

  /**
   * Uses the token, once: one atomic UPDATE, so that of two parallel uses exactly one gets the
   * account and the other null. In the caller's transaction (rolled back with it).
   */
  async consume(token: string, purpose: AccountTokenPurpose): Promise<string | null> {
    const rows: [{ user_id: string }[], number] = await this.dataSource.query(
      `UPDATE account_tokens SET used_at = now()
       WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND voided_at IS NULL AND expires_at > now()
       RETURNING user_id`,
      [hashToken(token), purpose],
    );
    return rows[0]?.[0]?.user_id ?? null;
  }

  /** Tokens of a purpose issued to the account within the last `windowMs` (the reset e-mails' limit). */
  async issuedSince(userId: string, purpose: AccountTokenPurpose, windowMs: number): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM account_tokens
       WHERE user_id = $1 AND purpose = $2 AND created_at > now() - make_interval(secs => $3::double precision / 1000)`,
      [userId, purpose, windowMs],
    );
    return n;
  }

  /** The accounts among `userIds` invited within the last `windowMs`, in one query. */
  async invitedSince(userIds: string[], windowMs: number): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows: { user_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT user_id FROM account_tokens
       WHERE user_id = ANY($1::uuid[]) AND purpose = 'invitation' AND created_at > now() - make_interval(secs => $2::double precision / 1000)`,
      [userIds, windowMs],
    );
    return new Set(rows.map((r) => r.user_id));
  }
}
