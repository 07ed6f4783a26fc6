import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CentreService } from '@app/centre';
import { JurySessionsAnonymisation } from '@app/jury-sessions';
import { LearnerRetentionFacts, LearnersAnonymisation, LearnersService } from '@app/learners';
import { AuditService, AuthUser, DomainError, JOB_QUEUES, JobQueue, PlatformAnonymisation } from '@app/platform';
import { ProfessionalFilesAnonymisation } from '@app/professional-files';
import { addDays, addMonths, todayInFrance } from '@app/rules';
import { AnonymisationService } from './anonymisation.service';

/** Learners per transaction: a run over 10,000 learners never holds one giant transaction. */
export const RETENTION_BATCH = 200;
/** The daily run, Europe/Paris. */
export const RETENTION_CRON = '0 3 * * *';
export const RETENTION_HOUR = 3;

export interface RetentionPolicy {
  attachmentsYears: number;
  identityYears: number;
}

export interface RetentionLearner {
  learnerId: string;
  /** Last name and first name (admin only: the names about to be erased). */
  label: string;
  /** The date the durations count from (YYYY-MM-DD) and what it is. */
  referenceDate: string;
  reference: 'session' | 'cohort' | 'vae' | 'created';
  /** DP attachments that will be deleted. */
  attachments: number;
}

export interface RetentionPreview {
  nextRunOn: string;
  policy: RetentionPolicy;
  attachmentsToDelete: number;
  identitiesToAnonymise: number;
  attachmentLearners: RetentionLearner[];
  identityLearners: RetentionLearner[];
  /** Learners due for anonymisation but in a session not yet closed: skipped until it is. */
  skippedOpenSession: number;
}

export interface RetentionRun {
  ranOn: string;
  policy: RetentionPolicy;
  trigger: 'schedule' | 'manual';
  attachmentsDeleted: number;
  attachmentBytes: number;
  learnersWithAttachmentsDeleted: number;
  identitiesAnonymised: number;
  skippedOpenSession: number;
}

interface Due {
  /** The attachments' cutoff (YYYY-MM-DD): only those uploaded before it (Paris day) are deleted. */
  attachmentsBefore: string;
  attachments: { facts: LearnerRetentionFacts; reference: Reference; count: number }[];
  identities: { facts: LearnerRetentionFacts; reference: Reference }[];
}
interface Reference {
  date: string;
  kind: RetentionLearner['reference'];
}

/** Advisory lock key of the run (hashtext('retention-run')): one run at a time across instances. */
const RUN_LOCK = 'retention-run';

/**
 * Issue 16 (3): the retention policy of the centre (CentreService.get().retention, defaults
 * DEFAULT_RETENTION with their source) applied daily at 03:00 Paris from the job queue (pg-boss fires
 * the schedule on one instance), or now by an admin. The durations count from the learner's
 * reference date ({@link referenceOf}): the latest of their last jury session's end, their last
 * cohort's end, their VAE recevabilité and their file's creation (ADR 0015).
 * - reference older than N years (attachmentsYears): the DP attachments themselves uploaded before
 *   that cutoff (`day − N years`, Paris) are deleted — `retention.attachments` (entity learner) per
 *   learner; an attachment uploaded later (a VAE learner's diploma added today) stays;
 * - older than M years (identityYears): the learner is anonymised (AnonymisationService), reason
 *   « Durée de conservation échue (M ans après la dernière activité : session, formation, recevabilité ou création de la fiche) », unless a session involving
 *   them is open (skipped, counted);
 * - one `retention.run` entry (entity centre, id 1) when the run changed something.
 * 200 learners per transaction; a second run finds nothing to do.
 */
@Injectable()
export class RetentionService implements OnModuleInit {
  private readonly logger = new Logger('Retention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly centre: CentreService,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
    private readonly learnersService: LearnersService,
    private readonly learners: LearnersAnonymisation,
    private readonly files: ProfessionalFilesAnonymisation,
    private readonly platform: PlatformAnonymisation,
    private readonly anonymisation: AnonymisationService,
    private readonly jury: JurySessionsAnonymisation,
  ) {}

