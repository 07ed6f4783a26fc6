import { Global, Module } from '@nestjs/common';
import { AUTH_AUDIT_LABELS } from '@app/auth';
import { CentreModule, MessageSignatureProvider } from '@app/centre';
import { BOOKLET_AUDIT_LABELS, BOOKLET_TITLE_USES, BookletModule, BookletService } from '@app/booklet';
import { ECF_AUDIT_LABELS, ECF_TITLE_USES, EcfModule, EvaluatorOfLearnerProvider } from '@app/ecf';
import { JURY_SESSIONS_AUDIT_LABELS, JURY_SESSIONS_TITLE_USES, JurySessionsModule, SessionFactsProvider } from '@app/jury-sessions';
import { LEARNERS_AUDIT_LABELS, LEARNERS_TITLE_USES, LearnerLinksProvider, LearnersModule } from '@app/learners';
import {
  AUDIT_LABEL_SOURCES,
  AuditLabelSource,
  EVALUATOR_OF_LEARNER,
  HELD_CCPS,
  JUROR_OF_LEARNER,
  LEARNER_LINKS,
  MESSAGE_SIGNATURE,
  OPEN_DELIBERATIONS,
  SESSION_HISTORY,
  TITLE_USES,
  TitleUse,
} from '@app/platform';
import { PROFESSIONAL_FILES_AUDIT_LABELS, PROFESSIONAL_FILES_TITLE_USES } from '@app/professional-files';
import { REFERENTIAL_AUDIT_LABELS } from '@app/referential';

/** Every lib's labels for the audit log (platform), one SELECT each over the owner's tables. */
const AUDIT_LABELS: AuditLabelSource[] = [
  ...AUTH_AUDIT_LABELS,
  ...LEARNERS_AUDIT_LABELS,
  ...REFERENTIAL_AUDIT_LABELS,
  ...JURY_SESSIONS_AUDIT_LABELS,
  ...ECF_AUDIT_LABELS,
  ...PROFESSIONAL_FILES_AUDIT_LABELS,
  ...BOOKLET_AUDIT_LABELS,
];

/** What rests on a title version (referential, R-REF-3), in the order the 409 names them. */
const USES_OF_A_TITLE: TitleUse[] = [
  ...LEARNERS_TITLE_USES,
  ...JURY_SESSIONS_TITLE_USES,
  ...BOOKLET_TITLE_USES,
  ...ECF_TITLE_USES,
  ...PROFESSIONAL_FILES_TITLE_USES,
];

/**
 * The composition root of the ports (libs/platform/src/ports/ports.ts, ADR 0010): each port a
 * lower lib injects, bound to the implementation of the lib that owns the facts. The only
 * @Global module besides the platform's: a lib cannot import the lib above it, so the binding
 * lives here, where every lib is known. Every port is required: one left unbound fails at boot.
 */
@Global()
@Module({
  imports: [CentreModule, LearnersModule, EcfModule, BookletModule, JurySessionsModule],
  providers: [
    { provide: LEARNER_LINKS, useExisting: LearnerLinksProvider },
    { provide: EVALUATOR_OF_LEARNER, useExisting: EvaluatorOfLearnerProvider },
    { provide: HELD_CCPS, useExisting: BookletService },
    { provide: SESSION_HISTORY, useExisting: SessionFactsProvider },
    { provide: OPEN_DELIBERATIONS, useExisting: SessionFactsProvider },
    { provide: JUROR_OF_LEARNER, useExisting: SessionFactsProvider },
    { provide: AUDIT_LABEL_SOURCES, useValue: AUDIT_LABELS },
    { provide: TITLE_USES, useValue: USES_OF_A_TITLE },
    { provide: MESSAGE_SIGNATURE, useExisting: MessageSignatureProvider },
  ],
  exports: [
    LEARNER_LINKS,
    EVALUATOR_OF_LEARNER,
    HELD_CCPS,
    SESSION_HISTORY,
    OPEN_DELIBERATIONS,
    JUROR_OF_LEARNER,
    AUDIT_LABEL_SOURCES,
    TITLE_USES,
    MESSAGE_SIGNATURE,
  ],
})
export class PortsModule {}
