import { certificationStatusOn } from './certification-status';
import { addYears, frenchDate, IsoDate } from './dates';
import type { Refusal } from './refusal';

/**
 * B. Routes and eligibility (R-ELIG-1…6, R-VAE-1, R-CAP-3, R-CAP-4) and whether the final
 * interview is due (R-DEC-2, R-DEC-3). Plain data in, a decision with every refusal out.
 */
export interface EligibilityInput {
  session: { type: 'title' | 'ccp'; certificationId: string; ccpIds: string[]; startDate: IsoDate; endDate: IsoDate };
  title: { id: string; code: string; validUntil: IsoDate; ccps: { id: string; code: string; number: number }[] };
  learner: {
    pathway: 'training' | 'vae';
    /** The title the learner is trained in (cohort) or aims at (VAE). */
    certificationId: string;
    vaeAdmissibilityDate: IsoDate | null;
    /** Start dates of the cohorts the learner was enrolled in. */
    cohortStartDates: IsoDate[];
  };
  /** CCP ids of this title the learner holds (awards, prior CCPs, correspondences). */
  held: Set<string>;
  /** CCP ids with a locked ECF synthesis. */
  lockedEcf: Set<string>;
  dpSubmitted: boolean;
  /** Past sessions of the learner with a signed PV. */
  history: { startDate: IsoDate; outcome: 'absent' | 'title' | 'partial' | 'failure' }[];
  /** CCP session: the CCPs asked for (codes); default every assessed CCP the learner lacks. */
  requestedCcpCodes?: string[];
}

export interface EligibilityDecision {
  eligible: boolean;
  /** CCPs this learner would be assessed on. */
  ccpIds: string[];
  finalInterview: boolean;
  refusals: Refusal[];
}

/** R-ELIG-6: one year after a session with failure, absence or partial success (the anniversary day included). */
export function resitWithoutTrainingUntil(history: EligibilityInput['history']): IsoDate | null {
  const failures = history.filter((h) => h.outcome !== 'title').map((h) => h.startDate);
  if (failures.length === 0 || history.some((h) => h.outcome === 'title')) return null;
  return addYears(failures.sort().at(-1)!, 1);
}

