import {
  contentWidth,
  DocumentIssuer,
  ensureSpace,
  fields,
  FONT,
  FONT_BOLD,
  issuerAddress,
  frenchInstant,
  heading,
  paragraph,
  Pdf,
  pdfText,
  renderPdf,
  table,
} from '@app/platform';
import { frenchDate } from '@app/rules';
import type { ProfessionalFileBundle } from './professional-files.service';

const PATHWAY = { training: 'Parcours de formation', vae: "Validation des acquis de l'expérience (VAE)" };

/**
 * The dossier professionnel in the ministry's order: cover, contents, for each activité type its
 * examples (tasks, means, with whom, context, extra), qualifications, déclaration sur l'honneur,
 * documents illustrating the practice. The contents get their page numbers once pages exist.
 */
export function renderProfessionalFile({ learner, title, view }: ProfessionalFileBundle, issuer: DocumentIssuer): Promise<Buffer> {
  return renderPdf(
    {
      title: `Dossier professionnel — ${learner.lastName.toUpperCase()} ${learner.firstName}`,
      subject: `Dossier professionnel — ${title.name}`,
      footer: `Dossier professionnel — ${learner.lastName.toUpperCase()} ${learner.firstName} — ${title.name} (${title.code}) — ${view.status === 'submitted' ? `remis le ${frenchInstant(view.submittedAt!)}` : 'brouillon'}`,
    },
    (doc) => {
      // Cover
      doc.moveDown(4);
      paragraph(doc, 'MINISTÈRE CHARGÉ DE L’EMPLOI — TITRE PROFESSIONNEL', { size: 10, color: '#444444' });
      doc.moveDown(1.5);
      paragraph(doc, 'DOSSIER PROFESSIONNEL (DP)', { bold: true, size: 22 });
      doc.moveDown(0.5);
      paragraph(doc, title.name, { bold: true, size: 15 });
      paragraph(doc, `Niveau ${title.level} — ${title.tpCode} — ${title.code}`, { size: 10, color: '#444444' });
      doc.moveDown(2);
      fields(doc, [
        ['Nom de naissance', learner.lastName.toUpperCase()],
        ['Prénom', learner.firstName],
        ['Date de naissance', frenchDate(learner.birthDate)],
        ['Parcours', PATHWAY[learner.pathway]],
        ['Organisme de formation', issuer.name],
        ['Adresse de l’organisme', issuerAddress(issuer)],
      ]);
      doc.moveDown(2);
      paragraph(
        doc,
        view.status === 'submitted' ? `Dossier remis le ${frenchInstant(view.submittedAt!)}.` : 'Brouillon : dossier non remis.',
        { bold: true },
      );

      // Contents, filled once the sections have their pages
      doc.addPage();
      const contentsPage = doc.bufferedPageRange().count - 1;
      const entries: { label: string; page: number; indent: boolean }[] = [];

      for (const ccp of title.ccps) {
        doc.addPage();
        entries.push({ label: `Activité-type ${ccp.number} : ${ccp.title}`, page: doc.bufferedPageRange().count, indent: false });
        heading(doc, `Activité-type ${ccp.number} : ${ccp.title}`, 14);
        const examples = view.examples.filter((e) => e.ccpCode === ccp.code);
        if (examples.length === 0) paragraph(doc, 'Aucun exemple de pratique pour cette activité.', { color: '#666666' });
        examples.forEach((e, i) => {
          if (i > 0) doc.addPage();
          entries.push({ label: `Exemple n° ${i + 1} : ${e.title}`, page: doc.bufferedPageRange().count, indent: true });
          heading(doc, `Exemple n° ${i + 1} › ${e.title}`, 12);
          section(doc, '1. Décrivez les tâches ou opérations que vous avez effectuées, et dans quelles conditions :', e.tasks);
          section(doc, '2. Précisez les moyens utilisés :', e.means);
          section(doc, '3. Avec qui avez-vous travaillé ?', e.collaborators);
          ensureSpace(doc, 80);
          paragraph(doc, '4. Contexte', { bold: true });
          fields(doc, [
            ["Nom de l'entreprise, organisme ou association", e.organisation],
            ['Chantier, atelier, service', e.service ?? '—'],
            ["Période d'exercice", `du ${frenchDate(e.periodFrom)} au ${frenchDate(e.periodTo)}`],
          ]);
          doc.moveDown(0.5);
          section(doc, '5. Informations complémentaires (facultatif)', e.extra ?? '—');
        });
      }

      doc.addPage();
      entries.push({ label: 'Titres, diplômes, CQP, attestations de formation', page: doc.bufferedPageRange().count, indent: false });
      heading(doc, 'Titres, diplômes, CQP, attestations de formation (facultatif)', 13);
      table(
        doc,
        [
          { header: 'Intitulé', width: 0.5 },
          { header: 'Autorité ou organisme', width: 0.32 },
          { header: 'Date', width: 0.18 },
        ],
        view.qualifications.map((q) => [q.title, q.issuer, frenchDate(q.obtainedOn)]),
        { emptyText: 'Aucun.' },
      );

      ensureSpace(doc, 180);
      entries.push({ label: "Déclaration sur l'honneur", page: doc.bufferedPageRange().count, indent: false });
      heading(doc, "Déclaration sur l'honneur", 13);
      paragraph(
        doc,
        `Je soussigné(e) ${learner.firstName} ${learner.lastName.toUpperCase()}, déclare sur l'honneur que les renseignements fournis dans ce dossier sont exacts et que je suis l'auteur(e) des réalisations jointes.`,
      );
      doc.moveDown(0.5);
      paragraph(
        doc,
        view.declaration
          ? `Fait à ${view.declaration.place}, le ${frenchInstant(view.declaration.signedAt)}, pour faire valoir ce que de droit. Signé électroniquement par le candidat.`
          : 'Déclaration non encore signée.',
        { bold: true },
      );

      ensureSpace(doc, 120);
      entries.push({ label: 'Documents illustrant la pratique professionnelle', page: doc.bufferedPageRange().count, indent: false });
      heading(doc, 'Documents illustrant la pratique professionnelle (facultatif)', 13);
      table(
        doc,
        [
          { header: 'Document', width: 0.5 },
          { header: 'Type', width: 0.18 },
          { header: 'Taille', width: 0.14, align: 'right' },
          { header: 'Ajouté le', width: 0.18 },
        ],
        view.attachments.map((a) => [
          a.filename,
          a.contentType.replace('application/', '').replace('image/', '').toUpperCase(),
          `${Math.ceil(a.size / 1024)} Ko`,
          frenchInstant(a.createdAt).slice(0, 10),
        ]),
        { emptyText: 'Aucun document joint.' },
      );

      doc.switchToPage(contentsPage);
      doc.y = doc.page.margins.top;
      heading(doc, 'Sommaire', 16);
      doc.moveDown(0.5);
      const width = contentWidth(doc);
      for (const entry of entries) {
        const x = doc.page.margins.left + (entry.indent ? 18 : 0);
        const y = doc.y;
        doc.font(entry.indent ? FONT : FONT_BOLD).fontSize(entry.indent ? 9.5 : 10.5);
        doc.text(pdfText(entry.label), x, y, { width: width - 60 - (entry.indent ? 18 : 0) });
        const after = doc.y;
        doc.text(`p. ${entry.page}`, doc.page.margins.left + width - 50, y, { width: 50, align: 'right' });
        doc.y = after + 4;
      }
    },
  );
}

function section(doc: Pdf, label: string, text: string): void {
  ensureSpace(doc, 60);
  paragraph(doc, label, { bold: true });
  doc.moveDown(0.2);
  paragraph(doc, text);
  doc.moveDown(0.6);
}
