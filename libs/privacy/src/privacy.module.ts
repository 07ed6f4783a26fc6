import { Module } from '@nestjs/common';

/**
 * Issue 16: a learner's personal data across every lib — the export (RGPD art. 15, 20), the
 * retention policy's job and the anonymisation (art. 17) — through each lib's public API.
 */
@Module({})
export class PrivacyModule {}
