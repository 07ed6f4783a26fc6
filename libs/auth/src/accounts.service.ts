import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  APP_CONFIG,
  AppConfig,
  AuditService,
  DomainError,
  inTransaction,
  MESSAGE_SIGNATURE,
  MessageSignature,
  NewMessage,
  OutboxService,
} from '@app/platform';
import { hashToken, AccountTokensService } from './account-tokens.service';
import { AuthService } from './auth.service';
import { normaliseEmail } from './credentials/email';
import { passwordProblem } from './credentials/password-policy';
import { CreateUserDto, LoginResponseDto, UserDto } from './dto/auth.dto';
import type { AccountTokenPurpose } from './entities/account-token.entity';
import { invitationMessage, passwordResetMessage } from './messages';
import { hashPassword } from './password';
import { AccountRecord, UsersService } from './users.service';

/** At most this many reset e-mails per account per hour; past it, the same 202 and nothing sent. */
export const MAX_RESET_EMAILS_PER_HOUR = 3;

/** The web app's pages for the links; the token travels in the fragment, which reaches no server log. */
const PAGES: Record<AccountTokenPurpose, string> = { invitation: 'invitation', password_reset: 'reinitialisation' };

function tokenInvalid(): DomainError {
  return new DomainError(
    'AUTH.TOKEN_INVALID',
    'Ce lien n’est plus valable : il a déjà servi, a été remplacé par un plus récent ou a expiré. Demandez-en un nouveau.',
  );
}

/**
 * Invitations and forgotten passwords (issue 14, 2 and 3; contract « Accounts and messages »).
 * Each e-mail is written to the outbox in the transaction of its token; tokens and addresses are
 * never logged.
 */
/** A cohort's invitations skip accounts invited this recently. */
export const RECENT_INVITATION_MS = 10 * 60 * 1000;

