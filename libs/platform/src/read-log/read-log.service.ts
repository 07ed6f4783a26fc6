import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../http/auth-decorators';
import { PersonalDataReadKind, ReaderRole } from './personal-data-read.entity';

export interface PersonalDataReadRecord {
  at: string;
  readerId: string;
  readerRole: ReaderRole;
  what: PersonalDataReadKind;
  subjectId: string;
}

/**
 * The role under which a read is logged, from the caller's relations to the learner (libs/learners'
 * LearnerRelation names): null when the caller reads as the learner themself (not logged), else
 * admin, trainer or juror in that order. A read without any of them is not logged either.
 */
export function readerRoleOf(relations: ReadonlySet<string>): ReaderRole | null {
  if (relations.has('self')) return null;
  if (relations.has('admin')) return 'admin';
  if (relations.has('trainer')) return 'trainer';
  if (relations.has('juror')) return 'juror';
  return null;
}

/**
 * Issue 16 (4): who read a learner's DP or jury dossier, and when. One INSERT per read, made by the
 * controller after the read succeeded (a refused read, 403/404, is not logged), outside the read's
 * own statements.
 */
@Injectable()
export class PersonalDataReads {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Logs one read; `role` null (the learner themself) logs nothing. One statement. */
  async record(
    reader: Pick<AuthUser, 'id'>,
    role: ReaderRole | null,
    learnerId: string,
    what: PersonalDataReadKind,
    subjectId: string,
  ): Promise<void> {
    if (!role) return;
    await this.dataSource.query(
      'INSERT INTO personal_data_reads (reader_id, reader_role, learner_id, what, subject_id) VALUES ($1, $2, $3, $4, $5)',
      [reader.id, role, learnerId, what, subjectId],
    );
  }

  /** One page of a learner's reads, newest first, and the total: one statement. */
  async pageOf(learnerId: string, page: number, pageSize: number): Promise<{ items: PersonalDataReadRecord[]; total: number }> {
    const rows: { at: Date; reader_id: string; reader_role: ReaderRole; what: PersonalDataReadKind; subject_id: string; total: string }[] =
      await this.dataSource.query(
        `SELECT at, reader_id, reader_role, what, subject_id, count(*) OVER () AS total FROM personal_data_reads
          WHERE learner_id = $1 ORDER BY at DESC, id DESC OFFSET $2 LIMIT $3`,
        [learnerId, (page - 1) * pageSize, pageSize],
      );
    const total = rows[0] ? Number(rows[0].total) : page === 1 ? 0 : await this.count(learnerId);
    return {
      items: rows.map((r) => ({
        at: r.at.toISOString(),
        readerId: r.reader_id,
        readerRole: r.reader_role,
        what: r.what,
        subjectId: r.subject_id,
      })),
      total,
    };
  }

  private async count(learnerId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM personal_data_reads WHERE learner_id = $1',
      [learnerId],
    );
    return n;
  }

  /** Every read of one learner's data, oldest first, in one statement ('at' as an ISO instant). */
  async readsOf(learnerId: string): Promise<PersonalDataReadRecord[]> {
    const rows: { at: Date; reader_id: string; reader_role: ReaderRole; what: PersonalDataReadKind; subject_id: string }[] =
      await this.dataSource.query(
        'SELECT at, reader_id, reader_role, what, subject_id FROM personal_data_reads WHERE learner_id = $1 ORDER BY at, id',
        [learnerId],
      );
    return rows.map((r) => ({
      at: r.at.toISOString(),
      readerId: r.reader_id,
      readerRole: r.reader_role,
      what: r.what,
      subjectId: r.subject_id,
    }));
  }
}
