import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { LEARNER_LINKS } from '@app/platform';
import { ReferentialModule } from '@app/referential';
import { Cohort, CohortTrainer } from './entities/cohort.entity';
import { Enrolment } from './entities/enrolment.entity';
import { Learner } from './entities/learner.entity';
import { LearnerImportService } from './learner-import.service';
import { LearnerLinksProvider } from './learner-links.provider';
import { CohortsController, LearnersController } from './learners.controller';
import { LearnersService } from './learners.service';

/** Global so that libs/auth can resolve LEARNER_LINKS (learnerId on users) without importing this lib. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Cohort, CohortTrainer, Learner, Enrolment]), AuthModule, ReferentialModule],
  controllers: [CohortsController, LearnersController],
  providers: [LearnersService, LearnerImportService, LearnerLinksProvider, { provide: LEARNER_LINKS, useExisting: LearnerLinksProvider }],
  exports: [LearnersService, LEARNER_LINKS],
})
export class LearnersModule {}
