import { Logger } from '@nestjs/common';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { join } from 'node:path';
import type { Client } from 'pg';
import { DataSource, type MixedList } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_ROLE, embeddedRoleUrls, OWNER_ROLE, startEmbeddedPostgres } from './embedded-postgres';
import { typeOrmOptions } from './typeorm-options';
import { prepareJobQueue } from '../jobs/job-queue';

export interface OpenDatabase {
  /** The app's connection: its role reads and writes rows, and owns nothing. */
  url: string;
  /** The owner's connection, for the migrations only; null when one role does both. */
  migrationsUrl: string | null;
  embedded: boolean;
  close(): Promise<void>;
}

/** The owner's URL of each database opened here, by the app's URL (embedded default). */
const ownerUrls = new Map<string, string>();

/**
 * The one decision: DATABASE_URL set → that PostgreSQL (MIGRATIONS_DATABASE_URL: its owner role);
 * unset → the embedded PostgreSQL kept under `<dataDir>/pg`, with its own owner and app roles.
 * Everything after this (TypeORM, migrations) is the same code path.
 */
export async function openDatabase(config: AppConfig): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, migrationsUrl: config.migrationsDatabaseUrl, embedded: false, close: () => Promise.resolve() };
  }
  const logger = new Logger('EmbeddedPostgres');
  const db = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    database: 'sams',
    logger,
  });
  try {
    const { ownerUrl, appUrl } = await embeddedRoleUrls(db.url, config.dataDir);
    await provisionRoles(
      db.url,
      'sams',
      { name: OWNER_ROLE, password: new URL(ownerUrl).password },
      {
        name: APP_ROLE,
        password: new URL(appUrl).password,
      },
    );
    ownerUrls.set(appUrl, ownerUrl);
    logger.log(`PostgreSQL embarqué prêt (port ${config.embeddedPgPort}, données ${join(config.dataDir, 'pg')})`);
    return { url: appUrl, migrationsUrl: ownerUrl, embedded: true, close: () => db.stop() };
  } catch (error) {
    await db.stop();
    throw error;
  }
}

/** The same URL with another role's credentials. */
export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

async function connect(url: string): Promise<Client> {
  const { Client: PgClient } = await import('pg');
  const client = new PgClient({ connectionString: url, application_name: 'sams-roles' });
  await client.connect();
  return client;
}

/**
 * Run as a superuser (embedded default, tests, the docker-compose init script does the same in
 * SQL): the owner role owns the database, its schema and every object in it; the app role may
 * log in and nothing more — its rights on the tables are granted after each migration run.
 * Idempotent; also converts a database whose objects a superuser created (before issue 10).
 */
export async function provisionRoles(
  superUrl: string,
  database: string,
  owner: { name: string; password: string },
  app: { name: string; password: string },
): Promise<void> {
  const server = new URL(superUrl);
  server.pathname = '/postgres';
  const admin = await connect(server.toString());
  try {
    // Roles are cluster-wide: two processes starting at once must not both create them.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', ['sams:provision-roles']);
    for (const role of [owner, app]) {
      const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
      const verb = exists.rowCount ? 'ALTER' : 'CREATE';
      await admin.query(
        `${verb} ROLE ${admin.escapeIdentifier(role.name)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${admin.escapeLiteral(role.password)}`,
      );
    }
    await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(database)} OWNER TO ${admin.escapeIdentifier(owner.name)}`);
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', ['sams:provision-roles']);
  } finally {
    await admin.end();
  }
  const inDatabase = new URL(superUrl);
  inDatabase.pathname = `/${database}`;
  const db = await connect(inDatabase.toString());
  try {
    await db.query(`ALTER SCHEMA public OWNER TO ${db.escapeIdentifier(owner.name)}`);
    await db.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await db.query(transferOwnershipSql(db.escapeLiteral(owner.name)));
  } finally {
    await db.end();
  }
}

/** Gives the owner role every object of the public schema that another role created. */
function transferOwnershipSql(owner: string): string {
  return `DO $$
    DECLARE r record;
    BEGIN
      FOR r IN
        SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          AND pg_get_userbyid(c.relowner) <> ${owner}
          -- a sequence of an identity or serial column follows its table
          AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
      LOOP
        EXECUTE format('ALTER %s %s OWNER TO %I',
          CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
          r.name, ${owner});
      END LOOP;
      FOR r IN
        SELECT p.oid::regprocedure AS name, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> ${owner}
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
      LOOP
        EXECUTE format('ALTER %s %s OWNER TO %I', CASE r.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, r.name, ${owner});
      END LOOP;
      FOR r IN
        SELECT t.oid::regtype AS name, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r') AND pg_get_userbyid(t.typowner) <> ${owner}
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
      LOOP
        EXECUTE format('ALTER %s %s OWNER TO %I', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name, ${owner});
      END LOOP;
    END $$`;
}

/**
 * Grants the app's role what the application does, and nothing else (run as the owner after the
 * migrations, so new tables are covered): rows of every table, its sequences, the migration
 * history read-only. No DDL: only an owner may ALTER, DROP or DISABLE TRIGGER, and the app's role
 * owns nothing. TRUNCATE only where a statement trigger refuses it (the append-only tables: the
 * refusal then names the table, as for UPDATE and DELETE, which their row triggers refuse).
 */
async function grantAppRole(owner: Client, appRole: string): Promise<void> {
  const role = owner.escapeIdentifier(appRole);
  const refused = await owner.query<{ name: string }>(
    `SELECT DISTINCT c.oid::regclass::text AS name FROM pg_trigger t
       JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid
     WHERE n.nspname = 'public' AND NOT t.tgisinternal AND t.tgenabled <> 'D' AND (t.tgtype & 32) <> 0 AND p.proname LIKE 'refuse\\_%'`,
  );
  const hasHistory = (await owner.query("SELECT to_regclass('public.migrations') IS NOT NULL AS present")).rows[0] as { present: boolean };
  await owner.query('BEGIN');
  try {
    await owner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
    await owner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`);
    await owner.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    if (hasHistory.present) await owner.query(`REVOKE INSERT, UPDATE, DELETE ON public.migrations FROM ${role}`);
    for (const { name } of refused.rows) await owner.query(`GRANT TRUNCATE ON ${name} TO ${role}`);
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK');
    throw error;
  }
}

