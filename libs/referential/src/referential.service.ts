import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import { AuditService, ChangeFeed, DomainError, FieldProblem, ReadCache } from '@app/platform';
import { todayInFrance } from '@app/rules';
import {
  CertificationDetailDto,
  CertificationSummaryDto,
  CreateCertificationDto,
  SetSuccessorDto,
  UpdateCertificationDto,
} from './dto/certification.dto';
import { Ccp } from './entities/ccp.entity';
import { CcpCorrespondence, CcpCorrespondenceSource } from './entities/ccp-correspondence.entity';
import { Certification } from './entities/certification.entity';
import { Competence } from './entities/competence.entity';
import { checkStructure, headerColumns } from './certification-input';
import { CorrespondenceFacts, ReferentialRepository } from './referential.repository';

/** A title's structure, for other libs (ECF, eligibility, booklet): plain data, no entities. */
export interface TitleStructure {
  id: string;
  code: string;
  tpCode: string;
  name: string;
  level: number;
  validUntil: string;
  successorId: string | null;
  ccps: CcpStructure[];
}

export interface CcpStructure {
  id: string;
  code: string;
  number: number;
  title: string;
  competences: { id: string; number: number; title: string; description: string; criteria: string[] }[];
}

/** The whole référentiel's structure in memory: a few titles, read on almost every request. */
interface Snapshot {
  structures: TitleStructure[];
  byId: Map<string, TitleStructure>;
  byCode: Map<string, TitleStructure>;
  ccpIdByCode: Map<string, string>;
  correspondences: CorrespondenceFacts[];
}

