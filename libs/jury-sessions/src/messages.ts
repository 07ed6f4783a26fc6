/*
 * The e-mails of the jury's work (issue 14, part 4): French, plain text, « vous ». The outbox
 * appends the centre's signature (name, address, contact), so no template repeats it. Pure
 * functions: what a template needs is passed in.
 *
 * `results_available` says only that results are available: never an outcome, a CCP or the title
 * (an e-mail is read by whoever reads the mailbox; the learner signs in to read the result).
 */
import { frenchDate } from '@app/rules';
import { frenchLongDate, sessionWhen, TYPE } from './documents/wording';
import type { SessionView } from './session-views';

export interface MessageText {
  subject: string;
  text: string;
}

type SessionWhen = Pick<SessionView, 'startDate' | 'endDate' | 'startTime'>;
type SessionPlace = Pick<SessionView, 'site' | 'address'>;

const where = (s: SessionPlace): string => {
  const address = s.address ? s.address.replace(/\s*\n\s*/g, ', ') : null;
  if (s.site && address) return `${s.site}, ${address}`;
  return s.site ?? address ?? 'le lieu vous sera précisé par le centre';
};

/** « du 12/03/2027 » / « du 12/03/2027 au 13/03/2027 », for subjects. */
const sessionDates = (s: SessionWhen): string =>
  s.startDate === s.endDate ? `du ${frenchDate(s.startDate)}` : `du ${frenchDate(s.startDate)} au ${frenchDate(s.endDate)}`;

export function convocationCandidateMessage(input: {
  firstName: string;
  lastName: string;
  session: SessionWhen & SessionPlace & Pick<SessionView, 'type'>;
  title: { code: string; name: string };
  filename: string;
}): MessageText {
  const { session, title } = input;
  return {
    subject: `Convocation à la session d'examen ${sessionDates(session)} — ${title.name}`,
    text: [
      `Bonjour ${input.firstName} ${input.lastName},`,
      '',
      `Vous êtes convoqué(e) à la ${TYPE[session.type]} d'examen du titre professionnel ${title.name} (${title.code}), ${sessionWhen(session)}.`,
      '',
      `Lieu : ${where(session)}.`,
      '',
      `Votre convocation est jointe à ce message (${input.filename}) : elle précise les épreuves sur lesquelles vous êtes évalué(e), l'aménagement éventuellement accordé et ce que vous devez apporter (cette convocation, une pièce d'identité en cours de validité avec photo, votre dossier professionnel imprimé).`,
      '',
      'Si vous ne pouvez pas vous présenter, ou pour toute question, prévenez le centre au plus tôt en répondant à ce message ou avec les coordonnées ci-dessous.',
    ].join('\n'),
  };
}

export function convocationJurorMessage(input: {
  fullName: string;
  session: SessionWhen & SessionPlace & Pick<SessionView, 'type'>;
  title: { code: string; name: string };
  candidates: number;
  filename: string;
}): MessageText {
  const { session, title } = input;
  return {
    subject: `Convocation du jury — session ${sessionDates(session)} — ${title.name}`,
    text: [
      `Bonjour ${input.fullName},`,
      '',
      `Vous êtes convoqué(e) en qualité de membre du jury de la ${TYPE[session.type]} du titre professionnel ${title.name} (${title.code}), ${sessionWhen(session)}.`,
      '',
      `Lieu : ${where(session)}.`,
      `Candidats inscrits à ce jour : ${input.candidates}.`,
      '',
      `Votre convocation est jointe à ce message (${input.filename}). Si vous avez un lien avec l'un des candidats (formateur, employeur, lien personnel), déclarez-le avant la session.`,
      '',
      'Si vous ne pouvez pas siéger, prévenez le centre au plus tôt en répondant à ce message ou avec les coordonnées ci-dessous.',
    ].join('\n'),
  };
}

/** No result here: the candidate signs in to read it. */
export function resultsAvailableMessage(input: { firstName: string; lastName: string; sessionStart: string; base: string }): MessageText {
  return {
    subject: 'Vos résultats sont disponibles',
    text: [
      `Bonjour ${input.firstName} ${input.lastName},`,
      '',
      `Les résultats de la session d'examen du ${frenchLongDate(input.sessionStart)} sont disponibles : le procès-verbal du jury a été signé.`,
      '',
      `Pour les consulter, connectez-vous à votre espace : ${input.base}/`,
      '',
      'Pour des raisons de confidentialité, ce message ne contient pas vos résultats.',
    ].join('\n'),
  };
}

export function reminderPvSignatureMessage(input: {
  fullName: string;
  sessionId: string;
  session: SessionWhen & Pick<SessionView, 'type'>;
  version: number;
  draftedOn: string;
  base: string;
}): MessageText {
  const { session } = input;
  return {
    subject: `Rappel : le PV de la session ${sessionDates(session)} attend votre signature`,
    text: [
      `Bonjour ${input.fullName},`,
      '',
      `Le procès-verbal${input.version > 1 ? ` (version ${input.version}, rectifiée)` : ''} de la ${TYPE[session.type]} ${sessionDates(session)} est prêt depuis le ${frenchDate(input.draftedOn)} et attend votre signature.`,
      "Tant que chaque membre du jury ne l'a pas signé, les résultats ne sont pas enregistrés au livret des candidats.",
      '',
      `Pour le relire et le signer : ${input.base}/sessions/${input.sessionId}`,
    ].join('\n'),
  };
}

export function reminderDpMessage(input: {
  firstName: string;
  lastName: string;
  session: SessionWhen & Pick<SessionView, 'type'>;
  base: string;
}): MessageText {
  const { session } = input;
  return {
    subject: `Rappel : votre dossier professionnel n'est pas encore remis (session du ${frenchDate(session.startDate)})`,
    text: [
      `Bonjour ${input.firstName} ${input.lastName},`,
      '',
      `Vous êtes inscrit(e) à la ${TYPE[session.type]} d'examen qui commence le ${frenchLongDate(session.startDate)}, et votre dossier professionnel n'est pas encore remis.`,
      `Le jury doit pouvoir le lire : complétez-le et remettez-le (« Remettre mon dossier ») avant la session, au plus tard le ${frenchDate(session.startDate)}.`,
      '',
      `Pour y accéder, connectez-vous à votre espace : ${input.base}/`,
      '',
      "Si vous avez besoin d'aide, votre formateur ou le centre peut vous accompagner.",
    ].join('\n'),
  };
}

/** An attachment's file name, ASCII only: « convocation-nguyen-thi-anh.pdf ». */
export function asciiFileName(...parts: string[]): string {
  const slug = parts
    .join('-')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[œŒ]/g, 'oe')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${slug || 'document'}.pdf`;
}
