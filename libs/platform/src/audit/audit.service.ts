import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { preparedRead, sideBySide } from '../database/transaction-context';
import { Page, pageOf, PageQueryDto } from '../http/pagination';
import { AUDIT_LABEL_SOURCES, AuditLabelSource } from '../ports/ports';
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
  actorName: string | null;
  entityLabel: string | null;
  learnerId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditFilter {
  entity?: AuditedEntity;
  entityId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * The names of the actors and the labels of the entities of a page, in ONE statement whatever the
 * page size: each owner lib gives a SELECT over its own tables (port AUDIT_LABEL_SOURCES, bound in
 * apps/api/src/ports.module.ts); a row labelled by its learner (ECF, DP, award) takes the name the
 * 'learner' source gives, joined in the same statement.
 */
export function auditLabelsSql(sources: AuditLabelSource[]): string {
  const learner = sources.find((s) => s.kind === 'learner');
  const direct = sources.map((s, i) => `(${s.select(`$${i + 1}::uuid[]`)})`).join('\n  UNION ALL ');
  if (!learner) return `SELECT kind, id, label, learner_id FROM (${direct}) d`;
  const byLearner = learner.select(`ARRAY(SELECT DISTINCT learner_id::uuid FROM direct WHERE label IS NULL AND learner_id IS NOT NULL)`);
  return `WITH direct AS (${direct})
  SELECT d.kind, d.id, coalesce(d.label, n.label) AS label, d.learner_id
    FROM direct d LEFT JOIN (${byLearner}) n ON d.label IS NULL AND n.id = d.learner_id`;
}

/** Every write records who, when, what, on which entity, before/after — in the write's transaction. */
@Injectable()
export class AuditService {
  private readonly labelsSql: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AUDIT_LABEL_SOURCES) private readonly labelSources: AuditLabelSource[],
  ) {
    this.labelsSql = auditLabelsSql(labelSources);
  }

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

  /** A page of the log with names and labels: 3 prepared statements (page ‖ count, then labels) whatever the page size. */
  async list(filter: AuditFilter, query: PageQueryDto): Promise<Page<AuditView>> {
    // Prepared statements, the page beside its count (issue 15): indexes audit_log_by_entity,
    // audit_log_by_entity_time and audit_log_by_time serve each filter newest first.
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown): void => {
      params.push(value);
      where.push(condition.replace('?', `$${params.length}`));
    };
    if (filter.entity) add('a.entity = ?', filter.entity);
    if (filter.entityId) add('a.entity_id = ?', filter.entityId);
    if (filter.actorId) add('a.actor_id = ?', filter.actorId);
    // Days of Paris, where the centre reads the log.
    if (filter.from) add(`a.at >= (CAST(? AS date)::timestamp AT TIME ZONE 'Europe/Paris')`, filter.from);
    if (filter.to) add(`a.at < ((CAST(? AS date) + 1)::timestamp AT TIME ZONE 'Europe/Paris')`, filter.to);
    const conditions = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const n = params.length;
    const [rows, [{ total }]] = await sideBySide(
      () =>
        preparedRead<AuditEntry>(
          this.dataSource,
          `SELECT a.id, a.at, a.actor_id AS "actorId", a.action, a.entity, a.entity_id AS "entityId", a.before, a.after
             FROM audit_log a ${conditions} ORDER BY a.at DESC, a.id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
          [...params, query.pageSize, (query.page - 1) * query.pageSize],
        ),
      () => preparedRead<{ total: number }>(this.dataSource, `SELECT count(*)::int AS total FROM audit_log a ${conditions}`, params),
    );
    const labels = await this.labels(rows);
    return pageOf(
      rows.map((r) => {
        const target = labels.get(`${r.entity}:${r.entityId}`);
        return {
          at: r.at.toISOString(),
          actorId: r.actorId,
          actorName: r.actorId ? (labels.get(`user:${r.actorId}`)?.label ?? null) : null,
          action: r.action,
          entity: r.entity,
          entityId: r.entityId,
          entityLabel: target?.label ?? null,
          learnerId: target?.learnerId ?? null,
          before: r.before,
          after: r.after,
        };
      }),
      total,
      query,
    );
  }

  private async labels(rows: AuditEntry[]): Promise<Map<string, { label: string; learnerId: string | null }>> {
    const out = new Map<string, { label: string; learnerId: string | null }>();
    if (rows.length === 0) return out;
    const ids = new Map<string, Set<string>>(this.labelSources.map((source) => [source.kind, new Set<string>()]));
    for (const r of rows) {
      if (r.actorId) ids.get('user')?.add(r.actorId);
      if (UUID.test(r.entityId)) ids.get(r.entity)?.add(r.entityId);
    }
    const found: { kind: string; id: string; label: string | null; learner_id: string | null }[] = await preparedRead(
      this.dataSource,
      this.labelsSql,
      this.labelSources.map((source) => [...ids.get(source.kind)!]),
    );
    for (const f of found) out.set(`${f.kind}:${f.id}`, { label: f.label ?? '', learnerId: f.learner_id });
    return out;
  }
}
