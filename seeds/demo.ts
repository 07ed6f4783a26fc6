import { INestApplicationContext, Logger } from '@nestjs/common';
import { UsersService } from '@app/auth';
import { BookletService } from '@app/booklet';
import { CentreService } from '@app/centre';
import { EcfService } from '@app/ecf';
import { LearnersService } from '@app/learners';
import { ProfessionalFilesService } from '@app/professional-files';
import type { AuthUser, Role } from '@app/platform';
import { ReferentialService } from '@app/referential';
import { addDays, addYears, frenchDate, todayInFrance, type IsoDate } from '@app/rules';
import { aCohort, aLearner, anEcfEvaluation, aSessionWithJurors, deliberated, dpDraft, juryOf, signedEcf, submittedDp } from './builders';

/** Demo data only: these accounts are documented in the README; never run in production. */
export const DEMO_PASSWORD = 'Demo-SAMS-2026!';

export const DEMO_ACCOUNTS: { email: string; fullName: string; roles: Role[] }[] = [
  { email: 'secretariat@demo.sams.fr', fullName: 'Sophie Bernard (secrétariat du centre)', roles: ['admin'] },
  { email: 'formatrice@demo.sams.fr', fullName: 'Claire Martin', roles: ['trainer'] },
  { email: 'formateur@demo.sams.fr', fullName: 'Marc Petit', roles: ['trainer'] },
  { email: 'jury1@demo.sams.fr', fullName: 'Hélène Garnier', roles: ['jury'] },
  { email: 'jury2@demo.sams.fr', fullName: 'Marc Rousseau', roles: ['jury'] },
];

export const DEMO_COHORT = 'Promotion de démonstration — Lyon';
export const DEMO_LEARNER_EMAIL = 'apprenant@demo.sams.fr';

/**
 * The demo's current title. The official référentiel of SAMS' successor (RNCP40800) is not public
 * here: no competence or correspondence is invented, this is a copy of SAMS, fictitious and
 * flagged `demo` (the web app says so wherever it shows it).
 */
export const DEMO_TITLE = 'DEMO-SAMS-2026';
export const DEMO_TITLE_NAME = 'Titre de démonstration (copie de SAMS, fictif)';
export const demoCcp = (n: number): string => `${DEMO_TITLE}-BC0${n}`;

/**
 * The demo's dates, relative to the day it is loaded: the session titre was six weeks ago, the
 * session CCP is today (its jury can deliberate: never before a session's first day), the promotion
 * runs until in about two and a half months.
 * Everything before the session titre keeps its distance to it (the story of a 2024-2025 year).
 */
