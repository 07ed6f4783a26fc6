import { Controller, Get, Header, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, ApiAuthErrors, ApiErrors, AppConfig, AuthUser, CurrentUser, Public, uuidParam } from '@app/platform';
import { CredentialDto, JwksDto, VerificationDto } from './attestation.dto';
import { AttestationsService } from './attestations.service';
import { signCredential } from './credential';
import { SigningKeys } from './signing-keys';

/** The public address (PUBLIC_URL) the QR codes and credentials point to. */
export function publicBase(config: Pick<AppConfig, 'publicUrl' | 'port'>): string {
  return (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
}

@ApiTags('Attestations vérifiables')
@Controller()
export class AttestationsController {
  constructor(
    private readonly attestations: AttestationsService,
    private readonly keys: SigningKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Anyone, no token (issue 16, item 1): what the attestation of that code attested and whether it
   * still holds (valid: false with revokedOn once a CCP it lists was withdrawn, R-CAP-2). The code
   * in any case, with or without dashes or spaces. 404 NOT_FOUND for an unknown code and for
   * anything that cannot be one (never 400: the shape of codes is not probed).
   */
  @Get('verify/:code')
  @Public()
  @Header('Cache-Control', 'no-store')
  // Public facts meant to be checked by anyone, a third party's web verifier included (review F5):
  // readable cross-origin (a simple GET, no credentials; helmet's same-origin CORP overridden here).
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  @ApiOperation({
    summary: "Vérifier une attestation de résultats par son code (sans connexion) : valide, ou révoquée depuis le retrait d'un CCP",
  })
  @ApiOkResponse({ type: VerificationDto })
  @ApiErrors(404)
  async verify(@Param('code') code: string): Promise<VerificationDto> {
    const a = await this.attestations.verify(code);
    return {
      code: a.code,
      valid: a.valid,
      revokedOn: a.revokedOn,
      issuedOn: a.issuedOn,
      holder: a.facts.holder,
      holderErasedOn: a.holderErasedOn,
      certification: a.facts.certification,
      ccps: a.facts.ccps,
      titleAwarded: a.facts.titleAwarded,
      titleAwardedOn: a.facts.titleAwardedOn,
      centre: a.facts.centre,
    };
  }

  /**
   * The learner's results as a signed credential (issue 16, item 1): an Open Badges 3.0
   * AchievementCredential (W3C VC 2.0) as a JWT signed EdDSA (Ed25519), `kid` in the header, keys at
   * /.well-known/jwks.json. Issues (or reuses) the attestation of the current facts: the same code as
   * booklet.pdf while they do not change. Visibility: the booklet's (404 otherwise); 409
   * BOOKLET.NOTHING_TO_ATTEST without any CCP held.
   */
  @Get('learners/:id/credential')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Attestation signée (Open Badges 3.0 / W3C VC, JWT EdDSA) des résultats de l’apprenant, avec son code de vérification',
  })
  @ApiOkResponse({ type: CredentialDto })
  @ApiAuthErrors(400, 404, 409)
  async credential(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<CredentialDto> {
    const { attestation } = await this.attestations.issueFor(user, id);
    const base = publicBase(this.config);
    const jwt = await signCredential(attestation, base, await this.keys.current());
    return { verificationCode: attestation.code, jwt, verificationUrl: `${base}/verifier/${attestation.code}` };
  }

  /** Anyone: the centre's public keys (Ed25519, JWK with kid, use sig, alg EdDSA) that credentials are signed with. Outside /api. */
  @Get('.well-known/jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  @ApiOperation({ summary: 'Clés publiques du centre (JWKS) pour vérifier les attestations signées' })
  @ApiOkResponse({ type: JwksDto })
  async jwks(): Promise<JwksDto> {
    return { keys: await this.keys.publicKeys() };
  }
}
