import { Module } from '@nestjs/common';
import { CentreService } from './centre.service';

/** The centre's identity, read by every lib that prints a document. */
@Module({
  providers: [CentreService],
  exports: [CentreService],
})
export class CentreModule {}
