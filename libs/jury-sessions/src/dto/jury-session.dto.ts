import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Transform, Type } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { IsDateOnly, NestedList, PageQueryDto, Trim } from '@app/platform';

export class HabilitationInputDto {
  @ApiProperty({ example: 'RNCP36805' }) @IsString() @MaxLength(32) certificationCode: string;
  @ApiProperty({ example: '2024-01-01' }) @IsDateOnly() validFrom: string;
  @ApiProperty({ example: '2026-12-31' }) @IsDateOnly() validUntil: string;
  @ApiPropertyOptional({ example: 'Arrêté DREETS 2024-118' }) @IsOptional() @Trim() @IsString() @MaxLength(200) reference?: string;
}

export class JurorProfileInputDto {
  @ApiPropertyOptional({ example: 'Clinique du Parc' }) @IsOptional() @Trim() @IsString() @MaxLength(200) employer?: string;
  @ApiProperty({ type: [HabilitationInputDto] })
  @ArrayMaxSize(20)
  @NestedList(() => HabilitationInputDto)
  habilitations: HabilitationInputDto[];
}

export class DeclaredLinkInputDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() learnerId: string;
  @ApiProperty({ example: 'Ancienne collègue au secrétariat de la clinique' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  nature: string;
}

/**
 * A time of day `HH:MM` (24 h). « 8:30 » is read as 08:30 — what people type — but « 8h30 »,
 * « 25:00 » or « 08:60 » are refused with a message saying how to write it.
 */
function ClockTime(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => {
      if (typeof value !== 'string') return value;
      const v = value.trim();
      return /^\d:\d\d$/.test(v) ? `0${v}` : v;
    }),
    IsString({ message: "L'heure de convocation s'écrit HH:MM, par exemple 08:30." }),
    Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "L'heure de convocation s'écrit HH:MM (de 00:00 à 23:59), par exemple 08:30." }),
  );
}

const START_TIME_DOC = {
  type: String,
  example: '08:30',
  pattern: '^([01]\\d|2[0-3]):[0-5]\\d$',
  description: "L'heure à laquelle les candidats sont attendus chaque jour de la session (HH:MM) ; « 8:30 » est lu 08:30",
};
const ADDRESS_DOC = {
  type: String,
  example: '12 rue des Lilas, 69003 Lyon',
  description: "L'adresse postale du lieu (imprimée sur les convocations)",
};

export class CreateSessionDto {
  @ApiProperty({ enum: ['title', 'ccp'] }) @IsIn(['title', 'ccp']) type: 'title' | 'ccp';
  @ApiProperty({ example: 'RNCP36805' }) @IsString() @MaxLength(32) certificationCode: string;
  @ApiPropertyOptional({ type: [String], description: 'Session CCP : les CCP évalués' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  ccpCodes?: string[];
  @ApiProperty({ example: '2025-06-10' }) @IsDateOnly() startDate: string;
  @ApiProperty({ example: '2025-06-11' }) @IsDateOnly() endDate: string;
  @ApiPropertyOptional() @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(200) site?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() sessionManagerId?: string;
  @ApiPropertyOptional() @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(64) ceresReference?: string;
  @ApiPropertyOptional(START_TIME_DOC) @IsOptional() @ClockTime() startTime?: string;
  @ApiPropertyOptional(ADDRESS_DOC) @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(300) address?: string;
}

/** What staff may change on a planned session (the convocations' practical details); null clears. */
export class UpdateSessionDto {
  @ApiPropertyOptional({ ...START_TIME_DOC, nullable: true }) @IsOptional() @ClockTime() startTime?: string | null;
  @ApiPropertyOptional({ ...ADDRESS_DOC, nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  address?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(200) site?:
    string | null;
}

export class SetPresidentDto {
  @ApiProperty({ format: 'uuid', description: 'Un membre du jury de la session' }) @IsUUID() userId: string;
}

export class SessionQueryDto extends PageQueryDto {}

export class AddJurorDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId: string;
}

export class OverrideDto {
  @ApiProperty({ description: 'Motif (imprimé au PV)' }) @Trim() @IsString() @MinLength(5) @MaxLength(1000) reason: string;
}

export class AddCandidateDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() learnerId: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  ccpCodes?: string[];
  @ApiPropertyOptional({ type: OverrideDto, description: 'Lève ELIG.MISSING_ECF_SYNTHESIS et ELIG.DP_NOT_SUBMITTED' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OverrideDto)
  override?: OverrideDto;
}

export class CcpResultInputDto {
  @ApiProperty({ example: 'RNCP36805BC01' }) @IsString() @MaxLength(32) ccpCode: string;
  @ApiProperty() @IsBoolean() awarded: boolean;
  @ApiPropertyOptional() @IsOptional() @Trim() @IsString() @MaxLength(2000) comment?: string;
}

export class ResultInputDto {
  @ApiProperty({ enum: ['present', 'absent'] }) @IsIn(['present', 'absent']) attendance: 'present' | 'absent';
  @ApiProperty({ type: [CcpResultInputDto] }) @ArrayMaxSize(20) @NestedList(() => CcpResultInputDto) ccpResults: CcpResultInputDto[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() finalInterviewHeld?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() titleAwarded?: boolean;
  @ApiPropertyOptional() @IsOptional() @Trim() @IsString() @MaxLength(2000) comment?: string;
}

export class RectifiedResultDto extends ResultInputDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() learnerId: string;
}

export class RectificationDto {
  @ApiProperty() @Trim() @IsString() @MinLength(5) @MaxLength(2000) reason: string;
  @ApiProperty({ type: [RectifiedResultDto] }) @ArrayMaxSize(200) @NestedList(() => RectifiedResultDto) results: RectifiedResultDto[];
}

export class DreetsValidationDto {
  @ApiProperty({ example: '2025-07-15' }) @IsDateOnly() validatedOn: string;
  @ApiProperty({ example: 'DREETS-ARA-2025-0712' }) @Trim() @IsString() @MinLength(1) @MaxLength(200) reference: string;
}

export class AppealInputDto {
  @ApiProperty() @IsDateOnly() filedOn: string;
  @ApiProperty({ enum: ['gracieux', 'contentieux'] }) @IsIn(['gracieux', 'contentieux']) kind: 'gracieux' | 'contentieux';
  @ApiProperty() @Trim() @IsString() @MinLength(1) @MaxLength(5000) summary: string;
}

export class AppealDecisionDto {
  @ApiProperty({ enum: ['upheld', 'rejected'] }) @IsIn(['upheld', 'rejected']) outcome: 'upheld' | 'rejected';
  @ApiProperty() @IsDateOnly() decidedOn: string;
}

/** « Envoyer les convocations » (issue 14); `resend: true` sends them again after a first batch. */
export class SendConvocationsDto {
  @ApiPropertyOptional({ description: 'Renvoyer des convocations déjà envoyées' }) @IsOptional() @IsBoolean() resend?: boolean;
}
