import { frenchDate, IsoDate } from './dates';

/**
 * Time-aware wording of the booklet's deadlines (R-CAP-3, R-CAP-4, R-ELIG-6): a deadline is told
 * in the future until its last day included, as the last day on that day, and in the past tense
 * with what it means now from the day after. One function for the web app and the attestation PDF.
 */
export type DeadlineKind = 'capitalisation' | 'resit';
export type DeadlineTense = 'future' | 'today' | 'past';

export interface DeadlineWording {
  tense: DeadlineTense;
  /** A French sentence, dates JJ/MM/AAAA. */
  text: string;
}

export function deadlineTense(lastDay: IsoDate, today: IsoDate): DeadlineTense {
  return today < lastDay ? 'future' : today === lastDay ? 'today' : 'past';
}

export function deadlineWording(kind: DeadlineKind, lastDay: IsoDate, today: IsoDate): DeadlineWording {
  const tense = deadlineTense(lastDay, today);
  const d = frenchDate(lastDay);
  if (kind === 'capitalisation') {
    if (tense === 'future')
      return {
        tense,
        text: `Vos CCP sont acquis définitivement ; pour obtenir le titre, complétez les CCP manquants au plus tard le ${d}.`,
      };
    if (tense === 'today')
      return {
        tense,
        text: `Vos CCP sont acquis définitivement ; c'est aujourd'hui, le ${d}, le dernier jour pour compléter les CCP manquants du titre.`,
      };
    return {
      tense,
      text: `Le délai pour compléter le titre a expiré le ${d} : vos CCP restent acquis, mais ce titre ne peut plus être complété ; renseignez-vous auprès du centre sur le titre qui le remplace.`,
    };
  }
  if (tense === 'future')
    return {
      tense,
      text: `Vous pouvez vous représenter sans suivre une nouvelle formation jusqu'au ${d} ; au-delà, une nouvelle période de formation sera nécessaire.`,
    };
  if (tense === 'today')
    return {
      tense,
      text: `C'est aujourd'hui, le ${d}, le dernier jour pour vous représenter sans suivre une nouvelle formation ; à partir de demain, une nouvelle période de formation sera nécessaire.`,
    };
  return {
    tense,
    text: `Le délai pour vous représenter sans nouvelle formation a expiré le ${d} : une nouvelle période de formation est désormais nécessaire avant de vous représenter.`,
  };
}

/**
 * A jury session whose dates are past and that is still planned or deliberating must be closed
 * (« à clôturer »); it no longer needs convocations.
 */
export function sessionToClose(session: { status: string; startDate: IsoDate; endDate?: IsoDate | null }, today: IsoDate): boolean {
  if (session.status !== 'planned' && session.status !== 'deliberating') return false;
  return (session.endDate ?? session.startDate) < today;
}
