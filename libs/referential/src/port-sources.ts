import { AuditLabelSource } from '@app/platform';

/** Title versions by « code — intitulé » (port AUDIT_LABEL_SOURCES). */
export const REFERENTIAL_AUDIT_LABELS: AuditLabelSource[] = [
  {
    kind: 'certification',
    select: (ids) =>
      `SELECT 'certification' AS kind, c.id::text AS id, c.code || ' — ' || c.name AS label, NULL::text AS learner_id FROM certifications c WHERE c.id = ANY(${ids})`,
  },
];
