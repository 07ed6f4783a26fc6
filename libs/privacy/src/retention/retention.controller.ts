import { Body, Controller, Get, HttpCode, Logger, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LearnerDto } from '@app/learners';
import { ApiAuthErrors, AuthUser, CurrentUser, Roles, uuidParam } from '@app/platform';
import { AnonymisationService } from './anonymisation.service';
import { AnonymiseLearnerDto, RetentionPreviewDto, RetentionRunDto, RetentionRunStartedDto } from './retention.dto';
import { RetentionService } from './retention.service';

@ApiTags('Données personnelles')
@Controller()
export class RetentionController {
  private readonly logger = new Logger('Retention');
  /** How long POST /api/retention/runs waits for the run before answering 202 (below the 30 s request timeout). */
  answerWithinMs = 20_000;

  constructor(
    private readonly retention: RetentionService,
    private readonly anonymisation: AnonymisationService,
  ) {}

  @Post('learners/:id/anonymisation')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: "Anonymiser l'apprenant maintenant (administrateur, RGPD art. 17)",
    description:
      '`{reason}` (1 à 500 caractères). Nom, date de naissance, e-mail, employeur, aménagements, texte du DP et commentaires effacés ou remplacés par un pseudonyme ; ' +
      'pièces jointes du DP supprimées ; compte désactivé. Restent : livret (acquis), résultats, PV (comptes et empreintes valides), statistiques. ' +
      'Répond la fiche anonymisée. 409 LEARNER.SESSION_OPEN tant qu’une session le concernant n’est pas close par un PV signé ; ' +
      '409 LEARNER.ANONYMISED si c’est déjà fait (un double clic : une seule anonymisation, une seule entrée du journal). Journal : `learner.anonymise`.',
  })
  @ApiOkResponse({ type: LearnerDto })
  @ApiAuthErrors(400, 404, 409)
  anonymise(@Param('id', uuidParam()) id: string, @Body() body: AnonymiseLearnerDto, @CurrentUser() user: AuthUser): Promise<LearnerDto> {
    return this.anonymisation.anonymiseNow(id, body.reason, user);
  }

  @Get('retention/preview')
  @Roles('admin')
  @ApiOperation({
    summary: 'Ce que la prochaine application de la politique de conservation effacera (administrateur)',
    description:
      'Chaque jour à 03:00 (heure de Paris). Pièces jointes du DP (déposées avant la date limite) : N ans après la dernière activité ; identité : M ans (réglages du centre). ' +
      'Dernière activité : la plus tardive de la fin de la dernière session, de la fin de la dernière promotion, de la recevabilité VAE et de la création de la fiche.',
  })
  @ApiOkResponse({ type: RetentionPreviewDto })
  @ApiAuthErrors()
  preview(): Promise<RetentionPreviewDto> {
    return this.retention.preview();
  }

  @Post('retention/runs')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Appliquer la politique de conservation maintenant (administrateur)',
    description:
      'Sans corps. Répond les comptes (pièces jointes effacées, identités anonymisées, reportées pour session en cours) ; ' +
      'si elle dure plus de 20 s, 202 `{status: running, startedAt}` : elle se poursuit, son résultat sera au journal. ' +
      'Une seconde exécution ne change rien. 409 CONFLICT si une exécution est en cours. Journal : `retention.run` (centre), `retention.attachments` et `learner.anonymise` (apprenant).',
  })
  @ApiOkResponse({ type: RetentionRunDto })
  @ApiAcceptedResponse({
    type: RetentionRunStartedDto,
    description: 'Toujours en cours après 20 s : elle continue, son résultat sera au journal',
  })
  @ApiAuthErrors(409)
  async run(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<RetentionRunDto | RetentionRunStartedDto> {
    const startedAt = new Date().toISOString();
    const running = this.retention.run(user, 'manual');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), this.answerWithinMs)));
    const done = await Promise.race([running, late]).finally(() => clearTimeout(timer));
    if (done) return done;
    // A first run on a large centre takes minutes (measured: 3,662 identities in about 11 min): the
    // answer does not wait for it (the server cuts a request at 30 s); the run goes on, once.
    running.catch((error: Error) => this.logger.error(`Application de la politique de conservation interrompue : ${error.message}`));
    res.status(202);
    return {
      status: 'running',
      startedAt,
      message: 'L’application de la politique de conservation se poursuit : son résultat sera inscrit au journal (retention.run).',
    };
  }
}
