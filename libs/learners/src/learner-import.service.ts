import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { DataSource, In } from 'typeorm';
import { AuthUser, DomainError, flattenValidationErrors, textProblem } from '@app/platform';
import { CreateLearnerDto, ImportReportDto } from './dto/learner.dto';
import { Cohort } from './entities/cohort.entity';
import { Learner } from './entities/learner.entity';
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
  titre: 'certificationCode',
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

const normalise = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_\-'’.]/g, '');

/** JJ/MM/AAAA (or J/M/AAAA) → AAAA-MM-JJ; AAAA-MM-JJ kept; anything else returned as is (then refused). */
export function frenchDateToIso(value: string): string {
  const m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(value.trim());
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : value.trim();
}

function pathwayOf(value: string): string {
  const v = normalise(value);
  if (['formation', 'training', 'parcoursdeformation'].includes(v)) return 'training';
  if (['vae', 'validationdesacquisdelexperience'].includes(v)) return 'vae';
  return value;
}

/** Decodes the upload as text: UTF-8 (BOM removed); a binary file is refused. */
export function decodeCsv(buffer: Buffer): string {
  if (buffer.includes(0)) throw notCsv();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new DomainError(
      'IMPORT.NOT_CSV',
      "Le fichier n'est pas un texte UTF-8. Dans le tableur, enregistrez-le au format « CSV UTF-8 (délimité par des points-virgules) ».",
    );
  }
  return text.replace(/^\uFEFF/, '');
}

function notCsv(): DomainError {
  return new DomainError('IMPORT.NOT_CSV', "Le fichier n'est pas un CSV (fichier binaire). Exportez la feuille au format CSV.");
}

@Injectable()
export class LearnerImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly learners: LearnersService,
  ) {}

  async import(buffer: Buffer | undefined, dryRun: boolean, actor: AuthUser): Promise<ImportReportDto> {
    if (!buffer || buffer.length === 0)
      throw DomainError.validation([{ field: 'file', message: 'Joignez un fichier CSV (champ « file »).' }]);
    const text = decodeCsv(buffer);
    const firstLine = text.split(/\r?\n/, 1)[0];
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    let rows: { record: string[]; info: { lines: number } }[];
    try {
      rows = parse(text, {
        delimiter,
        info: true,
        relax_column_count: true,
        skip_empty_lines: true,
        trim: true,
        bom: true,
      }) as unknown as typeof rows;
    } catch (error) {
      const line = (error as { lines?: number }).lines ?? 0;
      throw new DomainError('IMPORT.INVALID', `Le CSV est mal formé (ligne ${line}) : vérifiez les guillemets.`, [
        { line, field: '', message: 'CSV mal formé' },
      ]);
    }
    if (rows.length === 0) throw DomainError.validation([{ field: 'file', message: 'Le fichier est vide.' }]);
    if (rows.length - 1 > IMPORT_MAX_LINES) {
      throw new DomainError(
        'IMPORT.TOO_MANY_LINES',
        `Le fichier a ${rows.length - 1} lignes : ${IMPORT_MAX_LINES} au plus par import. Découpez-le.`,
      );
    }

    const [header, ...data] = rows;
    if (data.length === 0)
      throw DomainError.validation([{ field: 'file', message: "Le fichier ne contient que l'en-tête : aucune ligne à importer." }]);
    const problems: ImportProblem[] = [];
    const columns: (Field | null)[] = header.record.map((name) => HEADERS[normalise(name)] ?? null);
    header.record.forEach((name, i) => {
      if (!columns[i]) problems.push({ line: 1, field: name, message: 'Colonne inconnue (voir les colonnes attendues dans le README).' });
    });
    for (const field of REQUIRED) {
      if (!columns.includes(field)) problems.push({ line: 1, field, message: 'Colonne obligatoire absente.' });
    }
    if (problems.length) throw invalid(problems, data.length);
    const headerName = (field: string): string => header.record[columns.indexOf(field as Field)] ?? field;

    const cohorts = await this.dataSource.getRepository(Cohort).find();
    const existing = new Set(
      (
        await this.dataSource.getRepository(Learner).find({
          where: { email: In(data.map((r) => (r.record[columns.indexOf('email')] ?? '').toLowerCase())) },
          select: { email: true },
        })
      ).map((l) => l.email),
    );
    const seen = new Map<string, number>();
    const inputs: { line: number; dto: CreateLearnerDto }[] = [];
    for (const { record, info } of data) {
      const line = info.lines;
      if (record.length !== header.record.length) {
        problems.push({
          line,
          field: '',
          message: `${record.length} colonnes au lieu de ${header.record.length} (séparateur « ${delimiter} »).`,
        });
        continue;
      }
      // Invisible control characters would reach names and PDFs: refused per cell, like any JSON value.
      const badCells = record.flatMap((cell, i) => {
        const problem = textProblem(cell);
        return problem ? [{ line, field: header.record[i], message: problem }] : [];
      });
      if (badCells.length) {
        problems.push(...badCells);
        continue;
      }
      const value = (f: Field): string | undefined => {
        const i = columns.indexOf(f);
        return i >= 0 && record[i] !== '' ? record[i] : undefined;
      };
      const raw: Record<string, unknown> = {
        firstName: value('firstName'),
        lastName: value('lastName'),
        birthDate: value('birthDate') && frenchDateToIso(value('birthDate')!),
        email: value('email'),
        pathway: value('pathway') && pathwayOf(value('pathway')!),
        vaeAdmissibilityDate: value('vaeAdmissibilityDate') && frenchDateToIso(value('vaeAdmissibilityDate')!),
        certificationCode: value('certificationCode')?.toUpperCase(),
        employer: value('employer'),
        accommodations: value('accommodations'),
      };
      const cohortName = value('cohort');
      if (cohortName) {
        const matches = cohorts.filter((c) => c.id === cohortName || normalise(c.name) === normalise(cohortName));
        if (matches.length === 1) raw.cohortId = matches[0].id;
        else
          problems.push({
            line,
            field: headerName('cohort'),
            message: matches.length
              ? `Plusieurs promotions s'appellent « ${cohortName} » : utilisez leur identifiant.`
              : `Promotion inconnue : « ${cohortName} ».`,
          });
      }
      for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
      const dto = plainToInstance(CreateLearnerDto, raw);
      const lineProblems = flattenValidationErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
      for (const p of lineProblems) {
        if (p.field === 'cohortId' && cohortName) continue; // the unknown cohort is already reported
        problems.push({ line, field: headerName(p.field === 'cohortId' ? 'cohort' : p.field), message: p.message });
      }
      const email = typeof raw.email === 'string' ? raw.email.toLowerCase() : '';
      if (email && existing.has(email))
        problems.push({ line, field: headerName('email'), message: 'Un apprenant existe déjà avec cette adresse e-mail.' });
      if (email && seen.has(email))
        problems.push({ line, field: headerName('email'), message: `Adresse déjà présente ligne ${seen.get(email)}.` });
      if (email) seen.set(email, line);
      if (lineProblems.length === 0) inputs.push({ line, dto });
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
      await this.dataSource.transaction(async (m) => {
        for (const { line, dto } of inputs) {
          if (refused.has(line)) continue;
          try {
            ids.push((await this.learners.createLearner(dto, actor, m)).id);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            const details = Array.isArray(error.details) ? (error.details as { field?: string; message?: string }[]) : [{}];
            for (const d of details) {
              const field = typeof d.field === 'string' ? d.field : '';
              problems.push({ line, field: headerName(field === 'cohortId' ? 'cohort' : field), message: d.message ?? error.message });
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
