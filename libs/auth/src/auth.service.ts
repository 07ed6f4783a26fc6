import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import { APP_CONFIG, AppConfig, DomainError } from '@app/platform';
import { LoginResponseDto } from './dto/auth.dto';
import { LoginAttempt } from './entities/login-attempt.entity';
import { User } from './entities/user.entity';
import { DUMMY_HASH, verifyPassword } from './password';
import { UsersService } from './users.service';

export const MAX_FAILED_LOGINS = 10;
export const FAILED_LOGIN_WINDOW_MINUTES = 15;

export interface JwtPayload {
  sub: string;
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
    try {
      const created = await this.users.create(
        { email: admin.email, fullName: 'Administrateur du centre', password: admin.password, roles: ['admin'] },
        null,
      );
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
   * Serialised per e-mail (advisory lock) so that parallel attempts cannot slip past the limit:
   * 10 failures within 15 minutes since the last success → 429 AUTH.TOO_MANY_ATTEMPTS.
   */
  async login(emailInput: string, password: string): Promise<LoginResponseDto> {
    const email = emailInput.trim().toLowerCase();
    const user = await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`login:${email}`]);
      const since = new Date(Date.now() - FAILED_LOGIN_WINDOW_MINUTES * 60_000);
      const recent = await m.find(LoginAttempt, { where: { email, at: MoreThan(since) }, order: { at: 'DESC', id: 'DESC' } });
      const lastSuccess = recent.findIndex((a) => a.succeeded);
      const failures = (lastSuccess === -1 ? recent : recent.slice(0, lastSuccess)).length;
      if (failures >= MAX_FAILED_LOGINS) {
        throw new DomainError(
          'AUTH.TOO_MANY_ATTEMPTS',
          `Trop de tentatives de connexion échouées pour ce compte : réessayez dans ${FAILED_LOGIN_WINDOW_MINUTES} minutes.`,
        );
      }
      const found = await m.findOne(User, { where: { email } });
      const ok = await verifyPassword(found?.passwordHash ?? (await DUMMY_HASH), password);
      await m.insert(LoginAttempt, { email, succeeded: ok && !!found });
      return ok && found ? found : null;
    });
    if (!user) {
      throw new DomainError('AUTH.INVALID_CREDENTIALS', 'Adresse e-mail ou mot de passe incorrect.');
    }
    const payload: JwtPayload = { sub: user.id };
    return {
      accessToken: await this.jwt.signAsync(payload),
      expiresIn: this.config.jwtExpiresInSeconds,
      user: (await this.users.withLearnerIds([user]))[0],
    };
  }
}
