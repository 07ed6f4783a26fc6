import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsDateOnly, Trim } from '@app/platform';

const LONG_TEXT = 20_000;

export class ExampleInputDto {
  @ApiProperty({ example: 'RNCP36805BC02' })
  @IsString()
  @MaxLength(32)
  ccpCode: string;

  @ApiProperty({ example: "Accueil et orientation des patients d'un service de consultations" })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: 'Centre hospitalier Saint-Joseph' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  organisation: string;

  @ApiPropertyOptional({ example: 'Consultations externes' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(300)
  service?: string;

  @ApiProperty({ example: '2024-01-08' })
  @IsDateOnly()
  periodFrom: string;

  @ApiProperty({ example: '2024-06-28' })
  @IsDateOnly()
  periodTo: string;

  @ApiProperty({ description: 'Tâches réalisées et dans quelles conditions' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(LONG_TEXT)
  tasks: string;

  @ApiProperty({ description: 'Moyens utilisés' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(LONG_TEXT)
  means: string;

  @ApiProperty({ description: 'Avec qui avez-vous travaillé ?' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(LONG_TEXT)
  collaborators: string;

  @ApiPropertyOptional({ description: 'Informations complémentaires (facultatif)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(LONG_TEXT)
  extra?: string;
}

export class QualificationInputDto {
  @ApiProperty({ example: 'Certificat Voltaire' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: 'Woonoz' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  issuer: string;

  @ApiProperty({ example: '2023-06-15' })
  @IsDateOnly()
  obtainedOn: string;
}

export class DeclarationInputDto {
  @ApiProperty({ example: 'Lyon', description: "Lieu de signature de la déclaration sur l'honneur" })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  place: string;
}

export class CommentInputDto {
  @ApiProperty()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  text: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Exemple commenté ; absent : le dossier entier' })
  @IsOptional()
  @IsUUID()
  exampleId?: string;
}

export class WarningDto {
  @ApiProperty({ example: 'DP.POSSIBLE_PATIENT_DATA' }) code: string;
  @ApiProperty({ example: 'examples[3f…].tasks' }) field: string;
  @ApiProperty() message: string;
}

export class ExampleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() ccpCode: string;
  @ApiProperty() title: string;
  @ApiProperty() organisation: string;
  @ApiProperty({ nullable: true, type: String }) service: string | null;
  @ApiProperty() periodFrom: string;
  @ApiProperty() periodTo: string;
  @ApiProperty() tasks: string;
  @ApiProperty() means: string;
  @ApiProperty() collaborators: string;
  @ApiProperty({ nullable: true, type: String }) extra: string | null;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: [WarningDto], description: 'Avertissements de cet exemple (R-DP-2)' }) warnings: WarningDto[];
}

export class QualificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() issuer: string;
  @ApiProperty() obtainedOn: string;
}

export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() filename: string;
  @ApiProperty() size: number;
  @ApiProperty({ enum: ['application/pdf', 'image/png', 'image/jpeg'] }) contentType: string;
  @ApiProperty() sha256: string;
  @ApiProperty() createdAt: string;
}

export class CommentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) exampleId: string | null;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty() authorName: string;
  @ApiProperty() text: string;
  @ApiProperty() createdAt: string;
}

export class DeclarationDto {
  @ApiProperty() place: string;
  @ApiProperty() signedAt: string;
}

export class ProfessionalFileDto {
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty({ enum: ['draft', 'submitted'] }) status: 'draft' | 'submitted';
  @ApiProperty({ type: [ExampleDto] }) examples: ExampleDto[];
  @ApiProperty({ type: [QualificationDto] }) qualifications: QualificationDto[];
  @ApiProperty({ type: [AttachmentDto] }) attachments: AttachmentDto[];
  @ApiProperty({ type: DeclarationDto, nullable: true }) declaration: DeclarationDto | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ type: [CommentDto] }) comments: CommentDto[];
  @ApiProperty({ type: [WarningDto] }) warnings: WarningDto[];
}
