import { Module } from '@nestjs/common';
import { MessageSignatureProvider } from './message-signature.provider';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CentreController } from './centre.controller';
import { CentreService } from './centre.service';
import { Centre } from './entities/centre.entity';

/** The centre's identity, read by every lib that prints a document (CentreService.issuer()). */
@Module({
  imports: [TypeOrmModule.forFeature([Centre])],
  controllers: [CentreController],
  providers: [CentreService, MessageSignatureProvider],
  exports: [CentreService, MessageSignatureProvider],
})
export class CentreModule {}
