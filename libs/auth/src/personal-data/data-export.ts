import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedRead } from '@app/platform';

interface AccountRow {
  email: string;
  full_name: string;
  roles: string[];
  active: boolean;
  has_password: boolean;
  created_at: Date;
  updated_at: Date;
  sessions_valid_after: Date | null;
  last_sign_in_at: Date | null;
  tokens: { purpose: string; createdAt: string; expiresAt: string; usedAt: string | null; voidedAt: string | null }[];
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/**
 * Issue 16 (2): what libs/auth holds on one learner, for the learner's export (RGPD art. 15, 20),
 * read by libs/privacy.
 */
@Injectable()
export class AuthDataExport {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The learner's account (the learner file's `userId`; libs/auth does not read learners), in ONE
   * statement: `{ email (the login), fullName, roles, active, hasPassword, createdAt, updatedAt,
   * sessionsValidAfter, lastSignInAt (the last successful login kept for throttling, or null),
   * links: [{ purpose: 'invitation' | 'password_reset', createdAt, expiresAt, usedAt, voidedAt }] }`,
   * instants ISO 8601. Never the password hash nor a token (only whether a password is set; a link's
   * dates, not its hash). Null when the learner has no account.
   */
  async exportOf(learnerId: string, userId: string | null): Promise<Record<string, unknown> | null> {
    void learnerId; // the account is found by the learner file's user_id, given by the caller
    if (!userId) return null;
    const rows: AccountRow[] = await preparedRead(
      this.dataSource,
      `SELECT u.email, u.full_name, u.roles, u.active, u.password_hash IS NOT NULL AS has_password, u.created_at, u.updated_at,
              u.sessions_valid_after,
              (SELECT max(a.at) FROM login_attempts a WHERE a.email = u.email AND a.succeeded) AS last_sign_in_at,
              coalesce((SELECT json_agg(json_build_object('purpose', t.purpose, 'createdAt', t.created_at, 'expiresAt', t.expires_at,
                          'usedAt', t.used_at, 'voidedAt', t.voided_at) ORDER BY t.created_at, t.id)
                          FROM account_tokens t WHERE t.user_id = u.id), '[]') AS tokens
         FROM users u WHERE u.id = $1`,
      [userId],
    );
    const u = rows[0];
    if (!u) return null;
    return {
      email: u.email,
      fullName: u.full_name,
      roles: u.roles,
      active: u.active,
      hasPassword: u.has_password,
      createdAt: iso(u.created_at),
      updatedAt: iso(u.updated_at),
      sessionsValidAfter: iso(u.sessions_valid_after),
      lastSignInAt: iso(u.last_sign_in_at),
      links: u.tokens.map((t) => ({
        purpose: t.purpose,
        createdAt: iso(t.createdAt),
        expiresAt: iso(t.expiresAt),
        usedAt: iso(t.usedAt),
        voidedAt: iso(t.voidedAt),
      })),
    };
  }
}
