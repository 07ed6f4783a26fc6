import {
  contentWidth,
  DocumentIssuer,
  ensureSpace,
  fields,
  FONT,
  FONT_BOLD,
  frenchInstant,
  heading,
  issuerAddress,
  issuerContact,
  letterhead,
  paragraph,
  Pdf,
  pdfText,
  renderPdf,
  signatureBlock,
  table,
} from '@app/platform';
import { frenchDate } from '@app/rules';
import type { PvView, SessionView } from './session-views';

/*
 * The documents a centre sends or files for a jury session (issue 12, parts 3 and 4).
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

const OUTCOME: Record<string, string> = {
  absent: 'Absent(e)',
  title: 'Titre obtenu',
  partial: 'Réussite partielle (CCP obtenus, titre non attribué)',
  failure: 'Aucun CCP obtenu',
};
const TYPE = { title: 'session titre', ccp: 'session CCP' };

/** The refusals the centre may lift (R-ELIG-4, R-ELIG-5), in words for the PV. */
const OVERRIDE_LABEL: Record<string, string> = {
  'ELIG.MISSING_ECF_SYNTHESIS': "synthèse ECF non signée (évaluateur et centre) à l'inscription (R-ELIG-4)",
  'ELIG.DP_NOT_SUBMITTED': "dossier professionnel non remis à l'inscription (R-ELIG-5)",
};
export const overrideInWords = (code: string): string => OVERRIDE_LABEL[code] ?? `refus ${code}`;

export interface DocumentCcp {
  code: string;
  number: number;
  title: string;
}

/** What every session document needs besides the session: who issues it, the title, today. */
export interface SessionDocumentContext {
  issuer: DocumentIssuer;
  title: { code: string; name: string; ccps: DocumentCcp[] };
  /** YYYY-MM-DD, Paris: the date the document is made. */
  today: string;
}

export type ConvocationCandidate = SessionView['candidates'][number] & { birthDate: string | null };

const DAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** « lundi 12 janvier 2027 », « mercredi 1er septembre 2027 ». */
export function frenchLongDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const weekday = DAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${weekday} ${d === 1 ? '1er' : d} ${MONTHS[m - 1]} ${y}`;
}

/** « 8 h 30 », « 9 h », « 14 h 05 » — as French letters write a time. */
export function frenchTime(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
}

/** « le lundi 12 janvier 2027 à 8 h 30 » / « du … au …, chaque jour à 8 h 30 ». */
export function sessionWhen(session: Pick<SessionView, 'startDate' | 'endDate' | 'startTime'>): string {
  const days =
    session.startDate === session.endDate
      ? `le ${frenchLongDate(session.startDate)}`
      : `du ${frenchLongDate(session.startDate)} au ${frenchLongDate(session.endDate)}`;
  if (!session.startTime) return `${days} (l'heure vous sera précisée par le centre)`;
  return session.startDate === session.endDate
    ? `${days} à ${frenchTime(session.startTime)}`
    : `${days}, chaque jour à ${frenchTime(session.startTime)}`;
}

const ccpLabel = (c: DocumentCcp): string => `CCP ${c.number} — ${c.title}`;
const labelOf = (ccps: DocumentCcp[]) => {
  const byCode = new Map(ccps.map((c) => [c.code, ccpLabel(c)]));
  return (code: string): string => byCode.get(code) ?? code;
};

function bullets(doc: Pdf, lines: string[]): void {
  for (const line of lines) {
    ensureSpace(doc, 14);
    doc
      .font(FONT)
      .fontSize(10)
      .text(pdfText(`•  ${line}`), doc.page.margins.left + 10, doc.y, { width: contentWidth(doc) - 10 });
  }
  doc.x = doc.page.margins.left;
}

/** The recipient, on the right as on a French letter. */
function recipient(doc: Pdf, lines: { text: string; bold?: boolean }[]): void {
  const x = doc.page.margins.left + contentWidth(doc) / 2;
  const width = contentWidth(doc) / 2;
  doc.moveDown(0.5);
  for (const line of lines)
    doc
      .font(line.bold ? FONT_BOLD : FONT)
      .fontSize(10)
      .text(pdfText(line.text), x, doc.y, { width });
  doc.x = doc.page.margins.left;
  doc.moveDown(1);
}

function subject(doc: Pdf, text: string): void {
  const left = doc.page.margins.left;
  doc
    .font(FONT_BOLD)
    .fontSize(10)
    .text('Objet : ', left, doc.y, { continued: true, width: contentWidth(doc) });
  doc.font(FONT_BOLD).text(pdfText(text));
  doc.font(FONT).moveDown(0.8);
}

const place = (session: SessionView): [string, string][] => [
  ['Lieu', session.site ?? 'communiqué par le centre'],
  ['Adresse', session.address ? session.address.replace(/\s*\n\s*/g, ', ') : 'communiquée par le centre'],
];

function contact(doc: Pdf, issuer: DocumentIssuer, lead: string): void {
  const how = issuerContact(issuer) || issuerAddress(issuer);
  paragraph(doc, how ? `${lead} : ${how}.` : `${lead}.`);
}

const titleLine = (ctx: SessionDocumentContext): string => `${ctx.title.name} (${ctx.title.code})`;

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

/** The PV de délibération (R-DEC-4), in words. `titleCcps` names the CCPs of a PV drafted before issue 12. */
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
        heading(doc, k.birthDate ? `${k.fullName} — né(e) le ${frenchDate(k.birthDate)}` : k.fullName, 11);
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
    },
  );
}
