import { Global, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { CentreModule } from '@app/centre';
import { BookletModule } from '@app/booklet';
import { EcfModule } from '@app/ecf';
import { LearnersModule, registerJuryLearnerCondition } from '@app/learners';
import { OPEN_DELIBERATIONS, SESSION_HISTORY } from '@app/platform';
import { ProfessionalFilesModule } from '@app/professional-files';
import { ReferentialModule } from '@app/referential';
import { DeclaredLink, Habilitation, JurorProfile } from './entities/juror.entity';
import {
  Appeal,
  CandidateResult,
  JurySession,
  PvSignature,
  PvVersion,
  SessionCandidate,
  SessionCcp,
  SessionJuror,
} from './entities/jury-session.entity';
import { JurorsController, JurySessionsController } from './jury-sessions.controller';
import { JurySessionsService } from './jury-sessions.service';
import { SessionDocumentsService } from './session-documents.service';
import { SessionFactsProvider } from './session-facts.provider';

/** Global for the ports SESSION_HISTORY and OPEN_DELIBERATIONS read by the booklet and the DP. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([
      JurorProfile,
      Habilitation,
      DeclaredLink,
      JurySession,
      SessionCcp,
      SessionJuror,
      SessionCandidate,
      CandidateResult,
      PvVersion,
      PvSignature,
      Appeal,
    ]),
    AuthModule,
    CentreModule,
    LearnersModule,
    ReferentialModule,
    EcfModule,
    ProfessionalFilesModule,
    BookletModule,
  ],
  controllers: [JurySessionsController, JurorsController],
  providers: [
    JurySessionsService,
    SessionDocumentsService,
    SessionFactsProvider,
    { provide: SESSION_HISTORY, useExisting: SessionFactsProvider },
    { provide: OPEN_DELIBERATIONS, useExisting: SessionFactsProvider },
  ],
  exports: [JurySessionsService, SessionDocumentsService, SESSION_HISTORY, OPEN_DELIBERATIONS],
})
export class JurySessionsModule implements OnModuleInit {
  /** Jurors see the candidates of the sessions they sit on (libs/learners applies it to every read). */
  onModuleInit(): void {
    registerJuryLearnerCondition(
      (alias) =>
        `${alias}.id IN (SELECT sc.learner_id FROM session_candidates sc JOIN session_jurors sj ON sj.session_id = sc.session_id WHERE sj.user_id = :scopeUserId)`,
    );
  }
}
