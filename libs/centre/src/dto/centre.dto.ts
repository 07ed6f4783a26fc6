import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { emailProblem, normaliseEmail } from '@app/auth';
import { HasLetter, SingleLine, Trim } from '@app/platform';
import { DEFAULT_RETENTION, RETENTION_MAX_YEARS, RETENTION_MIN_YEARS } from '../entities/centre.entity';

/**
 * A rule on a text field, with its own French message. Values that are not strings pass here:
 * `@IsString()` reports them (one message per field, the type first).
 */
function TextRule(name: string, problem: (value: string) => string | null): PropertyDecorator {
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || problem(value) === null,
      defaultMessage: (args) => (typeof args?.value === 'string' ? problem(args.value) : null) ?? 'Valeur invalide.',
    },
  });
}

/** A name, when given, has a letter (invisible characters alone would print nothing). */
const LetterWhenGiven = (): PropertyDecorator =>
  TextRule('hasLetter', (v) => (v !== '' && !/\p{L}/u.test(v) ? 'Doit contenir au moins une lettre.' : null));

const MAX_ADDRESS_LINES = 6;

/** An address keeps its line breaks, written `\n`; blanks around each line go. */
const AddressText = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(/\r\n|\r|\n|\u2028|\u2029/)
          .map((line) => line.trim())
          .join('\n')
          .trim()
      : value,
  );

const OPTIONAL_TEXT = 'Facultatif ; absent ou null : vide (« »).';

export class RetentionDto {
  @ApiPropertyOptional({
    minimum: RETENTION_MIN_YEARS,
    maximum: RETENTION_MAX_YEARS,
    example: DEFAULT_RETENTION.attachmentsYears,
    description:
      "Années de conservation des pièces jointes du dossier professionnel après la dernière session de l'apprenant (au plus la durée de l'identité). Absent : 3 (à confirmer par le DPO du centre, voir README).",
  })
  @IsOptional()
  @IsInt()
  @Min(RETENTION_MIN_YEARS)
  @Max(RETENTION_MAX_YEARS)
  attachmentsYears?: number;

  @ApiPropertyOptional({
    minimum: RETENTION_MIN_YEARS,
    maximum: RETENTION_MAX_YEARS,
    example: DEFAULT_RETENTION.identityYears,
    description:
      "Années avant l'anonymisation de l'identité, après la dernière session de l'apprenant. Absent : 6 (validité du titre + délai de prolongation ; à confirmer par le DPO du centre, voir README).",
  })
  @IsOptional()
  @IsInt()
  @Min(RETENTION_MIN_YEARS)
  @Max(RETENTION_MAX_YEARS)
  identityYears?: number;
}

/**
 * PUT /api/centre: a full replacement. `name` is required; every other text field absent (or
 * null) becomes empty; `retention` absent, or one of its fields absent, takes the default.
 * `hasLogo` is accepted so that a client may send back what GET gave, and ignored (the logo has
 * its own endpoints).
 */
