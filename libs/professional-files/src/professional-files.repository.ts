import { Injectable } from '@nestjs/common';
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

/** What the DP view shows, besides the learner and the title. */
export interface FileContents {
  examples: DpExample[];
  qualifications: DpQualification[];
  attachments: DpAttachment[];
  comments: DpComment[];
  lastEvent: ProfessionalFileEvent | null;
}

/**
 * The dossier professionnel's tables (files, events, examples, qualifications, attachments and
 * their chunks, comments): every query of libs/professional-files, a fixed number each. CCPs come
 * from ReferentialService, held CCPs through the HELD_CCPS port. Not exported.
 */
@Injectable()
export class ProfessionalFilesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async fileOf(learnerId: string): Promise<ProfessionalFile | null> {
    return this.dataSource.manager.findOne(ProfessionalFile, { where: { learnerId } });
  }

  /** Examples, qualifications, attachments, comments and the last event: five queries. */
  async contentsOf(fileId: string): Promise<FileContents> {
    const m = this.dataSource.manager;
    const examples = await m.find(DpExample, { where: { fileId }, order: { periodFrom: 'ASC', createdAt: 'ASC' } });
    const qualifications = await m.find(DpQualification, { where: { fileId }, order: { obtainedOn: 'ASC' } });
    const attachments = await m.find(DpAttachment, { where: { fileId }, order: { createdAt: 'ASC' } });
    const comments = await m.find(DpComment, { where: { fileId }, order: { createdAt: 'ASC' } });
    const lastEvent = await m.findOne(ProfessionalFileEvent, { where: { fileId }, order: { id: 'DESC' } });
    return { examples, qualifications, attachments, comments, lastEvent };
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
