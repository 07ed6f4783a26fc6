import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, AppConfig, AuthUser } from '@app/platform';
import type { JwtPayload } from './auth.service';
import { UsersService } from './users.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Clocks of several instances may differ a little. */
const CLOCK_SKEW_SECONDS = 60;

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      // A KeyObject made once: given the string, the JWT library tries createPublicKey (which
      // throws) then createSecretKey on every request — 5 % of the CPU under load (issue 15).
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
      algorithms: ['HS256'],
    });
  }

  /**
   * Only tokens as this API issues them (issue 10): `exp` and `iat` present — the JWT library
   * accepts a token without `exp` forever —, a life no longer than JWT_EXPIRES_IN_SECONDS, not
   * issued in the future, `sub` a UUID (anything else is a 401, never a database error). The
   * account is read again: a deleted user or a changed role takes effect at once; so does a
   * deactivation or a password change (issue 11: tokens issued before are refused). `iat` carries
   * milliseconds (AuthService.issueToken), hence the one-second tolerance on the life's length.
   */
  async validate(payload: unknown): Promise<AuthUser> {
    const { sub, iat, exp } = (payload && typeof payload === 'object' ? payload : {}) as Partial<Record<keyof JwtPayload, unknown>>;
    const now = Math.floor(Date.now() / 1000);
    const wellFormed =
      typeof sub === 'string' &&
      UUID.test(sub) &&
      typeof iat === 'number' &&
      typeof exp === 'number' &&
      Number.isFinite(iat) &&
      Number.isFinite(exp) &&
      iat <= now + CLOCK_SKEW_SECONDS &&
      exp > iat &&
      exp - iat <= this.config.jwtExpiresInSeconds + 1;
    const user = wellFormed ? await this.users.findSessionUser(sub, iat) : null;
    if (!user) throw new UnauthorizedException();
    return user;
  }
}
