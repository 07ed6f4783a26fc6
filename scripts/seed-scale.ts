/**
 * npm run seed:scale — the demo centre (seed:demo, as scripts/seed-demo.ts), then a regional
 * network on top of it (seeds/scale.ts): 10,000 learners, 100,000 ECF, 1,000 sessions, 1,000,000
 * audit rows… SEED_SCALE_FACTOR scales the counts (default 1). Refused when NODE_ENV=production,
 * and when the scale data is already there. Runs like runWithApp (scripts/run-with-app.ts), keeping
 * the owner's connection for the load (ANALYZE needs the tables' owner).
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, DatabaseStartError, loadConfig, logLevels, openDatabase } from '@app/platform';
import { AppModule } from '../apps/api/src/app.module';
import { seedDemo } from '../seeds/demo';
import { SeedRefused, seedScale } from '../seeds/scale';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function run(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.env === 'production') throw new SeedRefused('seed:scale est refusé en production (NODE_ENV=production).');
  const factor = Number(process.env.SEED_SCALE_FACTOR ?? '1');
  Logger.overrideLogger(logLevels(config));
  const database = await openDatabase(config);
  try {
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, database.url), { logger: logLevels(config) });
    try {
      const started = Date.now();
      await seedDemo(app);
      const demoMs = Date.now() - started;
      console.log(`seed:scale — démo : ${seconds(demoMs)}`);
      const report = await seedScale(app, {
        factor,
        databaseUrl: database.migrationsUrl ?? database.url,
        log: (line) => console.log(`seed:scale — ${line}`),
      });
      console.log(`seed:scale — chargement (facteur ${factor}) : ${seconds(report.totalMs)}`);
      console.log(`seed:scale — total (démo comprise) : ${seconds(Date.now() - started)}`);
      console.log('seed:scale — lignes par table :');
      for (const [table, count] of Object.entries(report.counts)) console.log(`  ${table.padEnd(28)} ${count.toLocaleString('fr-FR')}`);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

run().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('seed:scale : échec / failed');
    console.error(
      error instanceof ConfigError || error instanceof DatabaseStartError || error instanceof SeedRefused ? error.message : error,
    );
    process.exit(1);
  },
);
