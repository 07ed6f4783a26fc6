import { NestFactory } from '@nestjs/core';
import { AppModule } from '../apps/api/src/app.module';
import { PortsModule } from '../apps/api/src/ports.module';
import { createTestDatabase, testConfig } from './support/test-app';

/**
 * Issue 13 (3): ports are required. The app without the composition root that binds them
 * (apps/api/src/ports.module.ts) does not boot: a port nobody binds is a boot error naming it,
 * never a silent « none » answered at run time.
 */
describe('ports bound at the composition root (ADR 0010)', () => {
  it('without PortsModule, the app refuses to boot and names the unbound port', async () => {
    // The database is left to the run's throw-away cluster: the failed boot leaves its pool open,
    // and dropping the database under it would end those connections with an unhandled error.
    const db = await createTestDatabase();
    const root = AppModule.forRoot(testConfig(db.url), db.url);
    const withoutPorts = { ...root, imports: (root.imports ?? []).filter((m) => m !== PortsModule) };
    expect(withoutPorts.imports.length).toBe((root.imports ?? []).length - 1);
    const booting = NestFactory.createApplicationContext(withoutPorts, { logger: false, abortOnError: false });
    await expect(booting).rejects.toThrow(
      /LEARNER_LINKS|JUROR_OF_LEARNER|EVALUATOR_OF_LEARNER|HELD_CCPS|SESSION_HISTORY|OPEN_DELIBERATIONS|AUDIT_LABEL_SOURCES|TITLE_USES/,
    );
  });
});
