import { Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig, flattenValidationErrors } from '@app/platform';
import { CreateCertificationDto } from './dto/certification.dto';
import { Ccp } from './entities/ccp.entity';
import { CcpCorrespondence, CcpCorrespondenceSource } from './entities/ccp-correspondence.entity';
import { Certification } from './entities/certification.entity';
import { Competence } from './entities/competence.entity';
import { ReferentialController } from './referential.controller';
import { ReferentialRepository } from './referential.repository';
import { ReferentialService } from './referential.service';

/** Reads a référentiel file: exactly what POST /api/certifications takes (an unknown key is an error). */
export function readReferentialFile(path: string): CreateCertificationDto {
  const dto = plainToInstance(CreateCertificationDto, JSON.parse(readFileSync(path, 'utf8')));
  const problems = flattenValidationErrors(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
  if (problems.length > 0) {
    throw new Error(`Référentiel invalide dans ${path} : ${problems.map((p) => `${p.field} ${p.message}`).join(' ; ')}`);
  }
  return dto;
}

@Module({
  imports: [TypeOrmModule.forFeature([Certification, Ccp, Competence, CcpCorrespondence, CcpCorrespondenceSource])],
  controllers: [ReferentialController],
  providers: [ReferentialService, ReferentialRepository],
  exports: [ReferentialService],
})
export class ReferentialModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Referential');

  constructor(
    private readonly referential: ReferentialService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every file of seeds/referentials is present after start (idempotent). */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.startupTasks) return;
    const dir = join(this.config.rootDir, 'seeds', 'referentials');
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const input = readReferentialFile(join(dir, file));
      if (await this.referential.ensurePresent(input)) this.logger.log(`Référentiel ${input.code} chargé depuis ${file}`);
    }
  }
}
