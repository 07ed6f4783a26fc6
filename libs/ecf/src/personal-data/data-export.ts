import { Injectable } from '@nestjs/common';
import type { LearnerRecord } from '@app/learners';
import { EcfService } from '../ecf.service';

/**
 * Issue 16 (2): what libs/ecf holds on one learner, for the learner's export (RGPD art. 15, 20),
 * read by libs/privacy.
 */
@Injectable()
export class EcfDataExport {
  constructor(private readonly ecf: EcfService) {}

  /**
   * The learner's ECF as the livret ECF shows it (LearnerEcfDto): `{ learnerId, ccps: [{ ccpCode,
   * number, title, evaluations: [{ id, ccpCode, date, description, results: [{competence, acquired}],
   * evaluatorId, evaluatorName, comment }], synthesis: { version, mastered, observations,
   * competencesToReassess, signatures (who, as what, when), acknowledgedAt, … } | null }] }` — dates
   * 'YYYY-MM-DD', instants ISO 8601. The caller (libs/privacy) checked the right to read the learner
   * and gives the learner file it read: one statement (EcfRepository.learnerEcf), names from memory.
   */
  async exportOf(learnerId: string, learner: LearnerRecord): Promise<Record<string, unknown>> {
    if (learner.id !== learnerId) throw new Error('EcfDataExport.exportOf: learner mismatch');
    const { ecf } = await this.ecf.bundleOf(learner);
    return { ...ecf };
  }
}
