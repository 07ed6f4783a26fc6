import { Body, Controller, Delete, Get, HttpCode, Put, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiAuthErrors, AuthUser, CurrentUser, DomainError, Roles } from '@app/platform';
import { CentreService } from './centre.service';
import { CentreDto, CentreInputDto } from './dto/centre.dto';

@ApiTags('Centre')
@Controller('centre')
export class CentreController {
  constructor(private readonly centre: CentreService) {}

  @Get()
  @ApiOperation({ summary: "L'identité du centre, imprimée sur chaque document (tout utilisateur connecté)" })
  @ApiOkResponse({ type: CentreDto })
  @ApiAuthErrors()
  get(): Promise<CentreDto> {
    return this.centre.get();
  }

  @Put()
  @Roles('admin')
  @ApiOperation({
    summary: "Remplacer l'identité du centre (administrateur)",
    description:
      'Remplacement complet : `name` est obligatoire ; tout autre champ texte absent (ou null) devient vide ; `retention` absent, ou un de ses champs absent, ' +
      'prend la valeur par défaut (pièces jointes 3 ans, identité 6 ans). `hasLogo` est accepté et ignoré. Répond la nouvelle valeur. ' +
      'Chaque champ refusé : 400 VALIDATION_FAILED avec `details` [{field, message}].',
  })
  @ApiOkResponse({ type: CentreDto })
  @ApiAuthErrors(400)
  update(@Body() body: CentreInputDto, @CurrentUser() user: AuthUser): Promise<CentreDto> {
    return this.centre.update(user, body);
  }

  @Get('logo')
  @ApiOperation({ summary: 'Le logo du centre (tout utilisateur connecté) · 404 quand il n’y en a pas' })
  @ApiProduces('image/png', 'image/jpeg')
  @ApiOkResponse({ description: "L'image" })
  @ApiAuthErrors(404)
  async logo(@Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const logo = await this.centre.logo();
    if (!logo) throw DomainError.notFound('Le logo du centre');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const extension = logo.contentType === 'image/png' ? 'png' : 'jpg';
    return new StreamableFile(logo.data, {
      type: logo.contentType,
      disposition: `inline; filename="logo.${extension}"`,
      length: logo.data.length,
    });
  }

  @Put('logo')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({
    summary: 'Envoyer le logo (administrateur) : PNG ou JPEG, 1 Mo au plus',
    description:
      "Champ multipart `file`. Le type est lu sur le contenu (pas sur le nom), l'image doit être complète et imprimable (vérifiée avec pdfkit) : " +
      'sinon 400 sur `file` ; plus de 1 Mo : 413 PAYLOAD_TOO_LARGE ; envoi interrompu : 400, rien n’est enregistré.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiNoContentResponse()
  @ApiAuthErrors(400, 413, 415)
  setLogo(@Req() req: Request, @CurrentUser() user: AuthUser): Promise<void> {
    return this.centre.setLogo(user, req);
  }

  @Delete('logo')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Retirer le logo (administrateur) ; sans logo, rien ne change' })
  @ApiNoContentResponse()
  @ApiAuthErrors()
  deleteLogo(@CurrentUser() user: AuthUser): Promise<void> {
    return this.centre.deleteLogo(user);
  }
}
