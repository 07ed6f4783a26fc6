import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, In } from 'typeorm';
import { AuthUser, DomainError, flattenValidationErrors, isDateOnly, textProblem } from '@app/platform';
import { CreateLearnerDto, ImportReportDto } from './dto/learner.dto';
import { Cohort } from './entities/cohort.entity';
import { Learner, type Pathway } from './entities/learner.entity';
import { Cell, isEmptyCell, readSpreadsheet, SheetRow, tooManyRows } from './import/spreadsheet';
import { LearnersService } from './learners.service';

export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_LINES = 2000;

type Field =
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
const HEADERS: Record<string, Field> = {
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
const REQUIRED: Field[] = ['lastName', 'firstName', 'birthDate', 'email', 'pathway'];

export interface ImportProblem {
  line: number;
  field: string;
  message: string;
}

/** French names of the fields, for messages about a column the file lacks. */
const FIELD_LABELS: Record<Field, string> = {
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
const DATE_FIELDS: Field[] = ['birthDate', 'vaeAdmissibilityDate'];
export const INVALID_DATE = 'Date invalide : attendu JJ/MM/AAAA';

/** A header as typed: case, accents, spaces, dashes, a « (JJ/MM/AAAA) » hint or a « * » do not matter. */
const normalise = (s: string): string =>
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
function textOf(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return String(cell);
  if ('year' in cell) return `${String(cell.day).padStart(2, '0')}/${String(cell.month).padStart(2, '0')}/${cell.year}`;
  return cell.error;
}

/** A cell's problem before any field rule: invisible characters, a formula error, an unreadable character. */
function cellProblem(cell: Cell): string | null {
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
function inFileTerms(field: string, message: string, missing: boolean): string {
  if (missing && field === 'cohortId') return 'Obligatoire pour le parcours « formation » : le nom de la promotion.';
  if (missing && field === 'vaeAdmissibilityDate')
    return 'Obligatoire pour le parcours « VAE » : la date de notification de la recevabilité (JJ/MM/AAAA).';
  return message
    .replace(/AAAA-MM-JJ/g, 'JJ/MM/AAAA')
    .replace(/\bidentifiant \(UUID\) de la promotion\b/g, 'nom de la promotion')
    .replace(/\(training, vae\)/g, '(« formation » ou « VAE »)');
}

/** The file's columns: which field each holds (null: ignored), and what is wrong with the header. */
interface Columns {
  fields: (Field | null)[];
  headerNames: string[];
  problems: ImportProblem[];
}

function readColumns(header: SheetRow, data: SheetRow[]): Columns {
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

@Injectable()
export class LearnerImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly learners: LearnersService,
  ) {}

  /**
   * Reads the file (CSV or XLSX, recognised from its bytes), checks every row, then creates the
   * learners in one transaction — rolled back for a dry run: the dry run and the import are this
   * one function, so they make exactly the same checks and give the same report.
   */
  async import(buffer: Buffer | undefined, dryRun: boolean, actor: AuthUser): Promise<ImportReportDto> {
    if (!buffer || buffer.length === 0)
      throw DomainError.validation([{ field: 'file', message: 'Joignez un fichier CSV ou Excel .xlsx (champ « file »).' }]);
    const sheet = await readSpreadsheet(buffer, IMPORT_MAX_LINES);
    // Rows whose cells are all empty (Excel's trailing `;;;;`, blank lines) are skipped silently;
    // the others keep their spreadsheet row number.
    const rows = sheet.rows.filter((r) => !r.cells.every(isEmptyCell));
    if (rows.length === 0) throw DomainError.validation([{ field: 'file', message: 'Le fichier est vide.' }]);
    if (rows.length - 1 > IMPORT_MAX_LINES) throw tooManyRows(IMPORT_MAX_LINES, rows.length - 1);

    const [header, ...data] = rows;
    if (data.length === 0)
      throw DomainError.validation([{ field: 'file', message: "Le fichier ne contient que l'en-tête : aucune ligne à importer." }]);
    const { fields: columns, headerNames, problems } = readColumns(header, data);
    if (problems.length) throw invalid(problems, data.length);
    const headerName = (field: string): string => headerNames[columns.indexOf(field as Field)] ?? FIELD_LABELS[field as Field] ?? field;
    // A CSV row shorter than the table (the named columns) has lost cells: its values would shift.
    const lastNamed = columns.reduce((last, f, i) => (f ? i : last), -1) + 1;
    const separator = sheet.delimiter === '\t' ? 'tabulation' : sheet.delimiter;

    const text = (record: Cell[], f: Field): string | undefined => {
      const i = columns.indexOf(f);
      const v = i >= 0 ? textOf(record[i]) : '';
      return v !== '' ? v : undefined;
    };
    const cohorts = await this.dataSource.getRepository(Cohort).find();
    const existing = new Set(
      (
        await this.dataSource.getRepository(Learner).find({
          where: { email: In(data.map((r) => (text(r.cells, 'email') ?? '').toLowerCase())) },
          select: { email: true },
        })
      ).map((l) => l.email),
    );
    const seen = new Map<string, number>();
    const inputs: { line: number; dto: CreateLearnerDto }[] = [];
    for (const { row: line, cells: record } of data) {
      if (sheet.format === 'csv' && record.length < lastNamed) {
        problems.push({ line, field: '', message: `${record.length} colonnes au lieu de ${lastNamed} (séparateur « ${separator} »).` });
        continue;
      }
      // Invisible control characters would reach names and PDFs: refused per cell, like any JSON value.
      const badCells = columns.flatMap((f, i) => {
        const problem = f && record[i] !== undefined ? cellProblem(record[i]) : null;
        return problem ? [{ line, field: headerNames[i], message: problem }] : [];
      });
      if (badCells.length) {
        problems.push(...badCells);
        continue;
      }
      // Dates and the pathway are read here, in the file's terms; the API's own rules follow.
      const reported = new Set<string>();
      const dates: Partial<Record<Field, string>> = {};
      for (const f of DATE_FIELDS) {
        const i = columns.indexOf(f);
        if (i < 0 || isEmptyCell(record[i])) {
          if (f === 'birthDate') {
            problems.push({ line, field: headerName(f), message: 'Ce champ est obligatoire.' });
            reported.add(f);
          }
          continue;
        }
        const value = dateOf(record[i]);
        if (value) dates[f] = value;
        else {
          problems.push({ line, field: headerName(f), message: INVALID_DATE });
          reported.add(f);
        }
      }
      const pathwayText = text(record, 'pathway');
      const pathway = pathwayText === undefined ? null : pathwayOf(pathwayText);
      if (!pathway) {
        problems.push({
          line,
          field: headerName('pathway'),
          message:
            pathwayText === undefined
              ? 'Ce champ est obligatoire : « formation » ou « VAE ».'
              : `Parcours inconnu : « ${pathwayText} ». Attendu « formation » ou « VAE ».`,
        });
        reported.add('pathway');
      }
      const raw: Record<string, unknown> = {
        firstName: text(record, 'firstName'),
        lastName: text(record, 'lastName'),
        birthDate: dates.birthDate,
        email: text(record, 'email'),
        pathway: pathway ?? undefined,
        vaeAdmissibilityDate: dates.vaeAdmissibilityDate,
        // Optional: a VAE candidate without it gets the title valid on the recevabilité date (createLearner).
        certificationCode: text(record, 'certificationCode')?.toUpperCase(),
        employer: text(record, 'employer'),
        accommodations: text(record, 'accommodations'),
      };
      const cohortName = text(record, 'cohort');
      if (cohortName) {
        const matches = cohorts.filter((c) => c.id === cohortName || normalise(c.name) === normalise(cohortName));
        if (matches.length === 1) raw.cohortId = matches[0].id;
        else {
          problems.push({
            line,
            field: headerName('cohort'),
            message: matches.length
              ? `Plusieurs promotions s'appellent « ${cohortName} » : utilisez leur identifiant.`
              : `Promotion inconnue : « ${cohortName} ».`,
          });
          reported.add('cohortId');
        }
      }
      for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
      const dto = plainToInstance(CreateLearnerDto, raw);
      const lineProblems = flattenValidationErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
      for (const p of lineProblems) {
        if (reported.has(p.field)) continue; // already said in the file's terms
        problems.push({
          line,
          field: headerName(p.field === 'cohortId' ? 'cohort' : p.field),
          message: inFileTerms(p.field, p.message, raw[p.field] === undefined),
        });
      }
      const email = typeof raw.email === 'string' ? raw.email.toLowerCase() : '';
      if (email && existing.has(email))
        problems.push({ line, field: headerName('email'), message: 'Un apprenant existe déjà avec cette adresse e-mail.' });
      if (email && seen.has(email))
        problems.push({ line, field: headerName('email'), message: `Adresse déjà présente ligne ${seen.get(email)}.` });
      if (email) seen.set(email, line);
      if (lineProblems.length === 0 && reported.size === 0) inputs.push({ line, dto });
    }
    // Lines already refused are not written; the others go through the import itself (the same
    // report, dry run or not, lists every line's problems).
    const refused = new Set(problems.map((p) => p.line));

    // The dry run is the import itself, rolled back: every check the real import makes (the title,
    // the cohort, an e-mail taken meanwhile, whatever createLearner checks tomorrow) is made by the
    // dry run too, by the same code. A line refused by a DomainError does not stop the others from
    // being checked; whatever it wrote before is rolled back with the rest, as any problem refuses
    // the whole file. Any other error (the database) ends the transaction at once.
    let ids: string[] = [];
    try {
      await this.dataSource.transaction(async () => {
        for (const { line, dto } of inputs) {
          if (refused.has(line)) continue;
          try {
            ids.push((await this.learners.createLearner(dto, actor)).id);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            const details = Array.isArray(error.details) ? (error.details as { field?: string; message?: string }[]) : [{}];
            for (const d of details) {
              const field = typeof d.field === 'string' ? d.field : '';
              problems.push({
                line,
                field: headerName(field === 'cohortId' ? 'cohort' : field),
                message: inFileTerms(field, d.message ?? error.message, false),
              });
            }
          }
        }
        if (problems.length) throw invalid(problems, data.length);
        if (dryRun) throw ROLLBACK;
      });
    } catch (error) {
      if (error !== ROLLBACK) throw error;
      ids = [];
    }
    return dryRun
      ? { dryRun: true, lines: data.length, created: 0, learnerIds: [] }
      : { dryRun: false, lines: data.length, created: ids.length, learnerIds: ids };
  }
}

/** Thrown to end the dry run's transaction with a rollback. */
const ROLLBACK = new Error('dry run: rolled back');

function invalid(problems: ImportProblem[], lines: number): DomainError {
  problems.sort((a, b) => a.line - b.line);
  return new DomainError(
    'IMPORT.INVALID',
    `Import refusé : ${problems.length} erreur(s) sur ${lines} ligne(s). Rien n'a été enregistré ; corrigez le fichier et recommencez.`,
    problems,
  );
}
