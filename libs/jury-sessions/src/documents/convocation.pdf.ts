/*
 * A jury session's convocations (issue 12, part 3).
 *
 * Convocation of a candidate — one A4 page, as a French centre writes a letter:
 * - the centre's letterhead; the candidate's name and birth date (the only postal identity the
 *   app holds: learners have no postal address, and none is invented — the convocation is handed
 *   over or e-mailed);
 * - « Objet : convocation à la session d'examen du titre professionnel … »;
 * - the day(s) AND the time: « le lundi 12 janvier 2027 à 8 h 30 », or « du … au …, chaque jour à
 *   8 h 30 » (a session has one start time, the same each day); the place (site) and its address;
 *   when staff have not set them yet, the convocation says they will be given by the centre
 *   rather than printing a blank;
 * - the CCPs assessed for this candidate as « CCP 1 — <title> » from the référentiel, and the
 *   entretien final when planned (R-DEC-2, R-DEC-3);
 * - the accommodation granted, as the decision (R-SES-2), or how to ask for one;
 * - what to bring (R32 of the background: the convocation, an ID, the DP, equipment or productions):
 *   the DP is transmitted to the jury through the app, but R32 asks the candidate to bring it, so
 *   the convocation asks for a printed copy; candidates of a session CCP also bring the livret de
 *   certification / attestations of the CCPs already held, which the entretien final is held in
 *   view of (R-DEC-3);
 * - the centre's contact (e-mail, phone) for questions and absences;
 * - « Fait à <ville>, le <date du jour> » and the signatory (the centre's identity).
 * Convocation of a juror — one page: the session, days and time, place and address, the number of
 * candidates (and of entretiens finals), the CCPs assessed, the jury's composition and president
 * when named, a reminder to declare any link with a candidate (R-JURY-3), contact, date, signatory.
 */
import { fields, heading, letterhead, paragraph, Pdf, renderPdf, signatureBlock } from '@app/platform';
import { frenchDate } from '@app/rules';
import type { SessionView } from '../session-views';

import {
  bullets,
  contact,
  ConvocationCandidate,
  frenchTime,
  labelOf,
  place,
  recipient,
  SessionDocumentContext,
  sessionWhen,
  subject,
  titleLine,
  TYPE,
} from './wording';

function drawCandidateConvocation(doc: Pdf, session: SessionView, candidate: ConvocationCandidate, ctx: SessionDocumentContext): void {
  const label = labelOf(ctx.title.ccps);
  letterhead(doc, ctx.issuer);
  recipient(doc, [
    { text: candidate.fullName, bold: true },
    ...(candidate.birthDate ? [{ text: `Né(e) le ${frenchDate(candidate.birthDate)}` }] : []),
    { text: 'Candidat(e) au titre professionnel' },
  ]);
  subject(doc, `convocation à la session d'examen du titre professionnel ${titleLine(ctx)} — ${TYPE[session.type]}`);
  paragraph(doc, 'Madame, Monsieur,');
  doc.moveDown(0.4);
  paragraph(
    doc,
    `Vous êtes convoqué(e) à la session d'examen du titre professionnel ${ctx.title.name}, organisée par ${ctx.issuer.name}, ${sessionWhen(session)}.`,
  );
  doc.moveDown(0.4);
  fields(doc, place(session));
  heading(doc, 'Épreuves', 11);
  paragraph(doc, "Vous êtes évalué(e), selon les modalités du référentiel d'évaluation du titre, sur :");
  bullets(doc, [
    ...candidate.ccpCodes.map(label),
    ...(candidate.finalInterview ? ["l'entretien final avec le jury, à l'issue des épreuves"] : []),
  ]);
  heading(doc, 'Aménagement des épreuves', 11);
  paragraph(
    doc,
    candidate.accommodations
      ? `Aménagement accordé : ${candidate.accommodations}${/[.!?…)]$/.test(candidate.accommodations) ? '' : '.'}`
      : "Aucun aménagement n'a été accordé. Si votre situation de handicap le nécessite, prenez contact avec le centre sans attendre.",
  );
  heading(doc, 'À apporter', 11);
  bullets(doc, [
    'cette convocation ;',
    "une pièce d'identité en cours de validité, avec photo (carte nationale d'identité, passeport ou titre de séjour) ;",
    'votre dossier professionnel (DP), imprimé : il a été transmis au jury, mais vous devez l’avoir avec vous ;',
    ...(session.type === 'ccp' ? ['votre livret de certification ou les attestations des CCP déjà obtenus ;'] : []),
    'le cas échéant, le matériel ou les productions demandés par le centre (sur clé USB).',
  ]);
  doc.moveDown(0.5);
  contact(
    doc,
    ctx.issuer,
    "Présentez-vous à l'heure indiquée. Pour toute question, ou si vous ne pouvez pas venir, prévenez le centre au plus tôt",
  );
  doc.moveDown(0.4);
  paragraph(doc, "Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.");
  signatureBlock(doc, ctx.issuer, ctx.today);
}

