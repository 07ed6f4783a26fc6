export * from './dates';
export * from './certification-status';
export * from './patient-data';
export * from './refusal';
export * from './eligibility';
export * from './jury';
export * from './decision';
export * from './booklet';
