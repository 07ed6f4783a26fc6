import { Global, Module } from '@nestjs/common';
import { BookletModule, BookletService } from '@app/booklet';
import { EcfModule, EvaluatorOfLearnerProvider } from '@app/ecf';
import { JurySessionsModule, SessionFactsProvider } from '@app/jury-sessions';
import { LearnerLinksProvider, LearnersModule } from '@app/learners';
import { EVALUATOR_OF_LEARNER, HELD_CCPS, JUROR_OF_LEARNER, LEARNER_LINKS, OPEN_DELIBERATIONS, SESSION_HISTORY } from '@app/platform';

/**
 * The composition root of the ports (libs/platform/src/ports/ports.ts, ADR 0010): each port a
 * lower lib injects, bound to the implementation of the lib that owns the facts. The only
 * @Global module besides the platform's: a lib cannot import the lib above it, so the binding
 * lives here, where every lib is known. Every port is required: one left unbound fails at boot.
 */
@Global()
@Module({
  imports: [LearnersModule, EcfModule, BookletModule, JurySessionsModule],
  providers: [
    { provide: LEARNER_LINKS, useExisting: LearnerLinksProvider },
    { provide: EVALUATOR_OF_LEARNER, useExisting: EvaluatorOfLearnerProvider },
    { provide: HELD_CCPS, useExisting: BookletService },
    { provide: SESSION_HISTORY, useExisting: SessionFactsProvider },
    { provide: OPEN_DELIBERATIONS, useExisting: SessionFactsProvider },
    { provide: JUROR_OF_LEARNER, useExisting: SessionFactsProvider },
  ],
  exports: [LEARNER_LINKS, EVALUATOR_OF_LEARNER, HELD_CCPS, SESSION_HISTORY, OPEN_DELIBERATIONS, JUROR_OF_LEARNER],
})
export class PortsModule {}
