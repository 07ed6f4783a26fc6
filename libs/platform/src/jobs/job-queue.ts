import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { currentTransaction } from '../database/transaction-context';

/**
 * The job queue (issue 14): pg-boss 10 on the app's PostgreSQL — no Redis, no home-made loop.
 * Jobs survive a crash (they are rows), are retried with back-off, and a schedule fires once
 * whatever the number of instances (pg-boss elects one).
 *
 * Every queue is named here: pg-boss makes a table partition per queue, which is DDL, so the queues
 * are created with the schema by the owner role at start (prepareJobQueue, under the migrations'
 * advisory lock) and the app's restricted role only reads and writes rows.
 */
export const JOB_QUEUES = {
  /** One job per outbox message: `{ messageId }`. */
  sendMessage: 'outbox-send',
  /** Daily, 07:00 Paris: the reminders of issue 14 (a juror's PV signature, a learner's DP). */
  dailyReminders: 'daily-reminders',
  /** Daily, 03:00 Paris: the retention policy of issue 16 (libs/privacy, ADR 0015). */
  retention: 'retention-daily',
} as const;
export type JobQueueName = (typeof JOB_QUEUES)[keyof typeof JOB_QUEUES];

export const JOB_SCHEMA = 'pgboss';

/** The database URL the job queue connects with (the app's role). */
export const JOB_QUEUE_URL = Symbol('JOB_QUEUE_URL');

/** Creates or upgrades pg-boss's schema and the queues, as `url`'s role; then lets `appRole` use them (DML only). */
export async function prepareJobQueue(url: string, appRole: string | null): Promise<void> {
  const boss = new PgBoss({ connectionString: url, schema: JOB_SCHEMA, max: 1, supervise: false, schedule: false, migrate: true });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    for (const name of Object.values(JOB_QUEUES)) {
      if (!(await boss.getQueue(name))) await boss.createQueue(name);
    }
    if (appRole) {
      const db = boss.getDb() as { executeSql(text: string, values?: unknown[]): Promise<unknown> };
      const role = `"${appRole.replace(/"/g, '""')}"`;
      await db.executeSql(`GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO ${role}`);
      await db.executeSql(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO ${role}`);
      await db.executeSql(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${JOB_SCHEMA} TO ${role}`);
      await db.executeSql(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${JOB_SCHEMA} TO ${role}`);
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

export interface JobOptions {
  /** Retries after the first failure (default 5), with exponential back-off from `retryDelaySeconds`. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** How long one run may take before pg-boss takes it back and retries it (a crashed worker). */
  expireInSeconds?: number;
  startAfter?: Date;
}

export type JobHandler<T> = (data: T, job: { id: string; retryCount: number; retryLimit: number }) => Promise<void>;

/**
 * Sends jobs (in the caller's transaction when there is one: the job exists if and only if the fact
 * that caused it was committed) and runs the handlers libs register. Started after the app's
 * modules are ready, stopped before the database pool closes.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('JobQueue');
  private boss: PgBoss | null = null;
  private readonly handlers = new Map<JobQueueName, { handler: JobHandler<unknown>; batchSize: number }>();
  private readonly schedules: { name: JobQueueName; cron: string }[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE_URL) private readonly url: string,
  ) {}

  /** Registers the handler of a queue (call from a provider's constructor or onModuleInit). */
  work<T>(name: JobQueueName, handler: JobHandler<T>, options: { batchSize?: number } = {}): void {
    this.handlers.set(name, { handler: handler as JobHandler<unknown>, batchSize: options.batchSize ?? 1 });
  }

  /** A cron schedule in Europe/Paris (pg-boss fires it on one instance only). */
  schedule(name: JobQueueName, cron: string): void {
    this.schedules.push({ name, cron });
  }

  /**
   * Queues a job. Inside a transaction (ADR 0008), the job row is written by that transaction:
   * rolled back with it, visible to the workers only once it commits.
   */
  async send(name: JobQueueName, data: object, options: JobOptions = {}): Promise<void> {
    const boss = this.started();
    const manager = currentTransaction();
    const db = manager
      ? { executeSql: async (text: string, values: unknown[]) => ({ rows: await manager.query<unknown[]>(text, values) }) }
      : undefined;
    await boss.send(name, data, {
      retryLimit: options.retryLimit ?? 5,
      retryDelay: options.retryDelaySeconds ?? 30,
      retryBackoff: true,
      expireInSeconds: options.expireInSeconds ?? 15 * 60,
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      ...(db ? { db } : {}),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const timeout = this.config.mail.sendTimeoutSeconds;
    const boss = new PgBoss({
      connectionString: this.url,
      schema: JOB_SCHEMA,
      application_name: 'sams-jobs',
      max: 3,
      migrate: false,
      // Expired runs (a crashed instance) are taken back within one send timeout.
      maintenanceIntervalSeconds: Math.max(1, Math.min(60, timeout)),
      pollingIntervalSeconds: 1,
    });
    boss.on('error', (error: Error) => this.logger.error(`File de travaux : ${error.message}`));
    await boss.start();
    this.boss = boss;
    for (const [name, { handler, batchSize }] of this.handlers) {
      await boss.work(
        name,
        { batchSize, includeMetadata: true, pollingIntervalSeconds: 1 },
        async (jobs: PgBoss.JobWithMetadata<object>[]) => {
          for (const job of jobs) await handler(job.data, { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit });
        },
      );
    }
    for (const { name, cron } of this.schedules) await boss.schedule(name, cron, {}, { tz: 'Europe/Paris', retryLimit: 3 });
  }

  async onApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: 5_000 }).catch(() => undefined);
  }

  private started(): PgBoss {
    if (!this.boss) throw new Error('La file de travaux n’est pas démarrée.');
    return this.boss;
  }
}
