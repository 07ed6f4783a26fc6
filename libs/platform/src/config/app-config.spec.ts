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

  it('maps LOG_LEVEL to Nest levels', () => {
    expect(logLevels({ logLevel: 'warn' })).toEqual(['fatal', 'error', 'warn']);
    expect(logLevels({ logLevel: 'debug' })).toContain('debug');
  });
});