@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly tokens: AccountTokensService,
    private readonly auth: AuthService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @Inject(MESSAGE_SIGNATURE) private readonly signature: MessageSignature,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private link(purpose: AccountTokenPurpose, token: string): string {
    const base = (this.config.publicUrl ?? `http://localhost:${this.config.port}`).replace(/\/+$/, '');
    return `${base}/${PAGES[purpose]}#${token}`;
  }

  /** POST /api/users: the account, then its invitation when asked, in one transaction. */
  async createUser(input: CreateUserDto, actorId: string): Promise<UserDto> {
    const { invite, ...account } = input;
    return inTransaction(this.dataSource, async () => {
      const view = await this.users.create(account, actorId);
      if (invite) await this.invite([view], actorId);
      return view;
    });
  }

  /**
   * Invites accounts, in the caller's transaction: a new 7-day token each (voiding the previous
   * invitation) and its e-mail; audited `user.invite` (no token in the audit).
   */
  async invite(accounts: Pick<AccountRecord, 'id' | 'email' | 'fullName' | 'roles'>[], actorId: string): Promise<number> {
    if (accounts.length === 0) return 0;
    const { name: centreName } = await this.signature.signature();
    return inTransaction(this.dataSource, async (m) => {
      const messages: NewMessage[] = [];
      for (const account of accounts) {
        const { token, expiresAt } = await this.tokens.issue(account.id, 'invitation', actorId);
        const body = invitationMessage({
          fullName: account.fullName,
          roles: account.roles,
          centreName,
          link: this.link('invitation', token),
          expiresAt,
        });
        messages.push({ kind: 'invitation', to: { address: account.email, name: account.fullName }, ...body, userId: account.id, actorId });
        await this.audit.record(m, {
          actorId,
          action: 'user.invite',
          entity: 'user',
          entityId: account.id,
          after: { expiresAt: expiresAt.toISOString() },
        });
      }
      await this.outbox.enqueue(messages);
      return accounts.length;
    });
  }

  /**
   * The accounts invited within the last RECENT_INVITATION_MS (10 minutes): a cohort invited twice
   * in a row (a double click, two staff at once) does not flood its learners with links that void
   * each other.
   */
  recentlyInvited(userIds: string[]): Promise<Set<string>> {
    return this.tokens.invitedSince(userIds, RECENT_INVITATION_MS);
  }

  /** POST /api/users/:id/invitations: 404 unknown; a deactivated account is reactivated first (409). */
  async inviteUser(id: string, actorId: string): Promise<void> {
    await inTransaction(this.dataSource, async (m) => {
      await m.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id]);
      const account = (await this.users.accountsByIds([id])).get(id);
      if (!account) throw DomainError.notFound("L'utilisateur");
      if (!account.active) throw accountDisabled();
      if (account.hasPassword) throw alreadyOpen();
      await this.invite([account], actorId);
    });
  }

  /**
   * POST /api/auth/password-reset-requests: always the same (empty) answer. Unknown and deactivated
   * addresses get nothing, but a token is made and hashed all the same; past
   * MAX_RESET_EMAILS_PER_HOUR e-mails for the account within the hour, nothing either. Parallel
   * requests for one account are serialised (advisory lock) so that the limit holds.
   */
  async requestPasswordReset(emailInput: string): Promise<void> {
    const account = await this.users.accountByEmail(normaliseEmail(emailInput));
    if (!account || !account.active) {
      // The work a known address costs (a token and its hash), so that timing tells little.
      hashToken(randomBytes(32).toString('base64url'));
      await this.dataSource.query('SELECT count(*) FROM account_tokens WHERE user_id = $1', ['00000000-0000-0000-0000-000000000000']);
      return;
    }
    const { name: centreName } = await this.signature.signature();
    await this.dataSource.transaction(async () => {
      await this.dataSource.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`password_reset:${account.id}`]);
      if ((await this.tokens.issuedSince(account.id, 'password_reset', 3600_000)) >= MAX_RESET_EMAILS_PER_HOUR) return;
      const { token, expiresAt } = await this.tokens.issue(account.id, 'password_reset', null);
      const body = passwordResetMessage({ fullName: account.fullName, centreName, link: this.link('password_reset', token), expiresAt });
      await this.outbox.enqueue([
        { kind: 'password_reset', to: { address: account.email, name: account.fullName }, ...body, userId: account.id, actorId: null },
      ]);
    });
  }

  /** POST /api/auth/password-resets: a new password; every open session of the account ends. */
  async resetPassword(token: string, password: string): Promise<void> {
    await this.useToken(token, 'password_reset', password);
  }

  /** POST /api/auth/invitations/accept: the password chosen, the account linked to its learner file, signed in. */
  async acceptInvitation(token: string, password: string): Promise<LoginResponseDto> {
    const userId = await this.useToken(token, 'invitation', password);
    return {
      accessToken: await this.auth.issueToken(userId),
      expiresIn: this.config.jwtExpiresInSeconds,
      user: await this.users.get(userId),
    };
  }

  /**
   * The token is read first (so that a weak password does not spend it), the password checked
   * against the account and hashed outside any transaction, then the token used by one atomic
   * UPDATE in the transaction that sets the password: of parallel uses, one wins.
   */
  private async useToken(token: string, purpose: AccountTokenPurpose, password: string): Promise<string> {
    const userId = await this.tokens.peek(token, purpose);
    const account = userId ? (await this.users.accountsByIds([userId])).get(userId) : undefined;
    if (!account || !account.active) throw tokenInvalid();
    const problem = passwordProblem(password, { email: account.email, names: [account.fullName] });
    if (problem) throw DomainError.validation([{ field: 'password', message: problem }]);
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async () => {
      if ((await this.tokens.consume(token, purpose)) !== account.id) throw tokenInvalid();
      if (purpose === 'invitation') {
        await this.users.setPassword(account.id, passwordHash, account.id, 'user.accept_invitation');
        await this.users.linkLearner(account);
      } else {
        await this.users.setPassword(account.id, passwordHash, account.id, 'user.reset_password');
      }
    });
    return account.id;
  }
}

/** An account whose owner chose a password is not invited again (the link would replace it): they use « Mot de passe oublié ? ». */
export function alreadyOpen(): DomainError {
  return new DomainError(
    'USER.ALREADY_OPEN',
    'Ce compte est déjà ouvert (son titulaire a choisi son mot de passe) : en cas d’oubli, il utilise « Mot de passe oublié ? » sur l’écran de connexion.',
  );
}

function accountDisabled(): DomainError {
  return new DomainError('CONFLICT', 'Ce compte est désactivé : réactivez-le avant de l’inviter.');
}
