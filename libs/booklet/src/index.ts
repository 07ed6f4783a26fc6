export * from './booklet.module';
export { BookletService } from './booklet.service';
export type { BookletBundle } from './booklet.service';
export { BookletDto } from './dto/booklet.dto';
export * from './port-sources';
export { BookletDataExport } from './personal-data/data-export';
export { BookletAnonymisation } from './personal-data/anonymisation';
