export * from './referential.module';
export { ReferentialService } from './referential.service';
export type { CcpStructure, TitleStructure } from './referential.service';
export type { CorrespondenceFacts } from './referential.repository';
export * from './dto/certification.dto';
export * from './port-sources';
