import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Page, pageOf, paginate, PageQueryDto } from '../http/pagination';
import { AuditedEntity, AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  entity: AuditedEntity;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditView {
  at: string;
  actorId: string | null;
  action: string;
  entity: AuditedEntity;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** Every write records who, when, what, on which entity, before/after — in the write's transaction. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    await manager.insert(AuditEntry, {
      actorId: record.actorId,
      action: record.action,
      entity: record.entity,
      entityId: record.entityId,
      before: record.before ?? null,
      after: record.after ?? null,
    });
  }

  /** Several entries in one statement (e.g. the awards of a whole PV). */
  async recordMany(manager: EntityManager, records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    await manager.insert(
      AuditEntry,
      records.map((r) => ({
        actorId: r.actorId,
        action: r.action,
        entity: r.entity,
        entityId: r.entityId,
        before: r.before ?? null,
        after: r.after ?? null,
      })),
    );
  }

  async list(filter: { entity?: AuditedEntity; entityId?: string }, query: PageQueryDto): Promise<Page<AuditView>> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a');
    if (filter.entity) qb.andWhere('a.entity = :entity', { entity: filter.entity });
    if (filter.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: filter.entityId });
    const [rows, total] = await paginate(qb.orderBy('a.at', 'DESC').addOrderBy('a.id', 'DESC'), query);
    return pageOf(
      rows.map((r) => ({
        at: r.at.toISOString(),
        actorId: r.actorId,
        action: r.action,
        entity: r.entity,
        entityId: r.entityId,
        before: r.before,
        after: r.after,
      })),
      total,
      query,
    );
  }
}
