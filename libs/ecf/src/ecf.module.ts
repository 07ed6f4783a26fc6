import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CentreModule } from '@app/centre';
import { AuthModule } from '@app/auth';
import { LearnersModule } from '@app/learners';
import { ReferentialModule } from '@app/referential';
import { CohortProgressController, EcfController } from './ecf.controller';
import { EcfRepository } from './ecf.repository';
import { EcfService } from './ecf.service';
import { EcfEvaluation, EcfResult } from './entities/ecf-evaluation.entity';
import { EvaluatorOfLearnerProvider } from './evaluator-of-learner.provider';
import { EcfAcknowledgement, EcfSignature, EcfSynthesis } from './entities/ecf-synthesis.entity';
import { EcfAnonymisation } from './personal-data/anonymisation';
import { EcfDataExport } from './personal-data/data-export';

@Module({
  imports: [
    CentreModule,
    TypeOrmModule.forFeature([EcfEvaluation, EcfResult, EcfSynthesis, EcfSignature, EcfAcknowledgement]),
    AuthModule,
    LearnersModule,
    ReferentialModule,
  ],
  controllers: [EcfController, CohortProgressController],
  providers: [EcfDataExport, EcfAnonymisation, EcfService, EcfRepository, EvaluatorOfLearnerProvider],
  exports: [EcfDataExport, EcfAnonymisation, EcfService, EvaluatorOfLearnerProvider],
})
export class EcfModule {}
