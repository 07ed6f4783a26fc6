import { ConfigError, loadConfig } from '@app/platform';
import { AuthService } from './auth.service';
import type { UsersService } from './users.service';

/** The first admin (ADMIN_EMAIL / ADMIN_PASSWORD) follows the rules of every account. */
describe('issue 10 — the first admin is held to the password and e-mail rules', () => {
  const boot = async (env: Record<string, string>) => {
    const created: unknown[] = [];
    const users = {
      countWithRole: () => Promise.resolve(0),
      create: (input: unknown) => {
        created.push(input);
        return Promise.resolve({ id: 'x' });
      },
    } as unknown as UsersService;
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://u:p@db/x', JWT_SECRET: 'x'.repeat(32), ...env });
    const service = new AuthService(null as never, null as never, users, config);
    await service.onApplicationBootstrap();
    return created;
  };

  it('issue 10 — a weak ADMIN_PASSWORD stops the start with a ConfigError naming the variable', async () => {
    for (const password of ['admin-password-123', 'aaaaaaaaaaaa', '123456789012', 'Motdepasse2026!']) {
      const error = await boot({ ADMIN_EMAIL: 'admin@centre.fr', ADMIN_PASSWORD: password }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join()).toMatch(/^ADMIN_PASSWORD : /);
    }
  });

  it('issue 10 — an ADMIN_EMAIL with a look-alike letter stops the start', async () => {
    const error = await boot({ ADMIN_EMAIL: '\u0430dmin@centre.fr', ADMIN_PASSWORD: 'le chat dort sur le radiateur' }).catch(
      (e: unknown) => e,
    );
    expect((error as ConfigError).problems.join()).toMatch(/^ADMIN_EMAIL : .*cyrillique/);
  });

  it('creates the admin with a good password, its address normalised', async () => {
    const created = await boot({ ADMIN_EMAIL: 'Admin@Centre.FR', ADMIN_PASSWORD: 'le chat dort sur le radiateur' });
    expect(created).toEqual([expect.objectContaining({ email: 'admin@centre.fr', roles: ['admin'] })]);
  });
});
