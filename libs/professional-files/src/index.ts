export * from './professional-files.module';
export { ProfessionalFilesService } from './professional-files.service';
export type { ProfessionalFileBundle } from './professional-files.service';
export { ProfessionalFileDto } from './dto/professional-file.dto';
export * from './port-sources';
export { ProfessionalFilesDataExport } from './personal-data/data-export';
export type { ExportedAttachment } from './personal-data/data-export';
export { ProfessionalFilesAnonymisation } from './personal-data/anonymisation';
