import {
  DocumentIssuer,
  fields,
  frenchInstant,
  heading,
  issuerAddress,
  paragraph,
  Pdf,
  renderPdf,
  table,
  yesNo,
  ensureSpace,
} from '@app/platform';
import { frenchDate } from '@app/rules';
import type { EcfBundle } from './ecf.service';

export interface EcfBookletContext {
  /** The centre as staff set it (GET /api/centre). */
  issuer: DocumentIssuer;
  site: string | null;
  cohortName: string | null;
}

/**
 * The livret ECF in the order of the ministry's model (MODELE_ECF_LE): cover, then for each
 * activité type the evaluations and the synthesis « L'activité N est maîtrisée : OUI / NON »
 * with the evaluators' and the centre's visas and the candidate's « pour information ».
 */
export function renderEcfBooklet(bundle: EcfBundle, context: EcfBookletContext): Promise<Buffer> {
  const { learner, title, ecf } = bundle;
  const acronym = title.code === 'RNCP36805' ? 'SAMS' : title.code;
  return renderPdf(
    {
      title: `Livret ECF — ${learner.lastName.toUpperCase()} ${learner.firstName}`,
      subject: `Livret d'évaluations passées en cours de formation — ${title.name}`,
      footer: `${acronym} — Livret d'évaluations passées en cours de formation — ${title.tpCode} — ${title.code} — échéance ${frenchDate(title.validUntil)}`,
    },
    (doc) => {
      cover(doc, bundle, context);
      for (const ccp of ecf.ccps) {
        doc.addPage();
        heading(doc, `Activité type ${ccp.number} : ${ccp.title}`, 13);
        paragraph(
          doc,
          `CCP ${ccp.ccpCode} — compétences ${title.ccps
            .find((c) => c.code === ccp.ccpCode)!
            .competences.map((k) => k.number)
            .join(', ')}`,
          { size: 9, color: '#444444' },
        );
        doc.moveDown(0.5);
        paragraph(doc, 'Évaluations passées en cours de formation', { bold: true });
        doc.moveDown(0.3);
        table(
          doc,
          [
            { header: 'Date', width: 0.12 },
            { header: "Intitulé de l'évaluation", width: 0.4 },
            { header: 'Compétences évaluées (A = acquise, NA = non acquise)', width: 0.3 },
            { header: 'Évaluateur', width: 0.18 },
          ],
          ccp.evaluations.map((e) => [
            frenchDate(e.date),
            e.comment ? `${e.description}\nCommentaire : ${e.comment}` : e.description,
            e.results.map((r) => `C${r.competence} : ${r.acquired ? 'A' : 'NA'}`).join('   '),
            e.evaluatorName,
          ]),
          { emptyText: 'Aucune évaluation enregistrée.' },
        );
        synthesis(doc, ccp.number, ccp.synthesis);
      }
    },
  );
}

function cover(doc: Pdf, { learner, title }: EcfBundle, context: EcfBookletContext): void {
  doc.moveDown(3);
  paragraph(doc, 'MINISTÈRE CHARGÉ DE L’EMPLOI — TITRE PROFESSIONNEL', { size: 10, color: '#444444' });
  doc.moveDown(1.5);
  paragraph(doc, "LIVRET D'ÉVALUATIONS PASSÉES EN COURS DE FORMATION", { bold: true, size: 18 });
  doc.moveDown(0.5);
  paragraph(doc, title.name, { bold: true, size: 15 });
  doc.moveDown(1);
  fields(doc, [
    ['Niveau', String(title.level)],
    ['Code RNCP', title.code],
    ['Code titre', title.tpCode],
    ["Date d'échéance de l'enregistrement", frenchDate(title.validUntil)],
  ]);
  doc.moveDown(1.5);
  paragraph(doc, 'Organisme de formation', { bold: true, size: 12 });
  fields(doc, [
    ['Organisme', context.issuer.name],
    ['Adresse', issuerAddress(context.issuer)],
    ["N° d'agrément / CERES", context.issuer.agrementNumber],
    ['Lieu', context.site ?? '—'],
    ['Promotion', context.cohortName ?? '—'],
  ]);
  doc.moveDown(1.5);
  paragraph(doc, 'Candidat', { bold: true, size: 12 });
  fields(doc, [
    ['Nom', learner.lastName.toUpperCase()],
    ['Prénom', learner.firstName],
    ['Date de naissance', frenchDate(learner.birthDate)],
  ]);
  doc.moveDown(2);
  paragraph(
    doc,
    "Les évaluations passées en cours de formation (ECF) sont organisées par l'organisme de formation pour chaque activité type. " +
      'Elles attestent que le candidat a satisfait, ou non, aux critères issus du référentiel. Ce livret est remis au jury, qui en tient compte dans sa décision.',
    { size: 9, color: '#444444' },
  );
}

function synthesis(doc: Pdf, number: number, s: EcfBundle['ecf']['ccps'][number]['synthesis']): void {
  ensureSpace(doc, 200);
  doc.moveDown(0.5);
  paragraph(doc, `Synthèse des évaluations de l'activité type ${number}`, { bold: true, size: 11 });
  doc.moveDown(0.3);
  if (!s) {
    // As on the paper form: the line is there, both boxes empty.
    paragraph(doc, `L'activité ${number} est maîtrisée :   ${yesNo(null)}`, { bold: true });
    paragraph(doc, 'Synthèse non encore établie.', { color: '#444444' });
    return;
  }
  paragraph(doc, `L'activité ${number} est maîtrisée :   ${yesNo(s.mastered)}`, { bold: true });
  doc.moveDown(0.3);
  fields(doc, [
    ['Observations', s.observations || '—'],
    ['Compétences à réévaluer', s.competencesToReassess.length ? s.competencesToReassess.map((n) => `C${n}`).join(', ') : '—'],
    ['Version', s.version > 1 ? `${s.version} (motif : ${s.reason ?? ''})` : '1'],
  ]);
  doc.moveDown(0.4);
  table(
    doc,
    [
      { header: 'Visa', width: 0.34 },
      { header: 'Nom', width: 0.38 },
      { header: 'Date', width: 0.28 },
    ],
    [
      ...(s.evaluatorSignatures.length ? s.evaluatorSignatures : [null]).map((g) => [
        'Formateur(s) évaluateur(s)',
        g?.fullName ?? '(non signé)',
        g ? frenchInstant(g.signedAt) : '',
      ]),
      [
        "Représentant de l'organisme de formation",
        s.centreSignature?.fullName ?? '(non signé)',
        s.centreSignature ? frenchInstant(s.centreSignature.signedAt) : '',
      ],
      [
        'Le candidat, pour information',
        s.acknowledgedAt ? 'Pris connaissance' : '(non encore)',
        s.acknowledgedAt ? frenchInstant(s.acknowledgedAt) : '',
      ],
    ],
  );
  if (!s.locked)
    paragraph(doc, 'Synthèse non verrouillée : elle doit être signée par un évaluateur et par le centre.', { size: 9, color: '#AA0000' });
}
