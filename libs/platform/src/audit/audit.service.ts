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
const frenchDay = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * The names of the actors and the labels of the entities of a page, in ONE query whatever the page
 * size (tables read by name: platform imports no lib). An award or an ECF or a DP is labelled by its learner.
 */
const LABELS_SQL = `
  SELECT 'user' AS kind, u.id::text AS id, u.full_name AS label, NULL::text AS learner_id, NULL::text AS session_type, NULL::text AS day
    FROM users u WHERE u.id = ANY($1::uuid[])
  UNION ALL SELECT 'learner', l.id::text, l.first_name || ' ' || l.last_name, l.id::text, NULL, NULL FROM learners l WHERE l.id = ANY($2::uuid[])
  UNION ALL SELECT 'cohort', c.id::text, c.name, NULL, NULL, NULL FROM cohorts c WHERE c.id = ANY($3::uuid[])
  UNION ALL SELECT 'certification', c.id::text, c.code || ' — ' || c.name, NULL, NULL, NULL FROM certifications c WHERE c.id = ANY($4::uuid[])
  UNION ALL SELECT 'jury_session', s.id::text, NULL, NULL, s.type, s.start_date::text FROM jury_sessions s WHERE s.id = ANY($5::uuid[])
  UNION ALL SELECT 'ecf_evaluation', e.id::text, l.first_name || ' ' || l.last_name, l.id::text, NULL, NULL
    FROM ecf_evaluations e JOIN learners l ON l.id = e.learner_id WHERE e.id = ANY($6::uuid[])
  UNION ALL SELECT 'ecf_synthesis', e.id::text, l.first_name || ' ' || l.last_name, l.id::text, NULL, NULL
    FROM ecf_syntheses e JOIN learners l ON l.id = e.learner_id WHERE e.id = ANY($7::uuid[])
  UNION ALL SELECT 'professional_file', f.id::text, l.first_name || ' ' || l.last_name, l.id::text, NULL, NULL
    FROM professional_files f JOIN learners l ON l.id = f.learner_id WHERE f.id = ANY($8::uuid[])
  UNION ALL SELECT 'award', a.id::text, l.first_name || ' ' || l.last_name, l.id::text, NULL, NULL
    FROM ccp_awards a JOIN learners l ON l.id = a.learner_id WHERE a.id = ANY($9::uuid[])
  UNION ALL SELECT 'award', a.id::text, l.first_name || ' ' || l.last_name, l.id::text, NULL, NULL
    FROM title_awards a JOIN learners l ON l.id = a.learner_id WHERE a.id = ANY($9::uuid[])`;
const LABEL_KINDS = [
  'user',
  'learner',
  'cohort',
  'certification',
  'jury_session',
  'ecf_evaluation',
  'ecf_synthesis',
  'professional_file',
  'award',
] as const;

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

  /** A page of the log with names and labels: 3 queries (page, count, labels) whatever the page size. */
  async list(filter: AuditFilter, query: PageQueryDto): Promise<Page<AuditView>> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a');
    if (filter.entity) qb.andWhere('a.entity = :entity', { entity: filter.entity });
    if (filter.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: filter.actorId });
    // Days of Paris, where the centre reads the log.
    if (filter.from) qb.andWhere(`a.at >= (CAST(:from AS date)::timestamp AT TIME ZONE 'Europe/Paris')`, { from: filter.from });
    if (filter.to) qb.andWhere(`a.at < ((CAST(:to AS date) + 1)::timestamp AT TIME ZONE 'Europe/Paris')`, { to: filter.to });
    const [rows, total] = await paginate(qb.orderBy('a.at', 'DESC').addOrderBy('a.id', 'DESC'), query);
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
    const ids = new Map<string, Set<string>>(LABEL_KINDS.map((k) => [k, new Set<string>()]));
    for (const r of rows) {
      if (r.actorId) ids.get('user')!.add(r.actorId);
      if (UUID.test(r.entityId)) ids.get(r.entity)?.add(r.entityId);
    }
    const found: {
      kind: string;
      id: string;
      label: string | null;
      learner_id: string | null;
      session_type: string | null;
      day: string | null;
    }[] = await this.dataSource.query(
      LABELS_SQL,
      LABEL_KINDS.map((k) => [...ids.get(k)!]),
    );
    for (const f of found) {
      const label =
        f.kind === 'jury_session' ? `Session ${f.session_type === 'title' ? 'titre' : 'CCP'} du ${frenchDay(f.day!)}` : (f.label ?? '');
      out.set(`${f.kind}:${f.id}`, { label, learnerId: f.learner_id });
    }
    return out;
  }
}
