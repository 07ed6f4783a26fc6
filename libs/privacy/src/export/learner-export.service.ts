import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AuthDataExport, UsersService } from '@app/auth';
import { BookletDataExport } from '@app/booklet';
import { EcfDataExport } from '@app/ecf';
import { JurySessionsDataExport } from '@app/jury-sessions';
import { LearnerRecord, LearnersDataExport, LearnersService } from '@app/learners';
import {
  AuditService,
  AuthUser,
  DomainError,
  Page,
  PageQueryDto,
  PersonalDataReads,
  PlatformDataExport,
  safeFileName,
  sideBySide,
} from '@app/platform';
import { ExportedAttachment, ProfessionalFilesDataExport } from '@app/professional-files';
import { uniqueNames } from './zip-names';

/** The version of learner.json's shape (README « Export des données d'un apprenant »). */
export const EXPORT_FORMAT = 'sams-learner-export/1';

/** One file of the ZIP besides learner.json: its path inside the ZIP and its bytes, on demand. */
export interface ExportFile {
  path: string;
  size: number;
  open: () => Readable;
}

/** What the controller streams: learner.json (built in full, before any byte is sent) and the files. */
export interface PreparedExport {
  learnerJson: Buffer;
  files: ExportFile[];
  /** ASCII, for Content-Disposition: donnees-<nom>-<prenom>-<AAAA-MM-JJ>.zip */
  fileName: string;
}

/** One read of the learner's DP or jury dossier, as the learner sees it. */
export interface ReadEntry {
  at: string;
  reader: { fullName: string; role: string };
  what: string;
  subjectId: string;
}
type Person = { fullName: string; role: string };

