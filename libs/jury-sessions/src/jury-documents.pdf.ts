import { fields, frenchInstant, heading, paragraph, renderPdf, table } from '@app/platform';
import { frenchDate } from '@app/rules';
import type { PvView, SessionView } from './jury-sessions.service';

const OUTCOME: Record<string, string> = { absent: 'Absent', title: 'Titre obtenu', partial: 'Réussite partielle', failure: 'Échec' };
const TYPE = { title: 'Session titre', ccp: 'Session CCP' };

/** The PV de délibération: session, title, jurors, per candidate attendance and CCPs, title, overrides, signatures. */
export function renderPv(pv: PvView, centreName: string): Promise<Buffer> {
  const c = pv.content;
  return renderPdf(
    {
      title: `PV de délibération — ${c.certification.code} — ${frenchDate(c.startDate)}`,
      footer: `${centreName} — PV de délibération du jury — ${c.certification.code} — session du ${frenchDate(c.startDate)} — version ${pv.version} — sha256 ${pv.sha256.slice(0, 16)}…`,
    },
    (doc) => {
      paragraph(doc, 'TITRE PROFESSIONNEL — PROCÈS-VERBAL DE DÉLIBÉRATION DU JURY', { bold: true, size: 14 });
      paragraph(doc, `${c.certification.name} (${c.certification.code})`, { bold: true, size: 12 });
      doc.moveDown(0.5);
      fields(doc, [
        ['Organisme', centreName],
        ['Type', TYPE[c.type]],
        ['Dates', `du ${frenchDate(c.startDate)} au ${frenchDate(c.endDate)}`],
        ['Lieu', c.site ?? '—'],
        ['Référence CERES', c.ceresReference ?? '—'],
        ['Version du PV', pv.reason ? `${pv.version} — rectification : ${pv.reason}` : String(pv.version)],
      ]);
      heading(doc, 'Jury', 12);
      table(
        doc,
        [{ header: 'Membre du jury', width: 1 }],
        c.jurors.map((j) => [j.fullName]),
      );
      heading(doc, 'Résultats', 12);
      table(
        doc,
        [
          { header: 'Candidat', width: 0.22 },
          { header: 'Présence', width: 0.1 },
          { header: 'CCP évalués', width: 0.2 },
          { header: 'CCP obtenus', width: 0.2 },
          { header: 'Titre', width: 0.08 },
          { header: 'Résultat', width: 0.2 },
        ],
        c.candidates.map((k) => [
          k.fullName,
          k.attendance === 'present' ? 'Présent' : 'Absent',
          k.ccpsAssessed.join(', '),
          k.ccpsAwarded.join(', ') || '—',
          k.titleAwarded ? 'Oui' : 'Non',
          `${OUTCOME[k.outcome]}${k.finalInterview ? (k.finalInterviewHeld ? ' (entretien final tenu)' : ' (entretien final prévu)') : ''}`,
        ]),
      );
      const overrides = c.candidates.flatMap((k) => k.overrides.map((o) => [k.fullName, o.codes.join(', '), o.reason]));
      if (overrides.length) {
        heading(doc, 'Dérogations accordées par le centre', 12);
        table(
          doc,
          [
            { header: 'Candidat', width: 0.25 },
            { header: 'Refus levés', width: 0.3 },
            { header: 'Motif', width: 0.45 },
          ],
          overrides,
        );
      }
      heading(doc, 'Signatures', 12);
      table(
        doc,
        [
          { header: 'Membre du jury', width: 0.5 },
          { header: 'Signé le', width: 0.5 },
        ],
        c.jurors.map((j) => {
          const s = pv.signatures.find((x) => x.userId === j.userId);
          return [j.fullName, s ? frenchInstant(s.signedAt) : '(non signé)'];
        }),
      );
      paragraph(doc, pv.complete ? 'PV signé par tous les membres du jury.' : 'PV en attente de signatures.', { bold: true });
      paragraph(doc, `Empreinte sha256 du contenu : ${pv.sha256}`, { size: 8, color: '#444444' });
    },
  );
}

/** One convocation per candidate (R-SES-1, R-SES-2). */
export function renderConvocations(session: SessionView, titleName: string, centreName: string): Promise<Buffer> {
  return renderPdf(
    {
      title: `Convocations — ${session.certificationCode} — ${frenchDate(session.startDate)}`,
      footer: `${centreName} — convocation — ${session.certificationCode} — session du ${frenchDate(session.startDate)}`,
    },
    (doc) => {
      session.candidates.forEach((c, i) => {
        if (i > 0) doc.addPage();
        paragraph(doc, centreName, { bold: true });
        doc.moveDown(1);
        paragraph(doc, 'CONVOCATION', { bold: true, size: 18 });
        paragraph(doc, `Titre professionnel ${titleName} (${session.certificationCode}) — ${TYPE[session.type]}`, { size: 11 });
        doc.moveDown(1);
        fields(doc, [
          ['Candidat', c.fullName],
          [
            'Date',
            session.startDate === session.endDate
              ? `le ${frenchDate(session.startDate)}`
              : `du ${frenchDate(session.startDate)} au ${frenchDate(session.endDate)}`,
          ],
          ['Lieu', session.site ?? 'communiqué par le centre'],
          ['CCP évalués', c.ccpCodes.join(', ')],
          ['Entretien final', c.finalInterview ? 'Oui : le jury vous reçoit en entretien final' : 'Non'],
        ]);
        heading(doc, 'Aménagements', 11);
        paragraph(doc, c.accommodations ? `Aménagement accordé : ${c.accommodations}.` : 'Aucun aménagement.');
        heading(doc, 'À apporter', 11);
        paragraph(doc, "• une pièce d'identité en cours de validité\n• cette convocation\n• votre dossier professionnel (DP)");
        doc.moveDown(1);
        paragraph(doc, 'Présentez-vous 30 minutes avant le début. En cas d’empêchement, prévenez le centre au plus tôt.', {
          size: 9,
          color: '#444444',
        });
      });
      if (session.candidates.length === 0) paragraph(doc, 'Aucun candidat inscrit.');
    },
  );
}
