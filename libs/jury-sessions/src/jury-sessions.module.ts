import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { CentreModule } from '@app/centre';
import { BookletModule } from '@app/booklet';
import { EcfModule } from '@app/ecf';
import { LearnersModule } from '@app/learners';
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
import { AppealsService } from './appeals.service';
import { ConvocationsService } from './convocations.service';
import { CandidateChecksService } from './candidate-checks.service';
import { DeliberationService } from './deliberation.service';
import { JurorProfilesService } from './juror-profiles.service';
import { JurySessionsRepository } from './jury-sessions.repository';
import { PvService } from './pv.service';
import { RemindersService } from './reminders.service';
import { SessionPlanningService } from './session-planning.service';
import { SessionDocumentsService } from './session-documents.service';
import { SessionFactsProvider } from './session-facts.provider';
import { JurySessionsAnonymisation } from './personal-data/anonymisation';
import { JurySessionsDataExport } from './personal-data/data-export';

/** Implements the ports SESSION_HISTORY, OPEN_DELIBERATIONS and JUROR_OF_LEARNER (bound in apps/api/src/ports.module.ts). */
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
    JurySessionsDataExport,
    JurySessionsAnonymisation,
    JurySessionsRepository,
    JurorProfilesService,
    CandidateChecksService,
    SessionPlanningService,
    DeliberationService,
    PvService,
    AppealsService,
    SessionDocumentsService,
    SessionFactsProvider,
    ConvocationsService,
    RemindersService,
  ],
  exports: [
    JurySessionsDataExport,
    JurySessionsAnonymisation,
    JurorProfilesService,
    SessionPlanningService,
    DeliberationService,
    PvService,
    AppealsService,
    SessionDocumentsService,
    SessionFactsProvider,
    ConvocationsService,
    RemindersService,
  ],
})
export class JurySessionsModule {}
