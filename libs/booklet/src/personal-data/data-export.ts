import { Injectable } from '@nestjs/common';

/**
 * Issue 16 (2): what libs/booklet holds on one learner, for the learner's export (RGPD art. 15, 20),
 * read by libs/privacy.
 */
@Injectable()
export class BookletDataExport {}
