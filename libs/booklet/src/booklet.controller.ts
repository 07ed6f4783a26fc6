import { CentreService } from '@app/centre';
import { Body, Controller, Get, Inject, Param, Post, StreamableFile } from '@nestjs/common';
import QRCode from 'qrcode';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, ApiAuthErrors, AppConfig, AuthUser, CurrentUser, Roles, safeFileName, uuidParam } from '@app/platform';
import { publicBase } from './attestations/attestations.controller';
import { AttestationsService } from './attestations/attestations.service';
import { renderBookletAttestation } from './booklet.pdf';
import { BookletService } from './booklet.service';
import { BookletDto, PriorCcpInputDto, WithdrawalInputDto } from './dto/booklet.dto';

@ApiTags('Livret de certification')
@Controller()
export class BookletController {
  constructor(
    private readonly booklets: BookletService,
    private readonly centre: CentreService,
    private readonly attestations: AttestationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('learners/:id/booklet')
  @ApiOperation({ summary: 'Le livret : CCP détenus, d’où, titre, échéances (R-CAP-1…4, R-ELIG-6) ; résultats des PV signés seulement' })
  @ApiOkResponse({ type: BookletDto })
  @ApiAuthErrors(400, 404)
  async get(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<BookletDto> {
    return (await this.booklets.bundle(user, id)).booklet;
  }

  @Get('me/booklet')
  @Roles('learner')
  @ApiOperation({ summary: 'Mon livret (apprenant)' })
  @ApiOkResponse({ type: BookletDto })
  @ApiAuthErrors(404)
  async mine(@CurrentUser() user: AuthUser): Promise<BookletDto> {
    return (await this.booklets.bundleOfAccount(user)).booklet;
  }

  @Get('learners/:id/booklet.pdf')
  @ApiOperation({
    summary:
      'Attestation de résultats (PDF) — ni le livret de certification ni le titre, délivrés par l’État (R-DEC-5) ; avec son code de vérification et un QR code vers PUBLIC_URL/verifier/<code>',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF' })
  @ApiAuthErrors(400, 404, 409)
  async pdf(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    // Issues (or reuses) the attestation of the current facts; 409 BOOKLET.NOTHING_TO_ATTEST when no
    // CCP is held and no title (an attestation would only say « rien »).
    const { bundle, attestation } = await this.attestations.issueFor(user, id);
    const url = `${publicBase(this.config)}/verifier/${attestation.code}`;
    const qrPng = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8 });
    const pdf = await renderBookletAttestation(bundle, await this.centre.issuer(), { code: attestation.code, url, qrPng });
    const name = safeFileName('attestation-resultats', bundle.learner.lastName, bundle.learner.firstName);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${name}.pdf"`, length: pdf.length });
  }

  @Post('learners/:id/prior-ccps')
  @Roles('admin')
  @ApiOperation({ summary: 'Enregistrer un CCP obtenu avant ou ailleurs, ou par équivalence (R-CAP-1)' })
  @ApiCreatedResponse({ type: BookletDto })
  @ApiAuthErrors(400, 404, 409)
  prior(@Param('id', uuidParam()) id: string, @Body() body: PriorCcpInputDto, @CurrentUser() user: AuthUser): Promise<BookletDto> {
    return this.booklets.recordPriorCcp(user, id, body);
  }

  @Post('learners/:id/award-withdrawals')
  @Roles('admin')
  @ApiOperation({ summary: "Retirer un CCP pour fraude, avec le motif (R-CAP-2) : la seule suppression d'un CCP acquis" })
  @ApiCreatedResponse({ type: BookletDto })
  @ApiAuthErrors(400, 404)
  withdraw(@Param('id', uuidParam()) id: string, @Body() body: WithdrawalInputDto, @CurrentUser() user: AuthUser): Promise<BookletDto> {
    return this.booklets.withdrawForFraud(user, id, body.ccpCode, body.reason);
  }
}