@Injectable()
export class ReferentialService {
  /**
   * The structure of every title and the correspondences, kept while the change feed listens
   * (issue 15, ADR 0013). A trigger announces any write on the référentiel's tables at COMMIT, and
   * every instance drops its copy; this one drops it itself after its own writes too. Inside a
   * transaction the reads go to the database (the transaction may be writing them).
   */
  private readonly snapshot: ReadCache<Snapshot>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repository: ReferentialRepository,
    feed: ChangeFeed,
  ) {
    this.snapshot = new ReadCache<Snapshot>(feed, 'referential', 1);
  }

  /** The kept snapshot, or null when it must not be used (no feed, inside a transaction). Four queries to (re)load. */
  private async kept(): Promise<Snapshot | null> {
    if (!this.snapshot.usable) return null;
    return this.snapshot.get('all', async () => {
      const structures = await this.repository.structures('all');
      const correspondences = await this.repository.correspondences();
      return {
        structures,
        byId: new Map(structures.map((t) => [t.id, t])),
        byCode: new Map(structures.map((t) => [t.code, t])),
        ccpIdByCode: new Map(structures.flatMap((t) => t.ccps.map((c): [string, string] => [c.code, c.id]))),
        correspondences,
      };
    });
  }

  /** After a write of this instance: its own copy goes at once (the trigger tells the others). */
  private changed<T>(value: T): T {
    this.snapshot.invalidate(null);
    return value;
  }

  /** Every title with its CCPs: two queries whatever the number of titles. */
  async list(today = todayInFrance()): Promise<CertificationSummaryDto[]> {
    const certifications = await this.dataSource.getRepository(Certification).find({ order: { code: 'ASC' } });
    const ccps = await this.dataSource.getRepository(Ccp).find({ order: { number: 'ASC' } });
    const codeOf = new Map(certifications.map((c) => [c.id, c.code]));
    return certifications.map((c) => ({
      ...this.repository.header(c, codeOf, today),
      ccps: ccps.filter((ccp) => ccp.certificationId === c.id).map(({ code, number, title }) => ({ code, number, title })),
    }));
  }

  /** Titles with CCPs and competences, by id or by code: three queries whatever the number. */
  async structures(filter: { ids?: string[]; codes?: string[] }): Promise<TitleStructure[]> {
    const snapshot = await this.kept();
    if (!snapshot) return this.repository.structures(filter);
    const keys = [...new Set(filter.ids ?? filter.codes ?? [])];
    const index = filter.ids ? snapshot.byId : snapshot.byCode;
    return keys.flatMap((k) => index.get(k) ?? []);
  }

  /** RNCP codes of titles by id, in one query. */
  async codesByIds(ids: string[]): Promise<Map<string, string>> {
    const snapshot = await this.kept();
    if (!snapshot) return this.repository.codesByIds(ids);
    return new Map(ids.flatMap((id) => (snapshot.byId.has(id) ? [[id, snapshot.byId.get(id)!.code] as [string, string]] : [])));
  }

  /** CCP ids by code (a CCP code is unique across titles), in one query. */
  async ccpIdsByCodes(codes: string[]): Promise<Map<string, string>> {
    const snapshot = await this.kept();
    if (!snapshot) return this.repository.ccpIdsByCodes(codes);
    return new Map(codes.flatMap((c) => (snapshot.ccpIdByCode.has(c) ? [[c, snapshot.ccpIdByCode.get(c)!] as [string, string]] : [])));
  }

  /** R-CAP-1: the CCP of that code in a title whose successor is `certificationId`, if any; one query. */
  async ccpOfPredecessor(certificationId: string, ccpCode: string): Promise<{ id: string } | null> {
    return this.repository.ccpOfPredecessor(certificationId, ccpCode);
  }

  /** Every declared CCP correspondence (R-REF-3, R-CAP-4): `from` CCP ids of title `certificationId` into `to`; one query. */
  async correspondences(): Promise<CorrespondenceFacts[]> {
    return (await this.kept())?.correspondences ?? this.repository.correspondences();
  }

  async structureByCode(code: string): Promise<TitleStructure | null> {
    return (await this.structures({ codes: [code] }))[0] ?? null;
  }

  async structureById(id: string): Promise<TitleStructure> {
    const [structure] = await this.structures({ ids: [id] });
    if (!structure) throw DomainError.notFound('Le titre');
    return structure;
  }

  async get(code: string, today = todayInFrance()): Promise<CertificationDetailDto> {
    return this.detail(this.dataSource.manager, code, today);
  }

  async create(input: CreateCertificationDto, actorId: string | null): Promise<CertificationDetailDto> {
    checkStructure(input);
    return this.changed(
      await this.dataSource.transaction(async (m) => {
        if (await m.exists(Certification, { where: { code: input.code } })) {
          throw new DomainError(
            'CERTIFICATION.CODE_TAKEN',
            `Le titre ${input.code} existe déjà : une nouvelle version prend un nouveau code RNCP.`,
            [{ field: 'code', message: 'Code déjà utilisé.' }],
          );
        }
        const ccpCodes = input.ccps.map((c) => c.code);
        const taken = await m.find(Ccp, { where: { code: In(ccpCodes) } });
        if (taken.length > 0) {
          throw new DomainError(
            'CERTIFICATION.CCP_CODE_TAKEN',
            `Ces codes de CCP appartiennent déjà à un autre titre : ${taken.map((c) => c.code).join(', ')}.`,
            taken.map((c) => ({ field: `ccps[${ccpCodes.indexOf(c.code)}].code`, message: 'Code déjà utilisé.' })),
          );
        }
        const certification = await m.save(m.create(Certification, { code: input.code, ...headerColumns(input) }));
        const ccps = await m.save(
          input.ccps.map((c) => m.create(Ccp, { certificationId: certification.id, code: c.code, number: c.number, title: c.title })),
        );
        await this.insertCompetences(m, certification.id, input, ccps);
        const view = await this.detail(m, input.code);
        await this.audit.record(m, {
          actorId,
          action: actorId ? 'certification.create' : 'certification.seed',
          entity: 'certification',
          entityId: certification.id,
          after: view,
        });
        return view;
      }),
    );
  }

  /**
   * R-REF-3: declares the successor of a title and the CCP correspondences. Every `from` CCP
   * must belong to the old title, every `to` CCP to the successor. Replaces earlier ones.
   */
  async setSuccessor(code: string, input: SetSuccessorDto, actorId: string): Promise<CertificationDetailDto> {
    return this.changed(
      await this.dataSource.transaction(async (m) => {
        const old = await m.findOne(Certification, { where: { code }, lock: { mode: 'pessimistic_write' } });
        if (!old) throw DomainError.notFound(`Le titre ${code}`);
        const successor = await m.findOne(Certification, { where: { code: input.successorCode } });
        const refuse = (message: string): DomainError =>
          new DomainError('REF.INVALID_SUCCESSOR', message, [{ field: 'successorCode', message }], 'R-REF-3');
        if (!successor) throw refuse(`Le titre successeur ${input.successorCode} n'existe pas : créez-le d'abord.`);
        if (successor.id === old.id) throw refuse('Un titre ne peut pas être son propre successeur.');
        // No cycle: the successor's own chain must not lead back to the old title.
        if ((await this.repository.successorChain(m, successor.id)).includes(old.id)) {
          throw refuse(`${successor.code} a déjà ${old.code} parmi ses successeurs : la chaîne de successeurs ne peut pas boucler.`);
        }

        const ccps = await m.find(Ccp, { where: { certificationId: In([old.id, successor.id]) } });
        const oldCcps = new Map(ccps.filter((c) => c.certificationId === old.id).map((c) => [c.code, c]));
        const newCcps = new Map(ccps.filter((c) => c.certificationId === successor.id).map((c) => [c.code, c]));
        const problems: FieldProblem[] = [];
        input.correspondences.forEach((corr, i) => {
          corr.from.forEach((from, j) => {
            if (!oldCcps.has(from)) {
              problems.push({ field: `correspondences[${i}].from[${j}]`, message: `${from} n'est pas un CCP du titre ${old.code}.` });
            }
          });
          if (!newCcps.has(corr.to)) {
            problems.push({
              field: `correspondences[${i}].to`,
              message: `${corr.to} n'est pas un CCP du titre successeur ${successor.code}.`,
            });
          }
        });
        const seen = new Set<string>();
        input.correspondences.forEach((corr, i) => {
          const key = `${[...corr.from].sort().join('+')}>${corr.to}`;
          if (seen.has(key)) problems.push({ field: `correspondences[${i}]`, message: 'Correspondance en double.' });
          seen.add(key);
        });
        if (problems.length > 0) {
          throw new DomainError(
            'REF.INVALID_CORRESPONDENCE',
            `Table de correspondance invalide : chaque CCP « from » doit appartenir à ${old.code} et chaque CCP « to » à ${successor.code}.`,
            problems,
            'R-REF-3',
          );
        }

        const before = await this.detail(m, code);
        await m.delete(CcpCorrespondence, { certificationId: old.id });
        await m.update(Certification, { id: old.id }, { successorId: successor.id });
        const saved = await m.save(
          input.correspondences.map((corr) => m.create(CcpCorrespondence, { certificationId: old.id, toCcpId: newCcps.get(corr.to)!.id })),
        );
        await m.save(
          input.correspondences.flatMap((corr, i) =>
            corr.from.map((from) => m.create(CcpCorrespondenceSource, { correspondenceId: saved[i].id, ccpId: oldCcps.get(from)!.id })),
          ),
        );
        const after = await this.detail(m, code);
        await this.audit.record(m, {
          actorId,
          action: 'certification.set_successor',
          entity: 'certification',
          entityId: old.id,
          before,
          after,
        });
        return after;
      }),
    );
  }

  /** The SAMS référentiel (and any other file under seeds/referentials) present after every start. */
  /**
   * R-REF-3: a version no one uses yet (no cohort, learner, session, award, habilitation, ECF or
   * DP on it) may be corrected as a whole: header, CCPs, competences, criteria. CCPs keep their
   * rows by code, so correspondences already declared on kept CCPs stay. Once used: 409.
   */
  async update(code: string, input: UpdateCertificationDto, actorId: string): Promise<CertificationDetailDto> {
    if (input.code !== undefined && input.code !== code) {
      throw DomainError.validation([
        { field: 'code', message: `Le code d'un titre ne change pas : dupliquez-le pour créer ${input.code}.` },
      ]);
    }
    checkStructure({ ...input, code });
    return this.changed(
      await this.dataSource.transaction(async (m) => {
        const certification = await m.findOne(Certification, { where: { code }, lock: { mode: 'pessimistic_write' } });
        if (!certification) throw DomainError.notFound(`Le titre ${code}`);
        const uses = await this.repository.usesOf(m, certification.id);
        if (uses.length > 0) {
          throw new DomainError(
            'CONFLICT',
            `Le titre ${code} est déjà utilisé (${uses.join(', ')}) : il ne peut plus être modifié. Une nouvelle version prend un nouveau code RNCP (« Dupliquer »).`,
            uses.map((use) => ({ field: 'code', message: use })),
            'R-REF-3',
          );
        }
        const existing = await m.find(Ccp, { where: { certificationId: certification.id } });
        const byCode = new Map(existing.map((c) => [c.code, c]));
        const ccpCodes = input.ccps.map((c) => c.code);
        const taken = (await m.find(Ccp, { where: { code: In(ccpCodes) } })).filter((c) => c.certificationId !== certification.id);
        if (taken.length > 0) {
          throw new DomainError(
            'CERTIFICATION.CCP_CODE_TAKEN',
            `Ces codes de CCP appartiennent déjà à un autre titre : ${taken.map((c) => c.code).join(', ')}.`,
            taken.map((c) => ({ field: `ccps[${ccpCodes.indexOf(c.code)}].code`, message: 'Code déjà utilisé.' })),
          );
        }
        const removed = existing.filter((c) => !ccpCodes.includes(c.code));
        if (removed.length > 0) {
          const linked = await this.repository.ccpsInCorrespondences(
            m,
            removed.map((c) => c.id),
          );
          if (linked.length > 0) {
            throw new DomainError(
              'CONFLICT',
              `Ces CCP figurent dans une table de correspondance : ${linked.join(', ')}. Modifiez d'abord la correspondance.`,
              linked.map((c) => ({ field: `ccps`, message: `${c} est cité dans une correspondance.` })),
              'R-REF-3',
            );
          }
        }
        const before = await this.detail(m, code);
        await m.delete(Competence, { certificationId: certification.id });
        if (removed.length > 0) await m.delete(Ccp, { id: In(removed.map((c) => c.id)) });
        await this.repository.parkCcpNumbers(m, certification.id);
        const ccps: Ccp[] = [];
        for (const c of input.ccps) {
          const kept = byCode.get(c.code);
          if (kept) {
            await m.update(Ccp, { id: kept.id }, { number: c.number, title: c.title });
            ccps.push({ ...kept, number: c.number, title: c.title });
          } else {
            ccps.push(await m.save(m.create(Ccp, { certificationId: certification.id, code: c.code, number: c.number, title: c.title })));
          }
        }
        await this.insertCompetences(m, certification.id, input, ccps);
        await m.update(Certification, { id: certification.id }, headerColumns(input));
        const after = await this.detail(m, code);
        await this.audit.record(m, {
          actorId,
          action: 'certification.update',
          entity: 'certification',
          entityId: certification.id,
          before,
          after,
        });
        return after;
      }),
    );
  }

  /** The title in the format of seeds/referentials/*.json, which POST /api/certifications takes back. */
  async exportReferential(code: string): Promise<CreateCertificationDto> {
    const c = await this.dataSource.getRepository(Certification).findOne({ where: { code } });
    if (!c) throw DomainError.notFound(`Le titre ${code}`);
    const view = await this.detail(this.dataSource.manager, code);
    // Same key order as the shipped file; unknown descriptors are left out rather than null.
    return {
      code: c.code,
      tpCode: c.tpCode,
      name: c.name,
      ...(c.acronym !== null ? { acronym: c.acronym } : {}),
      level: c.level,
      ...(c.nsf !== null ? { nsf: c.nsf } : {}),
      ...(c.romeCodes.length > 0 ? { romeCodes: c.romeCodes } : {}),
      ...(c.creationDecree !== null ? { creationDecree: c.creationDecree } : {}),
      ...(c.validFrom !== null ? { validFrom: c.validFrom } : {}),
      validUntil: c.validUntil,
      ...(c.trainingHours !== null ? { trainingHours: c.trainingHours } : {}),
      ...(c.trainingDurationMonths.length > 0 ? { trainingDurationMonths: c.trainingDurationMonths } : {}),
      ...(c.demo ? { demo: true } : {}),
      ccps: view.ccps.map((ccp) => ({
        number: ccp.number,
        code: ccp.code,
        title: ccp.title,
        competences: ccp.competences.map((k) => ({ number: k.number, title: k.title, description: k.description, criteria: k.criteria })),
      })),
    };
  }

  private async insertCompetences(
    m: EntityManager,
    certificationId: string,
    input: { ccps: CreateCertificationDto['ccps'] },
    ccps: Ccp[],
  ): Promise<void> {
    await m.save(
      input.ccps.flatMap((c, i) =>
        c.competences.map((k) =>
          m.create(Competence, {
            certificationId,
            ccpId: ccps[i].id,
            number: k.number,
            title: k.title,
            description: k.description ?? '',
            criteria: k.criteria,
          }),
        ),
      ),
    );
  }

  async ensurePresent(input: CreateCertificationDto): Promise<boolean> {
    if (await this.dataSource.getRepository(Certification).exists({ where: { code: input.code } })) return false;
    try {
      await this.create(input, null);
      return true;
    } catch (error) {
      // Another instance seeded it at the same moment: refused by the check, or by the unique
      // index when both checked before either wrote (two workers starting on a new database).
      if (error instanceof DomainError && error.code === 'CERTIFICATION.CODE_TAKEN') return false;
      if (error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === 'certifications_code_unique')
        return false;
      throw error;
    }
  }

  private detail(m: EntityManager, code: string, today = todayInFrance()): Promise<CertificationDetailDto> {
    return this.repository.detail(m, code, today);
  }
}
