import { Injectable } from '@nestjs/common';
import { preparedRead } from '@app/platform';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { readChunks } from './attachment-store';
import {
  DpAttachment,
  DpComment,
  DpExample,
  DpQualification,
  ProfessionalFile,
  ProfessionalFileEvent,
} from './entities/professional-file.entity';

/** An example as the DP view reads it. */
export type ExampleRow = Omit<DpExample, 'fileId' | 'createdAt' | 'file' | 'ccp'>;
/** A qualification as the DP view reads it. */
export type QualificationRow = Pick<DpQualification, 'id' | 'title' | 'issuer' | 'obtainedOn'>;
/** An attachment's metadata as the DP view reads it. */
export type AttachmentRow = Omit<DpAttachment, 'fileId' | 'file'>;
/** A comment as the DP view reads it. */
export type CommentRow = Pick<DpComment, 'id' | 'exampleId' | 'authorId' | 'text' | 'createdAt'>;

/** What the DP view shows, besides the learner and the title. */
export interface FileContents {
  examples: ExampleRow[];
  qualifications: QualificationRow[];
  attachments: AttachmentRow[];
  comments: CommentRow[];
  lastEvent: Pick<ProfessionalFileEvent, 'kind' | 'at'> | null;
}

/** The learner's file row as the DP view reads it. */
export type FileRow = Pick<ProfessionalFile, 'id' | 'declarationPlace' | 'declarationSignedAt'>;

/**
 * The dossier professionnel's tables (files, events, examples, qualifications, attachments and
 * their chunks, comments): every query of libs/professional-files, a fixed number each. CCPs come
 * from ReferentialService, held CCPs through the HELD_CCPS port. Not exported.
 */
