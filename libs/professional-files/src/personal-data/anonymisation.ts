import { Injectable } from '@nestjs/common';

/**
 * Issue 16 (3): anonymisation of one learner in libs/professional-files's tables (retention policy, or at once
 * by the centre), called by libs/privacy in its transaction.
 */
@Injectable()
export class ProfessionalFilesAnonymisation {}
