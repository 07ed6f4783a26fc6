import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** TypeORM answers an UPDATE or DELETE … RETURNING as `[rows, affected]`, a SELECT as the rows. */
function returned<T = unknown>(result: unknown): T[] {
  return (
    Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result
  ) as T[];
}

/** What replaces an erased free text (issue 16). */
const ERASED_TEXT = '[effacé]';

/**
 * Issue 16 (3): anonymisation of one learner in libs/professional-files's tables (retention policy,
 * or at once by the centre), called by libs/privacy in its transaction.
 */
@Injectable()
export class ProfessionalFilesAnonymisation {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The DP's text becomes « [effacé] »: every example's fields (title, organisation, service, tasks,
   * means, collaborators, extra — practice situations that may describe patients), qualifications
   * (title, issuer), trainers' comments, the declaration's place. Kept: the file, the examples'
   * CCPs and periods, the submission events (the facts R-DP-1 and R-ELIG-5 read). The attachments
   * are deleted ({@link deleteAttachments}). In the caller's transaction; idempotent.
   * Returns `{ examples, qualifications, comments, files, attachments, attachmentBytes }`.
   */
  async anonymise(m: EntityManager, learnerId: string, _pseudonym: string): Promise<Record<string, number>> {
    const files: { id: string }[] = await m.query('SELECT id FROM professional_files WHERE learner_id = $1', [learnerId]);
    const ids = files.map((f) => f.id);
    if (ids.length === 0) return { examples: 0, qualifications: 0, comments: 0, files: 0, attachments: 0, attachmentBytes: 0 };
    const examples = returned<unknown>(
      await m.query(
        `UPDATE dp_examples
          SET title = $2, organisation = $2, service = CASE WHEN service IS NULL THEN NULL ELSE $2 END, tasks = $2, means = $2,
              collaborators = $2, extra = CASE WHEN extra IS NULL THEN NULL ELSE $2 END, updated_at = now()
        WHERE file_id = ANY($1)
          AND (title <> $2 OR organisation <> $2 OR service <> $2 OR tasks <> $2 OR means <> $2 OR collaborators <> $2 OR extra <> $2)
        RETURNING id`,
        [ids, ERASED_TEXT],
      ),
    );
    const qualifications = returned<unknown>(
      await m.query(
        `UPDATE dp_qualifications SET title = $2, issuer = $2 WHERE file_id = ANY($1) AND (title <> $2 OR issuer <> $2) RETURNING id`,
        [ids, ERASED_TEXT],
      ),
    );
    const comments = returned<unknown>(
      await m.query(`UPDATE dp_comments SET text = $2 WHERE file_id = ANY($1) AND text <> $2 RETURNING id`, [ids, ERASED_TEXT]),
    );
    const declared = returned<unknown>(
      await m.query(
        `UPDATE professional_files SET declaration_place = $2 WHERE id = ANY($1) AND declaration_place IS NOT NULL AND declaration_place <> $2 RETURNING id`,
        [ids, ERASED_TEXT],
      ),
    );
    const { attachments, attachmentBytes } = await this.deleteAttachments(m, [learnerId]);
    return {
      examples: examples.length,
      qualifications: qualifications.length,
      comments: comments.length,
      files: declared.length,
      attachments,
      attachmentBytes,
    };
  }

  /**
   * Retention (issue 16): deletes the DP attachments of these learners — the rows and their bytes
   * (dp_attachment_chunks cascade); nothing of them stays, not even the file name (it may name the
   * learner or a patient). `uploadedBefore` (YYYY-MM-DD, retention's cutoff `day − N years`): only
   * the attachments uploaded before that day (Europe/Paris) are deleted — one added since (a VAE
   * learner's diploma uploaded today) stays; without it (anonymisation) all of them. In the caller's
   * transaction; a second call deletes nothing.
   * Returns `{ attachments, attachmentBytes }` and the learners who had some.
   */
  async deleteAttachments(
    m: EntityManager,
    learnerIds: string[],
    uploadedBefore?: string,
  ): Promise<{ attachments: number; attachmentBytes: number; byLearner: Map<string, { attachments: number; bytes: number }> }> {
    const byLearner = new Map<string, { attachments: number; bytes: number }>();
    if (learnerIds.length === 0) return { attachments: 0, attachmentBytes: 0, byLearner };
    const rows = returned<{ learner_id: string; size: number }>(
      await m.query(
        `DELETE FROM dp_attachments a USING professional_files f
        WHERE a.file_id = f.id AND f.learner_id = ANY($1)
          AND ($2::date IS NULL OR (a.created_at AT TIME ZONE 'Europe/Paris')::date < $2::date)
        RETURNING f.learner_id, a.size`,
        [learnerIds, uploadedBefore ?? null],
      ),
    );
    let bytes = 0;
    for (const r of rows) {
      const entry = byLearner.get(r.learner_id) ?? { attachments: 0, bytes: 0 };
      entry.attachments += 1;
      entry.bytes += r.size;
      bytes += r.size;
      byLearner.set(r.learner_id, entry);
    }
    return { attachments: rows.length, attachmentBytes: bytes, byLearner };
  }

  /** Id of the learner's DP (if any): the audit entries about it are scrubbed too. */
  async auditedIds(m: EntityManager, learnerId: string): Promise<string[]> {
    const rows: { id: string }[] = await m.query('SELECT id FROM professional_files WHERE learner_id = $1', [learnerId]);
    return rows.map((r) => r.id);
  }

  /**
   * For the retention preview and run: attachments per learner (only those who have some), counted
   * as {@link deleteAttachments} deletes them — only those uploaded before `uploadedBefore`
   * (YYYY-MM-DD, Paris) when given. One query.
   */
  async attachmentCounts(
    learnerIds: string[],
    uploadedBefore?: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, number>> {
    if (learnerIds.length === 0) return new Map();
    const rows: { learner_id: string; n: number }[] = await m.query(
      `SELECT f.learner_id, count(*)::int AS n FROM dp_attachments a JOIN professional_files f ON f.id = a.file_id
        WHERE f.learner_id = ANY($1)
          AND ($2::date IS NULL OR (a.created_at AT TIME ZONE 'Europe/Paris')::date < $2::date)
        GROUP BY f.learner_id`,
      [learnerIds, uploadedBefore ?? null],
    );
    return new Map(rows.map((r) => [r.learner_id, r.n]));
  }
}
