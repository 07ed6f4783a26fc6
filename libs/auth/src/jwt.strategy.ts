import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, AppConfig, AuthUser } from '@app/platform';
import type { JwtPayload } from './auth.service';
import { UsersService } from './users.service';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
    });
  }

  /** The account is read again: a deleted user or a changed role takes effect at once. */
  async validate(payload: JwtPayload): Promise<AuthUser> {
    const user = typeof payload?.sub === 'string' ? await this.users.findAuthUser(payload.sub) : null;
    if (!user) throw new UnauthorizedException();
    return user;
  }
}
