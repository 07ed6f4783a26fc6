import { AuditLabelSource, TitleUse } from '@app/platform';

/** CCP and title awards, labelled by their learner (port AUDIT_LABEL_SOURCES). */
export const BOOKLET_AUDIT_LABELS: AuditLabelSource[] = [
  {
    kind: 'award',
    select: (ids) =>
      `SELECT 'award' AS kind, a.id::text AS id, NULL::text AS label, a.learner_id::text AS learner_id FROM ccp_awards a WHERE a.id = ANY(${ids})
       UNION ALL
       SELECT 'award', a.id::text, NULL::text, a.learner_id::text FROM title_awards a WHERE a.id = ANY(${ids})`,
  },
  {
    // Issue 16: an attestation of results, labelled by its learner (the code is in the entry's after).
    kind: 'attestation',
    select: (ids) =>
      `SELECT 'attestation' AS kind, a.id::text AS id, NULL::text AS label, a.learner_id::text AS learner_id FROM attestations a WHERE a.id = ANY(${ids})`,
  },
];

/** Titles and CCPs awarded on a title version (port TITLE_USES, R-REF-3). */
export const BOOKLET_TITLE_USES: TitleUse[] = [
  {
    label: 'titre(s) délivré(s)',
    count: (certificationId) => `(SELECT count(*) FROM title_awards WHERE certification_id = ${certificationId})`,
  },
  { label: 'CCP acquis', count: (_c, ccpIds) => `(SELECT count(*) FROM ccp_awards WHERE ccp_id = ANY(${ccpIds}))` },
];
