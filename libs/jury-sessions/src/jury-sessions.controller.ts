import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  ApiAuthErrors,
  ApiPageResponse,
  AuthUser,
  CurrentUser,
  Page,
  PersonalDataReads,
  Roles,
  safeFileName,
  uuidParam,
} from '@app/platform';
import {
  AddCandidateDto,
  AddJurorDto,
  AppealDecisionDto,
  AppealInputDto,
  CreateSessionDto,
  DeclaredLinkInputDto,
  DreetsValidationDto,
  JurorProfileInputDto,
  RectificationDto,
  ResultInputDto,
  SendConvocationsDto,
  SessionQueryDto,
  SetPresidentDto,
  UpdateSessionDto,
} from './dto/jury-session.dto';
import {
  AppealViewDto,
  CandidateDossierDto,
  ConvocationsSentDto,
  JurorProfileDto,
  PvViewDto,
  ResultViewDto,
  SessionViewDto,
} from './dto/jury-session-views.dto';
import { Appeal } from './entities/jury-session.entity';
import { AppealsService } from './appeals.service';
import { ConvocationsSent, ConvocationsService } from './convocations.service';
import { DeliberationService } from './deliberation.service';
import { JurorProfilesService } from './juror-profiles.service';
import { PvService } from './pv.service';
import { SessionDocumentsService } from './session-documents.service';
import { SessionPlanningService } from './session-planning.service';
import { JurorProfileView, PvView, ResultView, SessionView } from './session-views';

const pdfFile = (pdf: Buffer, ...name: string[]): StreamableFile =>
  new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${safeFileName(...name)}.pdf"`, length: pdf.length });

/** An appeal as the contract documents it (AppealViewDto), the same as in the session view. */
const appealView = ({ id, learnerId, filedOn, kind, summary, outcome, decidedOn }: Appeal): AppealViewDto => ({
  id,
  learnerId,
  filedOn,
  kind,
  summary,
  outcome,
  decidedOn,
});

@ApiTags('Jurys')
@Controller('users/:id')
export class JurorsController {
  constructor(private readonly jurors: JurorProfilesService) {}

  @Get('juror-profile')
  @Roles('admin')
  @ApiOperation({ summary: 'Le profil de membre de jury (employeur, habilitations) — extension' })
  @ApiOkResponse({ type: JurorProfileDto })
  @ApiAuthErrors(400, 404)
  getProfile(@Param('id', uuidParam()) id: string): Promise<JurorProfileView> {
    return this.jurors.jurorProfile(id);
  }

  @Put('juror-profile')
  @Roles('admin')
  @ApiOperation({ summary: 'Profil de membre de jury : employeur (R-JURY-3) et habilitations par titre (R-JURY-2)' })
  @ApiOkResponse({ type: JurorProfileDto })
  @ApiAuthErrors(400, 404)
  profile(@Param('id', uuidParam()) id: string, @Body() body: JurorProfileInputDto, @CurrentUser() user: AuthUser) {
    return this.jurors.setJurorProfile(user, id, body);
  }

  @Post('declared-links')
  @Roles('admin', 'jury')
  @ApiOperation({ summary: 'Déclarer un lien avec un candidat (R-JURY-3)' })
  @ApiCreatedResponse({ description: 'le lien' })
  @ApiAuthErrors(400, 404)
  declare(@Param('id', uuidParam()) id: string, @Body() body: DeclaredLinkInputDto, @CurrentUser() user: AuthUser) {
    return this.jurors.declareLink(user, id, body.learnerId, body.nature);
  }
}

