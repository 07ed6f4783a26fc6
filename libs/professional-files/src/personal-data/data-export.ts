import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { LearnerRecord } from '@app/learners';
import { preparedRead } from '@app/platform';
import { ProfessionalFilesService } from '../professional-files.service';

/** One DP attachment offered to the export: its facts, and its bytes on demand. */
export interface ExportedAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
  /**
   * The bytes, read one stored row (512 KiB) at a time, each by a short query on a pool
   * connection released at once (a slow download holds no connection); pulled only as the reader
   * consumes (back-pressure); destroying the stream stops the reads.
   */
  open: () => Readable;
}

/**
 * Issue 16 (2): what libs/professional-files holds on one learner, for the learner's export (RGPD
 * art. 15, 20), read by libs/privacy.
 */
@Injectable()
export class ProfessionalFilesDataExport {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: ProfessionalFilesService,
  ) {}

  /**
   * The DP as its screen shows it (ProfessionalFileDto: status, examples with their text,
   * qualifications, attachments, declaration, submittedAt, comments with their author's name,
   * warnings), plus `fileId` and `history: [{ kind: 'submitted' | 'reopened', at }]` (every
   * submission and reopening). Two statements side by side. The caller (libs/privacy) checked the
   * right to read the learner and gives the learner file it read.
   */
  async exportOf(learnerId: string, learner: LearnerRecord): Promise<Record<string, unknown>> {
    if (learner.id !== learnerId) throw new Error('ProfessionalFilesDataExport.exportOf: learner mismatch');
    const [bundle, events] = await Promise.all([
      this.files.bundleOf(learner),
      preparedRead<{ kind: string; at: Date }>(
        this.dataSource,
        `SELECT v.kind, v.at FROM professional_file_events v JOIN professional_files f ON f.id = v.file_id
          WHERE f.learner_id = $1 ORDER BY v.id`,
        [learnerId],
      ),
    ]);
    return { fileId: bundle.fileId, ...bundle.view, history: events.map((e) => ({ kind: e.kind, at: new Date(e.at).toISOString() })) };
  }

  /**
   * The attachments listed by `exportOf`'s `attachments`, with a way to read their bytes. No
   * statement until a stream is read.
   */
  attachmentsOf(
    attachments: { id: string; filename: string; contentType: string; size: number; sha256: string; createdAt: string }[],
  ): ExportedAttachment[] {
    return attachments.map((a) => ({ ...a, open: () => this.bytesOf(a.id, a.size) }));
  }

  private bytesOf(attachmentId: string, size: number): Readable {
    const dataSource = this.dataSource;
    return Readable.from(
      (async function* () {
        let read = 0;
        for (let seq = 0; read < size; seq += 1) {
          const rows: { data: Buffer }[] = await dataSource.query(
            'SELECT data FROM dp_attachment_chunks WHERE attachment_id = $1 AND seq = $2',
            [attachmentId, seq],
          );
          if (!rows[0]) throw new Error(`chunk ${seq} of attachment ${attachmentId} is missing`);
          read += rows[0].data.length;
          yield rows[0].data;
        }
      })(),
      { objectMode: false },
    );
  }
}
