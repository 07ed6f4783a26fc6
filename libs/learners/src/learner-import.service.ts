import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, In } from 'typeorm';
import { AuthUser, DomainError, flattenValidationErrors } from '@app/platform';
import { CreateLearnerDto, ImportReportDto } from './dto/learner.dto';
import { Cohort } from './entities/cohort.entity';
import { Learner } from './entities/learner.entity';
import {
  cellProblem,
  DATE_FIELDS,
  dateOf,
  Field,
  FIELD_LABELS,
  IMPORT_MAX_LINES,
  ImportProblem,
  inFileTerms,
  INVALID_DATE,
  normalise,
  pathwayOf,
  readColumns,
  textOf,
} from './import/columns';
import { Cell, isEmptyCell, readSpreadsheet, tooManyRows } from './import/spreadsheet';
import { LearnersService } from './learners.service';

export { IMPORT_MAX_BYTES } from './import/columns';

@Injectable()
export class LearnerImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly learners: LearnersService,
  ) {}

  /**
   * Reads the file (CSV or XLSX, recognised from its bytes), checks every row, then creates the
   * learners in one transaction — rolled back for a dry run: the dry run and the import are this
   * one function, so they make exactly the same checks and give the same report. With `invite`,
   * every learner created (each has an e-mail) is invited (issue 14).
   */
  async import(buffer: Buffer | undefined, dryRun: boolean, actor: AuthUser, invite = false): Promise<ImportReportDto> {
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
      // invite=true: each learner created gets an account and its invitation, in the import's
      // transaction (rolled back with it, dry run included: nothing is sent).
      if (invite) dto.invite = true;
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
