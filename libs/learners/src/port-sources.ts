import { AuditLabelSource, TitleUse } from '@app/platform';

/** Learners by « Prénom Nom », cohorts by name (port AUDIT_LABEL_SOURCES). */
export const LEARNERS_AUDIT_LABELS: AuditLabelSource[] = [
  {
    kind: 'learner',
    select: (ids) =>
      `SELECT 'learner' AS kind, l.id::text AS id, l.first_name || ' ' || l.last_name AS label, l.id::text AS learner_id FROM learners l WHERE l.id = ANY(${ids})`,
  },
  {
    kind: 'cohort',
    select: (ids) =>
      `SELECT 'cohort' AS kind, c.id::text AS id, c.name AS label, NULL::text AS learner_id FROM cohorts c WHERE c.id = ANY(${ids})`,
  },
];

/** Cohorts and learners resting on a title version (port TITLE_USES, R-REF-3). */
export const LEARNERS_TITLE_USES: TitleUse[] = [
  { label: 'promotion(s)', count: (certificationId) => `(SELECT count(*) FROM cohorts WHERE certification_id = ${certificationId})` },
  { label: 'apprenant(s)', count: (certificationId) => `(SELECT count(*) FROM learners WHERE certification_id = ${certificationId})` },
];
