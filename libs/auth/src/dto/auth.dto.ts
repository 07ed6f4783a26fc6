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
} from 'class-validator';
import { MIN_PASSWORD_LENGTH, PageQueryDto, Role, ROLES, Trim, HasLetter } from '@app/platform';
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
  fullName: string;

  @ApiProperty({
    minLength: MIN_PASSWORD_LENGTH,
    description: 'Refusé : trop courant, répétitif, suite de clavier, ou contenant l’e-mail ou le nom',
  })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  @IsAcceptablePassword()
  password: string;

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