function drawJurorConvocation(
  doc: Pdf,
  session: SessionView,
  juror: { userId: string; fullName: string },
  ctx: SessionDocumentContext,
): void {
  const label = labelOf(ctx.title.ccps);
  const interviews = session.candidates.filter((c) => c.finalInterview).length;
  const president = session.president;
  letterhead(doc, ctx.issuer);
  recipient(doc, [{ text: juror.fullName, bold: true }, { text: 'Membre du jury' }]);
  subject(doc, `convocation en qualité de membre du jury — titre professionnel ${titleLine(ctx)} — ${TYPE[session.type]}`);
  paragraph(doc, 'Madame, Monsieur,');
  doc.moveDown(0.4);
  paragraph(doc, `Nous vous remercions de siéger au jury de la session organisée par ${ctx.issuer.name}, ${sessionWhen(session)}.`);
  doc.moveDown(0.4);
  const others = session.jurors.filter((j) => j.userId !== juror.userId).map((j) => j.fullName);
  fields(doc, [
    ...place(session),
    [
      'Candidats',
      `${session.candidates.length}${interviews ? `, dont ${interviews} avec entretien final` : ''}${session.startTime ? ` (attendus à ${frenchTime(session.startTime)})` : ''}`,
    ],
    [
      'Président du jury',
      president
        ? president.userId === juror.userId
          ? `vous-même (${president.fullName})`
          : president.fullName
        : 'désigné par le centre avant la session',
    ],
    ['Autres membres du jury', others.join(', ') || '—'],
  ]);
  heading(doc, 'CCP évalués', 11);
  bullets(doc, session.ccpCodes.map(label));
  doc.moveDown(0.5);
  paragraph(
    doc,
    "Les dossiers des candidats (livret ECF, dossier professionnel, livret de certification, aménagements) sont consultables dans l'application. Si vous avez un lien avec l'un des candidats (vous l'avez formé, vous avez le même employeur, un lien personnel), déclarez-le au centre avant la session : vous ne pourrez pas délibérer à son sujet (R-JURY-3).",
  );
  doc.moveDown(0.4);
  contact(doc, ctx.issuer, 'Pour toute question, ou en cas d’empêchement, prévenez le centre au plus tôt');
  doc.moveDown(0.4);
  paragraph(doc, "Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.");
  signatureBlock(doc, ctx.issuer, ctx.today);
}

const convocationFooter = (session: SessionView, ctx: SessionDocumentContext): string =>
  `${ctx.issuer.name} — convocation — ${ctx.title.code} — session du ${frenchDate(session.startDate)}`;

/** One candidate's convocation, alone (to be e-mailed to them). */
export function renderCandidateConvocation(
  session: SessionView,
  candidate: ConvocationCandidate,
  ctx: SessionDocumentContext,
): Promise<Buffer> {
  return renderPdf(
    {
      title: `Convocation — ${candidate.fullName} — ${ctx.title.code} — ${frenchDate(session.startDate)}`,
      footer: convocationFooter(session, ctx),
    },
    (doc) => drawCandidateConvocation(doc, session, candidate, ctx),
  );
}

/** One juror's convocation, alone (to be e-mailed to them). */
export function renderJurorConvocation(
  session: SessionView,
  juror: { userId: string; fullName: string },
  ctx: SessionDocumentContext,
): Promise<Buffer> {
  return renderPdf(
    {
      title: `Convocation du jury — ${juror.fullName} — ${ctx.title.code} — ${frenchDate(session.startDate)}`,
      footer: convocationFooter(session, ctx),
    },
    (doc) => drawJurorConvocation(doc, session, juror, ctx),
  );
}

/** Every convocation of the session, to print at once: the candidates, then the jurors, one page each. */
export function renderConvocations(session: SessionView, candidates: ConvocationCandidate[], ctx: SessionDocumentContext): Promise<Buffer> {
  return renderPdf(
    { title: `Convocations — ${ctx.title.code} — ${frenchDate(session.startDate)}`, footer: convocationFooter(session, ctx) },
    (doc) => {
      const pages = [
        ...candidates.map((c) => () => drawCandidateConvocation(doc, session, c, ctx)),
        ...session.jurors.map((j) => () => drawJurorConvocation(doc, session, j, ctx)),
      ];
      pages.forEach((draw, i) => {
        if (i > 0) doc.addPage();
        draw();
      });
      if (pages.length === 0) {
        letterhead(doc, ctx.issuer);
        paragraph(doc, 'Aucun candidat inscrit ni membre de jury : aucune convocation.');
      }
    },
  );
}
