import { AuditLabelSource, TitleUse } from '@app/platform';

/** Sessions as « Session titre du 12/05/2025 » (port AUDIT_LABEL_SOURCES). */
export const JURY_SESSIONS_AUDIT_LABELS: AuditLabelSource[] = [
  {
    kind: 'jury_session',
    select: (ids) =>
      `SELECT 'jury_session' AS kind, s.id::text AS id,
              'Session ' || CASE WHEN s.type = 'title' THEN 'titre' ELSE 'CCP' END || ' du ' || to_char(s.start_date, 'DD/MM/YYYY') AS label,
              NULL::text AS learner_id
         FROM jury_sessions s WHERE s.id = ANY(${ids})`,
  },
];

/** Jury sessions of a title version (port TITLE_USES, R-REF-3). */
export const JURY_SESSIONS_TITLE_USES: TitleUse[] = [
  {
    label: 'session(s) de jury',
    count: (certificationId) => `(SELECT count(*) FROM jury_sessions WHERE certification_id = ${certificationId})`,
  },
];
