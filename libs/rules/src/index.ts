export * from './dates';
export * from './certification-status';
export * from './patient-data';
