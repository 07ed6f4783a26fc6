import { AuditLabelSource, TitleUse } from '@app/platform';

/** ECF evaluations and syntheses, labelled by their learner (port AUDIT_LABEL_SOURCES). */
export const ECF_AUDIT_LABELS: AuditLabelSource[] = [
  {
    kind: 'ecf_evaluation',
    select: (ids) =>
      `SELECT 'ecf_evaluation' AS kind, e.id::text AS id, NULL::text AS label, e.learner_id::text AS learner_id FROM ecf_evaluations e WHERE e.id = ANY(${ids})`,
  },
  {
    kind: 'ecf_synthesis',
    select: (ids) =>
      `SELECT 'ecf_synthesis' AS kind, e.id::text AS id, NULL::text AS label, e.learner_id::text AS learner_id FROM ecf_syntheses e WHERE e.id = ANY(${ids})`,
  },
];

/** ECF evaluations and syntheses on the CCPs of a title version (port TITLE_USES, R-REF-3). */
export const ECF_TITLE_USES: TitleUse[] = [
  { label: 'évaluation(s) ECF', count: (_c, ccpIds) => `(SELECT count(*) FROM ecf_evaluations WHERE ccp_id = ANY(${ccpIds}))` },
  { label: 'synthèse(s) ECF', count: (_c, ccpIds) => `(SELECT count(*) FROM ecf_syntheses WHERE ccp_id = ANY(${ccpIds}))` },
];
