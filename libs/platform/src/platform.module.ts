import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { HealthController } from './health/health.controller';
import { IdempotencyKey } from './idempotency/idempotency-key.entity';

/** Config, audit log and health: what every feature lib may use. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PlatformModule,
      imports: [TypeOrmModule.forFeature([AuditEntry, IdempotencyKey])],
      controllers: [HealthController, AuditController],
      providers: [{ provide: APP_CONFIG, useValue: config }, AuditService],
      exports: [APP_CONFIG, AuditService],
    };
  }
}
