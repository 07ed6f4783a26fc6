export * from './ecf.module';
export { EcfService } from './ecf.service';
export type { EcfBundle } from './ecf.service';
export { LearnerEcfDto } from './dto/ecf.dto';
export { EvaluatorOfLearnerProvider } from './evaluator-of-learner.provider';
export * from './port-sources';
export { EcfDataExport } from './personal-data/data-export';
export { EcfAnonymisation } from './personal-data/anonymisation';
