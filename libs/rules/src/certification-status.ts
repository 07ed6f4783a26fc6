import { addDays, addYears, frenchDate, IsoDate } from './dates';

export type CertificationStatus = 'valid' | 'prolongation' | 'expired';

export interface CertificationValidity {
  status: CertificationStatus;
  /** Échéance of the registration: the first day the title is no longer in force. */
  validUntil: IsoDate;
  /** Last day the title is in force. */
  lastValidDay: IsoDate;
  /** Last day of the délai de prolongation (R-CAP-4). */
  prolongationLastDay: IsoDate;
  message: string;
}

/**
 * R-REF-1 / R-CAP-4: a title version is in force before its `validUntil` (the RNCP "date
 * d'échéance", 01-09-2025 for SAMS); during the year that starts on that day it is in its délai
 * de prolongation (sessions still possible for some learners); from one year after, expired.
 * See docs/adr/0002-validity-dates.md for why `validUntil` is the first day out of force.
 */
export function certificationStatusOn(certification: { validUntil: IsoDate }, on: IsoDate): CertificationValidity {
  const { validUntil } = certification;
  const prolongationEnd = addYears(validUntil, 1);
  const lastValidDay = addDays(validUntil, -1);
  const prolongationLastDay = addDays(prolongationEnd, -1);
  if (on < validUntil) {
    return {
      status: 'valid',
      validUntil,
      lastValidDay,
      prolongationLastDay,
      message: `Titre en vigueur jusqu'au ${frenchDate(lastValidDay)} inclus.`,
    };
  }
  if (on < prolongationEnd) {
    return {
      status: 'prolongation',
      validUntil,
      lastValidDay,
      prolongationLastDay,
      message: `Titre arrivé à échéance le ${frenchDate(validUntil)} : délai de prolongation jusqu'au ${frenchDate(prolongationLastDay)} inclus (R-CAP-4).`,
    };
  }
  return {
    status: 'expired',
    validUntil,
    lastValidDay,
    prolongationLastDay,
    message: `Titre expiré : le délai de prolongation a pris fin le ${frenchDate(prolongationLastDay)} (R-CAP-4).`,
  };
}
