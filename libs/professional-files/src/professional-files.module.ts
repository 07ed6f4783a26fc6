import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CentreModule } from '@app/centre';
import { AuthModule } from '@app/auth';
import { LearnersModule } from '@app/learners';
import { ReferentialModule } from '@app/referential';
import {
  DpAttachment,
  DpAttachmentChunk,
  DpComment,
  DpExample,
  DpQualification,
  ProfessionalFile,
  ProfessionalFileEvent,
} from './entities/professional-file.entity';
import { ProfessionalFilesController } from './professional-files.controller';
import { ProfessionalFilesRepository } from './professional-files.repository';
import { ProfessionalFilesService } from './professional-files.service';
import { ProfessionalFilesAnonymisation } from './personal-data/anonymisation';
import { ProfessionalFilesDataExport } from './personal-data/data-export';

@Module({
  imports: [
    CentreModule,
    TypeOrmModule.forFeature([
      ProfessionalFile,
      ProfessionalFileEvent,
      DpExample,
      DpQualification,
      DpAttachment,
      DpAttachmentChunk,
      DpComment,
    ]),
    AuthModule,
    LearnersModule,
    ReferentialModule,
  ],
  controllers: [ProfessionalFilesController],
  providers: [ProfessionalFilesDataExport, ProfessionalFilesAnonymisation, ProfessionalFilesService, ProfessionalFilesRepository],
  exports: [ProfessionalFilesDataExport, ProfessionalFilesAnonymisation, ProfessionalFilesService],
})
export class ProfessionalFilesModule {}
