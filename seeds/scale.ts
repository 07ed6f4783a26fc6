/**
 * A regional network on top of the demo centre, for measuring the app on a big database
 * (npm run seed:scale). Reproducible: every choice comes from a seeded PRNG (mulberry32), every id
 * too; dates are counted from the load day (as the demo's). Loaded in bulk (INSERT … SELECT FROM
 * unnest(…) in batches, the audit filler by generate_series), in one transaction, insert-only: the
 * append-only tables' triggers refuse UPDATE and DELETE, so every row goes in complete, parents
 * first (a PV version, then its signatures, then the awards that point to it).
 *
 * At factor 1: 10,000 learners in 200 cohorts (and VAE candidates without a cohort), 100,000 ECF
 * evaluations, 1,000 jury sessions over five years, ~28,000 CCP awards, 5,000 DPs, 1,000,000 audit
 * rows. SEED_SCALE_FACTOR scales every count (0.01 for a test).
 */
import { INestApplicationContext, Logger } from '@nestjs/common';
import * as argon2 from 'argon2';
import { Client } from 'pg';
import { ReferentialService, type TitleStructure } from '@app/referential';
import { addDays, addYears, todayInFrance, type IsoDate } from '@app/rules';
import type { CandidateResult, JurySession, SessionCandidate } from '../libs/jury-sessions/src/entities/jury-session.entity';
import { CURRENT_PV_HASH_SCHEME, draftPvContent, pvHash } from '../libs/jury-sessions/src/pv-content';
import { DEMO_PASSWORD, DEMO_TITLE } from './demo';

/** Every scale cohort's name starts with it: its presence means the scale data is loaded. */
export const SCALE_MARKER = 'Réseau régional';
export const SCALE_EMAIL_DOMAIN = 'reseau.exemple.fr';
const SEED = 0x5a45_2026;

/** A refusal with a message for the operator (no stack to print). */
export class SeedRefused extends Error {}

export interface ScaleOptions {
  /** Multiplies every count (1: 10,000 learners…). */
  factor?: number;
  /** The connection used to load (the owner's when there is one: ANALYZE needs it). */
  databaseUrl: string;
  today?: IsoDate;
  log?: (line: string) => void;
}

export interface ScaleReport {
  timings: { part: string; ms: number }[];
  totalMs: number;
  counts: Record<string, number>;
}

export const SCALE_TABLES = [
  'users',
  'cohorts',
  'cohort_trainers',
  'learners',
  'learner_enrolments',
  'ecf_evaluations',
  'ecf_results',
  'ecf_syntheses',
  'ecf_synthesis_signatures',
  'jury_sessions',
  'jury_session_ccps',
  'session_jurors',
  'session_candidates',
  'candidate_results',
  'pv_versions',
  'pv_signatures',
  'ccp_awards',
  'title_awards',
  'professional_files',
  'professional_file_events',
  'dp_examples',
  'juror_profiles',
  'juror_habilitations',
  'audit_log',
] as const;

