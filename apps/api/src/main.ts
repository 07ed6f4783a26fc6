import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import cluster from 'node:cluster';
import { ConfigError, DatabaseStartError, loadConfig, logLevels, openDatabase } from '@app/platform';
import { runPrimary } from './cluster';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig(process.env);
  Logger.overrideLogger(logLevels(config));
  // APP_PROCESSES > 1: this process opens the database and forks the workers, which run the code below.
  if (config.processes > 1 && cluster.isPrimary) return runPrimary(config, started);
  const database = await openDatabase(config);
  const logger = new Logger('Main');
  let app;
  try {
    app = await createApp(config, database.url);
    await app.listen(config.port);
  } catch (error) {
    await database.close();
    throw error;
  }
  logger.log(`API prête sur http://localhost:${config.port}/api (docs : /api/docs) en ${Date.now() - started} ms`);
  if (config.admin?.generated) {
    logger.log(`Compte administrateur : ${config.admin.email}, mot de passe dans ${config.dataDir}/admin-password`);
  }
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} reçu : arrêt`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

// Last resort: a promise rejected where nobody listens is logged (its message only, no request
// data) instead of ending the process for every user; each known cause is fixed where it arises.
process.on('unhandledRejection', (reason: unknown) => {
  new Logger('Process').error(`Promesse rejetée non traitée : ${reason instanceof Error ? reason.message : String(reason)}`);
});

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseStartError) {
    console.error(error.message);
  } else {
    console.error('Échec du démarrage / start-up failed:', error);
  }
  process.exit(1);
});
