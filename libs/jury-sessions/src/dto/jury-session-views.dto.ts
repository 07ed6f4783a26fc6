// Response shapes of the jury-session endpoints, documented for the OpenAPI contract (the web
// app's typed client is generated from it). They mirror SessionView, ResultView and PvView.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BookletDto } from '@app/booklet';
import { LearnerEcfDto } from '@app/ecf';
import { LearnerDto } from '@app/learners';
import { ProfessionalFileDto } from '@app/professional-files';

export class PersonNameDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() fullName: string;
}

export class CcpResultViewDto {
  @ApiProperty() ccpCode: string;
  @ApiProperty() awarded: boolean;
  @ApiPropertyOptional() comment?: string;
}

export class ResultViewDto {
  @ApiProperty({ enum: ['present', 'absent'] }) attendance: 'present' | 'absent';
  @ApiProperty({ type: [CcpResultViewDto] }) ccpResults: CcpResultViewDto[];
  @ApiProperty() finalInterviewHeld: boolean;
  @ApiProperty() titleAwarded: boolean;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ enum: ['absent', 'title', 'partial', 'failure'] }) outcome: 'absent' | 'title' | 'partial' | 'failure';
}

export class OverrideViewDto {
  @ApiProperty({ type: [String], example: ['ELIG.DP_NOT_SUBMITTED'] }) codes: string[];
  @ApiProperty() reason: string;
}

export class SessionCandidateDto {
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ type: [String] }) ccpCodes: string[];
  @ApiProperty() finalInterview: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'R-SES-2 : aménagement accordé' }) accommodations: string | null;
  @ApiProperty({ type: ResultViewDto, nullable: true }) result: ResultViewDto | null;
  @ApiProperty({ type: [OverrideViewDto] }) overrides: OverrideViewDto[];
}

export class DreetsValidationViewDto {
  @ApiProperty({ format: 'date' }) validatedOn: string;
  @ApiProperty() reference: string;
}

export class AppealViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty({ format: 'date' }) filedOn: string;
  @ApiProperty({ enum: ['gracieux', 'contentieux'] }) kind: 'gracieux' | 'contentieux';
  @ApiProperty() summary: string;
  @ApiProperty({ enum: ['upheld', 'rejected'], nullable: true, type: String }) outcome: 'upheld' | 'rejected' | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) decidedOn: string | null;
}

export class WarningViewDto {
  @ApiProperty({ example: 'SESSION.LATE_CONVOCATION' }) code: string;
  @ApiProperty() message: string;
}

export class SessionViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['title', 'ccp'] }) type: 'title' | 'ccp';
  @ApiProperty() certificationCode: string;
  @ApiProperty({ type: [String] }) ccpCodes: string[];
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) endDate: string;
  @ApiProperty({ type: String, nullable: true }) site: string | null;
  @ApiProperty({ type: String, nullable: true, example: '08:30', description: 'Heure de convocation, chaque jour (HH:MM)' })
  startTime: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Adresse postale du lieu' }) address: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Le président du jury (un des membres)' })
  presidentId: string | null;
  @ApiProperty({ type: PersonNameDto, nullable: true }) president: PersonNameDto | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) sessionManagerId: string | null;
  @ApiProperty({ type: String, nullable: true }) ceresReference: string | null;
  @ApiProperty({ enum: ['planned', 'deliberating', 'awaiting_signatures', 'closed', 'validated'] })
  status: 'planned' | 'deliberating' | 'awaiting_signatures' | 'closed' | 'validated';
  @ApiProperty({ type: [PersonNameDto] }) jurors: PersonNameDto[];
  @ApiProperty({ type: [SessionCandidateDto] }) candidates: SessionCandidateDto[];
  @ApiProperty({ type: DreetsValidationViewDto, nullable: true }) dreetsValidation: DreetsValidationViewDto | null;
  @ApiProperty({ type: [AppealViewDto] }) appeals: AppealViewDto[];
  @ApiProperty({ type: [WarningViewDto] }) warnings: WarningViewDto[];
  @ApiPropertyOptional({ format: 'date-time', description: 'Quand les convocations ont été envoyées par e-mail (absent : jamais)' })
  convocationsSentAt?: string;
}

export class PvCandidateSummaryDto {
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty() fullName: string;
  @ApiProperty() attendance: string;
  @ApiProperty({ type: [String] }) ccpsAwarded: string[];
  @ApiProperty() titleAwarded: boolean;
  @ApiProperty() outcome: string;
}

export class PvSignatureDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
}

