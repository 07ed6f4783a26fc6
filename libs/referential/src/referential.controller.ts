import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, AuthUser, CurrentUser, Roles } from '@app/platform';
import { CertificationDetailDto, CertificationSummaryDto, CreateCertificationDto, SetSuccessorDto } from './dto/certification.dto';
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
