export * from './booklet.module';
export { BookletService } from './booklet.service';
export type { BookletBundle } from './booklet.service';
