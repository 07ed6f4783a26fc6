import { INestApplicationContext, Logger } from '@nestjs/common';
import { UsersService } from '@app/auth';
import type { Role } from '@app/platform';

/** Demo data only: these accounts are documented in the README; never run in production. */
export const DEMO_PASSWORD = 'Demo-SAMS-2026!';

export const DEMO_ACCOUNTS: { email: string; fullName: string; roles: Role[] }[] = [
  { email: 'secretariat@demo.sams.fr', fullName: 'Sophie Bernard (secrétariat du centre)', roles: ['admin'] },
  { email: 'formatrice@demo.sams.fr', fullName: 'Claire Martin (formatrice)', roles: ['trainer'] },
];

export async function seedDemo(app: INestApplicationContext): Promise<void> {
  const logger = new Logger('Demo');
  const users = app.get(UsersService);
  const existing = new Set((await users.list({ page: 1, pageSize: 200 })).items.map((u) => u.email));
  for (const account of DEMO_ACCOUNTS) {
    if (existing.has(account.email)) continue;
    await users.create({ ...account, password: DEMO_PASSWORD }, null);
    logger.log(`Compte de démonstration créé : ${account.email}`);
  }
  logger.log('Données de démonstration à jour.');
}
