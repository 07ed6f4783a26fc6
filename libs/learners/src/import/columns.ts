/*
 * The import file's columns and cells (issue 12): headers recognised without case or accents, dates
 * and pathways as a French spreadsheet writes them, each problem in the file's own terms (its
 * column names, its line numbers, JJ/MM/AAAA, formation / VAE). Pure: no database.
 */
import { isDateOnly, textProblem } from '@app/platform';
import type { Pathway } from '../entities/learner.entity';
import { Cell, isEmptyCell, SheetRow } from './spreadsheet';

export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_LINES = 2000;

export type Field =
  | 'lastName'
  | 'firstName'
  | 'birthDate'
  | 'email'
  | 'pathway'
  | 'cohort'
  | 'vaeAdmissibilityDate'
  | 'certificationCode'
  | 'employer'
  | 'accommodations';

/** Accepted headers, compared without case, accents, spaces, dashes or underscores. */
export const HEADERS: Record<string, Field> = {
  nom: 'lastName',
  nomdefamille: 'lastName',
  lastname: 'lastName',
  prenom: 'firstName',
  firstname: 'firstName',
  datedenaissance: 'birthDate',
  datenaissance: 'birthDate',
  naissance: 'birthDate',
  birthdate: 'birthDate',
  email: 'email',
  mail: 'email',
  courriel: 'email',
  adressemail: 'email',
  adresseemail: 'email',
  adresseelectronique: 'email',
  parcours: 'pathway',
  pathway: 'pathway',
  voie: 'pathway',
  promotion: 'cohort',
  cohorte: 'cohort',
  cohort: 'cohort',
  daterecevabilite: 'vaeAdmissibilityDate',
  daterecevabilitevae: 'vaeAdmissibilityDate',
  recevabilite: 'vaeAdmissibilityDate',
  recevabilitevae: 'vaeAdmissibilityDate',
  datederecevabilite: 'vaeAdmissibilityDate',
  datederecevabilitevae: 'vaeAdmissibilityDate',
  datedenotificationdelarecevabilite: 'vaeAdmissibilityDate',
  titre: 'certificationCode',
  titrevise: 'certificationCode',
  coderncp: 'certificationCode',
  codetitre: 'certificationCode',
  rncp: 'certificationCode',
  certification: 'certificationCode',
  employeur: 'employer',
  employer: 'employer',
  amenagements: 'accommodations',
  amenagement: 'accommodations',
  accommodations: 'accommodations',
};
export const REQUIRED: Field[] = ['lastName', 'firstName', 'birthDate', 'email', 'pathway'];

export interface ImportProblem {
  line: number;
  field: string;
  message: string;
}

/** French names of the fields, for messages about a column the file lacks. */
export const FIELD_LABELS: Record<Field, string> = {
  lastName: 'Nom',
  firstName: 'Prénom',
  birthDate: 'Date de naissance',
  email: 'E-mail',
  pathway: 'Parcours',
  cohort: 'Promotion',
  vaeAdmissibilityDate: 'Date recevabilité VAE',
  certificationCode: 'Titre',
  employer: 'Employeur',
  accommodations: 'Aménagements',
};
export const DATE_FIELDS: Field[] = ['birthDate', 'vaeAdmissibilityDate'];
export const INVALID_DATE = 'Date invalide : attendu JJ/MM/AAAA';

