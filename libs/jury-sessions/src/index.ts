export * from './jury-sessions.module';
export { JurySessionsService } from './jury-sessions.service';
export { SessionDocumentsService } from './session-documents.service';
export { SessionFactsProvider } from './session-facts.provider';
