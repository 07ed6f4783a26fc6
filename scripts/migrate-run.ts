/** npm run migration:run — applies pending migrations to the configured database (also done at every start). */
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runWithApp } from './run-with-app';

runWithApp('migration:run', async (app) => {
  const pending = await app.get(DataSource).showMigrations();
  new Logger('Migrations').log(pending ? 'Des migrations restent en attente.' : 'Base à jour : toutes les migrations sont appliquées.');
});
