/** Every migration, in order. The app runs them at start; `npm run migration:generate` appends here. */

import { CreateUsersAuditAndReferential1795390525664 } from './1795390525664-CreateUsersAuditAndReferential';
import { AddCohortsAndLearners1795391511249 } from './1795391511249-AddCohortsAndLearners';
import { AddEcf1795391671886 } from './1795391671886-AddEcf';
import { AddProfessionalFiles1795392586567 } from './1795392586567-AddProfessionalFiles';
import { AddJurySessionsAndLedger1795394618726 } from './1795394618726-AddJurySessionsAndLedger';
import { AddIdempotencyKeys1795400000000 } from './1795400000000-AddIdempotencyKeys';
import { RefuseTruncateOnAppendOnlyTables1796060000000 } from './1796060000000-RefuseTruncateOnAppendOnlyTables';
import { AddClientIpToLoginAttempts1796060788507 } from './1796060788507-AddClientIpToLoginAttempts';
import { AddTitleDescriptors1796100000000 } from './1796100000000-AddTitleDescriptors';
import { AddSessionTimeAddressPresident1796200000000 } from './1796200000000-AddSessionTimeAddressPresident';
import { AddUserActiveAndSessionsValidAfter1796070000000 } from './1796070000000-AddUserActiveAndSessionsValidAfter';
import { AddCentre1796210000000 } from './1796210000000-AddCentre';
import { AddOutbox1796300000000 } from './1796300000000-AddOutbox';
import { AddAccountTokens1796310000000 } from './1796310000000-AddAccountTokens';
import { AnnounceChangesAndSearchIndexes1796400000000 } from './1796400000000-AnnounceChangesAndSearchIndexes';
import { AddConvocationsSent1796320000000 } from './1796320000000-AddConvocationsSent';
import { AddAttestations1796500000000 } from './1796500000000-AddAttestations';
import { AddPersonalDataReads1796510000000 } from './1796510000000-AddPersonalDataReads';
import { PrepareAnonymisation1796520000000 } from './1796520000000-PrepareAnonymisation';
import { PvHashSurvivesAnonymisation1796530000000 } from './1796530000000-PvHashSurvivesAnonymisation';
import { IndexAuditStrings1796540000000 } from './1796540000000-IndexAuditStrings';
export const MIGRATIONS: Function[] = [
  CreateUsersAuditAndReferential1795390525664,
  AddCohortsAndLearners1795391511249,
  AddEcf1795391671886,
  AddProfessionalFiles1795392586567,
  AddJurySessionsAndLedger1795394618726,
  AddIdempotencyKeys1795400000000,
  RefuseTruncateOnAppendOnlyTables1796060000000,
  AddClientIpToLoginAttempts1796060788507,
  AddUserActiveAndSessionsValidAfter1796070000000,
  AddTitleDescriptors1796100000000,
  AddSessionTimeAddressPresident1796200000000,
  AddCentre1796210000000,
  AddOutbox1796300000000,
  AddConvocationsSent1796320000000,
  AddAccountTokens1796310000000,
  AnnounceChangesAndSearchIndexes1796400000000,
  AddAttestations1796500000000,
  AddPersonalDataReads1796510000000,
  PrepareAnonymisation1796520000000,
  PvHashSurvivesAnonymisation1796530000000,
  IndexAuditStrings1796540000000,
];
