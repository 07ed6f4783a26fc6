import {
  DocumentIssuer,
  fields,
  FONT,
  FONT_BOLD,
  frenchInstant,
  heading,
  letterhead,
  paragraph,
  pdfText,
  renderPdf,
  signatureBlock,
  table,
} from '@app/platform';
import { deadlineWording, frenchDate, todayInFrance } from '@app/rules';
import type { BookletBundle } from './booklet.service';

const SOURCE: Record<string, string> = {
  session: 'session de jury',
  external: 'obtenu antérieurement',
  equivalence: 'équivalence',
  correspondence: 'correspondance (titre précédent)',
};
const OUTCOME: Record<string, string> = { absent: 'Absent', title: 'Titre obtenu', partial: 'Réussite partielle', failure: 'Échec' };

/** What makes the printed attestation verifiable (issue 16, item 1). */
export interface PrintedVerification {
  /** `XXXX-XXXX-XXXX`. */
  code: string;
  /** `PUBLIC_URL/verifier/<code>`, which the QR code holds. */
  url: string;
  /** The QR code (PNG) of `url`. */
  qrPng: Buffer;
}

/**
 * An attestation of the results the centre has recorded (R-DEC-5): never presented as the State's
 * livret de certification nor as the parchemin, which the State alone issues. On page 1, its
 * verification code and a QR code to the public verification page (issue 16, item 1).
 */