@Injectable()
export class ProfessionalFilesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The learner's DP in one statement (issue 15; it was six round trips): the file row, its
   * examples (period, then creation), qualifications (date obtained), attachments' metadata and
   * comments (creation) and its last event. `null`: no file yet. Timestamps come as JSON text and
   * become the Dates the driver would have given.
   */
  async fileRead(learnerId: string): Promise<{ file: FileRow; contents: FileContents } | null> {
    type Stamped<T, K extends keyof T> = Omit<T, K> & { [P in K]: string };
    const rows: (FileRow & {
      examples: Stamped<ExampleRow, 'updatedAt'>[];
      qualifications: QualificationRow[];
      attachments: Stamped<AttachmentRow, 'createdAt'>[];
      comments: Stamped<CommentRow, 'createdAt'>[];
      last_event: Stamped<NonNullable<FileContents['lastEvent']>, 'at'> | null;
    })[] = await preparedRead(
      this.dataSource,
      `SELECT f.id, f.declaration_place AS "declarationPlace", f.declaration_signed_at AS "declarationSignedAt",
         coalesce((SELECT json_agg(json_build_object(
                     'id', e.id, 'ccpId', e.ccp_id, 'title', e.title, 'organisation', e.organisation, 'service', e.service,
                     'periodFrom', e.period_from, 'periodTo', e.period_to, 'tasks', e.tasks, 'means', e.means,
                     'collaborators', e.collaborators, 'extra', e.extra, 'updatedAt', e.updated_at)
                     ORDER BY e.period_from, e.created_at, e.id)
                     FROM dp_examples e WHERE e.file_id = f.id), '[]') AS examples,
         coalesce((SELECT json_agg(json_build_object('id', q.id, 'title', q.title, 'issuer', q.issuer, 'obtainedOn', q.obtained_on)
                     ORDER BY q.obtained_on, q.created_at, q.id)
                     FROM dp_qualifications q WHERE q.file_id = f.id), '[]') AS qualifications,
         coalesce((SELECT json_agg(json_build_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'size', a.size,
                     'sha256', a.sha256, 'createdAt', a.created_at)
                     ORDER BY a.created_at, a.id)
                     FROM dp_attachments a WHERE a.file_id = f.id), '[]') AS attachments,
         coalesce((SELECT json_agg(json_build_object('id', c.id, 'exampleId', c.example_id, 'authorId', c.author_id, 'text', c.text,
                     'createdAt', c.created_at)
                     ORDER BY c.created_at, c.id)
                     FROM dp_comments c WHERE c.file_id = f.id), '[]') AS comments,
         (SELECT json_build_object('kind', v.kind, 'at', v.at) FROM professional_file_events v WHERE v.file_id = f.id
           ORDER BY v.id DESC LIMIT 1) AS last_event
       FROM professional_files f WHERE f.learner_id = $1`,
      [learnerId],
    );
    if (!rows[0]) return null;
    const [r] = rows;
    return {
      file: { id: r.id, declarationPlace: r.declarationPlace, declarationSignedAt: r.declarationSignedAt },
      contents: {
        examples: r.examples.map((e) => ({ ...e, updatedAt: new Date(e.updatedAt) })),
        qualifications: r.qualifications,
        attachments: r.attachments.map((a) => ({ ...a, createdAt: new Date(a.createdAt) })),
        comments: r.comments.map((c) => ({ ...c, createdAt: new Date(c.createdAt) })),
        lastEvent: r.last_event && { kind: r.last_event.kind, at: new Date(r.last_event.at) },
      },
    };
  }

  /** Learners whose DP is submitted now, in one query. */
  async submittedLearners(learnerIds: string[]): Promise<Set<string>> {
    const rows: { learner_id: string }[] = await this.dataSource.query(
      `SELECT f.learner_id FROM professional_files f
       JOIN LATERAL (SELECT kind FROM professional_file_events e WHERE e.file_id = f.id ORDER BY e.id DESC LIMIT 1) last ON TRUE
       WHERE f.learner_id = ANY($1) AND last.kind = 'submitted'`,
      [learnerIds],
    );
    return new Set(rows.map((r) => r.learner_id));
  }

  /** An attachment of the learner's file and its content as a stream (two queries, then the chunks). */
  async attachmentOfLearner(attachmentId: string, learnerId: string): Promise<{ attachment: DpAttachment; stream: Readable } | null> {
    const attachment = await this.dataSource
      .getRepository(DpAttachment)
      .createQueryBuilder('a')
      .innerJoin(ProfessionalFile, 'f', 'f.id = a.file_id')
      .where('a.id = :attachmentId AND f.learner_id = :learnerId', { attachmentId, learnerId })
      .getOne();
    if (!attachment) return null;
    const [{ chunks }]: { chunks: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS chunks FROM dp_attachment_chunks WHERE attachment_id = $1',
      [attachmentId],
    );
    return { attachment, stream: readChunks(this.dataSource, attachmentId, chunks) };
  }

  /** The learner's file row, created on first write, locked for the transaction. */
  async lockFileFor(m: EntityManager, learnerId: string): Promise<ProfessionalFile> {
    await m.query(
      'INSERT INTO professional_files (learner_id) VALUES ($1) ON CONFLICT ON CONSTRAINT one_professional_file_per_learner DO NOTHING',
      [learnerId],
    );
    return m.findOneOrFail(ProfessionalFile, { where: { learnerId }, lock: { mode: 'pessimistic_write' } });
  }

  /** The learner's file row if any, locked (no creation). */
  async lockExistingFile(m: EntityManager, learnerId: string): Promise<ProfessionalFile | null> {
    return m.findOne(ProfessionalFile, { where: { learnerId }, lock: { mode: 'pessimistic_write' } });
  }

  async lastEvent(m: EntityManager, fileId: string): Promise<ProfessionalFileEvent | null> {
    return m.findOne(ProfessionalFileEvent, { where: { fileId }, order: { id: 'DESC' } });
  }

  async addEvent(m: EntityManager, fileId: string, kind: 'submitted' | 'reopened', actorId: string): Promise<void> {
    await m.insert(ProfessionalFileEvent, { fileId, kind, actorId });
  }

  async signDeclaration(m: EntityManager, fileId: string, place: string): Promise<void> {
    await m.update(ProfessionalFile, { id: fileId }, { declarationPlace: place, declarationSignedAt: () => 'now()' });
  }

  async clearDeclaration(m: EntityManager, fileId: string): Promise<void> {
    await m.update(ProfessionalFile, { id: fileId }, { declarationPlace: null, declarationSignedAt: null });
  }

  async touch(m: EntityManager, fileId: string): Promise<void> {
    await m.update(ProfessionalFile, { id: fileId }, { updatedAt: () => 'now()' });
  }

  async examplesOf(m: EntityManager, fileId: string): Promise<DpExample[]> {
    return m.find(DpExample, { where: { fileId } });
  }

  async exampleOf(m: EntityManager, fileId: string, id: string): Promise<DpExample | null> {
    return m.findOne(DpExample, { where: { id, fileId } });
  }

  async hasExample(m: EntityManager, fileId: string, id: string): Promise<boolean> {
    return m.exists(DpExample, { where: { id, fileId } });
  }

  async countExamples(m: EntityManager, fileId: string, ccpId: string): Promise<number> {
    return m.count(DpExample, { where: { fileId, ccpId } });
  }

  async saveExample(m: EntityManager, example: DpExample | Omit<DpExample, 'id' | 'createdAt' | 'updatedAt'>): Promise<DpExample> {
    return m.save(example instanceof DpExample ? example : m.create(DpExample, example));
  }

  async deleteExample(m: EntityManager, id: string): Promise<void> {
    await m.delete(DpExample, { id });
  }

  async addQualification(
    m: EntityManager,
    q: Pick<DpQualification, 'fileId' | 'title' | 'issuer' | 'obtainedOn'>,
  ): Promise<DpQualification> {
    return m.save(m.create(DpQualification, q));
  }

  async qualificationOf(m: EntityManager, fileId: string, id: string): Promise<DpQualification | null> {
    return m.findOne(DpQualification, { where: { id, fileId } });
  }

  async deleteQualification(m: EntityManager, id: string): Promise<void> {
    await m.delete(DpQualification, { id });
  }

  async countAttachments(m: EntityManager, fileId: string): Promise<number> {
    return m.count(DpAttachment, { where: { fileId } });
  }

  async addAttachment(m: EntityManager, a: Omit<DpAttachment, 'createdAt'>): Promise<DpAttachment> {
    return m.save(m.create(DpAttachment, a));
  }

  async attachmentOf(m: EntityManager, fileId: string, id: string): Promise<DpAttachment | null> {
    return m.findOne(DpAttachment, { where: { id, fileId } });
  }

  async deleteAttachment(m: EntityManager, id: string): Promise<void> {
    await m.delete(DpAttachment, { id });
  }

  async addComment(m: EntityManager, c: Pick<DpComment, 'fileId' | 'exampleId' | 'authorId' | 'text'>): Promise<DpComment> {
    return m.save(m.create(DpComment, c));
  }
}
