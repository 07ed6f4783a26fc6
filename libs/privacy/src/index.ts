export { PrivacyModule } from './privacy.module';
export { RetentionController } from './retention/retention.controller';