// ---------------------------------------------------------------- PRNG and helpers

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** A version-4-shaped UUID from the PRNG: the same ids on every load. */
  uuid(): string {
    const hex = Array.from({ length: 4 }, () => (Math.floor(this.next() * 2 ** 32) >>> 0).toString(16).padStart(8, '0')).join('');
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

const daysBetween = (from: IsoDate, to: IsoDate): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const at = (date: IsoDate, time: string): string => `${date}T${time}:00+01:00`;
const slug = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
const spread = (total: number, parts: number, k: number): number => Math.floor((total * (k + 1)) / parts) - Math.floor((total * k) / parts);

// ---------------------------------------------------------------- fixed lists

const FIRST_NAMES = [
  'Camille',
  'Léa',
  'Manon',
  'Chloé',
  'Inès',
  'Sarah',
  'Emma',
  'Julie',
  'Laura',
  'Marie',
  'Anaïs',
  'Océane',
  'Clémence',
  'Élodie',
  'Mélanie',
  'Nathalie',
  'Sandrine',
  'Isabelle',
  'Céline',
  'Aurélie',
  'Amandine',
  'Pauline',
  'Justine',
  'Maëlle',
  'Zoé',
  'Lucas',
  'Hugo',
  'Thomas',
  'Nicolas',
  'Julien',
  'Maxime',
  'Antoine',
  'Mathieu',
  'Kévin',
  'Yanis',
  'Rayan',
  'Mehdi',
  'Karim',
  'Sofiane',
  'Fatou',
  'Aïcha',
  'Samira',
  'Nadia',
  'Khadija',
  'Yasmine',
  'Françoise',
  'Hélène',
  'Joël',
  'Gaëlle',
  'Noémie',
  'Émilie',
  'Valérie',
  'Sylvie',
  'Christelle',
  'Jérôme',
  'Loïc',
  'Brigitte',
  'Agnès',
  'Cécile',
  'Bérénice',
];
const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Lefebvre',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Legrand',
  'Garnier',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guérin',
  'Muller',
  'Henry',
  'Roussel',
  'Perrin',
  'Morin',
  'Mathieu',
  'Clément',
  'Gauthier',
  'Dumont',
  'Lopez',
  'Fontaine',
  'Chevalier',
  'Robin',
  'Benali',
  'Haddad',
  'Diallo',
  'Traoré',
  'Ben Saïd',
  'Le Goff',
  "N'Diaye",
  "D'Almeida",
  'Saint-Hilaire',
  'Lemaître',
  'Besnard',
  'Pâris',
  'Noël',
];
/** Names in other alphabets or with letters beyond Latin-1 (a PDF font and a sort must cope). */
const OTHER_NAMES: [string, string][] = [
  ['Ελένη', 'Παπαδοπούλου'],
  ['Γιώργος', 'Νικολάου'],
  ['Иван', 'Петров'],
  ['Анна', 'Смирнова'],
  ['Ольга', 'Кузнецова'],
  ['伟', '王'],
  ['芳', '李'],
  ['秀英', '张'],
  ['Thị Lan', 'Nguyễn'],
  ['Văn Minh', 'Trần'],
  ['Thu Hà', 'Phạm'],
  ['Ingrid', 'Ødegård'],
  ['Søren', 'Kjærgaard'],
  ['Łukasz', 'Wójcik'],
  ['Zsófia', 'Szőke'],
  ['Mehmet', 'Yılmaz'],
  ['Ayşe', 'Çelik'],
  ['Björn', 'Åström'],
  ['José', 'Muñoz'],
  ['João', 'Conceição'],
  ['Małgorzata', 'Dąbrowska'],
];
const SITES = [
  ['Lyon — Part-Dieu', '12 rue Garibaldi, 69003 Lyon'],
  ['Grenoble', '5 avenue Alsace-Lorraine, 38000 Grenoble'],
  ['Saint-Étienne', '18 rue de la Résistance, 42000 Saint-Étienne'],
  ['Annecy', '3 rue Sommeiller, 74000 Annecy'],
  ['Valence', '9 boulevard Bancel, 26000 Valence'],
  ['Clermont-Ferrand', '21 rue Blatin, 63000 Clermont-Ferrand'],
  ['Chambéry', '7 place Monge, 73000 Chambéry'],
  ['Bourg-en-Bresse', '14 avenue Alsace-Lorraine, 01000 Bourg-en-Bresse'],
  ['Villeurbanne', '40 cours Émile-Zola, 69100 Villeurbanne'],
  ['Vienne', '2 quai Riondet, 38200 Vienne'],
] as const;
const EMPLOYERS = [
  'Centre hospitalier Lyon-Sud',
  'CHU Grenoble Alpes',
  'EHPAD Les Glycines',
  'Clinique du Parc',
  'Cabinet médical des Brotteaux',
  'Centre de radiologie Bellecour',
  'Maison de santé pluriprofessionnelle de Vienne',
  'Institut médico-éducatif Les Cèdres',
  'CCAS de Villeurbanne',
  'Laboratoire Biomédical Rhône',
];
const ECF_TOPICS: string[][] = [
  [
    "Production d'un courrier et d'un tableau de suivi des demandes",
    "Compte rendu d'une réunion d'équipe pluridisciplinaire",
    "Organisation du planning des réunions et des congés d'un service",
    'Classement et archivage numérique de documents du service',
  ],
  [
    "Accueil physique et téléphonique d'un patient (mise en situation)",
    "Gestion de l'agenda médical et prise de rendez-vous",
    "Constitution du dossier administratif d'un patient",
  ],
  [
    "Saisie et suivi d'un dossier de prise en charge sociale",
    "Coordination d'une admission en établissement médico-social",
    'Facturation et suivi des tiers payants',
  ],
];
const DP_TITLES = [
  'Rédaction et diffusion des comptes rendus de réunion du service',
  'Accueil des patients des consultations externes',
  "Préparation d'une admission en établissement d'hébergement",
];
const JUROR_NAMES = [
  'Véronique Arnaud',
  'Patrick Colin',
  'Sylvie Marchand',
  'Olivier Renaud',
  'Catherine Barbier',
  'Philippe Lemoine',
  'Martine Fabre',
  'Laurent Picard',
  'Dominique Aubert',
  'Christine Lacroix',
  'Éric Masson',
  'Anne-Sophie Huet',
  'Stéphane Boyer',
  'Corinne Meunier',
  'Frédéric Caron',
  'Isabelle Renard',
  'Jean-Marc Giraud',
  'Nadège Riviere',
  'Thierry Brun',
  'Ελένη Καραγιάννη',
];
const TRAINER_NAMES = [
  'Audrey Leclerc',
  'Benoît Charpentier',
  'Delphine Rey',
  'Fabrice Lucas',
  'Géraldine Marty',
  'Hervé Dupuis',
  'Karine Collet',
  'Ludovic Poirier',
  'Magali Roy',
  'Nathalie Bailly',
  'Pascale Hubert',
  'Sébastien Moulin',
];

// ---------------------------------------------------------------- bulk loading

type PgType = 'uuid' | 'text' | 'date' | 'timestamptz' | 'boolean' | 'int' | 'smallint';
interface Col {
  name: string;
  type: PgType;
  /** A cast applied after unnest (jsonb, uuid[], smallint[] travel as text). */
  cast?: string;
}

async function bulkInsert(c: Client, table: string, cols: Col[], rows: unknown[][], batch = 5000): Promise<void> {
  const select = cols.map((col, i) => (col.cast ? `c${i}::${col.cast}` : `c${i}`)).join(', ');
  const unnest = cols.map((col, i) => `$${i + 1}::${col.type}[]`).join(', ');
  const sql = `INSERT INTO "${table}" (${cols.map((col) => `"${col.name}"`).join(', ')})
    SELECT ${select} FROM unnest(${unnest}) AS u(${cols.map((_, i) => `c${i}`).join(', ')})`;
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch);
    await c.query(
      sql,
      cols.map((_, i) => chunk.map((r) => r[i])),
    );
  }
}
const col = (name: string, type: PgType, cast?: string): Col => ({ name, type, cast });
const pgArray = (ids: (string | number)[]): string => `{${ids.join(',')}}`;

// ---------------------------------------------------------------- the data set

interface Learner {
  id: string;
  firstName: string;
  lastName: string;
  birthDate: IsoDate;
  email: string;
  pathway: 'training' | 'vae';
  title: TitleStructure;
  cohort: Cohort | null;
  vaeDate: IsoDate | null;
  employer: string | null;
  createdAt: string;
}
interface Cohort {
  id: string;
  name: string;
  title: TitleStructure;
  start: IsoDate;
  end: IsoDate;
  site: (typeof SITES)[number];
  trainers: string[];
  learners: Learner[];
}
interface Session {
  id: string;
  type: 'title' | 'ccp';
  title: TitleStructure;
  start: IsoDate;
  end: IsoDate;
  site: (typeof SITES)[number];
  jurors: string[];
  candidates: { learner: Learner; ccpIds: string[] }[];
  ceres: string;
  past: boolean;
}

