import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { UsersService } from '@app/auth';
import { LearnerRecord, LearnersService } from '@app/learners';
import {
  AuditService,
  AuthUser,
  DomainError,
  HELD_CCPS,
  HeldCcps,
  OPEN_DELIBERATIONS,
  OpenDeliberations,
  receiveFile,
} from '@app/platform';
import { ReferentialService, TitleStructure } from '@app/referential';
import { findPossibleNirs, todayInFrance } from '@app/rules';
import { cleanFileName, MAX_ATTACHMENT_BYTES, readChunks, storeChunks } from './attachment-store';
import {
  AttachmentDto,
  CommentDto,
  CommentInputDto,
  ExampleDto,
  ExampleInputDto,
  ProfessionalFileDto,
  QualificationDto,
  QualificationInputDto,
  WarningDto,
} from './dto/professional-file.dto';
import {
  DpAttachment,
  DpComment,
  DpExample,
  DpQualification,
  ProfessionalFile,
  ProfessionalFileEvent,
} from './entities/professional-file.entity';

export const MAX_EXAMPLES_PER_CCP = 3;
export const MAX_ATTACHMENTS = 20;

const FIELD_LABELS: Record<string, string> = {
  title: 'Intitulé',
  organisation: 'Organisme',
  service: 'Service',
  tasks: 'Tâches réalisées',
  means: 'Moyens utilisés',
  collaborators: 'Avec qui',
  extra: 'Informations complémentaires',
};

/** Everything the DP view and PDF show, read in a fixed number of queries. */
export interface ProfessionalFileBundle {
  learner: LearnerRecord;
  title: TitleStructure;
  view: ProfessionalFileDto;
}

