export * from './jury-sessions.module';
export { JurySessionsService } from './jury-sessions.service';
export { SessionDocumentsService } from './session-documents.service';
