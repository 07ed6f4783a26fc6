import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, logLevels } from './app-config';

describe('configuration, validated at boot', () => {
  const rootDir = mkdtempSync(join(tmpdir(), 'sams-config-'));

  it('embedded default: generates a JWT secret and an admin password once, kept under .data/ (0600)', () => {
    const first = loadConfig({}, { rootDir });
    const second = loadConfig({}, { rootDir });
    expect(first.databaseUrl).toBeNull();
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(first.admin).toEqual({ email: 'admin@centre.local', password: second.admin!.password, generated: true });
    expect(readFileSync(join(rootDir, '.data', 'jwt-secret'), 'utf8').trim()).toBe(first.jwtSecret);
    expect(statSync(join(rootDir, '.data', 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(first.port).toBe(3000);
  });

  it('with DATABASE_URL, JWT_SECRET is required and nothing is generated', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/sams' }, { rootDir })).toThrow(/JWT_SECRET est obligatoire/);
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/sams', JWT_SECRET: 'x'.repeat(32) }, { rootDir });
    expect(config.admin).toBeNull();
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/sams');
  });

  it('lists every problem at once, in French, with the variable names', () => {
    let error: unknown;
    try {
      loadConfig(
        {
          PORT: 'eighty',
          DATABASE_URL: 'mysql://x',
          JWT_SECRET: 'short',
          ADMIN_EMAIL: 'not-an-email',
          ADMIN_PASSWORD: 'short',
          NODE_ENV: 'staging',
          LOG_LEVEL: 'loud',
        },
        { rootDir },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'JWT_SECRET', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'NODE_ENV', 'LOG_LEVEL']) {
      expect(problems).toContain(name);
    }
    expect((error as ConfigError).message).toMatch(/^Configuration invalide/);
  });

  it('ADMIN_EMAIL and ADMIN_PASSWORD go together; the password needs 12 characters', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.fr' }, { rootDir })).toThrow(/vont ensemble/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.fr', ADMIN_PASSWORD: 'elevenchars' }, { rootDir })).toThrow(/12 caractères/);
    expect(loadConfig({ ADMIN_EMAIL: 'a@b.fr', ADMIN_PASSWORD: 'twelve-chars' }, { rootDir }).admin).toEqual({
      email: 'a@b.fr',
      password: 'twelve-chars',
      generated: false,
    });
  });

  it('issue 10 — the login limits default to the real ones: 20 failures per client IP in 15 minutes, 60 login requests a minute', () => {
    const config = loadConfig({}, { rootDir });
    expect(config.login).toEqual({ maxFailuresPerIp: 20, requestsPerMinute: 60 });
    expect(loadConfig({ LOGIN_MAX_FAILURES_PER_IP: '50', AUTH_RATE_LIMIT_PER_MINUTE: '120' }, { rootDir }).login).toEqual({
      maxFailuresPerIp: 50,
      requestsPerMinute: 120,
    });
    expect(() => loadConfig({ LOGIN_MAX_FAILURES_PER_IP: '0' }, { rootDir })).toThrow(/LOGIN_MAX_FAILURES_PER_IP/);
  });

  it('issue 10 — TRUST_PROXY is off by default; hops, loopback or proxy addresses; anything else is refused', () => {
    expect(loadConfig({}, { rootDir }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }, { rootDir }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }, { rootDir }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }, { rootDir }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8' }, { rootDir }).trustProxy).toBe('loopback,10.0.0.0/8,fd00::/8');
    for (const bad of ['everyone', '10.0.0.0/33', '999.1.1.1', '12']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }, { rootDir })).toThrow(/TRUST_PROXY/);
    }
  });

  it('issue 10 — PUBLIC_URL must be an http(s) address', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://sams.centre.fr/' }, { rootDir }).publicUrl).toBe('https://sams.centre.fr');
    expect(loadConfig({}, { rootDir }).publicUrl).toBeNull();
    expect(() => loadConfig({ PUBLIC_URL: 'sams.centre.fr' }, { rootDir })).toThrow(/PUBLIC_URL/);
  });

  it('issue 10 — MIGRATIONS_DATABASE_URL (the owner role) goes with DATABASE_URL (the app role)', () => {
    const both = loadConfig(
      {
        DATABASE_URL: 'postgres://sams_app:p@db:5432/sams',
        MIGRATIONS_DATABASE_URL: 'postgres://sams_owner:p@db:5432/sams',
        JWT_SECRET: 'x'.repeat(32),
      },
      { rootDir },
    );
    expect(both.migrationsDatabaseUrl).toBe('postgres://sams_owner:p@db:5432/sams');
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/sams', JWT_SECRET: 'x'.repeat(32) }, { rootDir }).migrationsDatabaseUrl,
    ).toBeNull();
    expect(() => loadConfig({ MIGRATIONS_DATABASE_URL: 'postgres://o:p@db/sams' }, { rootDir })).toThrow(/va avec DATABASE_URL/);
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://u:p@db/sams', MIGRATIONS_DATABASE_URL: 'mysql://x', JWT_SECRET: 'x'.repeat(32) }, { rootDir }),
    ).toThrow(/MIGRATIONS_DATABASE_URL/);
  });

  it('issue 15 — APP_PROCESSES: 1 by default, an integer from 1 to 16, refused in French otherwise', () => {
    expect(loadConfig({}, { rootDir }).processes).toBe(1);
    expect(loadConfig({ APP_PROCESSES: '4' }, { rootDir }).processes).toBe(4);
    expect(loadConfig({ APP_PROCESSES: '16' }, { rootDir }).processes).toBe(16);
    for (const wrong of ['0', '17', '2.5', 'deux', '-1']) {
      expect(() => loadConfig({ APP_PROCESSES: wrong }, { rootDir })).toThrow(
        `APP_PROCESSES doit être un entier entre 1 et 16 (reçu « ${wrong} »)`,
      );
    }
  });

  it('maps LOG_LEVEL to Nest levels', () => {
    expect(logLevels({ logLevel: 'warn' })).toEqual(['fatal', 'error', 'warn']);
    expect(logLevels({ logLevel: 'debug' })).toContain('debug');
  });
});
