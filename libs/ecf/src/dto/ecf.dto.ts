import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsDateOnly, NestedList, Trim } from '@app/platform';

export class EcfResultInputDto {
  @ApiProperty({ example: 1, description: 'Numéro de la compétence dans le titre (SAMS : 1 à 12)' })
  @IsInt()
  @Min(1)
  @Max(99)
  competence: number;

  @ApiProperty()
  @IsBoolean()
  acquired: boolean;
}

export class CreateEcfEvaluationDto {
  @ApiProperty({ example: 'RNCP36805BC01' })
  @IsString()
  @MaxLength(32)
  ccpCode: string;

  @ApiProperty({ example: '2025-03-14', description: "Date de l'évaluation (pas dans le futur)" })
  @IsDateOnly()
  date: string;

  @ApiProperty({ example: 'Production d’un courrier et d’un compte rendu de réunion' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  description: string;

  @ApiProperty({ type: [EcfResultInputDto] })
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @NestedList(() => EcfResultInputDto)
  results: EcfResultInputDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class EcfEvaluationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() ccpCode: string;
  @ApiProperty() date: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [EcfResultInputDto] }) results: EcfResultInputDto[];
  @ApiProperty({ format: 'uuid' }) evaluatorId: string;
  @ApiProperty() evaluatorName: string;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
}

export class UpsertSynthesisDto {
  @ApiProperty({ description: "« L'activité est maîtrisée : OUI / NON »" })
  @IsBoolean()
  mastered: boolean;

  @ApiProperty({ description: "Observations, points d'attention" })
  @IsString()
  @MaxLength(5000)
  observations: string;

  @ApiPropertyOptional({ type: [Number], description: 'Compétences à réévaluer (numéros)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(99, { each: true })
  competencesToReassess?: number[];

  @ApiPropertyOptional({ description: 'Obligatoire pour modifier une synthèse signée : crée une nouvelle version' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason?: string;
}

export class SignSynthesisDto {
  @ApiPropertyOptional({
    enum: ['evaluator', 'centre'],
    description: 'En quelle qualité signer (défaut : évaluateur pour un formateur de la promotion, centre pour un administrateur)',
  })
  @IsOptional()
  @IsIn(['evaluator', 'centre'])
  as?: 'evaluator' | 'centre';
}

export class SignatureDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() fullName: string;
  @ApiProperty() signedAt: string;
}

export class SynthesisDto {
  @ApiProperty() mastered: boolean;
  @ApiProperty() observations: string;
  @ApiProperty({ type: [Number] }) competencesToReassess: number[];
  @ApiProperty() version: number;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ type: [SignatureDto] }) evaluatorSignatures: SignatureDto[];
  @ApiProperty({ type: SignatureDto, nullable: true }) centreSignature: SignatureDto | null;
  @ApiProperty({ nullable: true, type: String }) acknowledgedAt: string | null;
  @ApiProperty({ description: 'Signée par un évaluateur et par le centre (R-ECF-2)' }) locked: boolean;
  @ApiProperty() updatedAt: string;
}

export class EcfCcpDto {
  @ApiProperty() ccpCode: string;
  @ApiProperty() number: number;
  @ApiProperty() title: string;
  @ApiProperty({ type: [EcfEvaluationDto] }) evaluations: EcfEvaluationDto[];
  @ApiProperty({ type: SynthesisDto, nullable: true }) synthesis: SynthesisDto | null;
}

export class LearnerEcfDto {
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty({ type: [EcfCcpDto] }) ccps: EcfCcpDto[];
}

export class ProgressCellDto {
  @ApiProperty() ccpCode: string;
  @ApiProperty() evaluations: number;
  @ApiProperty({ description: 'Compétences dont la dernière évaluation est « acquis »' }) competencesAcquired: number;
  @ApiProperty() competencesTotal: number;
  @ApiProperty({ enum: ['none', 'draft', 'signed'] }) synthesis: 'none' | 'draft' | 'signed';
  @ApiProperty({ nullable: true, type: Boolean }) mastered: boolean | null;
}

export class ProgressRowDto {
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ type: [ProgressCellDto] }) ccps: ProgressCellDto[];
}

export class ProgressCcpDto {
  @ApiProperty() code: string;
  @ApiProperty() number: number;
  @ApiProperty() title: string;
  @ApiProperty() competencesTotal: number;
}

export class CohortProgressDto {
  @ApiProperty({ format: 'uuid' }) cohortId: string;
  @ApiProperty() certificationCode: string;
  @ApiProperty({ type: [ProgressCcpDto], description: 'CCP du titre : code, numéro, intitulé, nombre de compétences' })
  ccps: ProgressCcpDto[];
  @ApiProperty({ type: [ProgressRowDto] }) learners: ProgressRowDto[];
}
