import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { UsersService } from '@app/auth';
import { LearnersService } from '@app/learners';
import { APP_CONFIG, AppConfig, JOB_QUEUES, JobQueue, NewMessage, OutboxService } from '@app/platform';
import { ProfessionalFilesService } from '@app/professional-files';
import { todayInFrance } from '@app/rules';
import { JurySessionsRepository } from './jury-sessions.repository';
import { reminderDpMessage, reminderPvSignatureMessage } from './messages';

/** A juror's signature is awaited this many days after the PV version was drafted before a reminder. */
export const PV_SIGNATURE_REMINDER_DAYS = 2;
/** A learner whose DP is not submitted is reminded when a session they are registered for starts within this many days. */
export const DP_REMINDER_DAYS = 30;

export interface RemindersRun {
  today: string;
  /** Messages written (a reminder already sent is not written again). */
  pvSignature: number;
  dp: number;
}

/**
 * The daily reminders of issue 14, run at 07:00 Paris from the job queue (pg-boss fires a schedule
 * on one instance only):
 * - a juror whose signature on the current PV version is awaited for 2 days or more since that
 *   version was drafted → `reminder_pv_signature`, once per (PV version, juror);
 * - a learner registered in a session starting within 30 days (not started, deliberation not opened)
 *   whose DP is not submitted → `reminder_dp`, once per (learner, session).
 * « Once » is the outbox's dedupe key, so a run repeated (retry, two runs the same day) sends nothing
 * twice. Set-based: a fixed number of queries whatever the number of sessions and learners; the DP
 * status comes from libs/professional-files' public API, never its tables.
 */
@Injectable()
export class RemindersService implements OnModuleInit {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly repo: JurySessionsRepository,
    private readonly jobs: JobQueue,
    private readonly outbox: OutboxService,
    private readonly users: UsersService,
    private readonly learners: LearnersService,
    private readonly files: ProfessionalFilesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.work(JOB_QUEUES.dailyReminders, async () => {
      const run = await this.runDailyReminders();
      this.logger.log(`Rappels du ${run.today} : ${run.pvSignature} signature(s) de PV, ${run.dp} dossier(s) professionnel(s)`);
    });
    this.jobs.schedule(JOB_QUEUES.dailyReminders, '0 7 * * *');
  }

  /** `today` (YYYY-MM-DD, Paris) for tests; the job uses today. */
  async runDailyReminders(today: string = todayInFrance()): Promise<RemindersRun> {
    const base = this.config.publicUrl ?? `http://localhost:${this.config.port}`;
    const signatures = await this.pvSignatureReminders(today, base);
    const dps = await this.dpReminders(today, base);
    return this.repo.transaction(async () => ({
      today,
      pvSignature: (await this.outbox.enqueue(signatures)).length,
      dp: (await this.outbox.enqueue(dps)).length,
    }));
  }

  private async pvSignatureReminders(today: string, base: string): Promise<NewMessage[]> {
    const rows: {
      session_id: string;
      version: number;
      drafted_on: string;
      user_id: string;
      type: 'title' | 'ccp';
      start_date: string;
      end_date: string;
      start_time: string | null;
    }[] = await this.repo.db.query(
      `WITH latest AS (SELECT DISTINCT ON (session_id) id, session_id, version, created_at FROM pv_versions ORDER BY session_id, version DESC)
       SELECT v.session_id, v.version, (v.created_at AT TIME ZONE 'Europe/Paris')::date::text AS drafted_on, j.user_id,
              s.type, s.start_date::text AS start_date, s.end_date::text AS end_date, s.start_time
       FROM latest v
       JOIN jury_sessions s ON s.id = v.session_id
       JOIN session_jurors j ON j.session_id = v.session_id
       WHERE (v.created_at AT TIME ZONE 'Europe/Paris')::date <= $1::date - $2::int
         AND NOT EXISTS (SELECT 1 FROM pv_signatures g WHERE g.pv_version_id = v.id AND g.user_id = j.user_id)`,
      [today, PV_SIGNATURE_REMINDER_DAYS],
    );
    const users = new Map((await this.users.findMany([...new Set(rows.map((r) => r.user_id))])).map((u) => [u.id, u]));
    return rows.flatMap((r) => {
      const user = users.get(r.user_id);
      if (!user?.email) return [];
      return [
        {
          kind: 'reminder_pv_signature' as const,
          to: { address: user.email, name: user.fullName },
          ...reminderPvSignatureMessage({
            fullName: user.fullName,
            sessionId: r.session_id,
            session: { type: r.type, startDate: r.start_date, endDate: r.end_date, startTime: r.start_time },
            version: r.version,
            draftedOn: r.drafted_on,
            base,
          }),
          dedupeKey: `reminder_pv_signature:${r.session_id}:v${r.version}:${r.user_id}`,
          userId: user.id,
          sessionId: r.session_id,
        },
      ];
    });
  }

  private async dpReminders(today: string, base: string): Promise<NewMessage[]> {
    const rows: {
      learner_id: string;
      session_id: string;
      type: 'title' | 'ccp';
      start_date: string;
      end_date: string;
      start_time: string | null;
    }[] = await this.repo.db.query(
      `SELECT c.learner_id, s.id AS session_id, s.type, s.start_date::text AS start_date, s.end_date::text AS end_date, s.start_time
         FROM session_candidates c JOIN jury_sessions s ON s.id = c.session_id
         WHERE s.start_date > $1::date AND s.start_date <= $1::date + $2::int AND s.deliberation_opened_at IS NULL`,
      [today, DP_REMINDER_DAYS],
    );
    if (rows.length === 0) return [];
    const ids = [...new Set(rows.map((r) => r.learner_id))];
    const submitted = await this.files.submittedLearners(ids);
    const learners = new Map((await this.learners.learnersByIds(ids.filter((id) => !submitted.has(id)))).map((l) => [l.id, l]));
    return rows.flatMap((r) => {
      const learner = learners.get(r.learner_id);
      const address = learner?.email?.trim();
      if (!learner || !address) return [];
      return [
        {
          kind: 'reminder_dp' as const,
          to: { address, name: `${learner.firstName} ${learner.lastName}` },
          ...reminderDpMessage({
            firstName: learner.firstName,
            lastName: learner.lastName,
            session: { type: r.type, startDate: r.start_date, endDate: r.end_date, startTime: r.start_time },
            base,
          }),
          dedupeKey: `reminder_dp:${learner.id}:${r.session_id}`,
          learnerId: learner.id,
          userId: learner.userId,
          sessionId: r.session_id,
        },
      ];
    });
  }
}