export function checkEligibility(input: EligibilityInput): EligibilityDecision {
  const { session, title, learner, held } = input;
  const refusals: Refusal[] = [];
  const ccpById = new Map(title.ccps.map((c) => [c.id, c]));
  const heldHere = title.ccps.filter((c) => held.has(c.id));
  const inPartialSuccess = heldHere.length > 0;

  // Route and title (R-ELIG-1, R-ELIG-2).
  if (learner.certificationId !== title.id) {
    refusals.push({
      code: 'ELIG.NOT_TRAINED_FOR_TITLE',
      rule: learner.pathway === 'vae' ? 'R-ELIG-1' : 'R-ELIG-2',
      message:
        learner.pathway === 'vae'
          ? `Le candidat VAE vise un autre titre que ${title.code}.`
          : `L'apprenant est formé à un autre titre que ${title.code}.`,
    });
  }
  if (learner.pathway === 'vae' && session.type === 'title') {
    const notified = learner.vaeAdmissibilityDate;
    const lastDay = notified ? addYears(notified, 1) : null;
    if (!notified || session.startDate < notified || session.endDate > lastDay!) {
      refusals.push({
        code: 'ELIG.VAE_ADMISSIBILITY_EXPIRED',
        rule: 'R-VAE-1',
        message: notified
          ? `La recevabilité VAE notifiée le ${frenchDate(notified)} est valable jusqu'au ${frenchDate(lastDay)} : elle ne couvre pas la session du ${frenchDate(session.startDate)} au ${frenchDate(session.endDate)}.`
          : "Le candidat VAE n'a pas de recevabilité.",
      });
    }
  }
  if (learner.pathway === 'vae' && session.type === 'ccp' && !inPartialSuccess) {
    refusals.push({
      code: 'ELIG.VAE_CCP_SESSION',
      rule: 'R-ELIG-2',
      message: 'Un candidat VAE qui ne détient aucun CCP du titre se présente en session titre, pas en session CCP.',
    });
  }

  // CCPs assessed for this learner (R-ELIG-1, R-ELIG-2, R-ELIG-3).
  let ccpIds: string[];
  if (session.type === 'title') {
    ccpIds = title.ccps.map((c) => c.id);
    if (inPartialSuccess) {
      refusals.push({
        code: 'ELIG.ALREADY_HOLDS_CCP',
        rule: 'R-ELIG-3',
        message: `Le candidat détient déjà ${heldHere.map((c) => `le CCP ${c.number}`).join(', ')} : il se présente en session CCP pour les CCP manquants, pas en session titre.`,
        details: heldHere.map((c) => c.code),
      });
    }
  } else if (input.requestedCcpCodes?.length) {
    const byCode = new Map(title.ccps.map((c) => [c.code, c]));
    const notInSession = input.requestedCcpCodes.filter((code) => !byCode.has(code) || !session.ccpIds.includes(byCode.get(code)!.id));
    if (notInSession.length) {
      refusals.push({
        code: 'ELIG.CCP_NOT_IN_SESSION',
        rule: 'R-ELIG-2',
        message: `Cette session n'évalue pas : ${notInSession.join(', ')}.`,
        details: notInSession,
      });
    }
    ccpIds = input.requestedCcpCodes.filter((code) => byCode.has(code)).map((code) => byCode.get(code)!.id);
    const alreadyHeld = ccpIds.filter((id) => held.has(id));
    if (alreadyHeld.length) {
      refusals.push({
        code: 'ELIG.ALREADY_HOLDS_CCP',
        rule: 'R-ELIG-3',
        message: `Un CCP acquis n'est jamais réévalué : le candidat détient déjà ${alreadyHeld.map((id) => `le CCP ${ccpById.get(id)!.number}`).join(', ')}.`,
        details: alreadyHeld.map((id) => ccpById.get(id)!.code),
      });
    }
  } else {
    ccpIds = session.ccpIds.filter((id) => !held.has(id));
    if (ccpIds.length === 0) {
      refusals.push({
        code: 'ELIG.ALREADY_HOLDS_CCP',
        rule: 'R-ELIG-3',
        message: 'Le candidat détient déjà tous les CCP évalués par cette session.',
      });
    }
  }
  ccpIds = title.ccps.map((c) => c.id).filter((id) => ccpIds.includes(id));

  // R-ELIG-4: training route, a locked ECF synthesis per CCP assessed (centre policy, overridable).
  if (learner.pathway === 'training') {
    const missing = ccpIds.filter((id) => !input.lockedEcf.has(id));
    if (missing.length) {
      refusals.push({
        code: 'ELIG.MISSING_ECF_SYNTHESIS',
        rule: 'R-ELIG-4',
        overridable: true,
        message: `Synthèse ECF non signée (évaluateur et centre) pour ${missing.map((id) => `le CCP ${ccpById.get(id)!.number}`).join(', ')}.`,
        details: missing.map((id) => ccpById.get(id)!.code),
      });
    }
  }
  // R-ELIG-5: the DP submitted (centre policy, overridable).
  if (!input.dpSubmitted) {
    refusals.push({
      code: 'ELIG.DP_NOT_SUBMITTED',
      rule: 'R-ELIG-5',
      overridable: true,
      message: "Le dossier professionnel n'est pas remis (déclaration signée, 1 à 3 exemples par CCP).",
    });
  }

  // R-ELIG-6: after failure, absence or partial success, one year to re-sit without new training.
  if (learner.pathway === 'training') {
    const lastFailure = input.history
      .filter((h) => h.outcome !== 'title')
      .map((h) => h.startDate)
      .sort()
      .at(-1);
    if (lastFailure) {
      const until = addYears(lastFailure, 1);
      const retrained = learner.cohortStartDates.some((d) => d > lastFailure);
      if (session.startDate > until && !retrained) {
        refusals.push({
          code: 'ELIG.RETRAINING_REQUIRED',
          rule: 'R-ELIG-6',
          message: `Plus d'un an depuis la session du ${frenchDate(lastFailure)} (jusqu'au ${frenchDate(until)}) : une nouvelle période de formation est nécessaire avant de se représenter.`,
        });
      }
    }
  }

  // R-CAP-3 / R-CAP-4: capitalisation and the délai de prolongation.
  const validity = certificationStatusOn(title, session.startDate);
  if (inPartialSuccess && session.endDate > validity.prolongationLastDay) {
    refusals.push({
      code: 'ELIG.CAPITALISATION_EXPIRED',
      rule: 'R-CAP-3',
      message: `Les CCP du titre ${title.code} pouvaient être complétés jusqu'au ${frenchDate(validity.prolongationLastDay)} : la session se termine après.`,
    });
  }
  if (validity.status === 'prolongation') {
    const failedBefore =
      input.history.some((h) => h.outcome === 'failure' || h.outcome === 'partial' || h.outcome === 'absent') || inPartialSuccess;
    const trainedBefore = learner.pathway === 'training' && learner.cohortStartDates.some((d) => d < title.validUntil);
    if (!failedBefore && !trainedBefore) {
      refusals.push({
        code: 'ELIG.PROLONGATION_NOT_OPEN',
        rule: 'R-CAP-4',
        message: `Le titre ${title.code} est en délai de prolongation : seuls les candidats en échec ou en réussite partielle, ou dont la formation a commencé avant le ${frenchDate(title.validUntil)}, peuvent s'y présenter.`,
      });
    }
  }

  // R-DEC-2 / R-DEC-3: the final interview.
  const completes = title.ccps.every((c) => held.has(c.id) || ccpIds.includes(c.id));
  return { eligible: refusals.length === 0, ccpIds, finalInterview: session.type === 'title' || completes, refusals };
}

/** R-CAP-4: no session on a title after its délai de prolongation. */
export function checkSessionDates(title: { code: string; validUntil: IsoDate }, startDate: IsoDate, endDate: IsoDate): Refusal | null {
  const last = certificationStatusOn(title, startDate).prolongationLastDay;
  if (startDate > last || endDate > last) {
    return {
      code: 'SESSION.TITLE_EXPIRED',
      rule: 'R-CAP-4',
      message: `Le titre ${title.code} a dépassé son délai de prolongation (dernier jour : ${frenchDate(last)}) : aucune session ne peut s'y tenir après.`,
    };
  }
  return null;
}