export class CentreInputDto {
  @ApiProperty({ example: 'Centre de formation Horizon', minLength: 1, maxLength: 200, description: 'Obligatoire.' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @HasLetter()
  @SingleLine()
  name: string;

  @ApiPropertyOptional({
    example: '12 rue des Tanneurs\nBâtiment B',
    maxLength: 300,
    description: `Rue, bâtiment… sur plusieurs lignes (${MAX_ADDRESS_LINES} au plus), sans code postal ni ville. ${OPTIONAL_TEXT}`,
  })
  @IsOptional()
  @AddressText()
  @IsString()
  @MaxLength(300)
  @TextRule('maxLines', (v) => (v.split('\n').length > MAX_ADDRESS_LINES ? `Doit tenir en ${MAX_ADDRESS_LINES} lignes au plus.` : null))
  address?: string;

  @ApiPropertyOptional({ example: '69003', pattern: '^([0-9]{5})?$', description: `Code postal français, 5 chiffres. ${OPTIONAL_TEXT}` })
  @IsOptional()
  @Trim()
  @IsString()
  @TextRule('postalCode', (v) =>
    /^(\d{5})?$/.test(v) ? null : 'Doit être un code postal français de 5 chiffres (par exemple 69003), ou rester vide.',
  )
  postalCode?: string;

  @ApiPropertyOptional({ example: 'Lyon', maxLength: 100, description: OPTIONAL_TEXT })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  @SingleLine()
  @LetterWhenGiven()
  city?: string;

  @ApiPropertyOptional({
    example: '84 69 12345 69',
    maxLength: 50,
    description: `N° d'agrément / CERES du centre, ou n° de déclaration d'activité : lettres, chiffres, espaces, tirets, points, barres obliques. ${OPTIONAL_TEXT}`,
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  @TextRule('agrementNumber', (v) =>
    /^[\p{L}\p{N} ./-]*$/u.test(v)
      ? null
      : 'Seuls des lettres, des chiffres, des espaces, des tirets, des points et des barres obliques sont admis.',
  )
  agrementNumber?: string;

  @ApiPropertyOptional({
    example: 'contact@centre-horizon.fr',
    maxLength: 254,
    description: `E-mail de contact (écrit en minuscules). ${OPTIONAL_TEXT}`,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseEmail(value) : value))
  @IsString()
  @MaxLength(254)
  // Named `isEmail` so that the validation pipe ranks it as the e-mail check it is.
  @TextRule('isEmail', (v) => (v === '' ? null : emailProblem(v)))
  email?: string;

  @ApiPropertyOptional({
    example: '04 72 00 00 00',
    maxLength: 30,
    description: `Chiffres, espaces et + . ( ) - ; 4 chiffres au moins. ${OPTIONAL_TEXT}`,
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(30)
  @TextRule('phone', (v) => {
    if (v === '') return null;
    if (!/^[0-9 +.()-]+$/.test(v)) return 'Seuls des chiffres, des espaces et les signes + . ( ) - sont admis.';
    return (v.match(/\d/g) ?? []).length < 4 ? 'Doit contenir au moins 4 chiffres.' : null;
  })
  phone?: string;

  @ApiPropertyOptional({
    example: 'Claire Martin',
    maxLength: 100,
    description: `Nom du ou de la signataire des documents. ${OPTIONAL_TEXT}`,
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  @SingleLine()
  @LetterWhenGiven()
  signatoryName?: string;

  @ApiPropertyOptional({ example: 'Directrice', maxLength: 100, description: `Qualité du ou de la signataire. ${OPTIONAL_TEXT}` })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  @SingleLine()
  @LetterWhenGiven()
  signatoryTitle?: string;

  @ApiPropertyOptional({ type: RetentionDto, description: 'Durées de conservation ; absent : les valeurs par défaut.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RetentionDto)
  retention?: RetentionDto;

  @ApiPropertyOptional({
    description: 'Ignoré (accepté pour renvoyer tel quel ce que GET a donné) : le logo se change par PUT/DELETE /api/centre/logo.',
  })
  @IsOptional()
  @IsBoolean()
  hasLogo?: boolean;
}

export class RetentionViewDto {
  @ApiProperty({ example: DEFAULT_RETENTION.attachmentsYears }) attachmentsYears: number;
  @ApiProperty({ example: DEFAULT_RETENTION.identityYears }) identityYears: number;
}

export class CentreDto {
  @ApiProperty({ example: 'Centre de formation Horizon' }) name: string;
  @ApiProperty({ example: '12 rue des Tanneurs', description: 'Plusieurs lignes, séparées par \\n ; vide si non renseigné' })
  address: string;
  @ApiProperty({ example: '69003' }) postalCode: string;
  @ApiProperty({ example: 'Lyon' }) city: string;
  @ApiProperty({ example: '84 69 12345 69' }) agrementNumber: string;
  @ApiProperty({ example: 'contact@centre-horizon.fr' }) email: string;
  @ApiProperty({ example: '04 72 00 00 00' }) phone: string;
  @ApiProperty({ example: 'Claire Martin' }) signatoryName: string;
  @ApiProperty({ example: 'Directrice' }) signatoryTitle: string;
  @ApiProperty({ description: 'Un logo est enregistré (GET /api/centre/logo)' }) hasLogo: boolean;
  @ApiProperty({ type: RetentionViewDto }) retention: RetentionViewDto;
}
