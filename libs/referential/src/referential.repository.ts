import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DomainError, TITLE_USES, TitleUse } from '@app/platform';
import { certificationStatusOn, todayInFrance } from '@app/rules';
import { CertificationDetailDto, CorrespondenceDto } from './dto/certification.dto';
import { Ccp } from './entities/ccp.entity';
import { CcpCorrespondence, CcpCorrespondenceSource } from './entities/ccp-correspondence.entity';
import { Certification } from './entities/certification.entity';
import { Competence } from './entities/competence.entity';
import type { TitleStructure } from './referential.service';

/** A correspondence into a CCP of a successor title: `from` CCP ids of the old title `certificationId`. */
export interface CorrespondenceFacts {
  certificationId: string;
  to: string;
  from: string[];
}

/**
 * The référentiel's reads on its own tables (certifications, ccps, competences, correspondences):
 * set-based, a fixed number of queries each. Not exported: other libs call ReferentialService.
 */
@Injectable()
export class ReferentialRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TITLE_USES) private readonly titleUses: TitleUse[],
  ) {}

  /** Titles with CCPs and competences, by id or by code: three queries whatever the number. */
  async structures(filter: { ids?: string[]; codes?: string[] } | 'all'): Promise<TitleStructure[]> {
    if (filter !== 'all' && (filter.ids ?? filter.codes ?? []).length === 0) return [];
    const where = filter === 'all' ? {} : filter.ids ? { id: In(filter.ids) } : { code: In(filter.codes ?? []) };
    const certifications = await this.dataSource.manager.find(Certification, { where, order: { code: 'ASC' } });
    if (certifications.length === 0) return [];
    const ids = certifications.map((c) => c.id);
    const ccps = await this.dataSource.manager.find(Ccp, { where: { certificationId: In(ids) }, order: { number: 'ASC' } });
    const competences = await this.dataSource.manager.find(Competence, { where: { certificationId: In(ids) }, order: { number: 'ASC' } });
    return certifications.map((c) => ({
      id: c.id,
      code: c.code,
      tpCode: c.tpCode,
      name: c.name,
      level: c.level,
      validUntil: c.validUntil,
      successorId: c.successorId,
      ccps: ccps
        .filter((ccp) => ccp.certificationId === c.id)
        .map((ccp) => ({
          id: ccp.id,
          code: ccp.code,
          number: ccp.number,
          title: ccp.title,
          competences: competences
            .filter((k) => k.ccpId === ccp.id)
            .map(({ id, number, title, description, criteria }) => ({ id, number, title, description, criteria })),
        })),
    }));
  }

  /** RNCP codes of titles by id, in one query. */
  async codesByIds(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.manager.find(Certification, { where: { id: In(ids) }, select: { id: true, code: true } });
    return new Map(rows.map((c) => [c.id, c.code]));
  }

  /** CCP ids by code (codes are unique across titles), in one query. */
  async ccpIdsByCodes(codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await this.dataSource.manager.find(Ccp, { where: { code: In(codes) }, select: { id: true, code: true } });
    return new Map(rows.map((c) => [c.code, c.id]));
  }

  /** The CCP `ccpCode` of a title whose successor is `certificationId` (R-CAP-1), in one query. */
  async ccpOfPredecessor(certificationId: string, ccpCode: string): Promise<{ id: string } | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      'SELECT k.id FROM ccps k JOIN certifications c ON c.id = k.certification_id WHERE k.code = $1 AND c.successor_id = $2',
      [ccpCode, certificationId],
    );
    return rows[0] ?? null;
  }

  /** Every declared correspondence, in one query (the table is small: a few rows per title version). */
  async correspondences(): Promise<CorrespondenceFacts[]> {
    const rows: { certification_id: string; to_ccp_id: string; from_ccp_ids: string[] }[] = await this.dataSource.manager.query(
      `SELECT c.certification_id, c.to_ccp_id, array_agg(s.ccp_id) AS from_ccp_ids FROM ccp_correspondences c
       JOIN ccp_correspondence_sources s ON s.correspondence_id = c.id GROUP BY c.id`,
    );
    return rows.map((r) => ({ certificationId: r.certification_id, to: r.to_ccp_id, from: r.from_ccp_ids }));
  }

  /** The ids along the successor chain starting at `id` (itself included), in one query. */
  async successorChain(m: EntityManager, id: string): Promise<string[]> {
    const chain: { id: string }[] = await m.query(
      `WITH RECURSIVE chain(id, successor_id) AS (
         SELECT id, successor_id FROM certifications WHERE id = $1
         UNION SELECT c.id, c.successor_id FROM certifications c JOIN chain ON c.id = chain.successor_id)
       SELECT id FROM chain`,
      [id],
    );
    return chain.map((row) => row.id);
  }

  /** Codes of those CCPs that a correspondence cites (from or to). */
  async ccpsInCorrespondences(m: EntityManager, ccpIds: string[]): Promise<string[]> {
    const linked: { code: string }[] = await m.query(
      `SELECT DISTINCT c.code FROM ccps c WHERE c.id = ANY($1::uuid[]) AND (
         EXISTS (SELECT 1 FROM ccp_correspondences x WHERE x.to_ccp_id = c.id)
         OR EXISTS (SELECT 1 FROM ccp_correspondence_sources s WHERE s.ccp_id = c.id))`,
      [ccpIds],
    );
    return linked.map((c) => c.code);
  }

  /** Numbers are unique per title: park the kept ones out of the way before renumbering. */
  async parkCcpNumbers(m: EntityManager, certificationId: string): Promise<void> {
    await m.query(`UPDATE ccps SET number = -number WHERE certification_id = $1`, [certificationId]);
  }

  header(c: Certification, codeOf: Map<string, string>, today: string) {
    return {
      code: c.code,
      tpCode: c.tpCode,
      name: c.name,
      acronym: c.acronym,
      level: c.level,
      validFrom: c.validFrom,
      validUntil: c.validUntil,
      demo: c.demo,
      status: certificationStatusOn(c, today).status,
      successorCode: c.successorId ? (codeOf.get(c.successorId) ?? null) : null,
    };
  }

  /** A title as GET /api/certifications/:code shows it. */
  async detail(m: EntityManager, code: string, today = todayInFrance()): Promise<CertificationDetailDto> {
    const certification = await m.findOne(Certification, { where: { code } });
    if (!certification) throw DomainError.notFound(`Le titre ${code}`);
    const related = await m.find(Certification, {
      where: [...(certification.successorId ? [{ id: certification.successorId }] : []), { successorId: certification.id }],
    });
    // Sequential: inside a transaction they share one connection.
    const ccps = await m.find(Ccp, { where: { certificationId: certification.id }, order: { number: 'ASC' } });
    const competences = await m.find(Competence, { where: { certificationId: certification.id }, order: { number: 'ASC' } });
    const correspondences = await m.find(CcpCorrespondence, { where: { certificationId: certification.id } });
    const correspondenceViews: CorrespondenceDto[] = [];
    if (correspondences.length > 0) {
      const sources = await m.find(CcpCorrespondenceSource, { where: { correspondenceId: In(correspondences.map((c) => c.id)) } });
      const ccpCodes = new Map(
        (await m.find(Ccp, { where: { id: In([...correspondences.map((c) => c.toCcpId), ...sources.map((s) => s.ccpId)]) } })).map((c) => [
          c.id,
          c,
        ]),
      );
      for (const corr of correspondences) {
        correspondenceViews.push({
          from: sources
            .filter((s) => s.correspondenceId === corr.id)
            .map((s) => ccpCodes.get(s.ccpId)!)
            .sort((a, b) => a.number - b.number)
            .map((c) => c.code),
          to: ccpCodes.get(corr.toCcpId)!.code,
        });
      }
      correspondenceViews.sort((a, b) => a.to.localeCompare(b.to) || a.from.join().localeCompare(b.from.join()));
    }
    const codeOf = new Map([certification, ...related].map((c) => [c.id, c.code]));
    return {
      ...this.header(certification, codeOf, today),
      predecessorCode: related.find((r) => r.successorId === certification.id)?.code ?? null,
      ccps: ccps.map((ccp) => ({
        code: ccp.code,
        number: ccp.number,
        title: ccp.title,
        competences: competences
          .filter((k) => k.ccpId === ccp.id)
          .map(({ number, title, description, criteria }) => ({ number, title, description, criteria })),
      })),
      correspondences: correspondenceViews,
      nsf: certification.nsf,
      romeCodes: certification.romeCodes,
      creationDecree: certification.creationDecree,
      trainingHours: certification.trainingHours,
      trainingDurationMonths: certification.trainingDurationMonths,
      editable: (await this.usesOf(m, certification.id)).length === 0,
    };
  }

  /**
   * What already rests on a title version (French, for the 409 of R-REF-3); empty: it may still be
   * edited. ONE statement: each lib that owns such rows gives its count over its own tables (port
   * TITLE_USES, bound in apps/api/src/ports.module.ts), given the version's id and its CCPs' ids.
   */
  async usesOf(m: EntityManager, certificationId: string): Promise<string[]> {
    if (this.titleUses.length === 0) return [];
    const counts = this.titleUses.map(
      (use, i) => `${use.count('$1::uuid', 'ARRAY(SELECT id FROM ccps WHERE certification_id = $1)')}::int AS u${i}`,
    );
    const [row]: Record<string, number>[] = await m.query(`SELECT ${counts.join(',\n       ')}`, [certificationId]);
    return this.titleUses.flatMap((use, i) => (row[`u${i}`] > 0 ? [`${row[`u${i}`]} ${use.label}`] : []));
  }
}
