/*
 * The PV de délibération in words (issue 12, part 4).
 *
 * The PV — letterhead; the session; the jury with its president; per candidate: the birth date,
 * attendance, each CCP assessed as « CCP n — title » with the decision and the jury's observation,
 * the entretien final, the title, the jury's observations, the overrides in words with the rule
 * and the reason staff typed; each juror's signature with its date, or « en attente »; the
 * rectification's reason and version; the sha256 of the content (R-DEC-4). A PV drafted before
 * issue 12 holds neither the CCP titles, nor the birth dates, nor the president: the CCP titles
 * then come from the référentiel, the rest is printed as absent — its content, and so its hash,
 * are never rewritten.
 */
import { DocumentIssuer, ensureSpace, fields, frenchInstant, heading, letterhead, paragraph, renderPdf, table } from '@app/platform';
import { frenchDate } from '@app/rules';
import type { PvView } from '../session-views';

import { DocumentCcp, labelOf, OUTCOME, overrideInWords, TYPE } from './wording';

export function renderPv(pv: PvView, issuer: DocumentIssuer, titleCcps: DocumentCcp[]): Promise<Buffer> {
  const c = pv.content;
  const label = labelOf(c.ccps ?? titleCcps);
  const president = c.president ?? null;
  return renderPdf(
    {
      title: `PV de délibération — ${c.certification.code} — ${frenchDate(c.startDate)}`,
      footer: `${issuer.name} — PV de délibération du jury — ${c.certification.code} — session du ${frenchDate(c.startDate)} — version ${pv.version} — sha256 ${pv.sha256.slice(0, 16)}…`,
    },
    (doc) => {
      letterhead(doc, issuer);
      paragraph(doc, 'TITRE PROFESSIONNEL — PROCÈS-VERBAL DE DÉLIBÉRATION DU JURY', { bold: true, size: 14 });
      paragraph(doc, `${c.certification.name} (${c.certification.code})`, { bold: true, size: 12 });
      doc.moveDown(0.5);
      fields(doc, [
        ['Organisme', issuer.agrementNumber ? `${issuer.name} — agrément / CERES ${issuer.agrementNumber}` : issuer.name],
        ['Type', TYPE[c.type]],
        [
          'Dates',
          c.startDate === c.endDate ? `le ${frenchDate(c.startDate)}` : `du ${frenchDate(c.startDate)} au ${frenchDate(c.endDate)}`,
        ],
        ['Lieu', c.site ?? '—'],
        ['Référence CERES', c.ceresReference ?? '—'],
        ['Version du PV', pv.reason ? `${pv.version} — rectification de la version ${pv.version - 1}` : String(pv.version)],
        ...(pv.reason ? ([['Motif de la rectification', pv.reason]] as [string, string][]) : []),
        ['Président du jury', president ? president.fullName : 'non désigné'],
      ]);
      heading(doc, 'Jury', 12);
      table(
        doc,
        [
          { header: 'Membre du jury', width: 0.6 },
          { header: 'Qualité', width: 0.4 },
        ],
        c.jurors.map((j) => [j.fullName, president?.userId === j.userId ? 'Président(e) du jury' : 'Membre du jury']),
      );
      heading(doc, 'Résultats', 12);
      if (c.candidates.length === 0) paragraph(doc, 'Aucun candidat.');
      for (const k of c.candidates) {
        ensureSpace(doc, 120);
        heading(
          doc,
          k.anonymisedOn
            ? `${k.fullName} — né(e) le — (anonymisé le ${frenchDate(k.anonymisedOn)})`
            : k.birthDate
              ? `${k.fullName} — né(e) le ${frenchDate(k.birthDate)}`
              : k.fullName,
          11,
        );
        const present = k.attendance === 'present';
        fields(doc, [
          ['Présence', present ? 'Présent(e)' : 'Absent(e)'],
          ['Résultat', OUTCOME[k.outcome] ?? k.outcome],
          ['Titre professionnel', k.titleAwarded ? 'attribué' : 'non attribué'],
          [
            'Entretien final',
            k.finalInterview
              ? k.finalInterviewHeld
                ? 'prévu, tenu'
                : present
                  ? 'prévu, non tenu'
                  : 'prévu (candidat absent)'
              : 'non prévu',
          ],
        ]);
        const comments = new Map((k.ccpComments ?? []).map((x) => [x.ccpCode, x.comment]));
        table(
          doc,
          [
            { header: 'CCP évalué', width: 0.45 },
            { header: 'Décision du jury', width: 0.17 },
            { header: 'Observation', width: 0.38 },
          ],
          k.ccpsAssessed.map((code) => [
            label(code),
            !present ? 'non évalué (absent)' : k.ccpsAwarded.includes(code) ? 'obtenu' : 'non obtenu',
            comments.get(code) ?? '',
          ]),
        );
        fields(doc, [
          ['CCP obtenus à cette session', k.ccpsAwarded.map(label).join(' ; ') || 'aucun'],
          ['Observations du jury', k.comment ?? '—'],
        ]);
        for (const o of k.overrides)
          fields(doc, [
            [
              'Dérogation accordée par le centre',
              `inscription maintenue malgré : ${o.codes.map(overrideInWords).join(' ; ')}. Motif : ${o.reason}`,
            ],
          ]);
        doc.moveDown(0.5);
      }
      heading(doc, 'Signatures des membres du jury', 12);
      table(
        doc,
        [
          { header: 'Membre du jury', width: 0.4 },
          { header: 'Qualité', width: 0.25 },
          { header: 'Signature', width: 0.35 },
        ],
        c.jurors.map((j) => {
          const s = pv.signatures.find((x) => x.userId === j.userId);
          return [
            j.fullName,
            president?.userId === j.userId ? 'Président(e)' : 'Membre',
            s ? `signé dans l'application le ${frenchInstant(s.signedAt)}` : 'en attente',
          ];
        }),
      );
      paragraph(doc, pv.complete ? 'PV signé par tous les membres du jury.' : 'PV en attente de signatures.', { bold: true });
      paragraph(doc, `Empreinte sha256 du contenu (version ${pv.version}) : ${pv.sha256}`, { size: 8, color: '#444444' });
      if (pv.sha256V1) paragraph(doc, `Empreinte d'origine (avant rescellement, ADR 0014) : ${pv.sha256V1}`, { size: 8, color: '#444444' });
    },
  );
}