@Injectable()
export class ProfessionalFilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly learners: LearnersService,
    private readonly referential: ReferentialService,
    private readonly users: UsersService,
    @Inject(HELD_CCPS) private readonly held: HeldCcps,
    @Inject(OPEN_DELIBERATIONS) private readonly deliberations: OpenDeliberations,
  ) {}

  // ------------------------------------------------------------------ reads

  async get(user: AuthUser, learnerId: string): Promise<ProfessionalFileDto> {
    return (await this.bundle(user, learnerId)).view;
  }

  async bundle(user: AuthUser, learnerId: string): Promise<ProfessionalFileBundle> {
    const learner = await this.learners.visibleLearner(user, learnerId);
    const title = await this.referential.structureById(learner.certificationId);
    const m = this.dataSource.manager;
    const file = await m.findOne(ProfessionalFile, { where: { learnerId } });
    if (!file) {
      return {
        learner,
        title,
        view: {
          learnerId,
          status: 'draft',
          examples: [],
          qualifications: [],
          attachments: [],
          declaration: null,
          submittedAt: null,
          comments: [],
          warnings: [],
        },
      };
    }
    const examples = await m.find(DpExample, { where: { fileId: file.id }, order: { periodFrom: 'ASC', createdAt: 'ASC' } });
    const qualifications = await m.find(DpQualification, { where: { fileId: file.id }, order: { obtainedOn: 'ASC' } });
    const attachments = await m.find(DpAttachment, { where: { fileId: file.id }, order: { createdAt: 'ASC' } });
    const comments = await m.find(DpComment, { where: { fileId: file.id }, order: { createdAt: 'ASC' } });
    const lastEvent = await m.findOne(ProfessionalFileEvent, { where: { fileId: file.id }, order: { id: 'DESC' } });
    const names = new Map((await this.users.findMany([...new Set(comments.map((c) => c.authorId))])).map((u) => [u.id, u.fullName]));
    const ccpCode = new Map(title.ccps.map((c) => [c.id, c]));
    const exampleViews = examples
      .map((e) => this.exampleView(e, ccpCode.get(e.ccpId)?.code ?? ''))
      .sort((a, b) => a.ccpCode.localeCompare(b.ccpCode) || a.periodFrom.localeCompare(b.periodFrom));
    const attachmentViews = attachments.map((a) => attachmentView(a));
    return {
      learner,
      title,
      view: {
        learnerId,
        status: lastEvent?.kind === 'submitted' ? 'submitted' : 'draft',
        examples: exampleViews,
        qualifications: qualifications.map(({ id, title: t, issuer, obtainedOn }) => ({ id, title: t, issuer, obtainedOn })),
        attachments: attachmentViews,
        declaration:
          file.declarationPlace && file.declarationSignedAt
            ? { place: file.declarationPlace, signedAt: file.declarationSignedAt.toISOString() }
            : null,
        submittedAt: lastEvent?.kind === 'submitted' ? lastEvent.at.toISOString() : null,
        comments: comments.map((c) => ({
          id: c.id,
          exampleId: c.exampleId,
          authorId: c.authorId,
          authorName: names.get(c.authorId) ?? '',
          text: c.text,
          createdAt: c.createdAt.toISOString(),
        })),
        warnings: [...exampleViews.flatMap((e) => e.warnings), ...attachmentViews.flatMap((a) => filenameWarnings(a))],
      },
    };
  }

  /** For libs/jury-sessions (R-ELIG-5): learners whose DP is submitted now, in one query. */
  async submittedLearners(learnerIds: string[]): Promise<Set<string>> {
    if (learnerIds.length === 0) return new Set();
    const rows: { learner_id: string }[] = await this.dataSource.query(
      `SELECT f.learner_id FROM professional_files f
       JOIN LATERAL (SELECT kind FROM professional_file_events e WHERE e.file_id = f.id ORDER BY e.id DESC LIMIT 1) last ON TRUE
       WHERE f.learner_id = ANY($1) AND last.kind = 'submitted'`,
      [learnerIds],
    );
    return new Set(rows.map((r) => r.learner_id));
  }

  async attachmentStream(user: AuthUser, learnerId: string, attachmentId: string): Promise<{ meta: AttachmentDto; stream: Readable }> {
    await this.learners.visibleLearner(user, learnerId);
    const attachment = await this.dataSource
      .getRepository(DpAttachment)
      .createQueryBuilder('a')
      .innerJoin(ProfessionalFile, 'f', 'f.id = a.file_id')
      .where('a.id = :attachmentId AND f.learner_id = :learnerId', { attachmentId, learnerId })
      .getOne();
    if (!attachment) throw DomainError.notFound('La pièce jointe');
    const [{ chunks }]: { chunks: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS chunks FROM dp_attachment_chunks WHERE attachment_id = $1',
      [attachmentId],
    );
    return {
      meta: attachmentView(attachment),
      stream: readChunks(this.dataSource, attachmentId, chunks),
    };
  }

  // ------------------------------------------------------------------ writes (the learner only)

  async addExample(user: AuthUser, learnerId: string, input: ExampleInputDto): Promise<ExampleDto> {
    return this.write(user, learnerId, async (m, file, title) => {
      const ccp = this.checkExample(title, input);
      await this.refuseTooMany(m, file.id, ccp.id, ccp.number);
      const example = await m.save(m.create(DpExample, { fileId: file.id, ccpId: ccp.id, ...exampleFields(input) }));
      const view = this.exampleView(example, ccp.code);
      return { result: view, action: 'professional_file.add_example', after: view };
    });
  }

  async updateExample(user: AuthUser, learnerId: string, exampleId: string, input: ExampleInputDto): Promise<ExampleDto> {
    return this.write(user, learnerId, async (m, file, title) => {
      const example = await m.findOne(DpExample, { where: { id: exampleId, fileId: file.id } });
      if (!example) throw DomainError.notFound("L'exemple");
      const ccp = this.checkExample(title, input);
      if (ccp.id !== example.ccpId) await this.refuseTooMany(m, file.id, ccp.id, ccp.number);
      const before = this.exampleView(example, title.ccps.find((c) => c.id === example.ccpId)?.code ?? '');
      Object.assign(example, { ccpId: ccp.id, ...exampleFields(input) });
      const saved = await m.save(example);
      const view = this.exampleView(saved, ccp.code);
      return { result: view, action: 'professional_file.update_example', before, after: view };
    });
  }

  async deleteExample(user: AuthUser, learnerId: string, exampleId: string): Promise<void> {
    await this.write(user, learnerId, async (m, file, title) => {
      const example = await m.findOne(DpExample, { where: { id: exampleId, fileId: file.id } });
      if (!example) throw DomainError.notFound("L'exemple");
      const before = this.exampleView(example, title.ccps.find((c) => c.id === example.ccpId)?.code ?? '');
      await m.delete(DpExample, { id: exampleId });
      return { result: undefined, action: 'professional_file.delete_example', before };
    });
  }

  async addQualification(user: AuthUser, learnerId: string, input: QualificationInputDto): Promise<QualificationDto> {
    if (input.obtainedOn > todayInFrance())
      throw DomainError.validation([{ field: 'obtainedOn', message: "La date d'obtention ne peut pas être dans le futur." }]);
    return this.write(user, learnerId, async (m, file) => {
      const q = await m.save(m.create(DpQualification, { fileId: file.id, ...input }));
      const view = { id: q.id, title: q.title, issuer: q.issuer, obtainedOn: q.obtainedOn };
      return { result: view, action: 'professional_file.add_qualification', after: view };
    });
  }

  async deleteQualification(user: AuthUser, learnerId: string, qualificationId: string): Promise<void> {
    await this.write(user, learnerId, async (m, file) => {
      const q = await m.findOne(DpQualification, { where: { id: qualificationId, fileId: file.id } });
      if (!q) throw DomainError.notFound('La qualification');
      await m.delete(DpQualification, { id: qualificationId });
      return {
        result: undefined,
        action: 'professional_file.delete_qualification',
        before: { title: q.title, issuer: q.issuer, obtainedOn: q.obtainedOn },
      };
    });
  }

  /**
   * Streams a multipart upload (field `file`) into the database in one transaction, committed only
   * once the whole form has arrived: an upload cut anywhere, a wrong type or an oversized file
   * leaves nothing stored (receiveFile: no stream error can crash the process).
   */
  async uploadAttachment(user: AuthUser, learnerId: string, req: Request): Promise<AttachmentDto> {
    await this.owned(user, learnerId);
    return receiveFile(req, { maxBytes: MAX_ATTACHMENT_BYTES, incomplete }, (upload, formComplete) =>
      this.write(user, learnerId, async (m, file) => {
        const count = await m.count(DpAttachment, { where: { fileId: file.id } });
        if (count >= MAX_ATTACHMENTS)
          throw new DomainError('DP.TOO_MANY_ATTACHMENTS', `${MAX_ATTACHMENTS} pièces jointes au plus par dossier.`);
        const stored = await storeChunks(m, upload.stream, upload.truncated);
        await formComplete();
        const attachment = await m.save(
          m.create(DpAttachment, {
            id: stored.id,
            fileId: file.id,
            filename: cleanFileName(upload.filename),
            contentType: stored.contentType,
            size: stored.size,
            sha256: stored.sha256,
          }),
        );
        const view = attachmentView(attachment);
        return { result: view, action: 'professional_file.add_attachment', after: view };
      }),
    );
  }

  async deleteAttachment(user: AuthUser, learnerId: string, attachmentId: string): Promise<void> {
    await this.write(user, learnerId, async (m, file) => {
      const a = await m.findOne(DpAttachment, { where: { id: attachmentId, fileId: file.id } });
      if (!a) throw DomainError.notFound('La pièce jointe');
      await m.delete(DpAttachment, { id: attachmentId });
      return { result: undefined, action: 'professional_file.delete_attachment', before: attachmentView(a) };
    });
  }

  /** Signs the déclaration sur l'honneur (place, now). */
  async signDeclaration(user: AuthUser, learnerId: string, place: string): Promise<ProfessionalFileDto> {
    await this.write(
      user,
      learnerId,
      async (m, file) => {
        // Signed already, at the same place, on this content: a second click changes nothing
        // (no new signing instant, no second audit entry).
        if (file.declarationSignedAt && file.declarationPlace === place) return { result: undefined, action: null };
        const before = { place: file.declarationPlace, signedAt: file.declarationSignedAt?.toISOString() ?? null };
        await m.update(ProfessionalFile, { id: file.id }, { declarationPlace: place, declarationSignedAt: () => 'now()' });
        return { result: undefined, action: 'professional_file.sign_declaration', before, after: { place } };
      },
      { keepsDeclaration: true },
    );
    return this.get(user, learnerId);
  }

  /** R-DP-1 / R-ELIG-5: submit when the declaration is signed and each CCP not held has 1 to 3 examples. */
  async submit(user: AuthUser, learnerId: string): Promise<ProfessionalFileDto> {
    await this.write(
      user,
      learnerId,
      async (m, file, title, learner) => {
        const examples = await m.find(DpExample, { where: { fileId: file.id } });
        const held = (await this.held.heldCcpIds([learner.id])).get(learner.id) ?? new Set<string>();
        const missing: { field: string; ccpCode?: string; message: string }[] = [];
        for (const ccp of title.ccps) {
          if (held.has(ccp.id)) continue;
          const n = examples.filter((e) => e.ccpId === ccp.id).length;
          if (n === 0)
            missing.push({
              field: 'examples',
              ccpCode: ccp.code,
              message: `CCP ${ccp.number} (${ccp.title}) : aucun exemple de pratique, 1 à 3 attendus.`,
            });
        }
        if (!file.declarationSignedAt) missing.push({ field: 'declaration', message: "La déclaration sur l'honneur n'est pas signée." });
        if (missing.length) {
          throw new DomainError(
            'DP.INCOMPLETE',
            `Le dossier professionnel ne peut pas être remis : ${missing.length} élément(s) manquant(s).`,
            missing,
            'R-DP-1',
          );
        }
        await m.insert(ProfessionalFileEvent, { fileId: file.id, kind: 'submitted', actorId: user.id });
        return { result: undefined, action: 'professional_file.submit', after: { examples: examples.length } };
      },
      { keepsDeclaration: true },
    );
    return this.get(user, learnerId);
  }

  /** Back to draft (the learner or an admin), refused while a deliberation involving the learner is open. */
  async reopen(user: AuthUser, learnerId: string): Promise<ProfessionalFileDto> {
    await this.learners.learnerFor(user, learnerId, 'dp.reopen');
    await this.dataSource.transaction(async (m) => {
      const file = await m.findOne(ProfessionalFile, { where: { learnerId }, lock: { mode: 'pessimistic_write' } });
      const last = file ? await m.findOne(ProfessionalFileEvent, { where: { fileId: file.id }, order: { id: 'DESC' } }) : null;
      if (!file || last?.kind !== 'submitted')
        throw new DomainError('DP.NOT_SUBMITTED', "Le dossier professionnel n'est pas remis : il est déjà modifiable.");
      if (await this.deliberations.isDeliberating(learnerId)) {
        throw new DomainError(
          'DP.DELIBERATION_OPEN',
          'Un jury délibère sur ce candidat : le dossier professionnel ne peut pas être rouvert avant la fin de la délibération.',
          undefined,
          'R-ELIG-5',
        );
      }
      await m.insert(ProfessionalFileEvent, { fileId: file.id, kind: 'reopened', actorId: user.id });
      await this.audit.record(m, {
        actorId: user.id,
        action: 'professional_file.reopen',
        entity: 'professional_file',
        entityId: file.id,
        after: { learnerId },
      });
    });
    return this.get(user, learnerId);
  }

  /**
   * A trainer of the learner's cohort comments the DP or one example (relation `trainer`): a juror
   * who reads the dossier, or an admin, gets 403; a trainer of another cohort 404.
   */
  async addComment(user: AuthUser, learnerId: string, input: CommentInputDto): Promise<CommentDto> {
    await this.learners.learnerFor(user, learnerId, 'dp.comment');
    return this.dataSource.transaction(async (m) => {
      const file = await this.fileFor(m, learnerId);
      if (input.exampleId && !(await m.exists(DpExample, { where: { id: input.exampleId, fileId: file.id } }))) {
        throw DomainError.validation([{ field: 'exampleId', message: "Cet exemple n'appartient pas à ce dossier." }]);
      }
      const comment = await m.save(
        m.create(DpComment, { fileId: file.id, exampleId: input.exampleId ?? null, authorId: user.id, text: input.text }),
      );
      const view: CommentDto = {
        id: comment.id,
        exampleId: comment.exampleId,
        authorId: user.id,
        authorName: user.fullName,
        text: comment.text,
        createdAt: comment.createdAt.toISOString(),
      };
      await this.audit.record(m, {
        actorId: user.id,
        action: 'professional_file.comment',
        entity: 'professional_file',
        entityId: file.id,
        after: view,
      });
      return view;
    });
  }

  // ------------------------------------------------------------------ internals

  /** Only the learner writes their DP (relation `self`): others who may see it get 403, others 404. */
  private async owned(user: AuthUser, learnerId: string): Promise<LearnerRecord> {
    return (await this.learners.learnerFor(user, learnerId, 'dp.write')).learner;
  }

  /**
   * One write: the learner's file row locked (created on first write), refused once submitted,
   * the déclaration cleared when the content changes (it must be signed on the final content),
   * audited, in one transaction.
   */
  private async write<T>(
    user: AuthUser,
    learnerId: string,
    work: (
      m: EntityManager,
      file: ProfessionalFile,
      title: TitleStructure,
      learner: LearnerRecord,
    ) => Promise<{ result: T; action: string | null; before?: unknown; after?: unknown }>,
    options: { keepsDeclaration?: boolean } = {},
  ): Promise<T> {
    const learner = await this.owned(user, learnerId);
    const title = await this.referential.structureById(learner.certificationId);
    return this.dataSource.transaction(async (m) => {
      const file = await this.fileFor(m, learnerId);
      const last = await m.findOne(ProfessionalFileEvent, { where: { fileId: file.id }, order: { id: 'DESC' } });
      if (last?.kind === 'submitted') {
        throw new DomainError('DP.SUBMITTED', 'Le dossier professionnel est remis : il est en lecture seule. Rouvrez-le pour le modifier.');
      }
      const { result, action, before, after } = await work(m, file, title, learner);
      if (action === null) return result; // nothing changed
      if (!options.keepsDeclaration && file.declarationSignedAt) {
        await m.update(ProfessionalFile, { id: file.id }, { declarationPlace: null, declarationSignedAt: null });
      }
      await m.update(ProfessionalFile, { id: file.id }, { updatedAt: () => 'now()' });
      await this.audit.record(m, { actorId: user.id, action, entity: 'professional_file', entityId: file.id, before, after });
      return result;
    });
  }

  private async fileFor(m: EntityManager, learnerId: string): Promise<ProfessionalFile> {
    await m.query(
      'INSERT INTO professional_files (learner_id) VALUES ($1) ON CONFLICT ON CONSTRAINT one_professional_file_per_learner DO NOTHING',
      [learnerId],
    );
    return m.findOneOrFail(ProfessionalFile, { where: { learnerId }, lock: { mode: 'pessimistic_write' } });
  }

  private checkExample(title: TitleStructure, input: ExampleInputDto): TitleStructure['ccps'][number] {
    const ccp = title.ccps.find((c) => c.code === input.ccpCode);
    if (!ccp) {
      throw new DomainError(
        'DP.CCP_NOT_IN_TITLE',
        `Le CCP ${input.ccpCode} n'appartient pas au titre ${title.code} (CCP : ${title.ccps.map((c) => c.code).join(', ')}).`,
        [{ field: 'ccpCode', message: `CCP hors du titre ${title.code}.` }],
        'R-DP-1',
      );
    }
    const problems = [];
    if (input.periodTo < input.periodFrom) problems.push({ field: 'periodTo', message: 'La fin de la période précède son début.' });
    if (input.periodFrom > todayInFrance())
      problems.push({ field: 'periodFrom', message: 'Un exemple de pratique ne peut pas commencer dans le futur.' });
    if (problems.length) throw DomainError.validation(problems);
    return ccp;
  }

  private async refuseTooMany(m: EntityManager, fileId: string, ccpId: string, ccpNumber: number): Promise<void> {
    const n = await m.count(DpExample, { where: { fileId, ccpId } });
    if (n >= MAX_EXAMPLES_PER_CCP) {
      throw new DomainError(
        'DP.TOO_MANY_EXAMPLES',
        `Le CCP ${ccpNumber} a déjà ${MAX_EXAMPLES_PER_CCP} exemples : 3 au plus par CCP. Modifiez ou supprimez-en un.`,
        undefined,
        'R-DP-1',
      );
    }
  }

  private exampleView(e: DpExample, ccpCode: string): ExampleDto {
    const warnings: WarningDto[] = [];
    for (const key of ['title', 'organisation', 'service', 'tasks', 'means', 'collaborators', 'extra'] as const) {
      const hits = findPossibleNirs(e[key] ?? '');
      if (hits.length) {
        warnings.push({
          code: 'DP.POSSIBLE_PATIENT_DATA',
          field: `examples[${e.id}].${key}`,
          message: `« ${FIELD_LABELS[key]} » de l'exemple « ${e.title} » semble contenir un numéro de sécurité sociale (${hits.map((h) => `${h.text.slice(0, 1)}…`).join(', ')}) : retirez toute donnée qui identifie un patient (R-DP-2).`,
        });
      }
    }
    return {
      id: e.id,
      ccpCode,
      title: e.title,
      organisation: e.organisation,
      service: e.service,
      periodFrom: e.periodFrom,
      periodTo: e.periodTo,
      tasks: e.tasks,
      means: e.means,
      collaborators: e.collaborators,
      extra: e.extra,
      updatedAt: e.updatedAt.toISOString(),
      warnings,
    };
  }
}

