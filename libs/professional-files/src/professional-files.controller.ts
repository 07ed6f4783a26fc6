import { CentreService } from '@app/centre';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { answerStreamError, ApiAuthErrors, AuthUser, CurrentUser, PersonalDataReads, Roles, safeFileName, uuidParam } from '@app/platform';
import { contentDisposition } from './attachment-store';
import {
  AttachmentDto,
  CommentDto,
  CommentInputDto,
  DeclarationInputDto,
  ExampleDto,
  ExampleInputDto,
  ProfessionalFileDto,
  QualificationDto,
  QualificationInputDto,
} from './dto/professional-file.dto';
import { renderProfessionalFile } from './professional-file.pdf';
import { ProfessionalFilesService } from './professional-files.service';

@ApiTags('Dossier professionnel')
@Controller('learners/:id')
export class ProfessionalFilesController {
  constructor(
    private readonly files: ProfessionalFilesService,
    private readonly centre: CentreService,
    private readonly reads: PersonalDataReads,
  ) {}

  @Get('professional-file')
  @ApiOperation({
    summary:
      'Le dossier professionnel : exemples par CCP, qualifications, pièces jointes, déclaration, commentaires, avertissements (R-DP-2)',
  })
  @ApiOkResponse({ type: ProfessionalFileDto })
  @ApiAuthErrors(400, 404)
  async get(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<ProfessionalFileDto> {
    const bundle = await this.files.bundleRead(user, id);
    // Issue 16 (4): a read by staff, a trainer or a juror is logged once it succeeded (one INSERT).
    await this.reads.record(user, bundle.readAs, id, 'dp', bundle.fileId ?? id);
    return bundle.view;
  }

  @Get('professional-file.pdf')
  @ApiOperation({ summary: 'Le dossier professionnel en PDF, dans l’ordre du modèle du ministère' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF' })
  @ApiAuthErrors(400, 404)
  async pdf(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const bundle = await this.files.bundleRead(user, id);
    const pdf = await renderProfessionalFile(bundle, await this.centre.issuer());
    await this.reads.record(user, bundle.readAs, id, 'dp', bundle.fileId ?? id);
    const name = safeFileName('dossier-professionnel', bundle.learner.lastName, bundle.learner.firstName);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${name}.pdf"`, length: pdf.length });
  }

  @Post('professional-file/examples')
  @Roles('learner')
  @ApiOperation({ summary: "Ajouter un exemple de pratique à un CCP (1 à 3 par CCP, R-DP-1) — l'apprenant seul" })
  @ApiCreatedResponse({ type: ExampleDto })
  @ApiAuthErrors(400, 404, 409, 413, 422)
  addExample(@Param('id', uuidParam()) id: string, @Body() body: ExampleInputDto, @CurrentUser() user: AuthUser): Promise<ExampleDto> {
    return this.files.addExample(user, id, body);
  }

  @Put('professional-file/examples/:exampleId')
  @Roles('learner')
  @ApiOperation({ summary: 'Modifier un exemple' })
  @ApiOkResponse({ type: ExampleDto })
  @ApiAuthErrors(400, 404, 409, 413, 422)
  updateExample(
    @Param('id', uuidParam()) id: string,
    @Param('exampleId', uuidParam('exampleId')) exampleId: string,
    @Body() body: ExampleInputDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ExampleDto> {
    return this.files.updateExample(user, id, exampleId, body);
  }

  @Delete('professional-file/examples/:exampleId')
  @HttpCode(204)
  @Roles('learner')
  @ApiOperation({ summary: 'Supprimer un exemple' })
  @ApiNoContentResponse()
  @ApiAuthErrors(400, 404, 409)
  deleteExample(
    @Param('id', uuidParam()) id: string,
    @Param('exampleId', uuidParam('exampleId')) exampleId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.files.deleteExample(user, id, exampleId);
  }

  @Post('professional-file/qualifications')
  @Roles('learner')
  @ApiOperation({ summary: 'Ajouter un titre, diplôme, CQP ou attestation' })
  @ApiCreatedResponse({ type: QualificationDto })
  @ApiAuthErrors(400, 404, 409)
  addQualification(
    @Param('id', uuidParam()) id: string,
    @Body() body: QualificationInputDto,
    @CurrentUser() user: AuthUser,
  ): Promise<QualificationDto> {
    return this.files.addQualification(user, id, body);
  }

  @Delete('professional-file/qualifications/:qualificationId')
  @HttpCode(204)
  @Roles('learner')
  @ApiOperation({ summary: 'Retirer une qualification' })
  @ApiNoContentResponse()
  @ApiAuthErrors(400, 404, 409)
  deleteQualification(
    @Param('id', uuidParam()) id: string,
    @Param('qualificationId', uuidParam('qualificationId')) qualificationId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.files.deleteQualification(user, id, qualificationId);
  }

  @Post('professional-file/attachments')
  @Roles('learner')
  @ApiOperation({ summary: 'Joindre un document (PDF, PNG, JPEG ; 10 Mo au plus), type vérifié sur le contenu' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiAuthErrors(400, 404, 409, 413, 415, 422)
  upload(@Param('id', uuidParam()) id: string, @Req() req: Request, @CurrentUser() user: AuthUser): Promise<AttachmentDto> {
    return this.files.uploadAttachment(user, id, req);
  }

  @Get('professional-file/attachments/:attachmentId')
  @ApiOperation({ summary: 'Télécharger une pièce jointe' })
  @ApiProduces('application/pdf', 'image/png', 'image/jpeg')
  @ApiOkResponse({ description: 'Le fichier' })
  @ApiAuthErrors(400, 404)
  async download(
    @Param('id', uuidParam()) id: string,
    @Param('attachmentId', uuidParam('attachmentId')) attachmentId: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { meta, stream, fileId, readAs } = await this.files.attachmentStream(user, id, attachmentId);
    await this.reads.record(user, readAs, id, 'dp', fileId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('ETag', `"${meta.sha256}"`);
    return new StreamableFile(stream, {
      type: meta.contentType,
      disposition: contentDisposition(meta.filename),
      length: meta.size,
    }).setErrorHandler(answerStreamError);
  }

  @Delete('professional-file/attachments/:attachmentId')
  @HttpCode(204)
  @Roles('learner')
  @ApiOperation({ summary: 'Retirer une pièce jointe' })
  @ApiNoContentResponse()
  @ApiAuthErrors(400, 404, 409)
  deleteAttachment(
    @Param('id', uuidParam()) id: string,
    @Param('attachmentId', uuidParam('attachmentId')) attachmentId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.files.deleteAttachment(user, id, attachmentId);
  }

  @Post('professional-file/declaration')
  @HttpCode(200)
  @Roles('learner')
  @ApiOperation({
    summary: "Signer la déclaration sur l'honneur (lieu ; date : maintenant). Toute modification ultérieure du contenu l'annule.",
  })
  @ApiOkResponse({ type: ProfessionalFileDto })
  @ApiAuthErrors(400, 404, 409)
  declare(
    @Param('id', uuidParam()) id: string,
    @Body() body: DeclarationInputDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ProfessionalFileDto> {
    return this.files.signDeclaration(user, id, body.place);
  }

  @Post('professional-file/submit')
  @HttpCode(200)
  @Roles('learner')
  @ApiOperation({ summary: 'Remettre le dossier (déclaration signée, 1 à 3 exemples par CCP non acquis)' })
  @ApiOkResponse({ type: ProfessionalFileDto })
  @ApiAuthErrors(400, 404, 409, 422)
  submit(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<ProfessionalFileDto> {
    return this.files.submit(user, id);
  }

  @Post('professional-file/reopen')
  @HttpCode(200)
  @Roles('learner', 'admin')
  @ApiOperation({ summary: 'Rouvrir un dossier remis (refusé pendant une délibération qui concerne le candidat)' })
  @ApiOkResponse({ type: ProfessionalFileDto })
  @ApiAuthErrors(400, 404, 409)
  reopen(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<ProfessionalFileDto> {
    return this.files.reopen(user, id);
  }

  @Post('professional-file/comments')
  @Roles('trainer')
  @ApiOperation({ summary: "Commenter le dossier ou un exemple (formateur de la promotion) ; visible par l'apprenant" })
  @ApiCreatedResponse({ type: CommentDto })
  @ApiAuthErrors(400, 404)
  comment(@Param('id', uuidParam()) id: string, @Body() body: CommentInputDto, @CurrentUser() user: AuthUser): Promise<CommentDto> {
    return this.files.addComment(user, id, body);
  }
}
