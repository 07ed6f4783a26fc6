export * from './auth.module';
export { UsersService } from './users.service';
export type { AccountRecord } from './users.service';
export { AccountsService, alreadyOpen } from './accounts.service';
export { InvitedCountDto } from './dto/auth.dto';
export { UserDto } from './dto/auth.dto';
export { emailProblem, IsAccountEmail, normaliseEmail } from './credentials/email';
export { IsAcceptablePassword, passwordProblem } from './credentials/password-policy';
export * from './port-sources';
