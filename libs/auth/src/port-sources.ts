import { AuditLabelSource } from '@app/platform';

/** The actors of the audit log, by their full name (port AUDIT_LABEL_SOURCES). */
export const AUTH_AUDIT_LABELS: AuditLabelSource[] = [
  {
    kind: 'user',
    select: (ids) =>
      `SELECT 'user' AS kind, u.id::text AS id, u.full_name AS label, NULL::text AS learner_id FROM users u WHERE u.id = ANY(${ids})`,
  },
];
