import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { IsDateOnly, Trim } from '@app/platform';

export class PriorCcpInputDto {
  @ApiProperty({ example: 'RNCP36805BC01' })
  @IsString()
  @MaxLength(32)
  ccpCode: string;

  @ApiProperty({ example: '2023-06-20' })
  @IsDateOnly()
  obtainedOn: string;

  @ApiProperty({ enum: ['external', 'equivalence'] })
  @IsIn(['external', 'equivalence'])
  source: 'external' | 'equivalence';

  @ApiProperty({ example: 'Livret de certification n° 2023-0451, DREETS Auvergne-Rhône-Alpes' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  reference: string;
}

export class BookletCcpDto {
  @ApiProperty() code: string;
  @ApiProperty() number: number;
  @ApiProperty() title: string;
  @ApiProperty() held: boolean;
  @ApiProperty({ nullable: true, type: String }) obtainedOn: string | null;
  @ApiProperty({ nullable: true, enum: ['session', 'external', 'equivalence', 'correspondence'] }) source: string | null;
  @ApiProperty({ nullable: true, type: String }) sessionId: string | null;
  @ApiProperty({ description: 'Résultat validé par la DREETS (R-DEC-5)' }) validated: boolean;
}

export class BookletSessionDto {
  @ApiProperty() sessionId: string;
  @ApiProperty({ enum: ['title', 'ccp'] }) type: string;
  @ApiProperty() startDate: string;
  @ApiProperty({ enum: ['present', 'absent'] }) attendance: string;
  @ApiProperty({ enum: ['absent', 'title', 'partial', 'failure'] }) outcome: string;
  @ApiProperty({ type: [String] }) ccpsAwarded: string[];
  @ApiProperty() validated: boolean;
}

export class BookletCertificationDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date' }) validUntil: string;
  @ApiProperty({ enum: ['valid', 'prolongation', 'expired'] }) status: string;
}

export class BookletSuccessorDto {
  @ApiProperty() code: string;
  @ApiProperty({ type: [String] }) ccpsCarried: string[];
  @ApiProperty({ type: [String] }) ccpsMissing: string[];
}

export class BookletDto {
  @ApiProperty() learnerId: string;
  @ApiProperty({ type: BookletCertificationDto }) certification: BookletCertificationDto;
  @ApiProperty({ type: [BookletCcpDto] }) ccps: BookletCcpDto[];
  @ApiProperty() titleAwarded: boolean;
  @ApiProperty({ nullable: true, type: String }) titleAwardedOn: string | null;
  @ApiProperty({ enum: ['title', 'partial', 'none'] }) outcome: string;
  @ApiProperty({ nullable: true, type: String, description: 'Dernier jour pour compléter les CCP manquants (R-CAP-3, R-CAP-4)' })
  capitalisationDeadline: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Dernier jour pour se représenter sans nouvelle formation (R-ELIG-6)' })
  resitWithoutTrainingUntil: string | null;
  @ApiProperty({ type: [BookletSessionDto] }) sessions: BookletSessionDto[];
  @ApiProperty({
    type: BookletSuccessorDto,
    nullable: true,
    description: 'Le titre qui succède et ce que les CCP détenus y valent (R-CAP-1, R-CAP-2)',
  })
  successor: BookletSuccessorDto | null;
  @ApiProperty({ description: 'Résultats en attente de validation DREETS' }) pendingValidation: boolean;
}

export class WithdrawalInputDto {
  @ApiProperty({ example: 'RNCP36805BC01' })
  @IsString()
  @MaxLength(32)
  ccpCode: string;

  @ApiProperty({ example: 'Fraude établie : décision DREETS du 12/09/2025' })
  @Trim()
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  reason: string;
}