const EMAIL = /[^\s@"<>]+@[^\s@"<>]+\.[^\s@"<>]+/g;
/** Audit entities shared by several people: their before/after are narrowed to what mentions the learner. */
const SHARED_ENTITIES = new Set(['jury_session', 'cohort', 'centre', 'certification', 'message']);
const ROLE_ORDER = ['admin', 'trainer', 'jury', 'learner'];
/** Letters NFD does not decompose, spelt in ASCII before safeFileName (« Øre » → ore, not re). */
const ASCII_LETTERS: Record<string, string> = { Ø: 'O', ø: 'o', Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', ß: 'ss', Þ: 'Th', þ: 'th', Ð: 'D', ð: 'd' };
const spelt = (s: string): string => s.replace(/[ØøŁłĐđßÞþÐð]/g, (c) => ASCII_LETTERS[c]);

/**
 * Issue 16 (2): everything the centre holds on one learner (RGPD art. 15 access, art. 20
 * portability), gathered through each lib's `<Lib>DataExport`, as one JSON document and the DP's
 * attachments. The learner (their own file, via their account) and the centre (admin) only.
 */
@Injectable()
export class LearnerExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly learners: LearnersService,
    private readonly users: UsersService,
    private readonly learnersData: LearnersDataExport,
    private readonly authData: AuthDataExport,
    private readonly ecfData: EcfDataExport,
    private readonly filesData: ProfessionalFilesDataExport,
    private readonly platformData: PlatformDataExport,
    private readonly bookletData: BookletDataExport,
    private readonly juryData: JurySessionsDataExport,
    private readonly readLog: PersonalDataReads,
  ) {}

  /**
   * Issue 16 (4), `GET /api/learners/:id/reads`: who read the learner's DP or jury dossier, newest
   * first — `{ at (ISO), reader: { fullName, role: 'admin' | 'trainer' | 'juror' }, what: 'dp' |
   * 'jury_dossier', subjectId (the DP's or the session's id) }`. The learner (their own) and the
   * centre; 403 AUTH.FORBIDDEN for their trainers and jurors, 404 otherwise. Three statements at most.
   */
  async reads(user: AuthUser, learnerId: string, query: PageQueryDto): Promise<Page<ReadEntry>> {
    await this.ownerOrCentre(user, learnerId);
    const { items, total } = await this.readLog.pageOf(learnerId, query.page, query.pageSize);
    const names = new Map((await this.users.findMany(items.map((r) => r.readerId))).map((u) => [u.id, u.fullName]));
    return {
      items: items.map((r) => ({
        at: r.at,
        reader: { fullName: names.get(r.readerId) ?? 'Compte supprimé', role: r.readerRole },
        what: r.what,
        subjectId: r.subjectId,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** The learner and the caller's capacity: 'learner' (their own file) or 'admin'; else 403 / 404. */
  private async ownerOrCentre(user: AuthUser, learnerId: string): Promise<{ learner: LearnerRecord; role: 'learner' | 'admin' }> {
    const { learner, relations } = await this.learners.learnerFor(user, learnerId, 'read');
    const role = relations.has('self') ? 'learner' : relations.has('admin') ? 'admin' : null;
    if (!role) throw new DomainError('AUTH.FORBIDDEN', "Seuls l'apprenant et le centre consultent ces données de l'apprenant.");
    return { learner, role };
  }

  /**
   * learner.json and the list of files, for `GET /api/learners/:id/export`. Refusals, in order: 404
   * when the caller may not see the learner; 403 AUTH.FORBIDDEN for a trainer or juror who sees
   * them (the export is the learner's and the centre's); 409 LEARNER.ANONYMISED once the identity
   * was erased. A bounded number of statements whatever the learner's history (each lib's part is
   * one to four set-based statements, run side by side), then one INSERT: the audit entry
   * `learner.export` (entity learner), written before the first byte is sent.
   */
  async prepare(user: AuthUser, learnerId: string): Promise<PreparedExport> {
    const { learner, role } = await this.ownerOrCentre(user, learnerId);
    if (learner.anonymisedAt) {
      throw new DomainError('LEARNER.ANONYMISED', "Cet apprenant a été anonymisé : il n'y a plus de données personnelles à exporter.");
    }

    // The audit's search needs the DP's id (its entries name the file, not the learner): the DP first,
    // beside the others; then the platform's part.
    const [identity, account, ecf, dp, ledger, sessions] = await sideBySide(
      () => this.learnersData.exportOf(learnerId),
      () => this.authData.exportOf(learnerId, learner.userId),
      () => this.ecfData.exportOf(learnerId, learner),
      () => this.filesData.exportOf(learnerId, learner),
      () => this.bookletData.exportOf(learnerId),
      () => this.juryData.exportOf(learnerId),
    );
    const own = [
      ...(learner.userId ? [{ entity: 'user', entityId: learner.userId }] : []),
      ...(typeof dp.fileId === 'string' ? [{ entity: 'professional_file', entityId: dp.fileId }] : []),
    ];
    const platform = await this.platformData.exportOf(learnerId, { userId: learner.userId, emails: [learner.email], entities: own });
    if (!identity) throw DomainError.notFound("L'apprenant");

    const audit = platform.audit as {
      at: string;
      actorId: string | null;
      action: string;
      entity: string;
      entityId: string;
      before: unknown;
      after: unknown;
    }[];
    const reads = platform.reads as { at: string; readerId: string; readerRole: string; what: string; subjectId: string }[];
    const people = await this.people([...audit.map((a) => a.actorId), ...reads.map((r) => r.readerId)], learner.userId);
    const ownEmails = new Set([learner.email, ...(account ? [String(account.email)] : [])].map((e) => e.toLowerCase()));

    // The DP's attachments: their place in the ZIP (dp/…, unique names in any alphabet).
    const listed = (dp.attachments ?? []) as {
      id: string;
      filename: string;
      contentType: string;
      size: number;
      sha256: string;
      createdAt: string;
    }[];
    const names = uniqueNames(listed.map((a) => a.filename));
    const attachments: (ExportedAttachment & { path: string })[] = this.filesData
      .attachmentsOf(listed)
      .map((a, i) => ({ ...a, path: `dp/${names[i]}` }));

    const document = {
      exportedAt: new Date().toISOString(),
      exportedBy: { role },
      format: EXPORT_FORMAT,
      identity: identity.identity,
      account,
      enrolments: identity.enrolments,
      ecf,
      professionalFile: {
        ...dp,
        attachments: attachments.map(({ open: _open, ...a }) => a),
      },
      sessions,
      ledger,
      audit: audit.map((a) => ({
        at: a.at,
        actor: a.actorId ? (people.get(a.actorId) ?? { fullName: 'Compte supprimé', role: 'inconnu' }) : null,
        action: a.action,
        entity: a.entity,
        entityId: a.entityId,
        before: this.scrub(a, a.before, learnerId, ownEmails),
        after: this.scrub(a, a.after, learnerId, ownEmails),
      })),
      reads: reads.map((r) => ({
        at: r.at,
        reader: { fullName: people.get(r.readerId)?.fullName ?? 'Compte supprimé', role: r.readerRole },
        what: r.what,
        subjectId: r.subjectId,
      })),
      messages: platform.messages,
    };
    const learnerJson = Buffer.from(JSON.stringify(document, null, 2), 'utf8');

    await this.audit.record(this.dataSource.manager, {
      actorId: user.id,
      action: 'learner.export',
      entity: 'learner',
      entityId: learnerId,
      after: {
        format: EXPORT_FORMAT,
        by: role,
        learnerJsonSha256: createHash('sha256').update(learnerJson).digest('hex'),
        attachments: attachments.length,
      },
    });
    const today = document.exportedAt.slice(0, 10);
    return {
      learnerJson,
      files: attachments.map((a) => ({ path: a.path, size: a.size, open: a.open })),
      fileName: `${safeFileName('donnees', spelt(learner.lastName), spelt(learner.firstName), today)}.zip`,
    };
  }

  /** Name and role of the people an entry mentions (the learner's own account as 'learner'); one query at most. */
  private async people(ids: (string | null)[], learnerUserId: string | null): Promise<Map<string, Person>> {
    const found = await this.users.findMany([...new Set(ids.filter((id): id is string => !!id))]);
    return new Map(
      found.map((u) => [
        u.id,
        {
          fullName: u.fullName,
          role:
            u.id === learnerUserId
              ? 'learner'
              : (ROLE_ORDER.find((r) => u.roles.includes(r as never)) ?? 'inconnu').replace('jury', 'juror'),
        },
      ]),
    );
  }

  /**
   * An audit entry's before/after as the learner may read it: other people's e-mail addresses
   * masked; on entities shared by several people (a session, a cohort…), lists of objects keep only
   * the items that mention the learner — another candidate's result is not theirs to read.
   */
  private scrub(entry: { entity: string; entityId: string }, value: unknown, learnerId: string, ownEmails: Set<string>): unknown {
    const shared = SHARED_ENTITIES.has(entry.entity) && entry.entityId !== learnerId;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return v.replace(EMAIL, (m) => (ownEmails.has(m.toLowerCase()) ? m : '[adresse masquée]'));
      if (Array.isArray(v)) {
        const items = shared ? v.filter((x) => x === null || typeof x !== 'object' || JSON.stringify(x).includes(learnerId)) : v;
        return items.map(walk);
      }
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return walk(value);
  }
}
