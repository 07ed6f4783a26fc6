import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import { InvitedCountDto } from '@app/auth';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import {
  ApiAuthErrors,
  ApiPageResponse,
  AuthUser,
  BooleanQuery,
  CurrentUser,
  DomainError,
  mediaTypeOf,
  Page,
  receiveFile,
  Roles,
  uuidParam,
} from '@app/platform';
import {
  CohortDto,
  CohortQueryDto,
  CreateCohortDto,
  CreateLearnerDto,
  ImportReportDto,
  LearnerDto,
  LearnerQueryDto,
  SetTrainersDto,
  UpdateLearnerDto,
} from './dto/learner.dto';
import { IMPORT_MAX_BYTES, LearnerImportService } from './learner-import.service';
import { LearnerInvitationsService } from './learner-invitations.service';
import { LearnersService } from './learners.service';

/**
 * The body types an import may also be sent as, besides a form and text/csv (read by the app's CSV
 * parser): what Excel, browsers and scripts declare for a .xlsx or a .csv.
 */
const RAW_UPLOAD_TYPES = [
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
  'application/octet-stream',
];

@ApiTags('Promotions et apprenants')
@Controller('cohorts')
export class CohortsController {
  constructor(
    private readonly learners: LearnersService,
    private readonly invitations: LearnerInvitationsService,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Créer une promotion' })
  @ApiCreatedResponse({ type: CohortDto })
  @ApiAuthErrors(400, 422)
  create(@Body() body: CreateCohortDto, @CurrentUser() user: AuthUser): Promise<CohortDto> {
    return this.learners.createCohort(body, user);
  }

  @Get()
  @Roles('admin', 'trainer')
  @ApiOperation({ summary: 'Les promotions (un formateur : les siennes)' })
  @ApiPageResponse(CohortDto)
  @ApiAuthErrors(400)
  list(@Query() query: CohortQueryDto, @CurrentUser() user: AuthUser): Promise<Page<CohortDto>> {
    return this.learners.listCohorts(user, query);
  }

  @Get(':id')
  @Roles('admin', 'trainer')
  @ApiOperation({ summary: 'Une promotion' })
  @ApiOkResponse({ type: CohortDto })
  @ApiAuthErrors(400, 404)
  get(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<CohortDto> {
    return this.learners.getCohort(user, id);
  }

  @Put(':id/trainers')
  @Roles('admin')
  @ApiOperation({ summary: 'Les formateurs de la promotion' })
  @ApiOkResponse({ type: CohortDto })
  @ApiAuthErrors(400, 404)
  setTrainers(@Param('id', uuidParam()) id: string, @Body() body: SetTrainersDto, @CurrentUser() user: AuthUser): Promise<CohortDto> {
    return this.learners.setTrainers(id, body.trainerIds, user);
  }

  @Post(':id/invitations')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Inviter les apprenants sans compte : chaque apprenant de la promotion sans compte actif (sans compte, ou qui n’a pas encore choisi son mot de passe) reçoit une invitation',
  })
  @ApiAcceptedResponse({ type: InvitedCountDto })
  @ApiAuthErrors(400, 404, 409)
  invite(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<InvitedCountDto> {
    return this.invitations.inviteCohort(id, user);
  }
}

@ApiTags('Promotions et apprenants')
@Controller('learners')
export class LearnersController {
  constructor(
    private readonly learners: LearnersService,
    private readonly importer: LearnerImportService,
    private readonly invitations: LearnerInvitationsService,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Inscrire un apprenant (formation : promotion ; VAE : recevabilité et titre) ; avec password, crée son compte' })
  @ApiCreatedResponse({ type: LearnerDto })
  @ApiAuthErrors(400, 409)
  create(@Body() body: CreateLearnerDto, @CurrentUser() user: AuthUser): Promise<LearnerDto> {
    return this.learners.createLearner(body, user);
  }

  @Post('import')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      "Importer des apprenants depuis un classeur Excel (.xlsx, première feuille) ou un CSV (séparateur ; ou ,, UTF-8 avec ou sans BOM, Windows-1252 ou ISO-8859-15 ; dates JJ/MM/AAAA ou AAAA-MM-JJ ; parcours « formation » ou « VAE »). Le format est reconnu au contenu, pas au type déclaré. Lignes vides ignorées ; les numéros de ligne sont ceux du tableur. Rien n'est écrit si une ligne est invalide.",
  })
  @ApiConsumes('multipart/form-data', 'text/csv', ...RAW_UPLOAD_TYPES)
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiQuery({
    name: 'dryRun',
    required: false,
    type: Boolean,
    description:
      'true (ou 1) : valider sans rien écrire, avec exactement les contrôles de l’import ; false (ou 0) par défaut ; toute autre valeur : 400',
  })
  @ApiQuery({
    name: 'invite',
    required: false,
    type: Boolean,
    description: 'true (ou 1) : chaque apprenant créé reçoit une invitation à créer son compte ; false (ou 0) par défaut',
  })
  @ApiOkResponse({ type: ImportReportDto })
  @ApiAuthErrors(400, 409, 413, 415, 422)
  async import(
    @Req() req: Request,
    @Query(new BooleanQuery('dryRun')) dryRun: boolean,
    @Query(new BooleanQuery('invite')) invite: boolean,
    @CurrentUser() user: AuthUser,
  ): Promise<ImportReportDto> {
    const type = mediaTypeOf(req.headers['content-type'])?.type;
    // The declared type only says how the bytes travel (a form or the body itself); what they are
    // (CSV, which encoding, XLSX, something else) is read from the bytes by the import.
    const file =
      type === 'multipart/form-data'
        ? await readUpload(req)
        : Buffer.isBuffer(req.body)
          ? req.body
          : type && RAW_UPLOAD_TYPES.includes(type)
            ? await readRawBody(req)
            : undefined;
    return this.importer.import(file, dryRun, user, invite);
  }

