import { Body, Controller, Get, HttpCode, Ip, Logger, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiPageResponse, ApiAuthErrors, ApiErrors, AuthUser, CurrentUser, Page, Public, Roles, uuidParam } from '@app/platform';
import { AccountsService } from './accounts.service';
import { AuthService } from './auth.service';
import {
  ChangePasswordDto,
  CreateUserDto,
  LoginDto,
  LoginResponseDto,
  PasswordResetRequestDto,
  TokenPasswordDto,
  UpdateUserDto,
  UserDto,
  UserQueryDto,
} from './dto/auth.dto';
import { UsersService } from './users.service';

@ApiTags('Authentification et utilisateurs')
@Controller('auth')
export class AuthController {
  private readonly logger = new Logger('Accounts');

  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly accounts: AccountsService,
  ) {}

  @Post('login')
  @Public()
  // Anonymous: a request rate per client IP (AUTH_RATE_LIMIT_PER_MINUTE) before any database work.
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'Connexion : renvoie un jeton (Bearer) et le compte' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrors(400, 401, 429)
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<LoginResponseDto> {
    return this.auth.login(body.email, body.password, ip);
  }

  @Post('password-reset-requests')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Mot de passe oublié : un e-mail avec un lien à usage unique valable 1 heure. La même réponse que le compte existe ou non ; au plus 3 e-mails par compte et par heure',
  })
  @ApiAcceptedResponse()
  @ApiErrors(400, 429)
  requestPasswordReset(@Body() body: PasswordResetRequestDto): void {
    // Answered before the work is done: whether the address has an account must not show in the
    // time the answer takes (a known address costs a transaction, a token and a message).
    void this.accounts
      .requestPasswordReset(body.email)
      .catch((error: unknown) => this.logger.error(`Mot de passe oublié : ${error instanceof Error ? error.message : String(error)}`));
  }

  @Post('password-resets')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Choisir un nouveau mot de passe avec le jeton du lien reçu ; toutes les sessions ouvertes du compte se terminent',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 429)
  async resetPassword(@Body() body: TokenPasswordDto): Promise<void> {
    await this.accounts.resetPassword(body.token, body.password);
  }

  @Post('invitations/accept')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accepter une invitation : choisir son mot de passe ; renvoie un jeton (Bearer) et le compte, comme la connexion',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrors(400, 429)
  acceptInvitation(@Body() body: TokenPasswordDto): Promise<LoginResponseDto> {
    return this.accounts.acceptInvitation(body.token, body.password);
  }

  @Get('me')
  @ApiOperation({ summary: 'Le compte connecté' })
  @ApiOkResponse({ type: UserDto })
  @ApiAuthErrors()
  me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.users.get(user.id);
  }

  @Put('me/password')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Changer son mot de passe : toutes les sessions ouvertes avant le changement se terminent, celle-ci comprise (se reconnecter avec le nouveau)',
  })
  @ApiNoContentResponse()
  @ApiAuthErrors(400, 429)
  async changePassword(@Body() body: ChangePasswordDto, @CurrentUser() user: AuthUser, @Ip() ip: string): Promise<void> {
    await this.auth.changePassword(user, body.currentPassword, body.newPassword, ip);
  }
}

@ApiTags('Authentification et utilisateurs')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: AccountsService,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary:
      'Créer un compte (mot de passe de 12 caractères au moins ; ou invite : true, sans mot de passe, et un e-mail d’invitation). Un compte apprenant est lié à la fiche de l’apprenant de même adresse',
  })
  @ApiCreatedResponse({ type: UserDto })
  @ApiAuthErrors(400, 409)
  create(@Body() body: CreateUserDto, @CurrentUser() actor: AuthUser): Promise<UserDto> {
    return this.accounts.createUser(body, actor.id);
  }

  @Post(':id/invitations')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: '(Ré)inviter : un e-mail avec un lien à usage unique valable 7 jours pour choisir son mot de passe' })
  @ApiAcceptedResponse()
  @ApiAuthErrors(400, 404, 409)
  async invite(@Param('id', uuidParam()) id: string, @CurrentUser() actor: AuthUser): Promise<void> {
    await this.accounts.inviteUser(id, actor.id);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Lister les comptes, filtrés par rôle, recherche ou activation (active)' })
  @ApiPageResponse(UserDto)
  @ApiAuthErrors(400)
  list(@Query() query: UserQueryDto): Promise<Page<UserDto>> {
    return this.users.list(query);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary:
      'Modifier un compte : nom, rôles, activation. Un compte désactivé ne se connecte plus et ses sessions se terminent ; on ne se désactive pas soi-même ; le dernier administrateur actif reste',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiAuthErrors(400, 404, 409)
  update(@Param('id', uuidParam()) id: string, @Body() body: UpdateUserDto, @CurrentUser() actor: AuthUser): Promise<UserDto> {
    return this.users.update(id, body, actor);
  }
}