export class PvContentCandidateDto {
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: ['present', 'absent'] }) attendance: 'present' | 'absent';
  @ApiProperty({ type: [String] }) ccpsAssessed: string[];
  @ApiProperty({ type: [String] }) ccpsAwarded: string[];
  @ApiProperty() finalInterview: boolean;
  @ApiProperty() finalInterviewHeld: boolean;
  @ApiProperty() titleAwarded: boolean;
  @ApiProperty({ enum: ['absent', 'title', 'partial', 'failure'] }) outcome: 'absent' | 'title' | 'partial' | 'failure';
  @ApiProperty({ type: [OverrideViewDto] }) overrides: OverrideViewDto[];
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiPropertyOptional({ format: 'date', description: 'PV rédigés depuis le ticket 12 ; absente une fois le candidat anonymisé' })
  birthDate?: string;
  @ApiPropertyOptional({
    format: 'date',
    description: 'Ticket 16 : le candidat a été anonymisé ce jour ; fullName est alors « Anonyme <pseudonyme> »',
  })
  anonymisedOn?: string;
  @ApiPropertyOptional({ description: 'Ticket 16 : le pseudonyme du candidat anonymisé' }) pseudonym?: string;
  @ApiPropertyOptional({ description: "Ticket 16 (ADR 0014) : empreinte de l'identité, couverte par le sha256 du PV" })
  identityDigest?: string;
  @ApiPropertyOptional({ type: () => [CcpCommentDto], description: 'Observations du jury par CCP (PV rédigés depuis le ticket 12)' })
  ccpComments?: CcpCommentDto[];
}

export class CcpCommentDto {
  @ApiProperty() ccpCode: string;
  @ApiProperty() comment: string;
}

export class PvCcpDto {
  @ApiProperty() code: string;
  @ApiProperty() number: number;
  @ApiProperty() title: string;
}

export class CertificationRefDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class PvContentDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ enum: ['title', 'ccp'] }) type: 'title' | 'ccp';
  @ApiProperty({ type: CertificationRefDto }) certification: CertificationRefDto;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) endDate: string;
  @ApiProperty({ type: String, nullable: true }) site: string | null;
  @ApiProperty({ type: String, nullable: true }) ceresReference: string | null;
  @ApiProperty({ type: [PersonNameDto] }) jurors: PersonNameDto[];
  @ApiProperty({ type: [PvContentCandidateDto] }) candidates: PvContentCandidateDto[];
  @ApiPropertyOptional({ type: [PvCcpDto], description: 'Les CCP du titre tels que le PV les nomme (PV rédigés depuis le ticket 12)' })
  ccps?: PvCcpDto[];
  @ApiPropertyOptional({ type: PersonNameDto, nullable: true, description: 'Le président du jury (PV rédigés depuis le ticket 12)' })
  president?: PersonNameDto | null;
}

export class PvViewDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [PvCandidateSummaryDto] }) candidates: PvCandidateSummaryDto[];
  @ApiProperty({ type: [PvSignatureDto] }) signatures: PvSignatureDto[];
  @ApiProperty({ description: 'Tous les jurés ont signé cette version' }) complete: boolean;
  @ApiProperty() sha256: string;
  @ApiPropertyOptional({
    description: "Empreinte d'origine : le sha256 de cette version avant son rescellement (ADR 0014), quand il diffère",
  })
  sha256V1?: string;
  @ApiProperty({ type: String, nullable: true, description: 'Motif de la rectification' }) reason: string | null;
  @ApiProperty({
    type: PersonNameDto,
    nullable: true,
    description: 'Le président du jury nommé par ce PV (null : aucun, ou PV rédigé avant le ticket 12)',
  })
  president: PersonNameDto | null;
  @ApiProperty({ type: PvContentDto }) content: PvContentDto;
}

export class CandidateDossierDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ type: LearnerDto }) learner: LearnerDto;
  @ApiProperty({ type: [String] }) ccpCodes: string[];
  @ApiProperty() finalInterview: boolean;
  @ApiProperty({ type: [OverrideViewDto] }) overrides: OverrideViewDto[];
  @ApiProperty({ type: LearnerEcfDto }) ecf: LearnerEcfDto;
  @ApiProperty({ type: ProfessionalFileDto }) professionalFile: ProfessionalFileDto;
  @ApiProperty({ type: BookletDto }) booklet: BookletDto;
  @ApiProperty({ type: String, nullable: true }) accommodations: string | null;
}

export class HabilitationViewDto {
  @ApiProperty() certificationCode: string;
  @ApiProperty({ format: 'date' }) validFrom: string;
  @ApiProperty({ format: 'date' }) validUntil: string;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
}

export class JurorProfileDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ type: String, nullable: true }) employer: string | null;
  @ApiProperty({ type: [HabilitationViewDto] }) habilitations: HabilitationViewDto[];
}

export class ConvocationRecipientDto {
  @ApiProperty({ example: 'DURAND Camille' }) name: string;
  @ApiProperty({ enum: ['candidate', 'juror'] }) kind: 'candidate' | 'juror';
}

export class SkippedRecipientDto extends ConvocationRecipientDto {
  @ApiProperty({ example: "Pas d'adresse e-mail : remettez-lui sa convocation." }) reason: string;
}

export class ConvocationsSentDto {
  @ApiProperty({ description: 'Messages mis en file (un par candidat avec e-mail et par membre du jury)' }) queued: number;
  @ApiProperty({ type: [ConvocationRecipientDto] }) recipients: ConvocationRecipientDto[];
  @ApiProperty({ type: [SkippedRecipientDto], description: 'Destinataires sans adresse e-mail' }) skipped: SkippedRecipientDto[];
}
