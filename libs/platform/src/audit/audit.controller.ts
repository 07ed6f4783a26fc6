import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Roles } from '../http/auth-decorators';
import { ApiAuthErrors, ApiPageResponse } from '../http/openapi';
import { Page, PageQueryDto } from '../http/pagination';
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
}

export class AuditEntryDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty({ example: 'learner.create' }) action: string;
  @ApiProperty({ enum: AUDITED_ENTITIES }) entity: AuditedEntity;
  @ApiProperty() entityId: string;
  @ApiPropertyOptional({ description: 'État avant (JSON)', type: 'object', additionalProperties: true, nullable: true }) before: unknown;
  @ApiPropertyOptional({ description: 'État après (JSON)', type: 'object', additionalProperties: true, nullable: true }) after: unknown;
}

@ApiTags('Opérations')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: "Journal d'audit (append-only), du plus récent au plus ancien" })
  @ApiPageResponse(AuditEntryDto)
  @ApiAuthErrors(400)
  list(@Query() query: AuditQueryDto): Promise<Page<AuditView>> {
    return this.audit.list({ entity: query.entity, entityId: query.entityId }, query);
  }
}
