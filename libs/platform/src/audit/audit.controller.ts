import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Roles } from '../http/auth-decorators';
import { ApiAuthErrors, ApiPageResponse } from '../http/openapi';
import { Page, PageQueryDto } from '../http/pagination';
import { IsDateOnly } from '../validation/validation';
import { AUDITED_ENTITIES, AuditedEntity } from './audit-entry.entity';
import { AuditService, AuditView } from './audit.service';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AUDITED_ENTITIES })
  @IsOptional()
  @IsIn(AUDITED_ENTITIES)
  entity?: AuditedEntity;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "L'auteur des actions" })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Depuis ce jour inclus (heure de Paris), AAAA-MM-JJ' })
  @IsOptional()
  @IsDateOnly()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: "Jusqu'à ce jour inclus (heure de Paris), AAAA-MM-JJ" })
  @IsOptional()
  @IsDateOnly()
  to?: string;
}

export class AuditEntryDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty({ example: 'learner.create' }) action: string;
  @ApiProperty({ enum: AUDITED_ENTITIES }) entity: AuditedEntity;
  @ApiProperty() entityId: string;
  @ApiProperty({ type: String, nullable: true, description: "Nom de l'auteur (null : le système)" }) actorName: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "Ce sur quoi porte l'action, en mots : un nom, « Session titre du 16/06/2026 »… (null : supprimé ou inconnu)",
  })
  entityLabel: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "L'apprenant concerné, pour un lien vers sa fiche" })
  learnerId: string | null;
  @ApiPropertyOptional({ description: 'État avant (JSON)', type: 'object', additionalProperties: true, nullable: true }) before: unknown;
  @ApiPropertyOptional({ description: 'État après (JSON)', type: 'object', additionalProperties: true, nullable: true }) after: unknown;
}

@ApiTags('Opérations')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: "Journal d'audit (append-only), du plus récent au plus ancien ; filtres par auteur, entité et période (jours de Paris)",
  })
  @ApiPageResponse(AuditEntryDto)
  @ApiAuthErrors(400)
  list(@Query() query: AuditQueryDto): Promise<Page<AuditView>> {
    return this.audit.list(
      { entity: query.entity, entityId: query.entityId, actorId: query.actorId, from: query.from, to: query.to },
      query,
    );
  }
}
