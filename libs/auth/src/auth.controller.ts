import { Body, Controller, Get, HttpCode, Ip, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiPageResponse, ApiAuthErrors, ApiErrors, AuthUser, CurrentUser, Page, Public, Roles } from '@app/platform';
import { AuthService } from './auth.service';
import { CreateUserDto, LoginDto, LoginResponseDto, UserDto, UserQueryDto } from './dto/auth.dto';
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
  @ApiOperation({ summary: 'Lister les comptes, filtrés par rôle' })
  @ApiPageResponse(UserDto)
  @ApiAuthErrors(400)
  list(@Query() query: UserQueryDto): Promise<Page<UserDto>> {
    return this.users.list(query);
  }
}
