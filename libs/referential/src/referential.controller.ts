import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, AuthUser, CurrentUser, Roles } from '@app/platform';
import {
  CertificationDetailDto,
  CertificationSummaryDto,
  CreateCertificationDto,
  SetSuccessorDto,
  UpdateCertificationDto,
} from './dto/certification.dto';
import { ReferentialService } from './referential.service';

@ApiTags('Référentiel')
@Controller('certifications')
export class ReferentialController {
  constructor(private readonly referential: ReferentialService) {}

  @Get()
  @ApiOperation({ summary: 'Les titres, avec leurs CCP' })
  @ApiOkResponse({ type: [CertificationSummaryDto] })
  @ApiAuthErrors()
  list(): Promise<CertificationSummaryDto[]> {
    return this.referential.list();
  }

  @Get(':code')
  @ApiOperation({ summary: 'Un titre : CCP, compétences et critères, correspondances' })
  @ApiOkResponse({ type: CertificationDetailDto })
  @ApiAuthErrors(404)
  get(@Param('code') code: string): Promise<CertificationDetailDto> {
    return this.referential.get(code);
  }

  @Get(':code/export')
  @ApiOperation({
    summary: 'Le titre au format des fichiers de référentiel (seeds/referentials/*.json), que POST /api/certifications reprend',
  })
  @ApiOkResponse({ type: CreateCertificationDto })
  @ApiAuthErrors(404)
  exportReferential(@Param('code') code: string): Promise<CreateCertificationDto> {
    return this.referential.exportReferential(code);
  }

  @Put(':code')
  @Roles('admin')
  @ApiOperation({
    summary: 'Corriger une version de titre encore inutilisée : en-tête, CCP, compétences, critères (R-REF-3) ; 409 une fois utilisée',
  })
  @ApiOkResponse({ type: CertificationDetailDto })
  @ApiAuthErrors(400, 404, 409, 422)
  update(
    @Param('code') code: string,
    @Body() body: UpdateCertificationDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<CertificationDetailDto> {
    return this.referential.update(code, body, actor.id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Ajouter une nouvelle version de titre (R-REF-3)' })
  @ApiCreatedResponse({ type: CertificationDetailDto })
  @ApiAuthErrors(400, 409, 422)
  create(@Body() body: CreateCertificationDto, @CurrentUser() actor: AuthUser): Promise<CertificationDetailDto> {
    return this.referential.create(body, actor.id);
  }

  @Put(':code/successor')
  @Roles('admin')
  @ApiOperation({ summary: 'Déclarer le titre successeur et la table de correspondance des CCP (R-REF-3)' })
  @ApiOkResponse({ type: CertificationDetailDto })
  @ApiAuthErrors(400, 404, 422)
  setSuccessor(
    @Param('code') code: string,
    @Body() body: SetSuccessorDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<CertificationDetailDto> {
    return this.referential.setSuccessor(code, body, actor.id);
  }
}
