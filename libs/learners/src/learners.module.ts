import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { ReferentialModule } from '@app/referential';
import { Cohort, CohortTrainer } from './entities/cohort.entity';
import { Enrolment } from './entities/enrolment.entity';
import { Learner } from './entities/learner.entity';
import { LearnerImportService } from './learner-import.service';
import { LearnerInvitationsService } from './learner-invitations.service';
import { LearnerLinksProvider } from './learner-links.provider';
import { CohortsController, LearnersController } from './learners.controller';
import { LearnersRepository } from './learners.repository';
import { LearnersService } from './learners.service';
import { LearnersAnonymisation } from './personal-data/anonymisation';
import { LearnersDataExport } from './personal-data/data-export';

/** LEARNER_LINKS (read by libs/auth) is bound to LearnerLinksProvider in apps/api/src/ports.module.ts. */
@Module({
  imports: [TypeOrmModule.forFeature([Cohort, CohortTrainer, Learner, Enrolment]), AuthModule, ReferentialModule],
  controllers: [CohortsController, LearnersController],
  providers: [
    LearnersDataExport,
    LearnersAnonymisation,
    LearnersService,
    LearnersRepository,
    LearnerImportService,
    LearnerLinksProvider,
    LearnerInvitationsService,
  ],
  exports: [LearnersDataExport, LearnersAnonymisation, LearnersService, LearnerLinksProvider],
})
export class LearnersModule {}