/** A header as typed: case, accents, spaces, dashes, a « (JJ/MM/AAAA) » hint or a « * » do not matter. */
export const normalise = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\([^)]*\)|\*/g, '')
    .toLowerCase()
    .replace(/[\s_\-'’.:]/g, '');

/** A column's letter as the spreadsheet shows it: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

const iso = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/**
 * A date cell → AAAA-MM-JJ, or null when it is not a real date: JJ/MM/AAAA (J/M/AAAA, with « / »,
 * « . » or « - »), AAAA-MM-JJ, an Excel date cell, or an Excel date serial number (a date column
 * formatted as a number).
 */
export function dateOf(cell: Cell): string | null {
  let value: string | null = null;
  if (typeof cell === 'number') {
    // Excel's serial: days since 30/12/1899 (the 1900 leap-year bug is before any birth date here).
    if (!Number.isInteger(cell) || cell < 1 || cell > 100_000) return null;
    const d = new Date(Date.UTC(1899, 11, 30) + cell * 86_400_000);
    value = iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  } else if (typeof cell === 'string') {
    const text = cell.trim();
    const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
    const en = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    if (fr) value = iso(Number(fr[3]), Number(fr[2]), Number(fr[1]));
    else if (en) value = iso(Number(en[1]), Number(en[2]), Number(en[3]));
  } else if ('year' in cell) {
    value = iso(cell.year, cell.month, cell.day);
  }
  return value !== null && isDateOnly(value) ? value : null;
}

/** « formation » / « VAE », in any case and accents; the API's training / vae are accepted too. */
export function pathwayOf(value: string): Pathway | null {
  const v = normalise(value);
  if (['formation', 'training', 'parcoursdeformation', 'formationcontinue'].includes(v)) return 'training';
  if (['vae', 'validationdesacquisdelexperience'].includes(v)) return 'vae';
  return null;
}

/** A cell as text: what the spreadsheet shows (a date as JJ/MM/AAAA, a number without grouping). */
export function textOf(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return String(cell);
  if ('year' in cell) return `${String(cell.day).padStart(2, '0')}/${String(cell.month).padStart(2, '0')}/${cell.year}`;
  return cell.error;
}

/** A cell's problem before any field rule: invisible characters, a formula error, an unreadable character. */
export function cellProblem(cell: Cell): string | null {
  if (typeof cell === 'object' && 'error' in cell)
    return `Erreur de formule dans la cellule (${cell.error}) : corrigez-la dans le classeur.`;
  if (typeof cell !== 'string') return null;
  if (cell.includes('\uFFFD'))
    return 'Contient un caractère illisible (encodage du fichier non reconnu) : enregistrez le fichier en « CSV UTF-8 » ou en .xlsx.';
  return textProblem(cell);
}

/**
 * A message of the API (for a JSON client) in the file's words: dates as JJ/MM/AAAA, the cohort by
 * its name, the pathway as « formation » / « VAE ».
 */
export function inFileTerms(field: string, message: string, missing: boolean): string {
  if (missing && field === 'cohortId') return 'Obligatoire pour le parcours « formation » : le nom de la promotion.';
  if (missing && field === 'vaeAdmissibilityDate')
    return 'Obligatoire pour le parcours « VAE » : la date de notification de la recevabilité (JJ/MM/AAAA).';
  return message
    .replace(/AAAA-MM-JJ/g, 'JJ/MM/AAAA')
    .replace(/\bidentifiant \(UUID\) de la promotion\b/g, 'nom de la promotion')
    .replace(/\(training, vae\)/g, '(« formation » ou « VAE »)');
}

/** The file's columns: which field each holds (null: ignored), and what is wrong with the header. */
export interface Columns {
  fields: (Field | null)[];
  headerNames: string[];
  problems: ImportProblem[];
}

export function readColumns(header: SheetRow, data: SheetRow[]): Columns {
  const width = Math.max(header.cells.length, ...data.map((r) => r.cells.length));
  const fields: (Field | null)[] = [];
  const headerNames: string[] = [];
  const problems: ImportProblem[] = [];
  const line = header.row;
  for (let i = 0; i < width; i += 1) {
    const name = textOf(header.cells[i]);
    headerNames.push(name);
    if (name === '') {
      // Excel leaves empty columns beyond the table (`;;;`): ignored. A column with data but no
      // header cannot be read.
      const used = data.find((r) => !isEmptyCell(r.cells[i]));
      if (used)
        problems.push({
          line,
          field: `Colonne ${columnLetter(i)}`,
          message: `La colonne ${columnLetter(i)} n'a pas d'en-tête mais contient des données (ligne ${used.row}) : donnez-lui un en-tête ou videz-la.`,
        });
      fields.push(null);
      continue;
    }
    const field = HEADERS[normalise(name)] ?? null;
    if (!field) {
      problems.push({
        line,
        field: name,
        message: `Colonne inconnue. Colonnes reconnues : ${Object.values(FIELD_LABELS).join(', ')}.`,
      });
    } else if (fields.includes(field)) {
      problems.push({
        line,
        field: name,
        message: `Colonne en double : « ${FIELD_LABELS[field]} » est déjà en colonne ${columnLetter(fields.indexOf(field))}.`,
      });
    }
    fields.push(fields.includes(field) ? null : field);
  }
  for (const field of REQUIRED) {
    if (!fields.includes(field)) problems.push({ line, field: FIELD_LABELS[field], message: 'Colonne obligatoire absente.' });
  }
  return { fields, headerNames, problems };
}