export async function seedScale(app: INestApplicationContext, options: ScaleOptions): Promise<ScaleReport> {
  const factor = options.factor ?? 1;
  if (!(factor > 0 && factor <= 10)) throw new SeedRefused(`SEED_SCALE_FACTOR invalide : ${factor} (entre 0 et 10).`);
  const today = options.today ?? todayInFrance();
  const log = options.log ?? ((line: string) => new Logger('Scale').log(line));
  const n = (count: number): number => Math.max(1, Math.round(count * factor));
  const N = n(10_000);
  const C = n(200);
  const E = n(100_000);
  const S = Math.max(C + 1, n(1_000));
  const D = Math.min(N, n(5_000));
  const A = n(1_000_000);
  const rng = new Rng(SEED);
  const timings: { part: string; ms: number }[] = [];
  const started = Date.now();
  let mark = Date.now();
  const lap = (part: string): void => {
    const ms = Date.now() - mark;
    timings.push({ part, ms });
    log(`${part} : ${(ms / 1000).toFixed(1)} s`);
    mark = Date.now();
  };

  const referential = app.get(ReferentialService);
  const sams = await referential.structureByCode('RNCP36805');
  const demo = await referential.structureByCode(DEMO_TITLE);
  if (!sams || !demo) throw new SeedRefused(`Les titres RNCP36805 et ${DEMO_TITLE} doivent être chargés (seed:demo d'abord).`);
  const transition = addYears(today, -1); // the demo title's first day: SAMS before, the demo title after
  const titleAt = (date: IsoDate): TitleStructure => (date < transition ? sams : demo);

  const c = new Client({ connectionString: options.databaseUrl, application_name: 'sams-seed-scale' });
  await c.connect();
  try {
    const already = await c.query(`SELECT 1 FROM cohorts WHERE name LIKE $1 LIMIT 1`, [`${SCALE_MARKER}%`]);
    if (already.rowCount)
      throw new SeedRefused(
        `Données « ${SCALE_MARKER} » déjà chargées dans cette base : seed:scale refusé (repartez d'une base neuve, DATA_DIR vide).`,
      );
    const admin = (await c.query<{ id: string }>(`SELECT id FROM users WHERE email = 'secretariat@demo.sams.fr'`)).rows[0]?.id;
    if (!admin) throw new SeedRefused('Compte secretariat@demo.sams.fr absent : seed:demo doit passer avant.');

    await c.query('BEGIN');
    await c.query('SET LOCAL synchronous_commit = off');

    // ------------------------------------------------------------ users: trainers and jurors
    const hash = await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    const trainers = TRAINER_NAMES.map((fullName, i) => ({
      id: rng.uuid(),
      fullName,
      email: `formateur${String(i + 1).padStart(2, '0')}@${SCALE_EMAIL_DOMAIN}`,
      roles: '{trainer}',
    }));
    const jurors = JUROR_NAMES.map((fullName, i) => ({
      id: rng.uuid(),
      fullName,
      email: `jure${String(i + 1).padStart(2, '0')}@${SCALE_EMAIL_DOMAIN}`,
      roles: '{jury}',
    }));
    const people = new Map([...trainers, ...jurors].map((u) => [u.id, u.fullName]));
    await bulkInsert(
      c,
      'users',
      [col('id', 'uuid'), col('email', 'text'), col('full_name', 'text'), col('roles', 'text', 'text[]'), col('password_hash', 'text')],
      [...trainers, ...jurors].map((u) => [u.id, u.email, u.fullName, u.roles, hash]),
    );
    await bulkInsert(
      c,
      'juror_profiles',
      [col('user_id', 'uuid'), col('employer', 'text')],
      jurors.map((j) => [j.id, rng.pick(EMPLOYERS)]),
    );
    await bulkInsert(
      c,
      'juror_habilitations',
      [
        col('id', 'uuid'),
        col('user_id', 'uuid'),
        col('certification_id', 'uuid'),
        col('valid_from', 'date'),
        col('valid_until', 'date'),
        col('reference', 'text'),
      ],
      jurors.flatMap((j, i) => [
        [rng.uuid(), j.id, sams.id, addYears(today, -6), sams.validUntil, `Arrêté DREETS ARA n° ${2020 + (i % 3)}-${100 + i}`],
        [rng.uuid(), j.id, demo.id, transition, addYears(today, 3), `Arrêté DREETS ARA n° ${today.slice(0, 4)}-${300 + i}`],
      ]),
    );
    lap('comptes (12 formateurs, 20 jurés)');

    // ------------------------------------------------------------ cohorts and learners
    const span = daysBetween(addDays(addYears(today, -5), 60), addDays(today, 60));
    const cohorts: Cohort[] = Array.from({ length: C }, (_, i) => {
      const end = addDays(addYears(today, -5), 60 + Math.floor(((i + 0.5) * span) / C));
      const start = addDays(end, -rng.int(300, 340));
      const site = SITES[i % SITES.length];
      const first = trainers[(i * 2) % trainers.length].id;
      const second = trainers[(i * 2 + 1) % trainers.length].id;
      return {
        id: rng.uuid(),
        name: `${SCALE_MARKER} — ${site[0]} — promotion ${start.slice(0, 7)} (${String(i + 1).padStart(3, '0')})`,
        title: titleAt(end),
        start,
        end,
        site,
        trainers: [first, second],
        learners: [],
      };
    });
    const nVae = Math.round(N * 0.06);
    const learners: Learner[] = [];
    for (let i = 0; i < N; i += 1) {
      const [firstName, lastName] = rng.chance(0.15) ? rng.pick(OTHER_NAMES) : [rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES)];
      const cohort = i < N - nVae ? cohorts[i % C] : null;
      const birthDate = addDays('1965-01-01', rng.int(0, daysBetween('1965-01-01', '2004-12-31')));
      const learner: Learner = {
        id: rng.uuid(),
        firstName,
        lastName,
        birthDate,
        email: `${slug(firstName) || 'apprenant'}.${slug(lastName) || 'x'}.${i + 1}@${SCALE_EMAIL_DOMAIN}`,
        pathway: cohort ? 'training' : 'vae',
        title: cohort ? cohort.title : demo, // a VAE candidate's title is set with their session below
        cohort,
        vaeDate: null,
        employer: rng.chance(0.4) ? rng.pick(EMPLOYERS) : null,
        createdAt: at(cohort ? addDays(cohort.start, -rng.int(10, 40)) : today, '10:00'),
      };
      learners.push(learner);
      cohort?.learners.push(learner);
    }

    // ------------------------------------------------------------ sessions (planned before loading learners: VAE titles)
    const sessions: Session[] = [];
    const jurorsFor = (): string[] => {
      const count = rng.chance(0.2) ? 3 : 2;
      const chosen = new Set<string>();
      while (chosen.size < count) chosen.add(rng.pick(jurors).id);
      return [...chosen];
    };
    for (const cohort of cohorts) {
      const start = addDays(cohort.end, -4);
      sessions.push({
        id: rng.uuid(),
        type: 'title',
        title: cohort.title,
        start,
        end: addDays(start, 1),
        site: cohort.site,
        jurors: jurorsFor(),
        candidates: cohort.learners.map((learner) => ({ learner, ccpIds: cohort.title.ccps.map((x) => x.id) })),
        ceres: '',
        past: false,
      });
    }
    const extras = S - C;
    const extraSpan = daysBetween(addYears(today, -5), addDays(today, 90));
    for (let k = 0; k < extras; k += 1) {
      const start = addDays(addYears(today, -5), Math.floor(((k + 0.5) * extraSpan) / extras));
      const type = k % 4 === 0 ? 'title' : 'ccp';
      sessions.push({
        id: rng.uuid(),
        type,
        title: titleAt(start),
        start,
        end: type === 'title' ? addDays(start, 1) : start,
        site: rng.pick(SITES),
        jurors: jurorsFor(),
        candidates: [],
        ceres: '',
        past: false,
      });
    }
    sessions.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
    sessions.forEach((s, i) => {
      s.past = s.end < today;
      s.ceres = `CERES-${s.start.slice(0, 4)}-${String(i + 1).padStart(4, '0')}`;
    });
    const vaeSessions = sessions.filter((s) => s.type === 'title' && s.candidates.length === 0);
    learners
      .filter((l) => l.pathway === 'vae')
      .forEach((l, i) => {
        const s = vaeSessions.length ? vaeSessions[i % vaeSessions.length] : null;
        const date = s ? s.start : addDays(today, 60);
        l.title = s ? s.title : demo;
        l.vaeDate = addDays(date, -rng.int(150, 240));
        l.createdAt = at(addDays(l.vaeDate, 3), '10:00');
        s?.candidates.push({ learner: l, ccpIds: l.title.ccps.map((x) => x.id) });
      });

    await bulkInsert(
      c,
      'cohorts',
      [
        col('id', 'uuid'),
        col('name', 'text'),
        col('certification_id', 'uuid'),
        col('start_date', 'date'),
        col('end_date', 'date'),
        col('site', 'text'),
        col('created_at', 'timestamptz'),
      ],
      cohorts.map((x) => [x.id, x.name, x.title.id, x.start, x.end, x.site[0], at(addDays(x.start, -60), '09:00')]),
    );
    await bulkInsert(
      c,
      'cohort_trainers',
      [col('cohort_id', 'uuid'), col('trainer_id', 'uuid')],
      cohorts.flatMap((x) => x.trainers.map((t) => [x.id, t])),
    );
    await bulkInsert(
      c,
      'learners',
      [
        col('id', 'uuid'),
        col('first_name', 'text'),
        col('last_name', 'text'),
        col('birth_date', 'date'),
        col('email', 'text'),
        col('pathway', 'text'),
        col('certification_id', 'uuid'),
        col('cohort_id', 'uuid'),
        col('vae_admissibility_date', 'date'),
        col('employer', 'text'),
        col('created_at', 'timestamptz'),
        col('updated_at', 'timestamptz'),
      ],
      learners.map((l) => [
        l.id,
        l.firstName,
        l.lastName,
        l.birthDate,
        l.email,
        l.pathway,
        l.title.id,
        l.cohort?.id ?? null,
        l.vaeDate,
        l.employer,
        l.createdAt,
        l.createdAt,
      ]),
    );
    await bulkInsert(
      c,
      'learner_enrolments',
      [
        col('id', 'uuid'),
        col('learner_id', 'uuid'),
        col('cohort_id', 'uuid'),
        col('enrolled_at', 'timestamptz'),
        col('enrolled_by', 'uuid'),
      ],
      learners.filter((l) => l.cohort).map((l) => [rng.uuid(), l.id, l.cohort!.id, l.createdAt, admin]),
    );
    lap(`promotions et apprenants (${C} promotions, ${N} apprenants dont ${nVae} VAE)`);

    // ------------------------------------------------------------ ECF
    const audit: unknown[][] = [];
    const auditCols = [
      col('at', 'timestamptz'),
      col('actor_id', 'uuid'),
      col('action', 'text'),
      col('entity', 'text'),
      col('entity_id', 'text'),
      col('after', 'text', 'jsonb'),
    ];
    for (const x of cohorts)
      audit.push([at(addDays(x.start, -60), '09:00'), admin, 'cohort.create', 'cohort', x.id, JSON.stringify({ name: x.name })]);
    for (const l of learners)
      audit.push([l.createdAt, admin, 'learner.create', 'learner', l.id, JSON.stringify({ lastName: l.lastName, pathway: l.pathway })]);

    const slots: { learner: Learner; ccp: number; current: boolean }[] = [];
    for (const l of learners) {
      if (!l.cohort) continue;
      const length = daysBetween(l.cohort.start, l.cohort.end);
      const elapsed = Math.min(1, Math.max(0, daysBetween(l.cohort.start, today) / length));
      const reached = elapsed >= 1 ? 3 : Math.min(3, 1 + Math.floor(elapsed * 3));
      for (let ccp = 0; ccp < reached; ccp += 1) slots.push({ learner: l, ccp, current: elapsed < 1 && ccp === reached - 1 });
    }
    const evaluations: unknown[][] = [];
    const results: unknown[][] = [];
    const syntheses: unknown[][] = [];
    const signatures: unknown[][] = [];
    slots.forEach((slot, k) => {
      const l = slot.learner;
      const cohort = l.cohort!;
      const ccp = cohort.title.ccps[slot.ccp];
      const count = spread(E, slots.length, k);
      const third = daysBetween(cohort.start, cohort.end) / 3;
      const segStart = addDays(cohort.start, Math.floor(slot.ccp * third));
      const segEnd = [addDays(cohort.start, Math.floor((slot.ccp + 1) * third) - 1), addDays(today, -1)].sort()[0];
      const width = Math.max(0, daysBetween(segStart, segEnd));
      for (let j = 0; j < count; j += 1) {
        const id = rng.uuid();
        const date = addDays(segStart, Math.floor(((j + 1) * width) / (count + 1)));
        const evaluator = cohort.trainers[j % 2];
        const topic = ECF_TOPICS[slot.ccp][j % ECF_TOPICS[slot.ccp].length];
        evaluations.push([
          id,
          l.id,
          ccp.id,
          date,
          topic,
          rng.chance(0.3) ? 'Travail soigné, bonne autonomie.' : null,
          evaluator,
          at(date, '16:00'),
        ]);
        const first = rng.int(0, ccp.competences.length - 1);
        const assessed = rng.chance(0.5) && ccp.competences.length > 1 ? [first, (first + 1) % ccp.competences.length] : [first];
        for (const a of assessed) results.push([id, ccp.competences[a].id, ccp.competences[a].number, rng.chance(0.85)]);
        audit.push([
          at(date, '16:00'),
          evaluator,
          'ecf_evaluation.create',
          'ecf_evaluation',
          id,
          JSON.stringify({ learnerId: l.id, ccpCode: ccp.code }),
        ]);
      }
      const signed = !slot.current;
      if (!signed && !rng.chance(0.5)) return;
      const id = rng.uuid();
      const mastered = rng.chance(0.9);
      const when = at(segEnd, '17:00');
      syntheses.push([
        id,
        l.id,
        ccp.id,
        1,
        mastered,
        mastered ? 'Activité maîtrisée : productions conformes aux critères du référentiel.' : 'Points à consolider avant la session.',
        mastered ? '{}' : pgArray([ccp.competences[0].number]),
        cohort.trainers[0],
        when,
        when,
      ]);
      if (signed) {
        signatures.push([rng.uuid(), id, cohort.trainers[0], 'evaluator', when]);
        signatures.push([rng.uuid(), id, admin, 'centre', at(segEnd, '18:00')]);
        audit.push([at(segEnd, '18:00'), admin, 'ecf_synthesis.sign_centre', 'ecf_synthesis', id, JSON.stringify({ learnerId: l.id })]);
      }
    });
    await bulkInsert(
      c,
      'ecf_evaluations',
      [
        col('id', 'uuid'),
        col('learner_id', 'uuid'),
        col('ccp_id', 'uuid'),
        col('date', 'date'),
        col('description', 'text'),
        col('comment', 'text'),
        col('evaluator_id', 'uuid'),
        col('created_at', 'timestamptz'),
      ],
      evaluations,
      10_000,
    );
    await bulkInsert(
      c,
      'ecf_results',
      [col('evaluation_id', 'uuid'), col('competence_id', 'uuid'), col('competence_number', 'smallint'), col('acquired', 'boolean')],
      results,
      10_000,
    );
    await bulkInsert(
      c,
      'ecf_syntheses',
      [
        col('id', 'uuid'),
        col('learner_id', 'uuid'),
        col('ccp_id', 'uuid'),
        col('version', 'int'),
        col('mastered', 'boolean'),
        col('observations', 'text'),
        col('competences_to_reassess', 'text', 'smallint[]'),
        col('author_id', 'uuid'),
        col('created_at', 'timestamptz'),
        col('updated_at', 'timestamptz'),
      ],
      syntheses,
    );
    await bulkInsert(
      c,
      'ecf_synthesis_signatures',
      [col('id', 'uuid'), col('synthesis_id', 'uuid'), col('user_id', 'uuid'), col('capacity', 'text'), col('signed_at', 'timestamptz')],
      signatures,
      10_000,
    );
    lap(
      `ECF (${evaluations.length} évaluations, ${results.length} résultats, ${syntheses.length} synthèses, ${signatures.length} signatures)`,
    );

    // ------------------------------------------------------------ jury sessions, PVs, awards
    const held = new Map<string, Set<string>>();
    const waiting: { learner: Learner; ready: IsoDate }[] = [];
    const rows = {
      sessions: [] as unknown[][],
      ccps: [] as unknown[][],
      jurors: [] as unknown[][],
      candidates: [] as unknown[][],
      results: [] as unknown[][],
      pvs: [] as unknown[][],
      pvSignatures: [] as unknown[][],
      ccpAwards: [] as unknown[][],
      titleAwards: [] as unknown[][],
    };
    const firstSession = new Map<string, Session>();
    for (const s of sessions) {
      if (s.type === 'ccp') {
        // Candidates who still miss CCPs of this title, waiting since an earlier session.
        for (let i = 0; i < waiting.length && s.candidates.length < 40;) {
          const w = waiting[i];
          if (w.learner.title.id === s.title.id && w.ready <= s.start) {
            const have = held.get(w.learner.id) ?? new Set<string>();
            s.candidates.push({ learner: w.learner, ccpIds: s.title.ccps.map((x) => x.id).filter((id) => !have.has(id)) });
            waiting.splice(i, 1);
          } else i += 1;
        }
      }
      const president = s.jurors[0];
      const created = at(addDays(s.start, -120), '09:00');
      const opened = s.past ? at(s.end, '14:00') : null;
      const closed = s.past ? at(s.end, '17:30') : null;
      const dreets = s.past && addDays(s.end, 21) < today ? addDays(s.end, 21) : null;
      rows.sessions.push([
        s.id,
        s.type,
        s.title.id,
        s.start,
        s.end,
        s.site[0],
        admin,
        s.ceres,
        opened,
        closed,
        dreets,
        dreets ? `DREETS-ARA-${dreets.slice(0, 4)}-${s.ceres.slice(-4)}` : null,
        created,
        '08:30',
        s.site[1],
        president,
      ]);
      for (const ccp of s.title.ccps) rows.ccps.push([s.id, ccp.id]);
      for (const j of s.jurors) rows.jurors.push([s.id, j, created]);
      audit.push([created, admin, 'jury_session.create', 'jury_session', s.id, JSON.stringify({ type: s.type, startDate: s.start })]);
      for (const cand of s.candidates) {
        rows.candidates.push([s.id, cand.learner.id, pgArray(cand.ccpIds), true, '[]', at(addDays(s.start, -45), '10:00')]);
        if (!firstSession.has(cand.learner.id)) firstSession.set(cand.learner.id, s);
      }
      if (!s.past) continue;

      const recorder = s.jurors[0];
      const decided: CandidateResult[] = [];
      for (const cand of s.candidates) {
        const have = held.get(cand.learner.id) ?? new Set<string>();
        const absent = rng.chance(0.03);
        const ccpResults = absent
          ? []
          : cand.ccpIds.map((ccpId) => {
              const awarded = rng.chance(s.type === 'title' ? 0.95 : 0.85);
              return awarded ? { ccpId, awarded } : { ccpId, awarded, comment: 'Compétences à consolider.' };
            });
        const after = new Set([...have, ...ccpResults.filter((r) => r.awarded).map((r) => r.ccpId)]);
        const titleAwarded = !absent && s.title.ccps.every((x) => after.has(x.id));
        const outcome = absent ? 'absent' : titleAwarded ? 'title' : ccpResults.some((r) => r.awarded) ? 'partial' : 'failure';
        const result = {
          sessionId: s.id,
          learnerId: cand.learner.id,
          attendance: absent ? 'absent' : 'present',
          ccpResults,
          finalInterviewHeld: !absent,
          titleAwarded,
          comment: outcome === 'partial' ? 'Réussite partielle : à représenter sur les CCP manquants.' : null,
          outcome,
        } as unknown as CandidateResult;
        decided.push(result);
        rows.results.push([
          s.id,
          cand.learner.id,
          result.attendance,
          JSON.stringify(ccpResults),
          result.finalInterviewHeld,
          titleAwarded,
          result.comment,
          outcome,
          recorder,
          at(s.end, '12:00'),
        ]);
        held.set(cand.learner.id, after);
        if (!titleAwarded) waiting.push({ learner: cand.learner, ready: addDays(s.end, 30) });
      }
      const content = draftPvContent({
        session: {
          id: s.id,
          type: s.type,
          startDate: s.start,
          endDate: s.end,
          site: s.site[0],
          ceresReference: s.ceres,
          presidentId: president,
        } as unknown as JurySession,
        title: s.title,
        jurorIds: s.jurors,
        people,
        learners: new Map(
          s.candidates.map(({ learner: l }) => [l.id, { firstName: l.firstName, lastName: l.lastName, birthDate: l.birthDate }]),
        ),
        candidates: s.candidates.map(
          (cand) =>
            ({
              sessionId: s.id,
              learnerId: cand.learner.id,
              ccpIds: cand.ccpIds,
              finalInterview: true,
              overrides: [],
            }) as unknown as SessionCandidate,
        ),
        results: decided,
        salt: () => rng.uuid().replace(/-/g, ''),
      });
      const pvId = rng.uuid();
      // Hash scheme 2 as the app drafts PVs (ADR 0014): identities outside the hash, their digests in it.
      const hashScheme = CURRENT_PV_HASH_SCHEME;
      rows.pvs.push([
        pvId,
        s.id,
        1,
        JSON.stringify(content),
        pvHash({ version: 1, reason: null, content, hashScheme }),
        hashScheme,
        closed,
      ]);
      s.jurors.forEach((j, k) => rows.pvSignatures.push([rng.uuid(), pvId, j, at(s.end, `18:${String(10 + k * 7)}`)]));
      const lastSigner = s.jurors[s.jurors.length - 1];
      const signedAt = at(s.end, `18:${String(10 + (s.jurors.length - 1) * 7)}`);
      audit.push([closed, recorder, 'jury_session.close_deliberation', 'jury_session', s.id, JSON.stringify({ version: 1 })]);
      for (const j of s.jurors) audit.push([signedAt, j, 'jury_session.sign_pv', 'jury_session', s.id, JSON.stringify({ version: 1 })]);
      for (const r of decided) {
        for (const x of r.ccpResults.filter((x) => x.awarded)) {
          const id = rng.uuid();
          rows.ccpAwards.push([id, r.learnerId, x.ccpId, s.end, 'session', s.id, pvId, lastSigner, signedAt]);
          audit.push([
            signedAt,
            lastSigner,
            'award.ccp',
            'award',
            id,
            JSON.stringify({ learnerId: r.learnerId, ccpId: x.ccpId, sessionId: s.id }),
          ]);
        }
        if (r.titleAwarded) {
          const id = rng.uuid();
          rows.titleAwards.push([id, r.learnerId, s.title.id, s.end, s.id, pvId, signedAt]);
          audit.push([signedAt, lastSigner, 'award.title', 'award', id, JSON.stringify({ learnerId: r.learnerId, sessionId: s.id })]);
        }
      }
    }
    await bulkInsert(
      c,
      'jury_sessions',
      [
        col('id', 'uuid'),
        col('type', 'text'),
        col('certification_id', 'uuid'),
        col('start_date', 'date'),
        col('end_date', 'date'),
        col('site', 'text'),
        col('session_manager_id', 'uuid'),
        col('ceres_reference', 'text'),
        col('deliberation_opened_at', 'timestamptz'),
        col('deliberation_closed_at', 'timestamptz'),
        col('dreets_validated_on', 'date'),
        col('dreets_reference', 'text'),
        col('created_at', 'timestamptz'),
        col('start_time', 'text'),
        col('address', 'text'),
        col('president_id', 'uuid'),
      ],
      rows.sessions,
    );
    await bulkInsert(c, 'jury_session_ccps', [col('session_id', 'uuid'), col('ccp_id', 'uuid')], rows.ccps);
    await bulkInsert(c, 'session_jurors', [col('session_id', 'uuid'), col('user_id', 'uuid'), col('added_at', 'timestamptz')], rows.jurors);
    await bulkInsert(
      c,
      'session_candidates',
      [
        col('session_id', 'uuid'),
        col('learner_id', 'uuid'),
        col('ccp_ids', 'text', 'uuid[]'),
        col('final_interview', 'boolean'),
        col('overrides', 'text', 'jsonb'),
        col('registered_at', 'timestamptz'),
      ],
      rows.candidates,
    );
    await bulkInsert(
      c,
      'candidate_results',
      [
        col('session_id', 'uuid'),
        col('learner_id', 'uuid'),
        col('attendance', 'text'),
        col('ccp_results', 'text', 'jsonb'),
        col('final_interview_held', 'boolean'),
        col('title_awarded', 'boolean'),
        col('comment', 'text'),
        col('outcome', 'text'),
        col('recorded_by', 'uuid'),
        col('recorded_at', 'timestamptz'),
      ],
      rows.results,
    );
    // Append-only and immutable once signed: each PV version goes in complete, then its signatures, then the awards.
    await bulkInsert(
      c,
      'pv_versions',
      [
        col('id', 'uuid'),
        col('session_id', 'uuid'),
        col('version', 'int'),
        col('content', 'text', 'jsonb'),
        col('sha256', 'text'),
        col('hash_scheme', 'smallint'),
        col('created_at', 'timestamptz'),
      ],
      rows.pvs,
      500,
    );
    await bulkInsert(
      c,
      'pv_signatures',
      [col('id', 'uuid'), col('pv_version_id', 'uuid'), col('user_id', 'uuid'), col('signed_at', 'timestamptz')],
      rows.pvSignatures,
    );
    await bulkInsert(
      c,
      'ccp_awards',
      [
        col('id', 'uuid'),
        col('learner_id', 'uuid'),
        col('ccp_id', 'uuid'),
        col('obtained_on', 'date'),
        col('source', 'text'),
        col('session_id', 'uuid'),
        col('pv_version_id', 'uuid'),
        col('recorded_by', 'uuid'),
        col('recorded_at', 'timestamptz'),
      ],
      rows.ccpAwards,
      10_000,
    );
    await bulkInsert(
      c,
      'title_awards',
      [
        col('id', 'uuid'),
        col('learner_id', 'uuid'),
        col('certification_id', 'uuid'),
        col('awarded_on', 'date'),
        col('session_id', 'uuid'),
        col('pv_version_id', 'uuid'),
        col('recorded_at', 'timestamptz'),
      ],
      rows.titleAwards,
    );
    lap(
      `sessions de jury (${sessions.length} sessions, ${rows.candidates.length} candidatures, ${rows.pvs.length} PV, ${rows.ccpAwards.length} CCP et ${rows.titleAwards.length} titres obtenus)`,
    );

    // ------------------------------------------------------------ dossiers professionnels
    const files: unknown[][] = [];
    const events: unknown[][] = [];
    const examples: unknown[][] = [];
    learners.forEach((l, i) => {
      if (Math.floor(((i + 1) * D) / N) === Math.floor((i * D) / N)) return;
      const id = rng.uuid();
      const session = firstSession.get(l.id);
      const submitted = session && addDays(session.start, -30) < today ? addDays(session.start, -30) : null; // a DP goes in a month before its session
      const begun = l.cohort ? addDays(l.cohort.start, 60) : addDays(l.vaeDate!, 10);
      const place = submitted && session ? session.site[0].split(' — ')[0] : null;
      files.push([id, l.id, place, submitted ? at(submitted, '11:00') : null, at(begun, '10:00'), at(submitted ?? begun, '11:00')]);
      if (submitted) {
        events.push([id, 'submitted', at(submitted, '11:00'), admin]);
        audit.push([
          at(submitted, '11:00'),
          admin,
          'professional_file.submit',
          'professional_file',
          id,
          JSON.stringify({ learnerId: l.id }),
        ]);
      }
      const count = rng.int(2, 4);
      for (let k = 0; k < count; k += 1) {
        const ccp = l.title.ccps[k % l.title.ccps.length];
        const from = addDays(begun, -rng.int(200, 900));
        examples.push([
          rng.uuid(),
          id,
          ccp.id,
          DP_TITLES[k % DP_TITLES.length],
          l.employer ?? rng.pick(EMPLOYERS),
          rng.chance(0.5) ? 'Secrétariat médical' : null,
          from,
          addDays(from, rng.int(30, 180)),
          "J'accueillais les patients, tenais l'agenda du service et rédigeais les courriers à partir des modèles du service.",
          'Logiciel de gestion des patients, traitement de texte, messagerie sécurisée.',
          "L'équipe soignante et le cadre de santé.",
          at(begun, '10:00'),
        ]);
      }
    });
    await bulkInsert(
      c,
      'professional_files',
      [
        col('id', 'uuid'),
        col('learner_id', 'uuid'),
        col('declaration_place', 'text'),
        col('declaration_signed_at', 'timestamptz'),
        col('created_at', 'timestamptz'),
        col('updated_at', 'timestamptz'),
      ],
      files,
    );
    await bulkInsert(
      c,
      'professional_file_events',
      [col('file_id', 'uuid'), col('kind', 'text'), col('at', 'timestamptz'), col('actor_id', 'uuid')],
      events,
    );
    await bulkInsert(
      c,
      'dp_examples',
      [
        col('id', 'uuid'),
        col('file_id', 'uuid'),
        col('ccp_id', 'uuid'),
        col('title', 'text'),
        col('organisation', 'text'),
        col('service', 'text'),
        col('period_from', 'date'),
        col('period_to', 'date'),
        col('tasks', 'text'),
        col('means', 'text'),
        col('collaborators', 'text'),
        col('created_at', 'timestamptz'),
      ],
      examples,
    );
    lap(`dossiers professionnels (${files.length} dossiers, ${examples.length} exemples, ${events.length} dépôts)`);

    // ------------------------------------------------------------ audit log
    const eventRows = audit.slice(0, A);
    await bulkInsert(c, 'audit_log', auditCols, eventRows, 10_000);
    const filler = A - eventRows.length;
    if (filler > 0) {
      // The rest of five years' activity, server-side and deterministic (no random()): edits of
      // learners, DPs, sessions and cohorts spread over the scale rows, each at a time within its
      // row's life (after its creation; a DP before its submission, a session before its first day).
      const epoch = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
      const day = 86_400;
      const now = epoch(at(today, '00:00')); // nothing after the load day's first minute
      const window = (from: string, to: string | null): [number, number] => {
        const a = epoch(from) + day;
        return [a, Math.max(a + 1, Math.min(now, to ? epoch(to) : now))];
      };
      const targets = {
        learners: learners.map((l) => ({ id: l.id, life: window(l.createdAt, null) })),
        files: files.map((f) => ({ id: f[0] as string, life: window(f[4] as string, (f[3] as string | null) ?? null) })),
        sessions: sessions.map((x) => ({ id: x.id, life: window(at(addDays(x.start, -120), '09:00'), at(x.start, '08:00')) })),
        cohorts: cohorts.map((x) => ({ id: x.id, life: window(at(addDays(x.start, -60), '09:00'), at(x.end, '18:00')) })),
      };
      if (!targets.files.length) targets.files = targets.learners;
      const params = Object.values(targets).flatMap((list) => [
        list.map((x) => x.id),
        list.map((x) => x.life[0]),
        list.map((x) => x.life[1]),
      ]);
      const actors = [admin, ...trainers.map((t) => t.id)];
      const step = 100_000;
      for (let from = 1; from <= filler; from += step) {
        const to = Math.min(filler, from + step - 1);
        await c.query(
          `INSERT INTO audit_log (at, actor_id, action, entity, entity_id, after)
           SELECT to_timestamp(st + ((g * 374761393) % 4294967291) % greatest(1, en - st)), actor, action, entity, entity_id, after
           FROM (
             SELECT g, ($13::uuid[])[(1 + (g * 31) % cardinality($13::uuid[]))::int] AS actor,
               CASE e WHEN 1 THEN 'learner.update' WHEN 2 THEN 'professional_file.update_example'
                      WHEN 3 THEN 'jury_session.update' ELSE 'cohort.set_trainers' END AS action,
               CASE e WHEN 1 THEN 'learner' WHEN 2 THEN 'professional_file' WHEN 3 THEN 'jury_session' ELSE 'cohort' END AS entity,
               CASE e WHEN 1 THEN ($1::text[])[i] WHEN 2 THEN ($4::text[])[i] WHEN 3 THEN ($7::text[])[i] ELSE ($10::text[])[i] END AS entity_id,
               CASE e WHEN 1 THEN ($2::bigint[])[i] WHEN 2 THEN ($5::bigint[])[i] WHEN 3 THEN ($8::bigint[])[i] ELSE ($11::bigint[])[i] END AS st,
               CASE e WHEN 1 THEN ($3::bigint[])[i] WHEN 2 THEN ($6::bigint[])[i] WHEN 3 THEN ($9::bigint[])[i] ELSE ($12::bigint[])[i] END AS en,
               CASE e WHEN 1 THEN jsonb_build_object('employer', 'modifié') WHEN 2 THEN jsonb_build_object('section', 'exemple')
                      WHEN 3 THEN jsonb_build_object('site', 'modifié') ELSE jsonb_build_object('trainers', 2) END AS after
             FROM (
               SELECT g, e, (1 + ((g * CASE e WHEN 1 THEN 2654435761 WHEN 2 THEN 2246822519 WHEN 3 THEN 3266489917 ELSE 668265263 END) % 4294967291)
                        % CASE e WHEN 1 THEN cardinality($1::text[]) WHEN 2 THEN cardinality($4::text[])
                                 WHEN 3 THEN cardinality($7::text[]) ELSE cardinality($10::text[]) END)::int AS i
               FROM (SELECT g::bigint AS g, CASE WHEN g % 10 < 5 THEN 1 WHEN g % 10 < 8 THEN 2 WHEN g % 10 < 9 THEN 3 ELSE 4 END AS e
                     FROM generate_series($14::int, $15::int) AS g) AS x
             ) AS y
           ) AS z`,
          [...params, actors, from, to],
        );
      }
    }
    lap(`journal d'audit (${eventRows.length} événements datés, ${Math.max(0, filler)} modifications réparties sur cinq ans)`);

    await c.query('COMMIT');
    mark = Date.now();
    await c.query('ANALYZE');
    lap('ANALYZE');

    const counts: Record<string, number> = {};
    for (const table of SCALE_TABLES)
      counts[table] = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
    return { timings, totalMs: Date.now() - started, counts };
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await c.end();
  }
}
