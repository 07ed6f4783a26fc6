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
  ReaderRole,
  readerRoleOf,
  receiveFile,
  sideBySide,
} from '@app/platform';
import { ReferentialService, TitleStructure } from '@app/referential';
import { todayInFrance } from '@app/rules';
import { cleanFileName, MAX_ATTACHMENT_BYTES, storeChunks } from './attachment-store';
import {
  AttachmentDto,
  CommentDto,
  CommentInputDto,
  ExampleDto,
  ExampleInputDto,
  ProfessionalFileDto,
  QualificationDto,
  QualificationInputDto,
} from './dto/professional-file.dto';
import { ProfessionalFile } from './entities/professional-file.entity';
import { attachmentView, checkExample, exampleFields, exampleView, fileView } from './professional-file.views';
import { ProfessionalFilesRepository } from './professional-files.repository';

export const MAX_EXAMPLES_PER_CCP = 3;
export const MAX_ATTACHMENTS = 20;

/** Everything the DP view and PDF show, read in a fixed number of queries. */
export interface ProfessionalFileBundle {
  learner: LearnerRecord;
  title: TitleStructure;
  view: ProfessionalFileDto;
  /** The DP's id; null while the learner has written nothing (no row yet). */
  fileId: string | null;
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
    private readonly repository: ProfessionalFilesRepository,
  ) {}

  // ------------------------------------------------------------------ reads

  async get(user: AuthUser, learnerId: string): Promise<ProfessionalFileDto> {
    return (await this.bundle(user, learnerId)).view;
  }

  async bundle(user: AuthUser, learnerId: string): Promise<ProfessionalFileBundle> {
    return this.bundleOf(await this.learners.visibleLearner(user, learnerId));
  }

  /**
   * Issue 16 (4): the bundle, and the role under which the caller reads it for the read log (null:
   * the learner themself). The same statements as bundle(): learnerFor is what visibleLearner runs.
   */
  async bundleRead(user: AuthUser, learnerId: string): Promise<ProfessionalFileBundle & { readAs: ReaderRole | null }> {
    const { learner, relations } = await this.learners.learnerFor(user, learnerId, 'read');
    return { ...(await this.bundleOf(learner)), readAs: readerRoleOf(relations) };
  }

  /** The learner's DP for a caller whose right to read this learner was checked (the jury's dossier). */
  async bundleOf(learner: LearnerRecord): Promise<ProfessionalFileBundle> {
    const learnerId = learner.id;
    const [title, read] = await sideBySide(
      () => this.referential.structureById(learner.certificationId),
      () => this.repository.fileRead(learnerId),
    );
    if (!read) return { learner, title, fileId: null, view: fileView(learnerId, title, null, null, new Map()) };
    const authors = await this.users.findMany([...new Set(read.contents.comments.map((c) => c.authorId))]);
    return {
      learner,
      title,
      fileId: read.file.id,
      view: fileView(learnerId, title, read.file, read.contents, new Map(authors.map((u) => [u.id, u.fullName]))),
    };
  }

  /** For libs/jury-sessions (R-ELIG-5): learners whose DP is submitted now, in one query. */
  async submittedLearners(learnerIds: string[]): Promise<Set<string>> {
    if (learnerIds.length === 0) return new Set();
    return this.repository.submittedLearners(learnerIds);
  }

  /** Also says the DP's id and the role under which the caller reads it, for the read log (issue 16). */
  async attachmentStream(
    user: AuthUser,
    learnerId: string,
    attachmentId: string,
  ): Promise<{ meta: AttachmentDto; stream: Readable; fileId: string; readAs: ReaderRole | null }> {
    const { relations } = await this.learners.learnerFor(user, learnerId, 'read');
    const found = await this.repository.attachmentOfLearner(attachmentId, learnerId);
    if (!found) throw DomainError.notFound('La pièce jointe');
    return {
      meta: attachmentView(found.attachment),
      stream: found.stream,
      fileId: found.attachment.fileId,
      readAs: readerRoleOf(relations),
    };
  }

  // ------------------------------------------------------------------ writes (the learner only)

  async addExample(user: AuthUser, learnerId: string, input: ExampleInputDto): Promise<ExampleDto> {
    return this.write(user, learnerId, async (m, file, title) => {
      const ccp = checkExample(title, input);
      await this.refuseTooMany(m, file.id, ccp.id, ccp.number);
      const example = await this.repository.saveExample(m, { fileId: file.id, ccpId: ccp.id, ...exampleFields(input) });
      const view = exampleView(example, ccp.code);
      return { result: view, action: 'professional_file.add_example', after: view };
    });
  }

  async updateExample(user: AuthUser, learnerId: string, exampleId: string, input: ExampleInputDto): Promise<ExampleDto> {
    return this.write(user, learnerId, async (m, file, title) => {
      const example = await this.repository.exampleOf(m, file.id, exampleId);
      if (!example) throw DomainError.notFound("L'exemple");
      const ccp = checkExample(title, input);
      if (ccp.id !== example.ccpId) await this.refuseTooMany(m, file.id, ccp.id, ccp.number);
      const before = exampleView(example, title.ccps.find((c) => c.id === example.ccpId)?.code ?? '');
      Object.assign(example, { ccpId: ccp.id, ...exampleFields(input) });
      const saved = await this.repository.saveExample(m, example);
      const view = exampleView(saved, ccp.code);
      return { result: view, action: 'professional_file.update_example', before, after: view };
    });
  }

  async deleteExample(user: AuthUser, learnerId: string, exampleId: string): Promise<void> {
    await this.write(user, learnerId, async (m, file, title) => {
      const example = await this.repository.exampleOf(m, file.id, exampleId);
      if (!example) throw DomainError.notFound("L'exemple");
      const before = exampleView(example, title.ccps.find((c) => c.id === example.ccpId)?.code ?? '');
      await this.repository.deleteExample(m, exampleId);
      return { result: undefined, action: 'professional_file.delete_example', before };
    });
  }

  async addQualification(user: AuthUser, learnerId: string, input: QualificationInputDto): Promise<QualificationDto> {
    if (input.obtainedOn > todayInFrance())
      throw DomainError.validation([{ field: 'obtainedOn', message: "La date d'obtention ne peut pas être dans le futur." }]);
    return this.write(user, learnerId, async (m, file) => {
      const q = await this.repository.addQualification(m, { fileId: file.id, ...input });
      const view = { id: q.id, title: q.title, issuer: q.issuer, obtainedOn: q.obtainedOn };
      return { result: view, action: 'professional_file.add_qualification', after: view };
    });
  }

  async deleteQualification(user: AuthUser, learnerId: string, qualificationId: string): Promise<void> {
    await this.write(user, learnerId, async (m, file) => {
      const q = await this.repository.qualificationOf(m, file.id, qualificationId);
      if (!q) throw DomainError.notFound('La qualification');
      await this.repository.deleteQualification(m, qualificationId);
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
        const count = await this.repository.countAttachments(m, file.id);
        if (count >= MAX_ATTACHMENTS)
          throw new DomainError('DP.TOO_MANY_ATTACHMENTS', `${MAX_ATTACHMENTS} pièces jointes au plus par dossier.`);
        const stored = await storeChunks(m, upload.stream, upload.truncated);
        await formComplete();
        const attachment = await this.repository.addAttachment(m, {
          id: stored.id,
          fileId: file.id,
          filename: cleanFileName(upload.filename),
          contentType: stored.contentType,
          size: stored.size,
          sha256: stored.sha256,
        });
        const view = attachmentView(attachment);
        return { result: view, action: 'professional_file.add_attachment', after: view };
      }),
    );
  }

  async deleteAttachment(user: AuthUser, learnerId: string, attachmentId: string): Promise<void> {
    await this.write(user, learnerId, async (m, file) => {
      const a = await this.repository.attachmentOf(m, file.id, attachmentId);
      if (!a) throw DomainError.notFound('La pièce jointe');
      await this.repository.deleteAttachment(m, attachmentId);
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
        await this.repository.signDeclaration(m, file.id, place);
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
        const examples = await this.repository.examplesOf(m, file.id);
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
        await this.repository.addEvent(m, file.id, 'submitted', user.id);
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
      const file = await this.repository.lockExistingFile(m, learnerId);
      const last = file ? await this.repository.lastEvent(m, file.id) : null;
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
      await this.repository.addEvent(m, file.id, 'reopened', user.id);
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
      const file = await this.repository.lockFileFor(m, learnerId);
      if (input.exampleId && !(await this.repository.hasExample(m, file.id, input.exampleId))) {
        throw DomainError.validation([{ field: 'exampleId', message: "Cet exemple n'appartient pas à ce dossier." }]);
      }
      const comment = await this.repository.addComment(m, {
        fileId: file.id,
        exampleId: input.exampleId ?? null,
        authorId: user.id,
        text: input.text,
      });
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
      const file = await this.repository.lockFileFor(m, learnerId);
      const last = await this.repository.lastEvent(m, file.id);
      if (last?.kind === 'submitted') {
        throw new DomainError('DP.SUBMITTED', 'Le dossier professionnel est remis : il est en lecture seule. Rouvrez-le pour le modifier.');
      }
      const { result, action, before, after } = await work(m, file, title, learner);
      if (action === null) return result; // nothing changed
      if (!options.keepsDeclaration && file.declarationSignedAt) {
        await this.repository.clearDeclaration(m, file.id);
      }
      await this.repository.touch(m, file.id);
      await this.audit.record(m, { actorId: user.id, action, entity: 'professional_file', entityId: file.id, before, after });
      return result;
    });
  }

  private async refuseTooMany(m: EntityManager, fileId: string, ccpId: string, ccpNumber: number): Promise<void> {
    const n = await this.repository.countExamples(m, fileId, ccpId);
    if (n >= MAX_EXAMPLES_PER_CCP) {
      throw new DomainError(
        'DP.TOO_MANY_EXAMPLES',
        `Le CCP ${ccpNumber} a déjà ${MAX_EXAMPLES_PER_CCP} exemples : 3 au plus par CCP. Modifiez ou supprimez-en un.`,
        undefined,
        'R-DP-1',
      );
    }
  }
}

function incomplete(): DomainError {
  return new DomainError('DP.UPLOAD_INCOMPLETE', "L'envoi du fichier a été interrompu : rien n'a été enregistré. Recommencez.");
}
