import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AuthModule } from '@app/auth';
import { BookletModule } from '@app/booklet';
import { CentreModule } from '@app/centre';
import { JurySessionsModule } from '@app/jury-sessions';
import { EcfModule } from '@app/ecf';
import { LearnersModule } from '@app/learners';
import {
  ApiExceptionFilter,
  AppConfig,
  appDataSourceOptions,
  IdempotencyInterceptor,
  installTransactionContext,
  PlatformModule,
} from '@app/platform';
import { ProfessionalFilesModule } from '@app/professional-files';
import { ReferentialModule } from '@app/referential';
import { MIGRATIONS } from '../../../migrations';
import { PrivacyModule } from '@app/privacy';
import { PortsModule } from './ports.module';

/** Composes the feature libs; nothing else lives here. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRootAsync({
          // Migrations as the owner role, queries as the app's restricted role (issue 10).
          useFactory: () => appDataSourceOptions(config, databaseUrl, MIGRATIONS),
          // One transaction context for every query of a request (ADR 0008).
          dataSourceFactory: (options) => Promise.resolve(installTransactionContext(new DataSource(options as DataSourceOptions))),
        }),
        PlatformModule.forRoot(config, databaseUrl),
        AuthModule,
        CentreModule,
        ReferentialModule,
        LearnersModule,
        EcfModule,
        ProfessionalFilesModule,
        BookletModule,
        JurySessionsModule,
        PrivacyModule,
        PortsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
