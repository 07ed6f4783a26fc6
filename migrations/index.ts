/** Every migration, in order. The app runs them at start; `npm run migration:generate` appends here. */

import { CreateUsersAuditAndReferential1795390525664 } from './1795390525664-CreateUsersAuditAndReferential';
export const MIGRATIONS: Function[] = [CreateUsersAuditAndReferential1795390525664];
