import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CentreModule } from '@app/centre';
import { LearnersModule } from '@app/learners';
import { ReferentialModule } from '@app/referential';
import { Attestation, SigningKey } from './attestations/attestation.entity';
import { AttestationsController } from './attestations/attestations.controller';
import { AttestationsService } from './attestations/attestations.service';
import { SigningKeys } from './attestations/signing-keys';
import { BookletController } from './booklet.controller';
import { BookletRepository } from './booklet.repository';
import { BookletService } from './booklet.service';
import { AwardWithdrawal, CcpAward, TitleAward } from './entities/award.entity';
import { BookletAnonymisation } from './personal-data/anonymisation';
import { BookletDataExport } from './personal-data/data-export';

/** BookletService implements the port HELD_CCPS (read by libs/professional-files), bound in apps/api/src/ports.module.ts. */
@Module({
  imports: [
    CentreModule,
    TypeOrmModule.forFeature([CcpAward, TitleAward, AwardWithdrawal, Attestation, SigningKey]),
    LearnersModule,
    ReferentialModule,
  ],
  controllers: [BookletController, AttestationsController],
  providers: [BookletDataExport, BookletAnonymisation, BookletService, BookletRepository, AttestationsService, SigningKeys],
  exports: [BookletDataExport, BookletAnonymisation, BookletService],
})
export class BookletModule {}
