import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsAcceptablePassword, IsAccountEmail } from '@app/auth';
import { IsDateOnly, MIN_PASSWORD_LENGTH, PageQueryDto, Trim, HasLetter, SingleLine } from '@app/platform';
import type { Pathway } from '../entities/learner.entity';

export const PATHWAYS: Pathway[] = ['training', 'vae'];

export class CreateCohortDto {
  @ApiProperty({ example: 'SAMS Lyon 2024-2025' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'RNCP36805' })
  @IsString()
  @MaxLength(32)
  certificationCode: string;

  @ApiProperty({ example: '2024-09-02' })
  @IsDateOnly()
  startDate: string;

  @ApiProperty({ example: '2025-07-04' })
  @IsDateOnly()
  endDate: string;

  @ApiPropertyOptional({ example: 'Lyon — Part-Dieu' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  site?: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  trainerIds: string[];
}

export class SetTrainersDto {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  trainerIds: string[];
}

export class PersonRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
}

export class CohortDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() certificationCode: string;
  @ApiProperty() startDate: string;
  @ApiProperty() endDate: string;
  @ApiProperty({ nullable: true, type: String }) site: string | null;
  @ApiProperty({ type: [String] }) trainerIds: string[];
  @ApiProperty({ type: [PersonRefDto] }) trainers: PersonRefDto[];
  @ApiProperty() learnerCount: number;
}

export class CohortQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Recherche dans le nom' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

class LearnerFieldsDto {
  @ApiProperty({ example: 'Camille' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @HasLetter()
  @SingleLine()
  firstName: string;

  @ApiProperty({ example: 'Durand' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @HasLetter()
  @SingleLine()
  lastName: string;

  @ApiProperty({ example: '1990-04-12' })
  @IsDateOnly()
  birthDate: string;

  @ApiProperty({ example: 'camille.durand@example.fr' })
  @IsAccountEmail()
  email: string;
}

export class CreateLearnerDto extends LearnerFieldsDto {
  @ApiProperty({ enum: PATHWAYS })
  @IsIn(PATHWAYS)
  pathway: Pathway;

  @ApiPropertyOptional({ format: 'uuid', description: 'Obligatoire en parcours de formation' })
  @ValidateIf((o: CreateLearnerDto) => o.pathway === 'training' || o.cohortId !== undefined)
  @IsUUID('all', { message: 'Obligatoire en parcours de formation : identifiant (UUID) de la promotion.' })
  cohortId?: string;

  @ApiPropertyOptional({ description: 'Date de notification de la recevabilité VAE (obligatoire en VAE)' })
  @ValidateIf((o: CreateLearnerDto) => o.pathway === 'vae' || o.vaeAdmissibilityDate !== undefined)
  @IsDateOnly({ message: 'Obligatoire en VAE : date de notification de la recevabilité (AAAA-MM-JJ).' })
  vaeAdmissibilityDate?: string;

  @ApiPropertyOptional({
    example: 'RNCP36805',
    nullable: true,
    type: String,
    description:
      "Titre visé en VAE. Omis : le titre en vigueur à la date de notification de la recevabilité — ou, si aucun ne l'était, celui en délai de prolongation — s'il n'y en a qu'un ; sinon 400 sur certificationCode. En formation : celui de la promotion.",
  })
  @IsOptional()
  @IsString({ message: 'Code RNCP du titre visé (texte), ou rien : le titre en vigueur à la date de recevabilité.' })
  @MaxLength(32)
  certificationCode?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  employer?: string;

  @ApiPropertyOptional({ description: "R-SES-2 : l'aménagement accordé (tiers-temps, aide…), jamais le diagnostic" })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  accommodations?: string;

  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH, description: 'Crée le compte apprenant (e-mail = identifiant)' })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  @IsAcceptablePassword()
  password?: string;

  @ApiPropertyOptional({
    description:
      'Vrai : crée le compte de l’apprenant (sans mot de passe s’il n’en est pas donné) et lui envoie une invitation (lien valable 7 jours)',
  })
  @IsOptional()
  @IsBoolean()
  invite?: boolean;
}

/** Every identity field optional, validated as at creation; plus the route fields that may change. */
export class UpdateLearnerDto extends PartialType(LearnerFieldsDto) {
  @ApiPropertyOptional({ format: 'uuid', description: 'Change de promotion (reprise de formation, R-ELIG-6)' })
  @IsOptional()
  @IsUUID()
  cohortId?: string;

  @ApiPropertyOptional() @IsOptional() @IsDateOnly() vaeAdmissibilityDate?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  employer?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  accommodations?: string | null;
}

export class LearnerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null une fois anonymisé' }) birthDate: string | null;
  @ApiProperty() email: string;
  @ApiProperty({ enum: PATHWAYS }) pathway: Pathway;
  @ApiProperty() certificationCode: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) cohortId: string | null;
  @ApiProperty({ nullable: true, type: String }) vaeAdmissibilityDate: string | null;
  @ApiProperty({ nullable: true, type: String }) employer: string | null;
  @ApiProperty({ nullable: true, type: String }) accommodations: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) userId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'Issue 16 : date de l’anonymisation (prénom « Anonyme », nom = pseudonyme)',
  })
  anonymisedAt: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'ANON-7K2M9QXD' }) pseudonym: string | null;
}

export class LearnerQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  cohortId?: string;

  @ApiPropertyOptional({ description: 'Recherche dans le nom, le prénom ou l’e-mail' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class ImportReportDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ description: 'Lignes de données lues' }) lines: number;
  @ApiProperty({ description: 'Apprenants créés (0 en simulation)' }) created: number;
  @ApiProperty({ type: [String], format: 'uuid' }) learnerIds: string[];
}