/** The role a URL logs in as (asked to the server when the URL names none). */
async function roleOf(url: string): Promise<{ name: string; superuser: boolean }> {
  const client = await connect(url);
  try {
    const { rows } = await client.query<{ name: string; superuser: boolean }>(
      'SELECT current_user AS name, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user',
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

/** The job queue prepared by the app's own role (one-URL mode), instances taking turns. */
async function prepareJobQueueAlone(url: string): Promise<void> {
  const lock = await connect(url);
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', ['sams:migrations']);
    await prepareJobQueue(url, null);
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', ['sams:migrations']);
  } finally {
    await lock.end();
  }
}

/**
 * Migrations as the owner, then the app's grants; under an advisory lock so that instances
 * starting together migrate once.
 */
export async function migrateAsOwner(ownerUrl: string, appRole: string, migrations: MixedList<Function>): Promise<void> {
  const lock = await connect(ownerUrl);
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', ['sams:migrations']);
    const dataSource = new DataSource({
      type: 'postgres',
      url: ownerUrl,
      migrations,
      migrationsTransactionMode: 'each',
      // No statement timeout: a migration over a large table may take its time.
      extra: { max: 1, application_name: 'sams-migrations', lock_timeout: 30_000 },
    });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
    }
    await grantAppRole(lock, appRole);
    // The job queue's schema and queues (issue 14): DDL, so the owner's too.
    await prepareJobQueue(ownerUrl, appRole);
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', ['sams:migrations']);
  } finally {
    await lock.end();
  }
}

/**
 * The app's TypeORM options. With an owner role (MIGRATIONS_DATABASE_URL, or the embedded
 * default's), the migrations run as that owner first and the app connects as its own restricted
 * role: an SQL injection could then change rows the app may change, never the schema or its
 * triggers. With one URL only, as before: that role migrates and runs the app (warned in production).
 */
export async function appDataSourceOptions(config: AppConfig, url: string, migrations: MixedList<Function>): Promise<TypeOrmModuleOptions> {
  const logger = new Logger('Database');
  const ownerUrl = config.migrationsDatabaseUrl ?? ownerUrls.get(url) ?? null;
  const app = await roleOf(url).catch(() => null);
  if (app?.superuser && config.env === 'production') {
    logger.warn(`Le rôle de l'application (${app.name}) est superutilisateur : il peut désactiver les protections de la base.`);
  }
  const owner = ownerUrl ? await roleOf(ownerUrl) : null;
  if (!ownerUrl || !app || !owner || owner.name === app.name) {
    if (config.env === 'production') {
      logger.warn(
        "Un seul rôle de base (DATABASE_URL) : l'application se connecte avec le propriétaire des tables, qui peut les modifier, " +
          'désactiver leurs déclencheurs ou les supprimer. Définissez MIGRATIONS_DATABASE_URL (propriétaire) et un DATABASE_URL de rôle restreint (README, « Database roles »).',
      );
    }
    if (app) await prepareJobQueueAlone(url);
    return typeOrmOptions(url, migrations);
  }
  await migrateAsOwner(ownerUrl, app.name, migrations);
  return typeOrmOptions(url, migrations, false);
}
