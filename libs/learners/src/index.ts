export * from './learners.module';
export { LearnersService } from './learners.service';
export type { CohortRecord, LearnerRecord } from './learner-records';
export { LEARNER_OPERATIONS } from './visibility';
export type { LearnerOperation, LearnerRelation, LearnerScope } from './visibility';
export { LearnerDto } from './dto/learner.dto';
export { LearnerLinksProvider } from './learner-links.provider';
export * from './port-sources';
