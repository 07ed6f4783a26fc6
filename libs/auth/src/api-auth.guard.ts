import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuthUser, DomainError, IS_PUBLIC, REQUIRED_ROLES, Role } from '@app/platform';

/** Global guard: denies by default; @Public() opens a route; @Roles() restricts it. */
@Injectable()
export class ApiAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    await super.canActivate(context);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length) {
      const user = context.switchToHttp().getRequest<{ user: AuthUser }>().user;
      if (!user.roles.some((r) => roles.includes(r))) {
        throw new DomainError('AUTH.FORBIDDEN', 'Votre rôle ne permet pas cette opération.');
      }
    }
    return true;
  }
}
