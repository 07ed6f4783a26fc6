import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { MIN_PASSWORD_LENGTH, PageQueryDto, Role, ROLES, Trim, HasLetter, SingleLine } from '@app/platform';
import { IsAccountEmail } from '../credentials/email';
import { IsAcceptablePassword } from '../credentials/password-policy';

export class LoginDto {
  @ApiProperty({ example: 'admin@centre.local' })
  @IsAccountEmail()
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) learnerId: string | null;
  /**
   * Issue 11: in the admin views (GET /api/users, PATCH /api/users/:id). Optional: a signed-in
   * account is always active, and existing clients need not know the field.
   */
  @ApiPropertyOptional({ description: 'Faux : compte désactivé (connexion refusée)' }) active?: boolean;
}

export class LoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Durée de validité du jeton, en secondes' }) expiresIn: number;
  @ApiProperty({ type: UserDto }) user: UserDto;
}

export class CreateUserDto {
  @ApiProperty({ example: 'formatrice@centre.fr' })
  @IsAccountEmail()
  email: string;

  @ApiProperty({ example: 'Claire Martin' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @HasLetter()
  @SingleLine()
  fullName: string;

  @ApiPropertyOptional({
    minLength: MIN_PASSWORD_LENGTH,
    description:
      'Obligatoire sans invite. Refusé : trop courant, répétitif, suite de clavier, ou contenant l’e-mail ou le nom. Omis avec invite : aucun mot de passe utilisable avant l’acceptation de l’invitation',
  })
  @ValidateIf((o: CreateUserDto) => o.invite !== true || o.password !== undefined)
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  @IsAcceptablePassword()
  password?: string;

  @ApiPropertyOptional({ description: 'Vrai : envoie une invitation (lien à usage unique valable 7 jours pour choisir son mot de passe)' })
  @IsOptional()
  @IsBoolean()
  invite?: boolean;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];
}

/** No control character (NUL included) in a name: PostgreSQL refuses NUL, a name never has one. */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const NO_CONTROL = /^[^\u0000-\u001f\u007f-\u009f]*$/;

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Claire Martin' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL, { message: 'Ne doit pas contenir de caractère de contrôle.' })
  @HasLetter()
  @SingleLine()
  fullName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ description: 'Faux : désactive le compte (connexion refusée, sessions ouvertes terminées)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({
    minLength: MIN_PASSWORD_LENGTH,
    description: 'Refusé : trop courant, répétitif, suite de clavier, ou contenant l’e-mail ou le nom',
  })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  newPassword: string;
}

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'Recherche dans le nom ou l’e-mail' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true : comptes actifs ; false : comptes désactivés' })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

/** POST /api/auth/password-reset-requests */
export class PasswordResetRequestDto {
  @ApiProperty({ example: 'camille.durand@example.fr' })
  @IsAccountEmail()
  email: string;
}

/** POST /api/auth/password-resets and POST /api/auth/invitations/accept */
export class TokenPasswordDto {
  @ApiProperty({ description: 'Le jeton du lien reçu par e-mail (après le #)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token: string;

  @ApiProperty({
    minLength: MIN_PASSWORD_LENGTH,
    description: 'Refusé : trop courant, répétitif, suite de clavier, ou contenant l’e-mail ou le nom',
  })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  @IsAcceptablePassword()
  password: string;
}

/** POST /api/cohorts/:id/invitations */
export class InvitedCountDto {
  @ApiProperty({ description: 'Nombre d’invitations envoyées' }) invited: number;
}