export function renderBookletAttestation(
  { learner, title, booklet }: BookletBundle,
  issuer: DocumentIssuer,
  verification: PrintedVerification,
): Promise<Buffer> {
  const today = todayInFrance();
  const ccpLabel = (code: string): string => {
    const ccp = booklet.ccps.find((c) => c.code === code);
    return ccp ? `CCP ${ccp.number}` : code;
  };
  const held = booklet.ccps.filter((c) => c.held);
  const pending = held.filter((c) => !c.validated);
  const deadlines = [
    booklet.capitalisationDeadline ? deadlineWording('capitalisation', booklet.capitalisationDeadline, today).text : null,
    booklet.resitWithoutTrainingUntil ? deadlineWording('resit', booklet.resitWithoutTrainingUntil, today).text : null,
  ].filter((t): t is string => !!t);
  return renderPdf(
    {
      title: `Attestation de résultats — ${learner.lastName.toUpperCase()} ${learner.firstName}`,
      footer: `${issuer.name} — attestation de résultats enregistrés par le centre — ne vaut ni livret de certification ni titre (délivrés par l'État) — éditée le ${frenchInstant(new Date().toISOString())}`,
    },
    (doc) => {
      letterhead(doc, issuer);
      doc.moveDown(1);
      paragraph(doc, 'ATTESTATION DE RÉSULTATS', { bold: true, size: 18 });
      paragraph(doc, `Titre professionnel ${title.name} — niveau ${title.level} — ${title.tpCode} — ${title.code}`, { size: 11 });
      doc.moveDown(1);
      fields(doc, [
        ['Candidat', `${learner.lastName.toUpperCase()} ${learner.firstName}`],
        ['Date de naissance', frenchDate(learner.birthDate)],
        ['Parcours', learner.pathway === 'vae' ? 'VAE' : 'Formation'],
      ]);
      drawVerification(doc, verification);
      heading(doc, 'Certificats de compétences professionnelles (CCP)', 12);
      table(
        doc,
        [
          { header: 'CCP', width: 0.46 },
          { header: 'Acquis', width: 0.1, align: 'center' },
          { header: 'Le', width: 0.13 },
          { header: 'Origine', width: 0.19 },
          { header: 'Validation DREETS', width: 0.12 },
        ],
        booklet.ccps.map((c) => [
          `CCP ${c.number} — ${c.title}`,
          c.held ? 'Oui' : 'Non',
          c.obtainedOn ? frenchDate(c.obtainedOn) : '—',
          c.source ? SOURCE[c.source] : '—',
          c.held ? (c.validated ? 'Validé' : 'En attente') : '—',
        ]),
      );
      heading(doc, 'Situation', 12);
      fields(doc, [
        ['Titre', booklet.titleAwarded ? `obtenu le ${frenchDate(booklet.titleAwardedOn)}` : 'non obtenu'],
        [
          'Résultat',
          booklet.outcome === 'title'
            ? 'Titre obtenu'
            : booklet.outcome === 'partial'
              ? 'Réussite partielle : CCP capitalisés'
              : 'Aucun CCP acquis',
        ],
      ]);
      for (const text of deadlines) paragraph(doc, text);
      if (booklet.successor) {
        paragraph(
          doc,
          `Titre successeur ${booklet.successor.code} : CCP repris par correspondance ${booklet.successor.ccpsCarried.join(', ') || 'aucun'} ; à obtenir ${booklet.successor.ccpsMissing.join(', ') || 'aucun'}.`,
        );
      }
      heading(doc, 'Sessions', 12);
      table(
        doc,
        [
          { header: 'Date', width: 0.14 },
          { header: 'Session', width: 0.16 },
          { header: 'Présence', width: 0.14 },
          { header: 'Résultat', width: 0.2 },
          { header: 'CCP obtenus', width: 0.36 },
        ],
        booklet.sessions.map((s) => [
          frenchDate(s.startDate),
          s.type === 'title' ? 'Session titre' : 'Session CCP',
          s.attendance === 'present' ? 'Présent' : 'Absent',
          OUTCOME[s.outcome],
          s.ccpsAwarded.map(ccpLabel).join(', ') || '—',
        ]),
        { emptyText: 'Aucune session.' },
      );
      doc.moveDown(1);
      // R-DEC-5: DREETS validation stated only for the results that have it.
      paragraph(
        doc,
        pending.length === 0 && !booklet.pendingValidation
          ? 'Les résultats ci-dessus ont été validés par la DREETS.'
          : pending.length
            ? `Validation DREETS en attente pour : ${pending.map((c) => `CCP ${c.number}`).join(', ')}${
                held.length > pending.length
                  ? ` ; validés par la DREETS : ${held
                      .filter((c) => c.validated)
                      .map((c) => `CCP ${c.number}`)
                      .join(', ')}`
                  : ''
              }.`
            : 'Validation DREETS du titre en attente.',
        { bold: true },
      );
      paragraph(
        doc,
        "Cette attestation reprend les résultats enregistrés par le centre. Le livret de certification (réussite partielle) et le titre (parchemin) sont délivrés par l'État ; elle n'en tient pas lieu.",
        { size: 9, color: '#444444' },
      );
      signatureBlock(doc, issuer, today);
    },
  );
}

/** The verification block: the QR code on the right, the code and the address on the left. */
function drawVerification(doc: PDFKit.PDFDocument, v: PrintedVerification): void {
  const size = 84;
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.moveDown(0.6);
  const top = doc.y;
  doc.image(v.qrPng, left + width - size, top, { width: size, height: size });
  const textWidth = width - size - 12;
  doc.font(FONT_BOLD).fontSize(10).fillColor('#000000').text('Attestation vérifiable', left, top, { width: textWidth });
  doc
    .font(FONT)
    .fontSize(9)
    .text(pdfText('Code de vérification :'), left, doc.y + 2, { width: textWidth, continued: true });
  doc.font(FONT_BOLD).fontSize(12).text(` ${v.code}`);
  doc
    .font(FONT)
    .fontSize(9)
    .fillColor('#333333')
    .text(
      pdfText(
        `Scannez le code QR ou saisissez ce code sur ${v.url.replace(/\/verifier\/.*$/, '/verifier')} : la page indique si l'attestation est toujours valide (un CCP retiré la révoque).`,
      ),
      left,
      doc.y + 2,
      {
        width: textWidth,
      },
    );
  doc.fillColor('#000000');
  doc.y = Math.max(doc.y, top + size) + 4;
  doc.x = left;
}
