import { CentreService } from '@app/centre';
import { Body, Controller, Get, HttpCode, Param, Post, Put, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { LearnersService } from '@app/learners';
import { ApiAuthErrors, AuthUser, CurrentUser, Roles, safeFileName, uuidParam } from '@app/platform';
import {
  CohortProgressDto,
  CreateEcfEvaluationDto,
  EcfEvaluationDto,
  LearnerEcfDto,
  SignSynthesisDto,
  SynthesisDto,
  UpsertSynthesisDto,
} from './dto/ecf.dto';
import { renderEcfBooklet } from './ecf-booklet.pdf';
import { EcfService } from './ecf.service';

@ApiTags('ECF')
@Controller('learners/:id')
export class EcfController {
  constructor(
    private readonly ecf: EcfService,
    private readonly learners: LearnersService,
    private readonly centre: CentreService,
  ) {}

  @Post('ecf-evaluations')
  @Roles('admin', 'trainer')
  @ApiOperation({
    summary: "Enregistrer une évaluation en cours de formation d'un CCP (R-ECF-1)",
    description:
      "Formateur de la promotion actuelle de l'apprenant, ou centre. Un formateur qui ne voit l'apprenant que comme membre de jury : 403 ; qui ne le voit pas : 404.",
  })
  @ApiCreatedResponse({ type: EcfEvaluationDto })
  @ApiAuthErrors(400, 404, 422)
  record(
    @Param('id', uuidParam()) id: string,
    @Body() body: CreateEcfEvaluationDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EcfEvaluationDto> {
    return this.ecf.recordEvaluation(user, id, body);
  }

  @Get('ecf')
  @ApiOperation({ summary: "Les ECF de l'apprenant : par CCP, les évaluations et la synthèse en vigueur" })
  @ApiOkResponse({ type: LearnerEcfDto })
  @ApiAuthErrors(400, 404)
  get(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<LearnerEcfDto> {
    return this.ecf.getEcf(user, id);
  }

  @Get('ecf.pdf')
  @ApiOperation({ summary: 'Le livret ECF (PDF, modèle du ministère)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF' })
  @ApiAuthErrors(400, 404)
  async pdf(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const bundle = await this.ecf.bundle(user, id);
    const [cohort] = bundle.learner.cohortId ? await this.learners.cohortsByIds([bundle.learner.cohortId]) : [];
    const pdf = await renderEcfBooklet(bundle, {
      issuer: await this.centre.issuer(),
      site: cohort?.site ?? null,
      cohortName: cohort?.name ?? null,
    });
    const name = safeFileName('livret-ecf', bundle.learner.lastName, bundle.learner.firstName);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${name}.pdf"`, length: pdf.length });
  }

  @Put('ecf-syntheses/:ccpCode')
  @Roles('admin', 'trainer')
  @ApiOperation({
    summary: 'Rédiger la synthèse « activité maîtrisée OUI/NON » ; signée : motif obligatoire, nouvelle version (R-ECF-2)',
    description: "Formateur de la promotion actuelle de l'apprenant, ou centre (membre de jury : 403).",
  })
  @ApiOkResponse({ type: SynthesisDto })
  @ApiAuthErrors(400, 404, 409, 422)
  upsert(
    @Param('id', uuidParam()) id: string,
    @Param('ccpCode') ccpCode: string,
    @Body() body: UpsertSynthesisDto,
    @CurrentUser() user: AuthUser,
  ): Promise<SynthesisDto> {
    return this.ecf.upsertSynthesis(user, id, ccpCode, body);
  }

  @Post('ecf-syntheses/:ccpCode/sign')
  @HttpCode(200)
  @Roles('admin', 'trainer')
  @ApiOperation({
    summary: 'Signer la synthèse : formateur évaluateur, ou administrateur au nom du centre ; verrouillée quand les deux ont signé',
    description:
      "Évaluateur : un formateur de la promotion actuelle de l'apprenant, ou qui a évalué ses ECF de ce CCP (même dans une promotion précédente). Centre : un administrateur. Membre de jury : 403.",
  })
  @ApiOkResponse({ type: SynthesisDto })
  @ApiAuthErrors(400, 404, 409, 422)
  sign(
    @Param('id', uuidParam()) id: string,
    @Param('ccpCode') ccpCode: string,
    @Body() body: SignSynthesisDto,
    @CurrentUser() user: AuthUser,
  ): Promise<SynthesisDto> {
    return this.ecf.sign(user, id, ccpCode, body.as);
  }

  @Post('ecf-syntheses/:ccpCode/acknowledge')
  @HttpCode(200)
  @Roles('learner')
  @ApiOperation({ summary: "L'apprenant prend connaissance de sa synthèse signée (« pour information »)" })
  @ApiOkResponse({ type: SynthesisDto })
  @ApiAuthErrors(400, 404, 409)
  acknowledge(
    @Param('id', uuidParam()) id: string,
    @Param('ccpCode') ccpCode: string,
    @CurrentUser() user: AuthUser,
  ): Promise<SynthesisDto> {
    return this.ecf.acknowledge(user, id, ccpCode);
  }
}

@ApiTags('ECF')
@Controller('cohorts/:id/progress')
export class CohortProgressController {
  constructor(private readonly ecf: EcfService) {}

  @Get()
  @Roles('admin', 'trainer')
  @ApiOperation({ summary: "Avancement d'une promotion : apprenants × CCP (évaluations, compétences acquises, synthèse)" })
  @ApiOkResponse({ type: CohortProgressDto })
  @ApiAuthErrors(400, 404)
  progress(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<CohortProgressDto> {
    return this.ecf.cohortProgress(user, id);
  }
}
