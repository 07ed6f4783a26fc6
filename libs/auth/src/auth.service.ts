import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { normalizeIp } from '@nestjs/throttler';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { APP_CONFIG, AppConfig, AuthUser, ConfigError, DomainError } from '@app/platform';
import { emailProblem, normaliseEmail } from './credentials/email';
import { passwordProblem } from './credentials/password-policy';
import { LoginResponseDto } from './dto/auth.dto';
import { LoginAttempt } from './entities/login-attempt.entity';
import { User } from './entities/user.entity';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';
import { UsersService } from './users.service';

/** The contract's limit (spec/api.md): 10 failures for one e-mail within 15 minutes → 429 — now per e-mail and client IP. */
export const MAX_FAILED_LOGINS = 10;
export const FAILED_LOGIN_WINDOW_MINUTES = 15;

export interface JwtPayload {
  sub: string;
  iat?: number;
  exp?: number;
}

const FIRST_ADMIN_NAME = 'Administrateur du centre';

/** The key of a client: its IPv4 address, or its IPv6 /64 network (a household or a server has a whole /64). */
export function clientKey(ip: string | undefined): string {
  return ip ? normalizeIp(ip).slice(0, 64) : 'inconnue';
}

function tooManyAttempts(from: string): DomainError {
  return new DomainError(
    'AUTH.TOO_MANY_ATTEMPTS',
    `Trop de tentatives de connexion échouées ${from} : réessayez dans ${FAILED_LOGIN_WINDOW_MINUTES} minutes.`,
  );
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The first admin, from ADMIN_EMAIL / ADMIN_PASSWORD, when no admin exists. */
  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.admin;
    if (!admin || !this.config.startupTasks || (await this.users.countWithRole('admin')) > 0) return;
    // The same rules as any account, told at start-up with the variables' names.
    const email = normaliseEmail(admin.email);
    const problems = [
      ['ADMIN_EMAIL', emailProblem(email)],
      ['ADMIN_PASSWORD', passwordProblem(admin.password, { email, names: [FIRST_ADMIN_NAME] })],
    ]
      .filter(([, problem]) => problem !== null)
      .map(([name, problem]) => `${name} : ${problem}`);
    if (problems.length > 0) throw new ConfigError(problems);
    try {
      const created = await this.users.create({ email, fullName: FIRST_ADMIN_NAME, password: admin.password, roles: ['admin'] }, null);
      this.logger.log(`Premier compte administrateur créé (id ${created.id})`);
    } catch (error) {
      // Another instance created it at the same moment, or the address is already a non-admin user.
      if (error instanceof DomainError && error.code === 'USER.EMAIL_TAKEN') {
        this.logger.warn('ADMIN_EMAIL correspond déjà à un compte non administrateur : aucun administrateur créé');
        return;
      }
      throw error;
    }
  }

  /**
   * Two limits, checked before the password (a blocked client learns nothing, even from the right
   * one), both within 15 minutes (issue 10):
   * - 10 failures for one e-mail from one client IP since the last success from there → 429 for
   *   that e-mail from that IP only: a stranger can no longer lock the owner out;
   * - LOGIN_MAX_FAILURES_PER_IP failures from one client IP, whatever the e-mails → 429 for it.
   * Attempts are rows in PostgreSQL (several instances share them), serialised per client IP
   * (advisory lock) so that parallel attempts cannot slip past either limit.
   */
  async login(emailInput: string, password: string, ip?: string): Promise<LoginResponseDto> {
    const email = normaliseEmail(emailInput);
    const client = clientKey(ip);
    const outcome = await this.dataSource.transaction(async (m) => {
      await this.checkAttempts(m, email, client);
      const found = await m.findOne(User, { where: { email } });
      const ok = await verifyPassword(found?.passwordHash ?? (await DUMMY_HASH), password);
      // A deactivated account is told so only with its right password (nothing learnt otherwise);
      // the attempt is not a success: it does not reset the failures of that e-mail.
      await m.insert(LoginAttempt, { email, ip: client, succeeded: ok && !!found && found.active });
      return ok && found ? found : null;
    });
    if (!outcome) {
      throw new DomainError('AUTH.INVALID_CREDENTIALS', 'Adresse e-mail ou mot de passe incorrect.');
    }
    if (!outcome.active) {
      throw new DomainError('AUTH.ACCOUNT_DISABLED', 'Ce compte a été désactivé : adressez-vous au secrétariat du centre.');
    }
    return {
      accessToken: await this.issueToken(outcome.id),
      expiresIn: this.config.jwtExpiresInSeconds,
      user: (await this.users.withLearnerIds([outcome]))[0],
    };
  }

  /**
   * Every access token is made here. `iat` carries milliseconds (a JWT NumericDate may be
   * fractional): a password change ends the sessions opened before it, and a new sign-in in the
   * same second must still be accepted (issue 11).
   */
  issueToken(userId: string): Promise<string> {
    const payload: JwtPayload = { sub: userId, iat: Date.now() / 1000 };
    return this.jwt.signAsync(payload);
  }

  /** The two failure limits (see login), under the client's advisory lock, before any password check. */
  private async checkAttempts(m: EntityManager, email: string, client: string): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`login:${client}`]);
    const since = new Date(Date.now() - FAILED_LOGIN_WINDOW_MINUTES * 60_000);
    const [{ failures }] = await m.query<{ failures: number }[]>(
      'SELECT count(*)::int AS failures FROM login_attempts WHERE ip = $1 AND at > $2 AND NOT succeeded',
      [client, since],
    );
    if (failures >= this.config.login.maxFailuresPerIp) throw tooManyAttempts('depuis votre adresse réseau');
    const recent = await m.find(LoginAttempt, {
      where: { email, ip: client, at: MoreThan(since) },
      order: { at: 'DESC', id: 'DESC' },
      take: MAX_FAILED_LOGINS,
    });
    const lastSuccess = recent.findIndex((a) => a.succeeded);
    if ((lastSuccess === -1 ? recent.length : lastSuccess) >= MAX_FAILED_LOGINS) throw tooManyAttempts('pour ce compte');
  }

  /**
   * PUT /api/auth/me/password (issue 11). The current password is checked as a login is: the same
   * limits and the same failure rows, so a stolen token cannot brute-force it here either. On
   * success every session opened before ends, this one included: the answer is the contract's 204,
   * and the web app signs in again at once with the new password, which it has (PasswordPage).
   * A token in a response header was the other way; one more contract for every client to learn.
   */
  async changePassword(actor: AuthUser, currentPassword: string, newPassword: string, ip?: string): Promise<void> {
    const problem = passwordProblem(newPassword, { email: actor.email, names: [actor.fullName] });
    if (problem) throw DomainError.validation([{ field: 'newPassword', message: problem }]);
    const client = clientKey(ip);
    const ok = await this.dataSource.transaction(async (m) => {
      await this.checkAttempts(m, actor.email, client);
      const user = await m.findOne(User, { where: { id: actor.id } });
      const verified = !!user?.passwordHash && (await verifyPassword(user.passwordHash, currentPassword));
      await m.insert(LoginAttempt, { email: actor.email, ip: client, succeeded: verified });
      return verified;
    });
    if (!ok) {
      throw new DomainError('AUTH.INVALID_CREDENTIALS', 'Le mot de passe actuel est incorrect.', [
        { field: 'currentPassword', message: 'Mot de passe actuel incorrect.' },
      ]);
    }
    if (newPassword === currentPassword) {
      throw DomainError.validation([{ field: 'newPassword', message: 'Le nouveau mot de passe doit être différent de l’actuel.' }]);
    }
    await this.users.setPassword(actor.id, await hashPassword(newPassword), actor.id);
  }
}
