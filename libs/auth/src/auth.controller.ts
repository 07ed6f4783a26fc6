import { Body, Controller, Get, HttpCode, Ip, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiPageResponse, ApiAuthErrors, ApiErrors, AuthUser, CurrentUser, Page, Public, Roles, uuidParam } from '@app/platform';
import { AuthService } from './auth.service';
import { ChangePasswordDto, CreateUserDto, LoginDto, LoginResponseDto, UpdateUserDto, UserDto, UserQueryDto } from './dto/auth.dto';
import { UsersService } from './users.service';

@ApiTags('Authentification et utilisateurs')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
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
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Créer un compte (mot de passe de 12 caractères au moins)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiAuthErrors(400, 409)
  create(@Body() body: CreateUserDto, @CurrentUser() actor: AuthUser): Promise<UserDto> {
    return this.users.create(body, actor.id);
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
