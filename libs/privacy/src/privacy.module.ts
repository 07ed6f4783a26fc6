import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { CentreModule } from '@app/centre';
import { BookletModule } from '@app/booklet';
import { EcfModule } from '@app/ecf';
import { JurySessionsModule } from '@app/jury-sessions';
import { LearnersModule } from '@app/learners';
import { ProfessionalFilesModule } from '@app/professional-files';
import { LearnerExportController } from './export/learner-export.controller';
import { LearnerExportService } from './export/learner-export.service';
import { AnonymisationService } from './retention/anonymisation.service';
import { RetentionController } from './retention/retention.controller';
import { RetentionService } from './retention/retention.service';

/**
 * Issue 16: a learner's personal data across every lib — the export (RGPD art. 15, 20), the
 * retention policy's job and the anonymisation (art. 17) — through each lib's public API.
 */
@Module({
  imports: [AuthModule, CentreModule, LearnersModule, EcfModule, ProfessionalFilesModule, BookletModule, JurySessionsModule],
  controllers: [LearnerExportController, RetentionController],
  providers: [LearnerExportService, AnonymisationService, RetentionService],
})
export class PrivacyModule {}
