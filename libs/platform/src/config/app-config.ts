import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';

/** The whole configuration, validated once at boot. Nothing else reads `process.env`. */
export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  /**
   * APP_PROCESSES (1–16, default 1): how many API processes share the port (node:cluster). Above 1,
   * a primary process opens the database (the embedded one once) and forks that many workers.
   */
  readonly processes: number;
  /** Project root: where `seeds/`, `.data/` and (later) the web build are found. */
  readonly rootDir: string;
  /** Where the embedded database and the generated secrets live (default `<root>/.data`). */
  readonly dataDir: string;
  /** Set → that PostgreSQL; unset → the embedded PostgreSQL under `dataDir/pg`. The app's role (DML only). */
  readonly databaseUrl: string | null;
  /**
   * MIGRATIONS_DATABASE_URL: the role that owns the tables, used only to run the migrations and to
   * grant the app's role its rights. Unset with DATABASE_URL → migrations run as the app's role (as
   * before; a warning in production).
   */
  readonly migrationsDatabaseUrl: string | null;
  readonly embeddedPgPort: number;
  readonly jwtSecret: string;
  readonly jwtExpiresInSeconds: number;
  /** The first admin, created at start when no admin exists. */
  readonly admin: { readonly email: string; readonly password: string; readonly generated: boolean } | null;
  readonly logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** The training centre's name, printed on documents (CENTRE_NAME). */
  readonly centreName: string;
  /** Start-up tasks (first admin, référentiel seed). Off for scripts that only need the schema. */
  readonly startupTasks: boolean;
  /**
   * TRUST_PROXY, express's `trust proxy`: off by default (the client IP is the socket's). `1` (hops),
   * `loopback`, or addresses/CIDRs of the proxies, when a reverse proxy sets X-Forwarded-For/-Proto.
   */
  readonly trustProxy: boolean | number | string;
  /** PUBLIC_URL: the address users reach (https://… turns HSTS on). */
  readonly publicUrl: string | null;
  /**
   * Mail (issue 14). SMTP_URL set → messages go through that SMTP server (smtp://user:pass@host:587,
   * smtps://… for implicit TLS); unset → the embedded default: messages are built as for SMTP and
   * kept, readable by staff in « Messages envoyés ». MAIL_FROM: the sender address (default
   * `no-reply@<PUBLIC_URL's host>` or no-reply@localhost). MAIL_SEND_TIMEOUT_SECONDS: how long one
   * SMTP exchange may take (connection, greeting, each command); a send cut by a crash is retried
   * after twice that.
   */
  readonly mail: { readonly smtpUrl: string | null; readonly from: string; readonly sendTimeoutSeconds: number };
  /** Login limits (issue 10); the per account+IP one (10 failures in 15 minutes) is the contract's. */
  readonly login: {
    /** LOGIN_MAX_FAILURES_PER_IP: failures from one client IP (any accounts) within 15 minutes → 429. */
    readonly maxFailuresPerIp: number;
    /** AUTH_RATE_LIMIT_PER_MINUTE: requests per client IP per minute on the anonymous auth endpoints. */
    readonly requestsPerMinute: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration invalide / invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Walks up from this file to the folder holding package.json (works from src/ and dist/). */
export function findRootDir(start = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'seeds'))) return dir;
    const parent = resolve(dir, '..');
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

