import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsDateOnly, NestedList, Trim } from '@app/platform';

const CODE = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
const CODE_MESSAGE = 'Doit être un code en majuscules et chiffres (ex. RNCP36805, RNCP36805BC01).';

export class CompetenceInputDto {
  @ApiProperty({ example: 1, description: 'Numéro dans le titre (SAMS : 1 à 12)' })
  @IsInt()
  @Min(1)
  @Max(99)
  number: number;

  @ApiProperty()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(1000, { each: true })
  criteria: string[];
}

export class CcpInputDto {
  @ApiProperty({ example: 'RNCP36805BC01' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(20)
  number: number;

  @ApiProperty()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title: string;

  @ApiProperty({ type: [CompetenceInputDto] })
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @NestedList(() => CompetenceInputDto)
  competences: CompetenceInputDto[];
}

export class CreateCertificationDto {
  @ApiProperty({ example: 'RNCP40800' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 'TP-01234' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  tpCode: string;

  @ApiProperty({ example: 'Secrétaire assistant médico-administratif' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({ example: 'SAMA' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  acronym?: string;

  @ApiProperty({ example: 4 })
  @IsInt()
  @Min(1)
  @Max(8)
  level: number;

  @ApiPropertyOptional({ example: '324t', description: 'Code NSF (fiche RNCP)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(16)
  nsf?: string;

  @ApiPropertyOptional({ type: [String], example: ['M1609'], description: 'Codes ROME (fiche RNCP)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[A-Z]\d{4}$/, { each: true, message: 'Doit être un code ROME (ex. M1609).' })
  romeCodes?: string[];

  @ApiPropertyOptional({ description: 'Arrêté de création ou de prorogation' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  creationDecree?: string;

  @ApiPropertyOptional({ example: '2025-09-01', description: 'Premier jour des parcours certifiants (inconnu : absent)' })
  @IsOptional()
  @IsDateOnly()
  validFrom?: string;

  @ApiProperty({ example: '2030-09-01', description: "Date d'échéance de l'enregistrement (premier jour hors vigueur)" })
  @IsDateOnly()
  validUntil: string;

  @ApiPropertyOptional({ example: 552, description: 'Durée indicative de la formation, en heures' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  trainingHours?: number;

  @ApiPropertyOptional({ type: [Number], example: [12, 14], description: 'Durée indicative en mois : [minimum, maximum]' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(120, { each: true })
  trainingDurationMonths?: number[];

  @ApiPropertyOptional({ description: 'Titre fictif de démonstration : signalé partout où il est affiché' })
  @IsOptional()
  @IsBoolean()
  demo?: boolean;

  /** Informational only (where the data comes from): accepted, not stored, not exported. */
  @ApiPropertyOptional({ type: [String], description: 'Notes de provenance : acceptées, non conservées' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  notes?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Sources consultées : acceptées, non conservées' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  sources?: string[];

  @ApiProperty({ type: [CcpInputDto] })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @NestedList(() => CcpInputDto)
  ccps: CcpInputDto[];
}

/** PUT /api/certifications/:code: the whole version again; `code`, if given, must be the path's. */
export class UpdateCertificationDto extends OmitType(CreateCertificationDto, ['code'] as const) {
  @ApiPropertyOptional({ example: 'RNCP40800', description: 'Facultatif ; s’il est donné, celui du chemin' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  code?: string;
}

export class CorrespondenceInputDto {
  @ApiProperty({ type: [String], example: ['RNCP36805BC01'], description: 'CCP de l’ancien titre, tous requis' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  from: string[];

  @ApiProperty({ example: 'RNCP40800BC01', description: 'CCP du titre successeur obtenu' })
  @IsString()
  @MaxLength(32)
  to: string;
}

export class SetSuccessorDto {
  @ApiProperty({ example: 'RNCP40800' })
  @IsString()
  @MaxLength(32)
  successorCode: string;

  @ApiProperty({ type: [CorrespondenceInputDto] })
  @ArrayMaxSize(50)
  @NestedList(() => CorrespondenceInputDto)
  correspondences: CorrespondenceInputDto[];
}

export class CcpSummaryDto {
  @ApiProperty() code: string;
  @ApiProperty() number: number;
  @ApiProperty() title: string;
}

export class CompetenceDto {
  @ApiProperty() number: number;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String] }) criteria: string[];
}

export class CcpDetailDto extends CcpSummaryDto {
  @ApiProperty({ type: [CompetenceDto] }) competences: CompetenceDto[];
}

class CertificationBaseDto {
  @ApiProperty() code: string;
  @ApiProperty() tpCode: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) acronym: string | null;
  @ApiProperty() level: number;
  @ApiProperty({ nullable: true, type: String, description: 'Premier jour des parcours certifiants (null : inconnu)' })
  validFrom: string | null;
  @ApiProperty({ description: "Date d'échéance (premier jour hors vigueur)" }) validUntil: string;
  @ApiProperty({ description: 'Titre fictif de démonstration' }) demo: boolean;
  @ApiProperty({ enum: ['valid', 'prolongation', 'expired'], description: "Statut aujourd'hui (R-CAP-4)" })
  status: 'valid' | 'prolongation' | 'expired';
  @ApiProperty({ nullable: true, type: String }) successorCode: string | null;
}

export class CertificationSummaryDto extends CertificationBaseDto {
  @ApiProperty({ type: [CcpSummaryDto] }) ccps: CcpSummaryDto[];
}

export class CorrespondenceDto {
  @ApiProperty({ type: [String] }) from: string[];
  @ApiProperty() to: string;
}

export class CertificationDetailDto extends CertificationBaseDto {
  @ApiProperty({ type: [CcpDetailDto] }) ccps: CcpDetailDto[];
  @ApiProperty({ type: [CorrespondenceDto], description: 'Correspondances vers le successeur (R-REF-3)' })
  correspondences: CorrespondenceDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Titre dont celui-ci est le successeur' })
  predecessorCode: string | null;
  @ApiProperty({ nullable: true, type: String }) nsf: string | null;
  @ApiProperty({ type: [String] }) romeCodes: string[];
  @ApiProperty({ nullable: true, type: String }) creationDecree: string | null;
  @ApiProperty({ nullable: true, type: Number }) trainingHours: number | null;
  @ApiProperty({ type: [Number] }) trainingDurationMonths: number[];
  @ApiProperty({ description: 'Modifiable tant qu’aucune promotion, session, candidature ni CCP acquis ne l’utilise' })
  editable: boolean;
}
