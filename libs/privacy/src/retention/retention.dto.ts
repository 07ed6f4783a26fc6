import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '@app/platform';

/**
 * POST /api/learners/:id/anonymisation: why, 10 to 500 characters once trimmed (as a withdrawal's
 * reason). Kept in the audit entry scrubbed of the learner's names, e-mails and birth date (scrubReason).
 */
export class AnonymiseLearnerDto {
  @ApiProperty({ example: 'Demande d’effacement de l’apprenant (RGPD art. 17) reçue le 01/12/2026', minLength: 10, maxLength: 500 })
  @Trim()
  @IsString()
  @MinLength(10, { message: 'Indiquez le motif de l’anonymisation (10 caractères au moins).' })
  @MaxLength(500, { message: 'Le motif tient en 500 caractères au plus.' })
  reason: string;
}

export class RetentionPolicyDto {
  @ApiProperty({ description: 'Années après la dernière session avant d’effacer les pièces jointes du DP' }) attachmentsYears: number;
  @ApiProperty({ description: 'Années après la dernière session avant d’anonymiser l’identité' }) identityYears: number;
}

export class RetentionLearnerDto {
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty({ description: 'Nom et prénom (administrateur)' }) label: string;
  @ApiProperty({ format: 'date', description: 'Date à partir de laquelle les durées courent' }) referenceDate: string;
  @ApiProperty({
    enum: ['session', 'cohort', 'vae', 'created'],
    description: 'dernière session, fin de promotion, recevabilité VAE, création de la fiche',
  })
  reference: 'session' | 'cohort' | 'vae' | 'created';
  @ApiProperty({ description: 'Pièces jointes du DP à effacer' }) attachments: number;
}

export class RetentionPreviewDto {
  @ApiProperty({ format: 'date', description: 'Jour de la prochaine exécution (chaque jour à 03:00, heure de Paris)' }) nextRunOn: string;
  @ApiProperty({ type: RetentionPolicyDto }) policy: RetentionPolicyDto;
  @ApiProperty({ description: 'Pièces jointes de DP qui seront effacées' }) attachmentsToDelete: number;
  @ApiProperty({ description: 'Identités qui seront anonymisées' }) identitiesToAnonymise: number;
  @ApiProperty({ type: [RetentionLearnerDto] }) attachmentLearners: RetentionLearnerDto[];
  @ApiProperty({ type: [RetentionLearnerDto] }) identityLearners: RetentionLearnerDto[];
  @ApiProperty({ description: 'Identités échues mais reportées : une session les concernant est en cours' }) skippedOpenSession: number;
}

export class RetentionRunDto {
  @ApiProperty({ format: 'date' }) ranOn: string;
  @ApiProperty({ type: RetentionPolicyDto }) policy: RetentionPolicyDto;
  @ApiProperty({ enum: ['schedule', 'manual'] }) trigger: 'schedule' | 'manual';
  @ApiProperty() attachmentsDeleted: number;
  @ApiProperty({ description: 'Octets effacés' }) attachmentBytes: number;
  @ApiProperty() learnersWithAttachmentsDeleted: number;
  @ApiProperty() identitiesAnonymised: number;
  @ApiProperty() skippedOpenSession: number;
}

/** POST /api/retention/runs answered 202: the run goes on after the answer (a first run on a large centre). */
export class RetentionRunStartedDto {
  @ApiProperty({ enum: ['running'] }) status: 'running';
  @ApiProperty({ description: 'Instant ISO 8601' }) startedAt: string;
  @ApiProperty() message: string;
}
