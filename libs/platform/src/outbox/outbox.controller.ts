import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AuthUser, CurrentUser, Roles } from '../http/auth-decorators';
import { ApiAuthErrors, ApiPageResponse, uuidParam } from '../http/openapi';
import { Page, PageQueryDto } from '../http/pagination';
import { MESSAGE_KINDS, MESSAGE_STATUSES, MessageKind, MessageStatus } from './outbox-message.entity';
import { OutboxItemView, OutboxMessageView, OutboxService } from './outbox.service';

export class OutboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MESSAGE_STATUSES })
  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: MessageStatus;

  @ApiPropertyOptional({ description: 'Une partie de l’adresse ou du nom du destinataire' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  to?: string;

  @ApiPropertyOptional({ enum: MESSAGE_KINDS })
  @IsOptional()
  @IsIn(MESSAGE_KINDS)
  kind?: MessageKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'Les messages d’une session (convocations)' })
  @IsOptional()
  @IsUUID()
  sessionId?: string;
}

export class OutboxItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Adresse du destinataire' }) to: string;
  @ApiProperty({ type: String, nullable: true }) toName: string | null;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind: MessageKind;
  @ApiProperty({
    enum: MESSAGE_STATUSES,
    description: 'queued : en attente d’envoi ; sent : envoyé ; failed : abandonné après le dernier essai',
  })
  status: MessageStatus;
  @ApiProperty({ description: 'Essais d’envoi' }) attempts: number;
  @ApiProperty({ type: String, nullable: true, description: 'La dernière erreur du serveur d’envoi' }) lastError: string | null;
  @ApiProperty({
    type: String,
    enum: ['smtp', 'embedded'],
    nullable: true,
    description: 'smtp : remis au serveur SMTP ; embedded : gardé dans l’application (SMTP_URL non défini)',
  })
  delivery: 'smtp' | 'embedded' | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Le message dont celui-ci est un renvoi' }) resentFrom:
    string | null;
}

export class OutboxAttachmentDto {
  @ApiProperty() filename: string;
  @ApiProperty() contentType: string;
  @ApiProperty({ description: 'Taille en octets' }) size: number;
}

export class OutboxMessageDto extends OutboxItemDto {
  @ApiProperty({ description: 'Le texte envoyé, signature du centre comprise' }) text: string;
  @ApiProperty({ type: String, nullable: true }) replyTo: string | null;
  @ApiProperty({ type: [OutboxAttachmentDto] }) attachments: OutboxAttachmentDto[];
}

export class ResentDto {
  @ApiProperty({ format: 'uuid', description: 'Le nouveau message' }) id: string;
}

/** « Messages envoyés » (issue 14): what the centre sent or will send, with its status; staff only. */
@ApiTags('Messages')
@Controller('outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Messages envoyés, du plus récent au plus ancien ; filtres par statut, destinataire, type, session' })
  @ApiPageResponse(OutboxItemDto)
  @ApiAuthErrors(400)
  list(@Query() query: OutboxQueryDto): Promise<Page<OutboxItemView>> {
    return this.outbox.list(
      { status: query.status, to: query.to?.trim() || undefined, kind: query.kind, sessionId: query.sessionId },
      query,
    );
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Un message : son texte et le nom de ses pièces jointes' })
  @ApiOkResponse({ type: OutboxMessageDto })
  @ApiAuthErrors(400, 404)
  get(@Param('id', uuidParam()) id: string): Promise<OutboxMessageView> {
    return this.outbox.get(id);
  }

  @Post(':id/resend')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Renvoyer : un nouveau message, même texte et mêmes pièces jointes, au même destinataire (audité)' })
  @ApiAcceptedResponse({ type: ResentDto })
  @ApiAuthErrors(400, 404)
  resend(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<{ id: string }> {
    return this.outbox.resend(id, user.id);
  }
}
