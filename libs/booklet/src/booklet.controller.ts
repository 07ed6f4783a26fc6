import { CentreService } from '@app/centre';
import { Body, Controller, Get, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, AuthUser, CurrentUser, DomainError, Roles, safeFileName, uuidParam } from '@app/platform';
import { renderBookletAttestation } from './booklet.pdf';
import { BookletService } from './booklet.service';
import { BookletDto, PriorCcpInputDto, WithdrawalInputDto } from './dto/booklet.dto';

@ApiTags('Livret de certification')
@Controller()
export class BookletController {
  constructor(
    private readonly booklets: BookletService,
    private readonly centre: CentreService,
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
  @ApiOperation({ summary: 'Attestation de résultats (PDF) — ni le livret de certification ni le titre, délivrés par l’État (R-DEC-5)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF' })
  @ApiAuthErrors(400, 404, 409)
  async pdf(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const bundle = await this.booklets.bundle(user, id);
    // Nothing to attest: no CCP held and no title (an attestation would only say « rien »).
    if (!bundle.booklet.titleAwarded && !bundle.booklet.ccps.some((c) => c.held))
      throw new DomainError('BOOKLET.NOTHING_TO_ATTEST', "Aucun CCP n'est acquis : il n'y a pas encore de résultat à attester.");
    const pdf = await renderBookletAttestation(bundle, await this.centre.issuer());
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
