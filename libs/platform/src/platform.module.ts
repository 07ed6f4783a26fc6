import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { ChangeFeed } from './cache/change-feed';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { HealthController } from './health/health.controller';
import { IdempotencyKey } from './idempotency/idempotency-key.entity';
import { JOB_QUEUE_URL, JobQueue } from './jobs/job-queue';
import { Mailer } from './outbox/mailer';
import { OutboxAttachment, OutboxMessage } from './outbox/outbox-message.entity';
import { OutboxController } from './outbox/outbox.controller';
import { OutboxSender } from './outbox/outbox.sender';
import { OutboxService } from './outbox/outbox.service';
import { PlatformAnonymisation } from './personal-data/anonymisation';
import { PlatformDataExport } from './personal-data/data-export';
import { PersonalDataRead } from './read-log/personal-data-read.entity';
import { PersonalDataReads } from './read-log/read-log.service';

/** Config, audit log, health, the job queue and the outbox: what every feature lib may use. */
@Global()
@Module({})
export class PlatformModule {
  /** `databaseUrl`: the app role's, for the job queue's own connections. */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: PlatformModule,
      imports: [TypeOrmModule.forFeature([AuditEntry, IdempotencyKey, OutboxMessage, OutboxAttachment, PersonalDataRead])],
      controllers: [HealthController, AuditController, OutboxController],
      providers: [
        PlatformDataExport,
        PlatformAnonymisation,
        PersonalDataReads,
        { provide: APP_CONFIG, useValue: config },
        { provide: JOB_QUEUE_URL, useValue: databaseUrl },
        AuditService,
        ChangeFeed,
        JobQueue,
        Mailer,
        OutboxService,
        OutboxSender,
      ],
      exports: [
        PlatformDataExport,
        PlatformAnonymisation,
        PersonalDataReads,
        APP_CONFIG,
        AuditService,
        ChangeFeed,
        JobQueue,
        OutboxService,
      ],
    };
  }
}
