import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { UsersService } from '@app/auth';
import { AuthUser, logLevels } from '@app/platform';
import { AppModule } from '../../apps/api/src/app.module';
import { asAuthUser } from '../../seeds/builders';
import { ADMIN, createTestDatabase, testConfig } from './test-app';

/** The `int` lane's app: every module of the API on a fresh test database, without HTTP. */
export interface IntApp {
  app: INestApplicationContext;
  dataSource: DataSource;
  /** The first admin (created with the template), as the services take a signed-in user. */
  admin: AuthUser;
  close(): Promise<void>;
}

/**
 * The API's modules (AppModule, as `npm start` composes them) as an application context — no
 * HTTP server, no Swagger — on a database copied from the run's migrated template, like
 * startTestApp. Call the services with `t.app.get(Service)` or the builders of seeds/builders.ts.
 */
export async function startIntApp(extraEnv: Record<string, string> = {}): Promise<IntApp> {
  const db = await createTestDatabase();
  const config = testConfig(db.url, extraEnv);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, db.url), { logger: logLevels(config) });
  try {
    await app.init();
    const admins = await app.get(UsersService).list({ page: 1, pageSize: 200, q: ADMIN.email });
    const admin = admins.items.find((u) => u.email === ADMIN.email);
    if (!admin) throw new Error(`startIntApp: the first admin ${ADMIN.email} is missing from the template`);
    return {
      app,
      dataSource: app.get(DataSource),
      admin: asAuthUser(admin),
      close: async () => {
        await app.close();
        await db.drop();
      },
    };
  } catch (error) {
    await app.close();
    await db.drop();
    throw error;
  }
}
