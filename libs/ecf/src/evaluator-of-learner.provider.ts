import { Injectable } from '@nestjs/common';
import type { LearnerRelationCondition } from '@app/platform';

/**
 * Port EVALUATOR_OF_LEARNER (libs/learners' `evaluator` relation, R-ECF-2: a trainer who
 * evaluated the learner signs the synthesis as evaluator), from our own table.
 */
@Injectable()
export class EvaluatorOfLearnerProvider implements LearnerRelationCondition {
  condition(learnersAlias: string): string {
    return `EXISTS (SELECT 1 FROM ecf_evaluations ev WHERE ev.learner_id = ${learnersAlias}.id AND ev.evaluator_id = :scopeUserId)`;
  }
}
