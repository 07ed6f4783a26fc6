export * from './dates';
export * from './certification-status';
