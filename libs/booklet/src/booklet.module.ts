import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CentreModule } from '@app/centre';
import { LearnersModule } from '@app/learners';
import { HELD_CCPS } from '@app/platform';
import { ReferentialModule } from '@app/referential';
import { BookletController } from './booklet.controller';
import { BookletService } from './booklet.service';
import { AwardWithdrawal, CcpAward, TitleAward } from './entities/award.entity';

/** Global for HELD_CCPS (libs/professional-files reads held CCPs without importing this lib). */
@Global()
@Module({
  imports: [CentreModule, TypeOrmModule.forFeature([CcpAward, TitleAward, AwardWithdrawal]), LearnersModule, ReferentialModule],
  controllers: [BookletController],
  providers: [BookletService, { provide: HELD_CCPS, useExisting: BookletService }],
  exports: [BookletService, HELD_CCPS],
})
export class BookletModule {}
