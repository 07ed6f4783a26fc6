import { ApiProperty } from '@nestjs/swagger';

export class VerifiedHolderDto {
  @ApiProperty({ nullable: true, type: String, description: 'null once the learner is anonymised' }) firstName: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'D' }) lastNameInitial: string | null;
}

export class VerifiedCertificationDto {
  @ApiProperty({ example: 'RNCP36805' }) code: string;
  @ApiProperty() name: string;
}

export class VerifiedCcpDto {
  @ApiProperty({ example: 'RNCP36805BC01' }) code: string;
  @ApiProperty() number: number;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) obtainedOn: string;
  @ApiProperty({ enum: ['session', 'external', 'equivalence', 'correspondence'] }) source: string;
  @ApiProperty({ description: 'Résultat validé par la DREETS (R-DEC-5)' }) validated: boolean;
}

export class VerifiedCentreDto {
  @ApiProperty() name: string;
}

/** GET /api/verify/:code — what an attestation attested and whether it still holds. */
export class VerificationDto {
  @ApiProperty({ example: '7K3M-Q9TX-2H4P' }) code: string;
  @ApiProperty({ description: 'false once a CCP it lists was withdrawn (R-CAP-2)' }) valid: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'Date (Paris) of the first withdrawal' })
  revokedOn: string | null;
  @ApiProperty({ format: 'date' }) issuedOn: string;
  @ApiProperty({ type: VerifiedHolderDto }) holder: VerifiedHolderDto;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: "Date de l'effacement des données personnelles du titulaire" })
  holderErasedOn: string | null;
  @ApiProperty({ type: VerifiedCertificationDto }) certification: VerifiedCertificationDto;
  @ApiProperty({ type: [VerifiedCcpDto] }) ccps: VerifiedCcpDto[];
  @ApiProperty() titleAwarded: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) titleAwardedOn: string | null;
  @ApiProperty({ type: VerifiedCentreDto }) centre: VerifiedCentreDto;
}

/** GET /api/learners/:id/credential — the signed credential (VC-JWT, EdDSA). */
export class CredentialDto {
  @ApiProperty({ example: '7K3M-Q9TX-2H4P' }) verificationCode: string;
  @ApiProperty({ description: 'Open Badges 3.0 AchievementCredential (W3C VC 2.0) as a JWT signed EdDSA (Ed25519); header kid' })
  jwt: string;
  @ApiProperty({ example: 'https://sams.centre.fr/verifier/7K3M-Q9TX-2H4P' }) verificationUrl: string;
}

export class JwkDto {
  @ApiProperty({ example: 'OKP' }) kty: string;
  @ApiProperty({ example: 'Ed25519' }) crv: string;
  @ApiProperty() x: string;
  @ApiProperty() kid: string;
  @ApiProperty({ example: 'sig' }) use: string;
  @ApiProperty({ example: 'EdDSA' }) alg: string;
}

export class JwksDto {
  @ApiProperty({ type: [JwkDto] }) keys: JwkDto[];
}