function intIn(problems: string[], env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} doit être un entier entre ${min} et ${max} (reçu « ${raw} »)`);
    return fallback;
  }
  return value;
}

/** A secret kept under dataDir so that it survives restarts (embedded mode only). */
function persistedSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export const DEFAULT_ADMIN_EMAIL = 'admin@centre.local';
export const MIN_PASSWORD_LENGTH = 12;
/** Defaults of the login limits: a classroom behind one NAT address still signs in at 9 o'clock. */
export const DEFAULT_LOGIN_MAX_FAILURES_PER_IP = 20;
export const DEFAULT_AUTH_REQUESTS_PER_MINUTE = 60;

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY → express's `trust proxy` value; null when the value is not understood. */
function trustProxyOf(raw: string | undefined): boolean | number | string | null {
  const value = (raw ?? '').trim().toLowerCase();
  if (['', 'false', '0', 'off', 'no', 'non'].includes(value)) return false;
  if (['true', 'on', 'yes', 'oui'].includes(value)) return true;
  if (/^\d+$/.test(value)) return Number(value) <= 10 ? Number(value) : null;
  const items = value.split(',').map((item) => item.trim());
  const valid = items.every((item) => {
    if (PROXY_NAMES.includes(item)) return true;
    const [address, prefix, ...rest] = item.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    return family !== 0 && rest.length === 0 && (prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= max));
  });
  return valid ? items.join(',') : null;
}

/**
 * Reads and validates the environment. Throws ConfigError listing every problem.
 * In the embedded default, a missing JWT_SECRET (and a missing ADMIN_PASSWORD) are generated
 * once and kept under `.data/`, so tokens and the admin account survive a restart.
 */
export function loadConfig(env: Env, overrides: { rootDir?: string; startupTasks?: boolean } = {}): AppConfig {
  const problems: string[] = [];
  const rootDir = overrides.rootDir ?? findRootDir();
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV doit valoir development, production ou test (reçu « ${nodeEnv} »)`);
  }
  const dataDirRaw = env.DATA_DIR || '.data';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : join(rootDir, dataDirRaw);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL doit être une URL postgres://utilisateur:motdepasse@hôte:port/base');
  }
  const migrationsDatabaseUrl = env.MIGRATIONS_DATABASE_URL?.trim() || null;
  if (migrationsDatabaseUrl && !/^postgres(ql)?:\/\//.test(migrationsDatabaseUrl)) {
    problems.push('MIGRATIONS_DATABASE_URL doit être une URL postgres://propriétaire:motdepasse@hôte:port/base');
  } else if (migrationsDatabaseUrl && !databaseUrl) {
    problems.push('MIGRATIONS_DATABASE_URL va avec DATABASE_URL (la base embarquée crée elle-même ses deux rôles)');
  }
  const trustProxy = trustProxyOf(env.TRUST_PROXY);
  if (trustProxy === null) {
    problems.push(
      'TRUST_PROXY doit valoir false (défaut), true, un nombre de proxys (1 à 10), loopback, ou des adresses IP / CIDR séparées par des virgules',
    );
  }
  const publicUrl = env.PUBLIC_URL?.trim().replace(/\/+$/, '') || null;
  if (publicUrl && !/^https?:\/\/[^\s/]+/i.test(publicUrl)) {
    problems.push("PUBLIC_URL doit être l'adresse publique de l'application, https://… (ou http://… en local)");
  }
  const maxFailuresPerIp = intIn(problems, env, 'LOGIN_MAX_FAILURES_PER_IP', DEFAULT_LOGIN_MAX_FAILURES_PER_IP, 1, 1_000_000);
  const requestsPerMinute = intIn(problems, env, 'AUTH_RATE_LIMIT_PER_MINUTE', DEFAULT_AUTH_REQUESTS_PER_MINUTE, 1, 1_000_000);
  const port = intIn(problems, env, 'PORT', 3000, 1, 65535);
  const processes = intIn(problems, env, 'APP_PROCESSES', 1, 1, 16);
  const embeddedPgPort = intIn(problems, env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535);
  const jwtExpiresInSeconds = intIn(problems, env, 'JWT_EXPIRES_IN_SECONDS', 3600, 60, 86400);

  let jwtSecret = env.JWT_SECRET ?? '';
  if (jwtSecret && jwtSecret.length < 32) {
    problems.push('JWT_SECRET doit faire au moins 32 caractères');
  } else if (!jwtSecret) {
    if (databaseUrl) {
      problems.push('JWT_SECRET est obligatoire quand DATABASE_URL est défini (32 caractères ou plus)');
    } else {
      jwtSecret = persistedSecret(dataDir, 'jwt-secret');
    }
  }

  let admin: AppConfig['admin'] = null;
  const adminEmail = env.ADMIN_EMAIL?.trim();
  const adminPassword = env.ADMIN_PASSWORD;
  if (adminEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) {
    problems.push(`ADMIN_EMAIL n'est pas une adresse e-mail valide`);
  }
  if (adminPassword !== undefined && adminPassword.length < MIN_PASSWORD_LENGTH) {
    problems.push(`ADMIN_PASSWORD doit faire au moins ${MIN_PASSWORD_LENGTH} caractères`);
  }
  if (adminEmail && adminPassword) {
    admin = { email: adminEmail, password: adminPassword, generated: false };
  } else if (adminEmail || adminPassword) {
    problems.push('ADMIN_EMAIL et ADMIN_PASSWORD vont ensemble : définissez les deux, ou aucun');
  } else if (!databaseUrl && nodeEnv !== 'test') {
    // Embedded default: a usable first admin, its generated password kept in .data/.
    admin = { email: DEFAULT_ADMIN_EMAIL, password: persistedSecret(dataDir, 'admin-password'), generated: true };
  }

  const logLevel = (env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'log')) as AppConfig['logLevel'];
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) {
    problems.push('LOG_LEVEL doit valoir error, warn, log ou debug');
  }

  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\/[^\s/]+/i.test(smtpUrl)) {
    problems.push(
      "SMTP_URL doit être l'adresse du serveur SMTP, smtp://utilisateur:motdepasse@hôte:587 ou smtps://… (laissez vide : messages conservés dans l'application)",
    );
  }
  const mailHost = publicUrl ? publicUrl.replace(/^https?:\/\//i, '').replace(/[:/].*$/, '') : 'localhost';
  const mailFrom = env.MAIL_FROM?.trim() || `no-reply@${mailHost}`;
  if (!/^(?:[^<>]*<)?[^\s@<>]+@[^\s@<>]+(?:>)?$/.test(mailFrom))
    problems.push('MAIL_FROM doit être une adresse e-mail (ou « Nom <adresse> »)');
  const sendTimeoutSeconds = intIn(problems, env, 'MAIL_SEND_TIMEOUT_SECONDS', 60, 1, 600);

  const centreName = (env.CENTRE_NAME ?? 'Centre de formation').trim();
  if (!centreName || centreName.length > 200) problems.push('CENTRE_NAME doit faire entre 1 et 200 caractères');

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    env: nodeEnv as AppConfig['env'],
    port,
    processes,
    rootDir,
    dataDir,
    databaseUrl,
    migrationsDatabaseUrl,
    embeddedPgPort,
    jwtSecret,
    jwtExpiresInSeconds,
    admin,
    logLevel,
    centreName,
    startupTasks: overrides.startupTasks ?? true,
    trustProxy: trustProxy ?? false,
    publicUrl,
    mail: { smtpUrl, from: mailFrom, sendTimeoutSeconds },
    login: { maxFailuresPerIp, requestsPerMinute },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Nest log levels for LOG_LEVEL (personal data never goes to logs, whatever the level). */
export function logLevels(config: Pick<AppConfig, 'logLevel'>): ('fatal' | 'error' | 'warn' | 'log' | 'debug')[] {
  const all = ['fatal', 'error', 'warn', 'log', 'debug'] as const;
  return all.slice(0, all.indexOf(config.logLevel) + 1);
}