  @Get()
  @Roles('admin', 'trainer', 'jury')
  @ApiOperation({ summary: 'Les apprenants visibles (formateur : ses promotions ; jury : ses candidats)' })
  @ApiPageResponse(LearnerDto)
  @ApiAuthErrors(400)
  list(@Query() query: LearnerQueryDto, @CurrentUser() user: AuthUser): Promise<Page<LearnerDto>> {
    return this.learners.listLearners(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Un apprenant (404 si non visible)' })
  @ApiOkResponse({ type: LearnerDto })
  @ApiAuthErrors(400, 404)
  get(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<LearnerDto> {
    return this.learners.getLearner(user, id);
  }

  @Post(':id/invitations')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({
    summary:
      '(Ré)inviter l’apprenant : crée son compte s’il n’en a pas (rôle apprenant, lié à sa fiche), puis un e-mail avec un lien à usage unique valable 7 jours',
  })
  @ApiAcceptedResponse()
  @ApiAuthErrors(400, 404, 409, 422)
  async invite(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.invitations.inviteLearner(id, user);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Modifier un apprenant ; cohortId le change de promotion (historique gardé, R-ELIG-6)' })
  @ApiOkResponse({ type: LearnerDto })
  @ApiAuthErrors(400, 404, 409)
  update(@Param('id', uuidParam()) id: string, @Body() body: UpdateLearnerDto, @CurrentUser() user: AuthUser): Promise<LearnerDto> {
    return this.learners.updateLearner(id, body, user);
  }
}

const tooLarge = (): DomainError =>
  new DomainError('PAYLOAD_TOO_LARGE', `Le fichier dépasse ${IMPORT_MAX_BYTES / 1024 / 1024} Mo : découpez-le.`);
const interrupted = (): DomainError =>
  DomainError.validation([
    { field: 'file', message: "L'envoi du fichier a été interrompu ou est mal formé : rien n'a été importé. Recommencez." },
  ]);

/** The file of a multipart upload (field `file`), whole, at most IMPORT_MAX_BYTES, whatever its declared type. */
function readUpload(req: Request): Promise<Buffer> {
  return receiveFile(req, { maxBytes: IMPORT_MAX_BYTES, incomplete: interrupted }, async (file, formComplete) => {
    const chunks: Buffer[] = [];
    for await (const chunk of file.stream) chunks.push(chunk as Buffer);
    if (file.truncated()) throw tooLarge();
    await formComplete();
    return Buffer.concat(chunks);
  });
}

/**
 * A file sent as the body itself, at most IMPORT_MAX_BYTES. Past the limit the rest is read and
 * dropped, so that the answer (413) reaches a client still sending; a connection dropped midway
 * is a 400, never a hang.
 */
function readRawBody(req: Request): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error: DomainError | null): void => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= IMPORT_MAX_BYTES) chunks.push(chunk);
    });
    req.on('end', () => settle(size > IMPORT_MAX_BYTES ? tooLarge() : null));
    req.on('error', () => settle(interrupted()));
    req.on('close', () => {
      if (!req.complete) settle(interrupted());
    });
  });
}
