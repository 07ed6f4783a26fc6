/** npm run seed:demo — loads the demo centre (idempotent). Refused when NODE_ENV=production. */
import { seedDemo } from '../seeds/demo';
import { runWithApp } from './run-with-app';

runWithApp('seed:demo', async (app, config) => {
  if (config.env === 'production') throw new Error('seed:demo est refusé en production (NODE_ENV=production).');
  await seedDemo(app);
});
