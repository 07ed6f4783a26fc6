import 'reflect-metadata';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigError, DatabaseStartError, loadConfig, logLevels, openDatabase } from '@app/platform';
import { AppModule } from '../apps/api/src/app.module';

/**
 * Runs a task against the configured database (DATABASE_URL, or the embedded one under .data/)
 * with the application's modules, then stops. Migrations run on the way in, as at start.
 */
export function runWithApp(name: string, task: (app: INestApplicationContext, config: AppConfig) => Promise<void>): void {
  const run = async (): Promise<void> => {
    const config = loadConfig(process.env);
    Logger.overrideLogger(logLevels(config));
    const database = await openDatabase(config);
    try {
      const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, database.url), { logger: logLevels(config) });
      try {
        await task(app, config);
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
    }
  };
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`${name} : échec / failed`);
      console.error(error instanceof ConfigError || error instanceof DatabaseStartError ? error.message : error);
      process.exit(1);
    },
  );
}