function exampleFields(input: ExampleInputDto): Omit<DpExample, 'id' | 'fileId' | 'ccpId' | 'createdAt' | 'updatedAt'> {
  return {
    title: input.title,
    organisation: input.organisation,
    service: input.service || null,
    periodFrom: input.periodFrom,
    periodTo: input.periodTo,
    tasks: input.tasks,
    means: input.means,
    collaborators: input.collaborators,
    extra: input.extra || null,
  };
}

function attachmentView(a: DpAttachment): AttachmentDto {
  return {
    id: a.id,
    filename: a.filename,
    size: a.size,
    contentType: a.contentType,
    sha256: a.sha256,
    createdAt: a.createdAt.toISOString(),
  };
}

function filenameWarnings(a: AttachmentDto): WarningDto[] {
  return findPossibleNirs(a.filename).length
    ? [
        {
          code: 'DP.POSSIBLE_PATIENT_DATA',
          field: `attachments[${a.id}].filename`,
          message: `Le nom du fichier « ${a.filename} » semble contenir un numéro de sécurité sociale : renommez-le (R-DP-2).`,
        },
      ]
    : [];
}

function incomplete(): DomainError {
  return new DomainError('DP.UPLOAD_INCOMPLETE', "L'envoi du fichier a été interrompu : rien n'a été enregistré. Recommencez.");
}