export function demoDates(today: IsoDate = todayInFrance()) {
  const titleSession = addDays(today, -42);
  const shift = daysBetween('2025-06-17', titleSession);
  return {
    today,
    /** A date of the original story (around the session titre of 17/06/2025), moved. */
    past: (iso: IsoDate): IsoDate => addDays(iso, shift),
    titleValidFrom: addYears(today, -1),
    titleValidUntil: addYears(today, 4),
    cohortStart: addDays('2024-09-02', shift),
    cohortEnd: addDays(today, 75),
    titleSession,
    ccpSession: today,
  };
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const LEARNERS: [string, string, string][] = [
  ['Léa', 'Moreau', '1996-03-14'],
  ['Karim', 'Benali', '1989-11-02'],
  ['Sophie', 'Lambert', '1978-06-21'],
  ['Thomas', 'Girard', '1999-01-30'],
  ['Aïcha', 'Diallo', '1992-08-09'],
  ['Julie', 'Fontaine', '1985-12-17'],
  ['Nicolas', 'Roussel', '1994-04-05'],
  ['Émilie', 'Chevalier', '1990-09-26'],
  ['Mathieu', 'Lefèvre', '1987-02-11'],
  ['Inès', 'Gautier', '2000-07-19'],
  ['Pauline', 'Mercier', '1983-05-28'],
  ['Yanis', 'Brunet', '1997-10-08'],
];

// Dates of the original 2024-2025 story, moved by demoDates().past.
const EVALUATIONS: Record<string, { description: string; competences: number[]; date: string }[]> = {
  [demoCcp(1)]: [
    { description: "Production d'un courrier et d'un tableau de suivi des demandes", competences: [1, 2], date: '2024-11-15' },
    { description: "Compte rendu d'une réunion d'équipe pluridisciplinaire", competences: [2, 3], date: '2024-12-06' },
    { description: "Organisation du planning des réunions et des congés d'un service", competences: [4], date: '2025-01-10' },
    { description: 'Classement et archivage numérique de documents du service', competences: [5], date: '2025-01-24' },
  ],
  [demoCcp(2)]: [
    { description: "Accueil physique et téléphonique d'un patient (mise en situation)", competences: [6], date: '2025-02-14' },
    { description: "Gestion de l'agenda médical et prise de rendez-vous", competences: [7], date: '2025-03-07' },
    { description: "Constitution du dossier administratif d'un patient", competences: [8], date: '2025-03-21' },
  ],
  [demoCcp(3)]: [
    { description: "Saisie et suivi d'un dossier de prise en charge sociale", competences: [9], date: '2025-04-18' },
    { description: "Coordination d'une admission en établissement médico-social", competences: [10, 11], date: '2025-05-16' },
    { description: 'Facturation et suivi des tiers payants', competences: [12], date: '2025-06-06' },
  ],
};

const DP_EXAMPLES = [
  {
    ccpCode: demoCcp(1),
    title: 'Rédaction et diffusion des comptes rendus de réunion du service',
    organisation: 'Centre hospitalier Saint-Joseph',
    service: 'Secrétariat de médecine interne',
    periodFrom: '2024-01-08',
    periodTo: '2024-06-28',
    tasks:
      "Je prenais des notes pendant les réunions hebdomadaires de l'équipe, puis je rédigeais le compte rendu à partir du modèle du service, le faisais valider par le cadre de santé et le diffusais par messagerie.",
    means: 'Traitement de texte, modèle de compte rendu du service, messagerie sécurisée, espace partagé.',
    collaborators: 'Le cadre de santé, les médecins et les infirmières du service.',
    extra: 'Environ quinze comptes rendus par mois.',
  },
  {
    ccpCode: demoCcp(2),
    title: 'Accueil physique et téléphonique des patients des consultations externes',
    organisation: 'Centre hospitalier Saint-Joseph',
    service: 'Consultations externes',
    periodFrom: '2024-09-02',
    periodTo: '2025-02-28',
    tasks:
      "J'accueillais les patients, vérifiais leur identité et leurs droits, créais ou mettais à jour leur dossier administratif et les orientais vers la salle d'attente du praticien.",
    means: 'Logiciel de gestion administrative des patients, lecteur de carte Vitale, standard téléphonique.',
    collaborators: 'Les secrétaires médicales et les praticiens des consultations.',
  },
  {
    ccpCode: demoCcp(3),
    title: "Préparation d'une admission en établissement d'hébergement",
    organisation: 'EHPAD Les Tilleuls',
    service: 'Accueil et admissions',
    periodFrom: '2025-03-03',
    periodTo: '2025-05-30',
    tasks:
      "J'ai constitué le dossier unique d'admission, vérifié les pièces justificatives, planifié la visite de pré-admission et préparé le contrat de séjour.",
    means: "Dossier unique d'admission (Cerfa), logiciel de l'établissement, tableau de suivi des demandes.",
    collaborators: "La directrice, l'infirmière coordinatrice et l'assistante sociale.",
  },
];

/**
 * The demo title: a copy of SAMS (RNCP36805) under a fictitious code, open today (valid from a
 * year ago for four more years), declared SAMS' successor with one-to-one correspondences —
 * demo correspondences, not the ministry's. Idempotent: created once, the successor set only
 * while SAMS has none (a centre's real choice is never overwritten).
 */
async function seedDemoTitle(app: INestApplicationContext, admin: AuthUser, dates: ReturnType<typeof demoDates>): Promise<void> {
  const referential = app.get(ReferentialService);
  if (!(await referential.structureByCode(DEMO_TITLE))) {
    const sams = await referential.exportReferential('RNCP36805');
    await referential.create(
      {
        code: DEMO_TITLE,
        tpCode: 'TP-DEMO',
        name: DEMO_TITLE_NAME,
        level: sams.level,
        validFrom: dates.titleValidFrom,
        validUntil: dates.titleValidUntil,
        demo: true,
        ccps: sams.ccps.map((ccp) => ({ ...ccp, code: demoCcp(ccp.number) })),
      },
      admin.id,
    );
  }
  const sams = await referential.get('RNCP36805');
  if (sams.successorCode === null) {
    await referential.setSuccessor(
      'RNCP36805',
      { successorCode: DEMO_TITLE, correspondences: sams.ccps.map((ccp) => ({ from: [ccp.code], to: demoCcp(ccp.number) })) },
      admin.id,
    );
  }
}

/**
 * Two habilitated jurors (Marc Rousseau works at the Centre hospitalier Saint-Joseph, the
 * employer of some learners: a conflict of interest the app refuses); a session titre six weeks
 * ago, PV signed (Sophie Lambert titled, Karim Benali partial, Julie Fontaine absent), pending
 * DREETS validation; a session CCP in three weeks where Karim Benali can complete the title.
 */
async function seedSessions(
  app: INestApplicationContext,
  admin: AuthUser,
  jury1: AuthUser,
  jury2: AuthUser,
  cohortId: string,
  dates: ReturnType<typeof demoDates>,
): Promise<void> {
  const sessions = juryOf(app);
  const learners = app.get(LearnersService);
  const habilitation = {
    certificationCode: DEMO_TITLE,
    validFrom: dates.titleValidFrom,
    validUntil: addYears(dates.today, 2),
    reference: 'Démonstration (fictif) : arrêté DREETS',
  };
  await sessions.setJurorProfile(admin, jury1.id, { employer: 'Cabinet de radiologie Bellecour', habilitations: [habilitation] });
  await sessions.setJurorProfile(admin, jury2.id, { employer: 'Centre hospitalier Saint-Joseph', habilitations: [habilitation] });
  const people = await learners.learnersOfCohort(cohortId);
  const byName = (last: string): string => people.find((l) => l.lastName === last)!.id;
  const override = { reason: 'Démonstration : pièces vérifiées par le centre' };
  const all = [demoCcp(1), demoCcp(2), demoCcp(3)];

  const titre = await aSessionWithJurors(app, admin, {
    session: {
      type: 'title',
      certificationCode: DEMO_TITLE,
      startDate: dates.titleSession,
      endDate: addDays(dates.titleSession, 1),
      site: 'Lyon — Part-Dieu',
      startTime: '08:30',
      address: '12 rue de la Démonstration, 69003 Lyon (adresse fictive)',
      sessionManagerId: admin.id,
      ceresReference: 'CERES-DEMO-0417',
    },
    jurors: [jury1, jury2],
    candidates: ['Lambert', 'Benali', 'Fontaine'].map(byName),
    override,
  });
  await deliberated(app, titre.id, {
    by: jury1,
    results: [
      {
        learnerId: byName('Lambert'),
        result: {
          attendance: 'present',
          ccpResults: all.map((ccpCode) => ({ ccpCode, awarded: true })),
          finalInterviewHeld: true,
          titleAwarded: true,
        },
      },
      {
        learnerId: byName('Benali'),
        juror: jury2,
        result: {
          attendance: 'present',
          ccpResults: all.map((ccpCode) => ({
            ccpCode,
            awarded: ccpCode !== demoCcp(2),
            ...(ccpCode === demoCcp(2) ? { comment: "L'accueil téléphonique reste à consolider." } : {}),
          })),
          finalInterviewHeld: true,
          titleAwarded: false,
        },
      },
      { learnerId: byName('Fontaine'), result: { attendance: 'absent', ccpResults: [] } },
    ],
    signers: [jury1, jury2],
  });

  await aSessionWithJurors(app, admin, {
    session: {
      type: 'ccp',
      certificationCode: DEMO_TITLE,
      ccpCodes: [demoCcp(2)],
      startDate: dates.ccpSession,
      endDate: dates.ccpSession,
      site: 'Lyon — Part-Dieu',
      startTime: '09:00',
      address: '12 rue de la Démonstration, 69003 Lyon (adresse fictive)',
    },
    jurors: [jury1, jury2],
    candidates: [byName('Benali')],
    override,
  });
}

/**
 * A fictitious identity for the demo's documents (letterhead, contact, signatory), only while the
 * centre is still as created at first start (no address, no agrément): a real choice is kept.
 */
async function seedDemoCentre(app: INestApplicationContext, admin: AuthUser): Promise<void> {
  const centre = app.get(CentreService);
  const current = await centre.get();
  if (current.address || current.agrementNumber || current.signatoryName) return;
  await centre.update(admin, {
    name: `${current.name} (démonstration)`,
    address: '12 rue de la Démonstration',
    postalCode: '69003',
    city: 'Lyon',
    agrementNumber: '00 00 00000 00',
    email: 'contact@demo.sams.fr',
    phone: '04 00 00 00 00',
    signatoryName: 'Sophie Bernard',
    signatoryTitle: 'Responsable du centre (fictif)',
    retention: current.retention,
  });
}

/** Idempotent: accounts by e-mail, the demo title by code, the cohort by name. */
export async function seedDemo(app: INestApplicationContext, today: IsoDate = todayInFrance()): Promise<void> {
  const logger = new Logger('Demo');
  const dates = demoDates(today);
  const users = app.get(UsersService);
  const existing = new Map((await users.list({ page: 1, pageSize: 200 })).items.map((u) => [u.email, u]));
  for (const account of DEMO_ACCOUNTS) {
    if (existing.has(account.email)) continue;
    existing.set(account.email, await users.create({ ...account, password: DEMO_PASSWORD }, null));
    logger.log(`Compte de démonstration créé : ${account.email}`);
  }
  const asUser = (email: string): AuthUser => {
    const u = existing.get(email)!;
    return { id: u.id, email: u.email, fullName: u.fullName, roles: u.roles };
  };
  const admin = asUser('secretariat@demo.sams.fr');
  const claire = asUser('formatrice@demo.sams.fr');
  const marc = asUser('formateur@demo.sams.fr');
  await seedDemoTitle(app, admin, dates);
  await seedDemoCentre(app, admin);

  const learners = app.get(LearnersService);
  const ecf = app.get(EcfService);
  const files = app.get(ProfessionalFilesService);
  if ((await learners.listCohorts(admin, { page: 1, pageSize: 200, q: DEMO_COHORT })).items.some((c) => c.name === DEMO_COHORT)) {
    logger.log('Promotion de démonstration déjà présente.');
    return;
  }
  if (existing.has(DEMO_LEARNER_EMAIL)) {
    // A demo loaded by an earlier version (its promotion had another name): its learners' e-mails are taken.
    logger.warn(
      "Données de démonstration d'une version précédente présentes : promotion non recréée ; pour la démonstration à jour, repartez d'une base neuve (supprimez .data/).",
    );
    return;
  }
  const cohort = await aCohort(app, admin, {
    name: DEMO_COHORT,
    certificationCode: DEMO_TITLE,
    startDate: dates.cohortStart,
    endDate: dates.cohortEnd,
    site: 'Lyon — Part-Dieu',
    trainerIds: [claire.id, marc.id],
  });
  const withAccount = new Set([0, 1, 2]); // the demo learner, and two learners whose DP is written
  const dpAuthors: { index: number; learnerId: string; user: AuthUser }[] = [];
  const ids: string[] = [];
  for (const [i, [firstName, lastName, birthDate]] of LEARNERS.entries()) {
    const isDemoLearner = i === 0;
    const learner = await aLearner(app, admin, {
      firstName,
      lastName,
      birthDate,
      email: isDemoLearner
        ? DEMO_LEARNER_EMAIL
        : `${firstName}.${lastName}`
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .toLowerCase() + '@exemple.fr',
      pathway: 'training',
      cohortId: cohort.id,
      employer: i % 3 === 0 ? 'Centre hospitalier Saint-Joseph' : i % 3 === 1 ? 'EHPAD Les Tilleuls' : undefined,
      accommodations: i === 4 ? `Tiers-temps accordé (décision du ${frenchDate(dates.past('2024-09-12'))})` : undefined,
      password: withAccount.has(i) ? DEMO_PASSWORD : undefined,
    });
    ids.push(learner.id);
    if (learner.account) dpAuthors.push({ index: i, learnerId: learner.id, user: learner.account });
    // Varied progress: the first learners are further on; some syntheses signed, some drafts.
    const reached = 3 - Math.floor(i / 4); // CCPs with evaluations: 3, 2 or 1
    for (const [ccpIndex, ccpCode] of Object.keys(EVALUATIONS).entries()) {
      if (ccpIndex >= reached) break;
      const evaluations = EVALUATIONS[ccpCode].slice(0, ccpIndex === reached - 1 ? 1 + (i % EVALUATIONS[ccpCode].length) : undefined);
      for (const [k, e] of evaluations.entries()) {
        await anEcfEvaluation(app, k % 2 === 0 ? claire : marc, learner.id, {
          ccpCode,
          date: dates.past(e.date),
          description: e.description,
          results: e.competences.map((competence) => ({ competence, acquired: (i + competence) % 5 !== 0 })),
          comment: k === 0 ? 'Travail soigné, bonne autonomie.' : undefined,
        });
      }
      const mastered = (i + ccpIndex) % 4 !== 3;
      const synthesis = {
        mastered,
        observations: mastered
          ? 'Activité maîtrisée : productions conformes aux critères du référentiel.'
          : 'Points à consolider avant la session.',
        competencesToReassess: mastered ? [] : [EVALUATIONS[ccpCode][0].competences[0]],
      };
      // Signed by the trainer and the centre for the CCPs done; a draft for the current one, one learner in two.
      if (ccpIndex < reached - 1) await signedEcf(app, { trainer: claire, centre: admin }, learner.id, ccpCode, synthesis);
      else if (i % 2 === 0) await ecf.upsertSynthesis(claire, learner.id, ccpCode, synthesis);
    }
  }
  // Dossiers professionnels in several states: a draft (the demo learner), one submitted with a
  // patient-data warning, one submitted clean; the others not started.
  for (const { index, learnerId, user } of dpAuthors) {
    const examples = DP_EXAMPLES.slice(0, index === 0 ? 2 : DP_EXAMPLES.length).map((e) => ({
      ...e,
      periodFrom: dates.past(e.periodFrom),
      periodTo: dates.past(e.periodTo),
    }));
    const written = examples.map((e) =>
      index === 1 && e.ccpCode === demoCcp(3) ? { ...e, tasks: `${e.tasks} Dossier de Mme R., n° 2 93 11 2A 004 012.` } : e,
    );
    if (index === 0) {
      await dpDraft(app, user, learnerId, written);
      continue;
    }
    await submittedDp(app, user, learnerId, {
      examples: written,
      qualifications: [{ title: 'Certificat Voltaire (niveau professionnel)', issuer: 'Woonoz', obtainedOn: '2023-06-15' }],
      place: 'Lyon',
    });
    await files.addComment(claire, learnerId, { text: 'Dossier complet et bien rédigé. Pensez à anonymiser les dossiers patients cités.' });
  }

  // Thomas Girard holds CCP 1 of SAMS RNCP36805 from another centre (fictitious record): it carries
  // over to the demo title through the correspondences (R-CAP-3), he is never assessed on it again.
  await app.get(BookletService).recordPriorCcp(admin, ids[3], {
    ccpCode: 'RNCP36805BC01',
    obtainedOn: '2025-06-17',
    source: 'external',
    reference: 'Démonstration (fictif) : livret de certification délivré dans un autre centre',
  });

  await seedSessions(app, admin, asUser('jury1@demo.sams.fr'), asUser('jury2@demo.sams.fr'), cohort.id, dates);

  await learners.createLearner(
    {
      firstName: 'Nadia',
      lastName: 'Haddad',
      birthDate: '1981-01-23',
      email: 'nadia.haddad@exemple.fr',
      pathway: 'vae',
      vaeAdmissibilityDate: dates.past('2025-03-10'),
      certificationCode: DEMO_TITLE,
      employer: 'Cabinet médical des Brotteaux',
    },
    admin,
  );
  logger.log(
    `Promotion « ${DEMO_COHORT} » créée sur ${DEMO_TITLE} (titre fictif) : ${LEARNERS.length} apprenants, ECF variés ; 1 candidate VAE.`,
  );
}
