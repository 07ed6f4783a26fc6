import { AuditLabelSource, TitleUse } from '@app/platform';

/** DPs, labelled by their learner (port AUDIT_LABEL_SOURCES). */
export const PROFESSIONAL_FILES_AUDIT_LABELS: AuditLabelSource[] = [
  {
    kind: 'professional_file',
    select: (ids) =>
      `SELECT 'professional_file' AS kind, f.id::text AS id, NULL::text AS label, f.learner_id::text AS learner_id FROM professional_files f WHERE f.id = ANY(${ids})`,
  },
];

/** DP examples written on the CCPs of a title version (port TITLE_USES, R-REF-3). */
export const PROFESSIONAL_FILES_TITLE_USES: TitleUse[] = [
  {
    label: 'exemple(s) de dossier professionnel',
    count: (_c, ccpIds) => `(SELECT count(*) FROM dp_examples WHERE ccp_id = ANY(${ccpIds}))`,
  },
];
