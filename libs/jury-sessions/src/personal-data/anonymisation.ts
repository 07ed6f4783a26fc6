import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LearnersService } from '@app/learners';
import { DomainError } from '@app/platform';
import { frenchDate, pvComplete } from '@app/rules';
import type { ConvocationRecipient, PvContent } from '../entities/jury-session.entity';
import { anonymisedLabel, isAnonymised, pvHash, pvVerifies } from '../pv-content';
import { candidateName } from '../session-views';

/** What replaces the summary of an appeal (the candidate's own words) once they are anonymised. */
export const ANONYMISED_APPEAL_SUMMARY = 'Texte du recours effacé lors de l’anonymisation du candidat.';

interface StoredPv {
  id: string;
  session_id: string;
  start_date: string;
  version: number;
  reason: string | null;
  content: PvContent;
  sha256: string;
  hash_scheme: number;
}

/**
 * Issue 16 (3): anonymisation of one learner in libs/jury-sessions's tables (retention policy, or at once
 * by the centre), called by libs/privacy in its transaction. ADR 0014 says what a PV keeps.
 */
@Injectable()
export class JurySessionsAnonymisation {
  private readonly logger = new Logger('JurySessions');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly learners: LearnersService,
  ) {}

  /**
   * Anonymises `learnerId` wherever libs/jury-sessions holds their identity, in the caller's
   * transaction `m` (issue 16, ADR 0014):
   * - every PV version naming them as a candidate: the `identity` block `{fullName, birthDate, salt}`
   *   becomes `{pseudonym, anonymisedOn}` through the one narrow way the append-only trigger allows
   *   (`app.anonymisation` on, nothing else changed — the database checks it); each version is
   *   verified before (a PV that does not verify is not laundered: 409 PV.INTEGRITY_FAILED, nothing
   *   is changed) and again after, in the transaction (else it throws and everything rolls back);
   * - the recipients' list of convocations already sent (`jury_sessions.convocations_sent_to`): their
   *   name becomes « Anonyme <pseudonym> »;
   * - the summary of their appeals (their own words): replaced by a fixed sentence; kind, dates and
   *   outcome stay (statistics).
   * Kept, by decision (ADR 0014): the jury's observations (`comment`, per CCP) and the overrides'
   * reasons — the jury's record of the decision, inside the signed hash — and the results.
   * Idempotent: a second run changes nothing and counts 0.
   * @param pseudonym e.g. `ANON-7K3F…`, chosen by libs/privacy (the same in every lib).
   * @returns `{pvVersions, sessions, appeals}`: rows changed.
   */
  async anonymise(m: EntityManager, learnerId: string, pseudonym: string): Promise<Record<string, number>> {
    const anonymisedOn = (await m.query<{ d: string }[]>(`SELECT current_date::text AS d`))[0].d;
    const pvs: StoredPv[] = await m.query(
      `SELECT p.id, p.session_id, s.start_date::text, p.version, p.reason, p.content, p.sha256, p.hash_scheme
         FROM session_candidates sc
         JOIN jury_sessions s ON s.id = sc.session_id
         JOIN pv_versions p ON p.session_id = sc.session_id
        WHERE sc.learner_id = $1 AND p.content->'candidates' @> jsonb_build_array(jsonb_build_object('learnerId', $1::text))
        ORDER BY s.start_date, p.version
        FOR UPDATE OF p`,
      [learnerId],
    );
    // The names this learner had, to find them in the convocations' recipients.
    const names = new Set<string>();
    const changed: { id: string; content: PvContent }[] = [];
    for (const pv of pvs) {
      const stored = { ...pv, hashScheme: pv.hash_scheme };
      if (pv.hash_scheme !== 2 || !pvVerifies(stored)) throw this.unverifiable(pv);
      const content = JSON.parse(JSON.stringify(pv.content)) as PvContent;
      const entry = content.candidates.find((c) => c.learnerId === learnerId)!;
      if (!entry.identity || isAnonymised(entry.identity)) continue;
      names.add(entry.identity.fullName);
      entry.identity = { pseudonym, anonymisedOn };
      changed.push({ id: pv.id, content });
    }
    const previous = (await m.query<{ v: string | null }[]>(`SELECT current_setting('app.anonymisation', true) AS v`))[0].v ?? '';
    await m.query(`SELECT set_config('app.anonymisation', 'on', true)`);
    try {
      if (changed.length) {
        await m.query(
          `UPDATE pv_versions p SET content = x.content
             FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, content jsonb)
            WHERE p.id = x.id`,
          [JSON.stringify(changed)],
        );
        // Verified again as stored, in this transaction: the sha256 must not have moved.
        const after: StoredPv[] = await m.query(
          `SELECT p.id, p.session_id, ''::text AS start_date, p.version, p.reason, p.content, p.sha256, p.hash_scheme FROM pv_versions p WHERE p.id = ANY($1)`,
          [changed.map((c) => c.id)],
        );
        for (const pv of after) {
          if (pvHash({ ...pv, hashScheme: pv.hash_scheme }) !== pv.sha256) {
            this.logger.error(`PV ${pv.id} : empreinte différente après anonymisation`);
            throw new DomainError(
              'PV.INTEGRITY_FAILED',
              "L'anonymisation changerait l'empreinte d'un PV signé : elle est annulée. Prévenez l'administrateur du centre.",
              [{ pvVersion: pv.version, sha256: pv.sha256 }],
            );
          }
        }
      }
      for (const l of await this.learners.learnersByIds([learnerId])) names.add(candidateName(l));
      const sessions = await this.scrubConvocations(m, learnerId, names, anonymisedLabel(pseudonym));
      const [{ appeals }] = await m.query<{ appeals: number }[]>(
        `WITH changed AS (UPDATE appeals SET summary = $2 WHERE learner_id = $1 AND summary <> $2 RETURNING 1)
         SELECT count(*)::int AS appeals FROM changed`,
        [learnerId, ANONYMISED_APPEAL_SUMMARY],
      );
      return { pvVersions: changed.length, sessions, appeals };
    } finally {
      await m.query(`SELECT set_config('app.anonymisation', $1, true)`, [previous]);
    }
  }

  /**
   * A session involving `learnerId` as a candidate that a fully signed PV has not closed yet
   * (planned, in deliberation, awaiting signatures) — the earliest; null when none. Used for
   * 409 LEARNER.SESSION_OPEN (issue 16: no anonymisation while a session involving them is open).
   * One statement; in `m`'s transaction when given.
   */
  async openSessionOf(learnerId: string, m?: EntityManager): Promise<{ sessionId: string; startDate: string } | null> {
    const rows: { id: string; start_date: string; jurors: number; signatures: number | null }[] = await (m ?? this.dataSource).query(
      `SELECT s.id, s.start_date::text,
              (SELECT count(*)::int FROM session_jurors j WHERE j.session_id = s.id) AS jurors,
              (SELECT count(*)::int FROM pv_signatures g WHERE g.pv_version_id = v.id) AS signatures
         FROM session_candidates sc
         JOIN jury_sessions s ON s.id = sc.session_id
         LEFT JOIN LATERAL (SELECT p.id FROM pv_versions p WHERE p.session_id = s.id ORDER BY p.version DESC LIMIT 1) v ON TRUE
        WHERE sc.learner_id = $1
        ORDER BY s.start_date, s.id`,
      [learnerId],
    );
    // Closed: the latest PV version signed by every juror (R-DEC-4), by the one definition of completeness.
    const open = rows.find((r) => r.signatures === null || !pvComplete({ jurors: r.jurors, signatures: r.signatures }));
    return open ? { sessionId: open.id, startDate: open.start_date } : null;
  }

  /**
   * Learner id → the end date (YYYY-MM-DD) of the last session they were registered in as a
   * candidate (any outcome, absent included; a planned session counts); learners with none are
   * absent from the map. `null`: every learner. One statement (index session_candidates_by_learner).
   * Read by the retention policy (issue 16: « N / M years after the learner's last session »).
   */
  async lastSessionDates(learnerIds: string[] | null): Promise<Map<string, string>> {
    if (learnerIds && learnerIds.length === 0) return new Map();
    const rows: { learner_id: string; last: string }[] = await this.dataSource.query(
      `SELECT sc.learner_id, max(s.end_date)::text AS last
         FROM session_candidates sc JOIN jury_sessions s ON s.id = sc.session_id
        WHERE $1::uuid[] IS NULL OR sc.learner_id = ANY($1::uuid[])
        GROUP BY sc.learner_id`,
      [learnerIds],
    );
    return new Map(rows.map((r) => [r.learner_id, r.last]));
  }

  /**
   * Every PV version of the centre checked as reads check it (hash by its scheme, identities against
   * their digests), by batches of 500: `{checked, failed: [{sessionId, version}]}`. For the retention
   * run's report (issue 16: « PV hashes still valid » after anonymising).
   */
  async verifyAllPvs(): Promise<{ checked: number; failed: { sessionId: string; version: number }[] }> {
    let after = '00000000-0000-0000-0000-000000000000';
    let checked = 0;
    const failed: { sessionId: string; version: number }[] = [];
    for (;;) {
      const rows: (StoredPv & { session_id: string })[] = await this.dataSource.query(
        `SELECT id, session_id, version, reason, content, sha256, hash_scheme FROM pv_versions WHERE id > $1 ORDER BY id LIMIT 500`,
        [after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      checked += rows.length;
      for (const r of rows)
        if (!pvVerifies({ ...r, hashScheme: r.hash_scheme })) failed.push({ sessionId: r.session_id, version: r.version });
    }
    return { checked, failed };
  }

  /** Convocations already sent: the candidate's name in the recipients becomes the pseudonym's label. */
  private async scrubConvocations(m: EntityManager, learnerId: string, names: Set<string>, label: string): Promise<number> {
    if (names.size === 0) return 0;
    const sent: { id: string; to: ConvocationRecipient[] }[] = await m.query(
      `SELECT s.id, s.convocations_sent_to AS "to"
         FROM session_candidates sc JOIN jury_sessions s ON s.id = sc.session_id
        WHERE sc.learner_id = $1 AND s.convocations_sent_to IS NOT NULL`,
      [learnerId],
    );
    const changed = sent
      .map((s) => ({
        id: s.id,
        changed: s.to.some((r) => r.kind === 'candidate' && names.has(r.name)),
        to: s.to.map((r) => (r.kind === 'candidate' && names.has(r.name) ? { ...r, name: label } : r)),
      }))
      .filter((s) => s.changed);
    if (changed.length)
      await m.query(
        `UPDATE jury_sessions s SET convocations_sent_to = x."to" FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "to" jsonb) WHERE s.id = x.id`,
        [JSON.stringify(changed.map(({ id, to }) => ({ id, to })))],
      );
    return changed.length;
  }

  private unverifiable(pv: StoredPv): DomainError {
    this.logger.error(`PV ${pv.id} (version ${pv.version}) : empreinte non vérifiée, anonymisation refusée`);
    return new DomainError(
      'PV.INTEGRITY_FAILED',
      `Le PV de la session du ${frenchDate(pv.start_date)} (version ${pv.version}) ne correspond plus à son empreinte sha256 : l'anonymisation est refusée pour ne pas effacer la trace de cette modification. Prévenez l'administrateur du centre.`,
      [{ pvVersion: pv.version, sha256: pv.sha256 }],
    );
  }
}
