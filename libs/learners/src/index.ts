export * from './learners.module';
export { LearnersService } from './learners.service';
export type { CohortRecord, LearnerRecord } from './learners.service';
export { learnerScope, registerJuryLearnerCondition } from './visibility';
export type { LearnerScope } from './visibility';
export { LearnerDto } from './dto/learner.dto';