@ApiTags('Jurys')
@Controller('jury-sessions')
export class JurySessionsController {
  constructor(
    private readonly planning: SessionPlanningService,
    private readonly deliberation: DeliberationService,
    private readonly pvs: PvService,
    private readonly appeals: AppealsService,
    private readonly documents: SessionDocumentsService,
    private readonly convocationMails: ConvocationsService,
    private readonly reads: PersonalDataReads,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Créer une session titre ou CCP (refusé après le délai de prolongation, R-CAP-4)' })
  @ApiCreatedResponse({ type: SessionViewDto })
  @ApiAuthErrors(400, 422)
  create(@Body() body: CreateSessionDto, @CurrentUser() user: AuthUser): Promise<SessionView> {
    return this.planning.create(user, body);
  }

  @Get()
  @Roles('admin', 'jury')
  @ApiOperation({ summary: 'Les sessions (un membre de jury : les siennes)' })
  @ApiPageResponse(SessionViewDto)
  @ApiAuthErrors(400)
  list(@Query() query: SessionQueryDto, @CurrentUser() user: AuthUser): Promise<Page<SessionView>> {
    return this.planning.list(user, query);
  }

  @Get(':id')
  @Roles('admin', 'jury')
  @ApiOperation({ summary: 'Une session : statut dérivé, jury, candidats et résultats, avertissements' })
  @ApiOkResponse({ type: SessionViewDto })
  @ApiAuthErrors(400, 404)
  get(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<SessionView> {
    return this.planning.get(user, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: "Heure de convocation, adresse et lieu d'une session planifiée (null efface) ; journalisé" })
  @ApiOkResponse({ type: SessionViewDto })
  @ApiAuthErrors(400, 404, 409)
  update(@Param('id', uuidParam()) id: string, @Body() body: UpdateSessionDto, @CurrentUser() user: AuthUser): Promise<SessionView> {
    return this.planning.update(user, id, body);
  }

  @Put(':id/president')
  @Roles('admin')
  @ApiOperation({ summary: 'Nommer le président du jury, parmi les membres de la session (nommé au PV) ; jusqu’à la clôture' })
  @ApiOkResponse({ type: SessionViewDto })
  @ApiAuthErrors(400, 404, 409, 422)
  president(@Param('id', uuidParam()) id: string, @Body() body: SetPresidentDto, @CurrentUser() user: AuthUser): Promise<SessionView> {
    return this.planning.setPresident(user, id, body.userId);
  }

  @Post(':id/jurors')
  @Roles('admin')
  @ApiOperation({ summary: 'Ajouter un membre de jury (habilitation R-JURY-2, conflits R-JURY-3)' })
  @ApiOkResponse({ type: SessionViewDto })
  @ApiAuthErrors(400, 404, 409, 422)
  addJuror(@Param('id', uuidParam()) id: string, @Body() body: AddJurorDto, @CurrentUser() user: AuthUser): Promise<SessionView> {
    return this.planning.addJuror(user, id, body.userId);
  }

  @Delete(':id/jurors/:userId')
  @Roles('admin')
  @ApiOperation({ summary: 'Retirer un membre de jury (avant la délibération)' })
  @ApiOkResponse({ type: SessionViewDto })
  @ApiAuthErrors(400, 404, 409)
  removeJuror(
    @Param('id', uuidParam()) id: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<SessionView> {
    return this.planning.removeJuror(user, id, userId);
  }

  @Post(':id/candidates')
  @Roles('admin')
  @ApiOperation({ summary: "Inscrire un candidat : éligibilité (ELIG.*), conflits ; dérogation motivée pour l'ECF et le DP" })
  @ApiOkResponse({ type: SessionViewDto })
  @ApiAuthErrors(400, 404, 409, 422)
  addCandidate(@Param('id', uuidParam()) id: string, @Body() body: AddCandidateDto, @CurrentUser() user: AuthUser) {
    return this.planning.addCandidate(user, id, body);
  }

  @Delete(':id/candidates/:learnerId')
  @Roles('admin')
  @ApiOperation({ summary: 'Désinscrire un candidat (avant la délibération)' })
  @ApiOkResponse({ type: SessionViewDto })
  @ApiAuthErrors(400, 404, 409)
  removeCandidate(
    @Param('id', uuidParam()) id: string,
    @Param('learnerId', uuidParam('learnerId')) learnerId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<SessionView> {
    return this.planning.removeCandidate(user, id, learnerId);
  }

  @Get(':id/convocations.pdf')
  @Roles('admin')
  @ApiOperation({ summary: 'Les convocations à imprimer : une page par candidat, puis une par membre du jury' })
  @ApiProduces('application/pdf')
  @ApiAuthErrors(400, 404)
  async convocations(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const { session, pdf } = await this.documents.convocations(user, id);
    return pdfFile(pdf, 'convocations', session.certificationCode, session.startDate);
  }

  @Post(':id/convocations/send')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Envoyer les convocations par e-mail : chaque candidat (avec sa convocation PDF) et chaque membre du jury ; une seconde fois seulement avec « resend »',
  })
  @ApiAcceptedResponse({ type: ConvocationsSentDto })
  @ApiAuthErrors(400, 404, 409)
  sendConvocations(
    @Param('id', uuidParam()) id: string,
    @Body() body: SendConvocationsDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ConvocationsSent> {
    return this.convocationMails.send(user, id, body);
  }

  @Get(':id/candidates/:learnerId/convocation.pdf')
  @Roles('admin')
  @ApiOperation({ summary: "La convocation d'un candidat (R-SES-1, R-SES-2)" })
  @ApiProduces('application/pdf')
  @ApiAuthErrors(400, 404)
  async candidateConvocation(
    @Param('id', uuidParam()) id: string,
    @Param('learnerId', uuidParam('learnerId')) learnerId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<StreamableFile> {
    const { session, fullName, pdf } = await this.documents.candidateConvocation(user, id, learnerId);
    return pdfFile(pdf, 'convocation', fullName, session.startDate);
  }

  @Get(':id/jurors/:userId/convocation.pdf')
  @Roles('admin')
  @ApiOperation({ summary: "La convocation d'un membre du jury" })
  @ApiProduces('application/pdf')
  @ApiAuthErrors(400, 404)
  async jurorConvocation(
    @Param('id', uuidParam()) id: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<StreamableFile> {
    const { session, fullName, pdf } = await this.documents.jurorConvocation(user, id, userId);
    return pdfFile(pdf, 'convocation-jury', fullName, session.startDate);
  }

  @Get(':id/candidates/:learnerId/dossier')
  @Roles('admin', 'jury')
  @ApiOperation({ summary: "Le dossier d'un candidat : ECF, DP, livret, aménagements — en une réponse" })
  @ApiOkResponse({ type: CandidateDossierDto })
  @ApiAuthErrors(400, 404)
  async dossier(
    @Param('id', uuidParam()) id: string,
    @Param('learnerId', uuidParam('learnerId')) learnerId: string,
    @CurrentUser() user: AuthUser,
  ) {
    const dossier = await this.deliberation.dossier(user, id, learnerId);
    // Issue 16 (4): the read is logged once it succeeded (one INSERT), as the centre or as a juror.
    await this.reads.record(user, user.roles.includes('admin') ? 'admin' : 'juror', learnerId, 'jury_dossier', id);
    return dossier;
  }

  @Post(':id/deliberation/open')
  @HttpCode(200)
  @Roles('admin', 'jury')
  @ApiOperation({ summary: 'Ouvrir la délibération (2 membres au moins, DP remis ou dérogation)' })
  @ApiOkResponse({ type: SessionViewDto })
  @ApiAuthErrors(400, 404, 409, 422)
  open(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<SessionView> {
    return this.deliberation.openDeliberation(user, id);
  }

  @Put(':id/candidates/:learnerId/result')
  @Roles('jury')
  @ApiOperation({ summary: 'Le résultat d’un candidat : présence, CCP par CCP, entretien final, titre (R-DEC-1…3)' })
  @ApiOkResponse({ type: ResultViewDto })
  @ApiAuthErrors(400, 404, 409, 422)
  result(
    @Param('id', uuidParam()) id: string,
    @Param('learnerId', uuidParam('learnerId')) learnerId: string,
    @Body() body: ResultInputDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ResultView> {
    return this.deliberation.recordResult(user, id, learnerId, body);
  }

  @Post(':id/deliberation/close')
  @HttpCode(200)
  @Roles('admin', 'jury')
  @ApiOperation({ summary: 'Clore la délibération : le PV est rédigé (R-DEC-4)' })
  @ApiOkResponse({ type: PvViewDto })
  @ApiAuthErrors(400, 404, 409, 422)
  close(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<PvView> {
    return this.deliberation.closeDeliberation(user, id);
  }

  @Get(':id/pv')
  @Roles('admin', 'jury')
  @ApiOperation({ summary: 'Le PV (dernière version), ses signatures et son empreinte' })
  @ApiOkResponse({ type: PvViewDto })
  @ApiAuthErrors(400, 404)
  pv(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<PvView> {
    return this.pvs.pv(user, id);
  }

  @Get(':id/pv.pdf')
  @Roles('admin', 'jury')
  @ApiOperation({ summary: 'Le PV en PDF' })
  @ApiProduces('application/pdf')
  @ApiAuthErrors(400, 404)
  async pvPdf(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const { pv, pdf } = await this.documents.pv(user, id);
    return pdfFile(pdf, 'pv', pv.content.certification.code, pv.content.startDate, `v${pv.version}`);
  }

  @Post(':id/pv/sign')
  @HttpCode(200)
  @Roles('jury')
  @ApiOperation({ summary: 'Signer le PV ; signé par tous : résultats enregistrés au livret' })
  @ApiOkResponse({ type: PvViewDto })
  @ApiAuthErrors(400, 404, 409)
  sign(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<PvView> {
    return this.pvs.signPv(user, id);
  }

  @Post(':id/pv/rectifications')
  @Roles('admin')
  @ApiOperation({ summary: 'Rectifier un PV signé : nouvelle version motivée, à signer de nouveau (R-DEC-4)' })
  @ApiCreatedResponse({ type: PvViewDto })
  @ApiAuthErrors(400, 404, 409, 422)
  rectify(@Param('id', uuidParam()) id: string, @Body() body: RectificationDto, @CurrentUser() user: AuthUser): Promise<PvView> {
    return this.pvs.rectify(user, id, body);
  }

  @Post(':id/dreets-validation')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Enregistrer la validation des résultats par la DREETS (R-DEC-5)' })
  @ApiOkResponse({ type: SessionViewDto })
  @ApiAuthErrors(400, 404, 409)
  dreets(@Param('id', uuidParam()) id: string, @Body() body: DreetsValidationDto, @CurrentUser() user: AuthUser): Promise<SessionView> {
    return this.pvs.validateDreets(user, id, body);
  }

  @Post(':id/candidates/:learnerId/appeals')
  @Roles('admin')
  @ApiOperation({ summary: 'Enregistrer un recours (R-SES-3)' })
  @ApiCreatedResponse({ type: AppealViewDto })
  @ApiAuthErrors(400, 404, 409)
  async appeal(
    @Param('id', uuidParam()) id: string,
    @Param('learnerId', uuidParam('learnerId')) learnerId: string,
    @Body() body: AppealInputDto,
    @CurrentUser() user: AuthUser,
  ) {
    const a = await this.appeals.fileAppeal(user, id, learnerId, body);
    return appealView(a);
  }

  @Put(':id/candidates/:learnerId/appeals/:appealId')
  @Roles('admin')
  @ApiOperation({ summary: "L'issue d'un recours ; accueilli, il est suivi d'une rectification" })
  @ApiOkResponse({ type: AppealViewDto })
  @ApiAuthErrors(400, 404, 409)
  async decide(
    @Param('id', uuidParam()) id: string,
    @Param('learnerId', uuidParam('learnerId')) learnerId: string,
    @Param('appealId', uuidParam('appealId')) appealId: string,
    @Body() body: AppealDecisionDto,
    @CurrentUser() user: AuthUser,
  ) {
    const a = await this.appeals.decideAppeal(user, id, learnerId, appealId, body);
    return appealView(a);
  }
}