  onModuleInit(): void {
    this.jobs.work(JOB_QUEUES.retention, async () => {
      const run = await this.run(null, 'schedule');
      this.logger.log(
        `Conservation du ${run.ranOn} : ${run.attachmentsDeleted} pièce(s) jointe(s) de DP effacée(s), ${run.identitiesAnonymised} identité(s) anonymisée(s), ${run.skippedOpenSession} reportée(s) (session ouverte)`,
      );
    });
    this.jobs.schedule(JOB_QUEUES.retention, RETENTION_CRON);
  }

  /** The day of the next daily run: today before 03:00 Paris, else tomorrow. */
  nextRunOn(now: Date = new Date()): string {
    const today = todayInFrance(now);
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hour12: false }).format(now));
    return hour < RETENTION_HOUR ? today : addDays(today, 1);
  }

  /** GET /api/retention/preview (admin): what the next run will erase, counted on that day. */
  async preview(): Promise<RetentionPreview> {
    const nextRunOn = this.nextRunOn();
    const policy = await this.policy();
    const due = await this.due(nextRunOn, policy);
    const skipped = new Set<string>();
    for (const d of due.identities) if (await this.anonymisation.openSession(d.facts.learnerId)) skipped.add(d.facts.learnerId);
    const identities = due.identities.filter((d) => !skipped.has(d.facts.learnerId));
    const labels = await this.learners.labels([...due.attachments, ...identities].map((d) => d.facts.learnerId));
    const counts = new Map(due.attachments.map((a) => [a.facts.learnerId, a.count]));
    const view = (d: { facts: LearnerRetentionFacts; reference: Reference }): RetentionLearner => ({
      learnerId: d.facts.learnerId,
      label: labels.get(d.facts.learnerId) ?? '',
      referenceDate: d.reference.date,
      reference: d.reference.kind,
      attachments: counts.get(d.facts.learnerId) ?? 0,
    });
    const byLabel = (a: RetentionLearner, b: RetentionLearner): number => a.label.localeCompare(b.label, 'fr');
    return {
      nextRunOn,
      policy,
      attachmentsToDelete: due.attachments.reduce((n, a) => n + a.count, 0),
      identitiesToAnonymise: identities.length,
      attachmentLearners: due.attachments.map(view).sort(byLabel),
      identityLearners: identities.map(view).sort(byLabel),
      skippedOpenSession: skipped.size,
    };
  }

  /**
   * POST /api/retention/runs (admin) and the daily job: applies the policy on `today` (Paris).
   * 409 CONFLICT while another run holds the lock (any instance). Returns the counts.
   */
  async run(actor: AuthUser | null, trigger: 'schedule' | 'manual', today: string = todayInFrance()): Promise<RetentionRun> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = (await lock.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [RUN_LOCK])) as { locked: boolean }[];
      if (!locked)
        throw new DomainError('CONFLICT', 'Une application de la politique de conservation est déjà en cours : réessayez dans un instant.');
      try {
        return await this.runLocked(actor, trigger, today);
      } finally {
        await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [RUN_LOCK]);
      }
    } finally {
      await lock.release();
    }
  }

  private async runLocked(actor: AuthUser | null, trigger: 'schedule' | 'manual', today: string): Promise<RetentionRun> {
    const policy = await this.policy();
    const due = await this.due(today, policy);
    const run: RetentionRun = {
      ranOn: today,
      policy,
      trigger,
      attachmentsDeleted: 0,
      attachmentBytes: 0,
      learnersWithAttachmentsDeleted: 0,
      identitiesAnonymised: 0,
      skippedOpenSession: 0,
    };
    const actorId = actor?.id ?? null;
    for (let i = 0; i < due.attachments.length; i += RETENTION_BATCH) {
      const batch = due.attachments.slice(i, i + RETENTION_BATCH);
      await this.dataSource.transaction(async (m) => {
        const deleted = await this.files.deleteAttachments(
          m,
          batch.map((b) => b.facts.learnerId),
          due.attachmentsBefore,
        );
        run.attachmentsDeleted += deleted.attachments;
        run.attachmentBytes += deleted.attachmentBytes;
        run.learnersWithAttachmentsDeleted += deleted.byLearner.size;
        const reference = new Map(batch.map((b) => [b.facts.learnerId, b.reference]));
        await this.audit.recordMany(
          m,
          [...deleted.byLearner].map(([learnerId, d]) => ({
            actorId,
            action: 'retention.attachments',
            entity: 'learner' as const,
            entityId: learnerId,
            after: {
              attachments: d.attachments,
              bytes: d.bytes,
              referenceDate: reference.get(learnerId)?.date,
              reference: reference.get(learnerId)?.kind,
              attachmentsYears: policy.attachmentsYears,
              trigger,
            },
          })),
        );
      });
    }
    const reason = `Durée de conservation échue (${policy.identityYears} ans après la dernière activité : session, formation, recevabilité ou création de la fiche)`;
    for (let i = 0; i < due.identities.length; i += RETENTION_BATCH) {
      const batch = due.identities.slice(i, i + RETENTION_BATCH);
      await this.dataSource.transaction(async (m) => {
        await this.platform.openErasure(m);
        const locked = [];
        for (const d of batch) {
          const learner = await this.learnersService.lockForAnonymisation(m, d.facts.learnerId);
          if (!learner || learner.anonymisedAt) continue;
          if (await this.anonymisation.openSession(learner.id, m)) {
            run.skippedOpenSession += 1;
            continue;
          }
          locked.push(learner);
        }
        const done = await this.anonymisation.anonymiseLocked(m, locked, { actorId, reason, trigger: 'retention' });
        run.identitiesAnonymised += done.size;
      });
    }
    if (run.attachmentsDeleted > 0 || run.identitiesAnonymised > 0) {
      await this.dataSource.transaction((m) =>
        this.audit.record(m, { actorId, action: 'retention.run', entity: 'centre', entityId: '1', after: run }),
      );
    }
    return run;
  }

  private async policy(): Promise<RetentionPolicy> {
    const { retention } = await this.centre.get();
    return { attachmentsYears: retention.attachmentsYears, identityYears: retention.identityYears };
  }

  /**
   * Learners due on `day`: their reference date more than N (attachments, when they have some
   * uploaded before `day − N years` too) or M (identity) years before it. The run deletes exactly the
   * attachments counted here (same cutoff), so the preview agrees with it. Four queries whatever the
   * number of learners.
   */
  private async due(day: string, policy: RetentionPolicy): Promise<Due> {
    const facts = await this.learners.retentionFacts();
    const sessions = await this.jury.lastSessionDates(null);
    const attachmentsBefore = addMonths(day, -12 * policy.attachmentsYears);
    const identityBefore = addMonths(day, -12 * policy.identityYears);
    const withRef = facts.map((f) => ({ facts: f, reference: referenceOf(f, sessions.get(f.learnerId)) }));
    const oldEnough = withRef.filter((d) => d.reference.date < attachmentsBefore);
    const counts = await this.files.attachmentCounts(
      oldEnough.map((d) => d.facts.learnerId),
      attachmentsBefore,
    );
    return {
      attachmentsBefore,
      attachments: oldEnough.filter((d) => counts.has(d.facts.learnerId)).map((d) => ({ ...d, count: counts.get(d.facts.learnerId)! })),
      identities: withRef.filter((d) => d.reference.date < identityBefore),
    };
  }
}

/**
 * The date the durations count from (ADR 0015, R-ELIG-6): the LATEST of the end of the learner's
 * last jury session, the end of their last cohort, their VAE recevabilité and their file's creation
 * (all YYYY-MM-DD) — so that a learner who sat a session years ago and re-trains now (a current or
 * later cohort, capitalisation R-ELIG-6), or is admitted to VAE later, is not due while active.
 * On a tie the first of session, cohort, VAE, creation names the reference.
 */
export function referenceOf(f: LearnerRetentionFacts, lastSession: string | undefined): Reference {
  const candidates: Reference[] = [];
  if (lastSession) candidates.push({ date: lastSession, kind: 'session' });
  if (f.lastCohortEnd) candidates.push({ date: f.lastCohortEnd, kind: 'cohort' });
  if (f.vaeAdmissibilityDate) candidates.push({ date: f.vaeAdmissibilityDate, kind: 'vae' });
  candidates.push({ date: f.createdOn, kind: 'created' });
  return candidates.reduce((a, b) => (b.date > a.date ? b : a));
}
