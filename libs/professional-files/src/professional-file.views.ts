import { DomainError } from '@app/platform';
import { TitleStructure } from '@app/referential';
import { findPossibleNirs, todayInFrance } from '@app/rules';
import { AttachmentDto, ExampleDto, ExampleInputDto, ProfessionalFileDto, WarningDto } from './dto/professional-file.dto';
import { DpExample } from './entities/professional-file.entity';
import type { AttachmentRow, ExampleRow, FileContents, FileRow } from './professional-files.repository';

const FIELD_LABELS: Record<string, string> = {
  title: 'Intitulé',
  organisation: 'Organisme',
  service: 'Service',
  tasks: 'Tâches réalisées',
  means: 'Moyens utilisés',
  collaborators: 'Avec qui',
  extra: 'Informations complémentaires',
};

/** An example as the DP shows it, with R-DP-2's warnings (a possible patient number). */
export function exampleView(e: ExampleRow, ccpCode: string): ExampleDto {
  const warnings: WarningDto[] = [];
  for (const key of ['title', 'organisation', 'service', 'tasks', 'means', 'collaborators', 'extra'] as const) {
    const hits = findPossibleNirs(e[key] ?? '');
    if (hits.length) {
      warnings.push({
        code: 'DP.POSSIBLE_PATIENT_DATA',
        field: `examples[${e.id}].${key}`,
        message: `« ${FIELD_LABELS[key]} » de l'exemple « ${e.title} » semble contenir un numéro de sécurité sociale (${hits.map((h) => `${h.text.slice(0, 1)}…`).join(', ')}) : retirez toute donnée qui identifie un patient (R-DP-2).`,
      });
    }
  }
  return {
    id: e.id,
    ccpCode,
    title: e.title,
    organisation: e.organisation,
    service: e.service,
    periodFrom: e.periodFrom,
    periodTo: e.periodTo,
    tasks: e.tasks,
    means: e.means,
    collaborators: e.collaborators,
    extra: e.extra,
    updatedAt: e.updatedAt.toISOString(),
    warnings,
  };
}

export function exampleFields(input: ExampleInputDto): Omit<DpExample, 'id' | 'fileId' | 'ccpId' | 'createdAt' | 'updatedAt'> {
  return {
    title: input.title,
    organisation: input.organisation,
    service: input.service || null,
    periodFrom: input.periodFrom,
    periodTo: input.periodTo,
    tasks: input.tasks,
    means: input.means,
    collaborators: input.collaborators,
    extra: input.extra || null,
  };
}

export function attachmentView(a: AttachmentRow): AttachmentDto {
  return {
    id: a.id,
    filename: a.filename,
    size: a.size,
    contentType: a.contentType,
    sha256: a.sha256,
    createdAt: a.createdAt.toISOString(),
  };
}

export function filenameWarnings(a: AttachmentDto): WarningDto[] {
  return findPossibleNirs(a.filename).length
    ? [
        {
          code: 'DP.POSSIBLE_PATIENT_DATA',
          field: `attachments[${a.id}].filename`,
          message: `Le nom du fichier « ${a.filename} » semble contenir un numéro de sécurité sociale : renommez-le (R-DP-2).`,
        },
      ]
    : [];
}

/** The DP as the learner, their trainers, jurors and the centre see it (no file yet: an empty draft). */
export function fileView(
  learnerId: string,
  title: TitleStructure,
  file: Pick<FileRow, 'declarationPlace' | 'declarationSignedAt'> | null,
  contents: FileContents | null,
  names: Map<string, string>,
): ProfessionalFileDto {
  if (!file || !contents) {
    return {
      learnerId,
      status: 'draft',
      examples: [],
      qualifications: [],
      attachments: [],
      declaration: null,
      submittedAt: null,
      comments: [],
      warnings: [],
    };
  }
  const { examples, qualifications, attachments, comments, lastEvent } = contents;
  const ccpCode = new Map(title.ccps.map((c) => [c.id, c]));
  const exampleViews = examples
    .map((e) => exampleView(e, ccpCode.get(e.ccpId)?.code ?? ''))
    .sort((a, b) => a.ccpCode.localeCompare(b.ccpCode) || a.periodFrom.localeCompare(b.periodFrom));
  const attachmentViews = attachments.map((a) => attachmentView(a));
  return {
    learnerId,
    status: lastEvent?.kind === 'submitted' ? 'submitted' : 'draft',
    examples: exampleViews,
    qualifications: qualifications.map(({ id, title: t, issuer, obtainedOn }) => ({ id, title: t, issuer, obtainedOn })),
    attachments: attachmentViews,
    declaration:
      file.declarationPlace && file.declarationSignedAt
        ? { place: file.declarationPlace, signedAt: file.declarationSignedAt.toISOString() }
        : null,
    submittedAt: lastEvent?.kind === 'submitted' ? lastEvent.at.toISOString() : null,
    comments: comments.map((c) => ({
      id: c.id,
      exampleId: c.exampleId,
      authorId: c.authorId,
      authorName: names.get(c.authorId) ?? '',
      text: c.text,
      createdAt: c.createdAt.toISOString(),
    })),
    warnings: [...exampleViews.flatMap((e) => e.warnings), ...attachmentViews.flatMap((a) => filenameWarnings(a))],
  };
}

/** R-DP-1: the example's CCP belongs to the title, its period is in order and not in the future. */
export function checkExample(title: TitleStructure, input: ExampleInputDto): TitleStructure['ccps'][number] {
  const ccp = title.ccps.find((c) => c.code === input.ccpCode);
  if (!ccp) {
    throw new DomainError(
      'DP.CCP_NOT_IN_TITLE',
      `Le CCP ${input.ccpCode} n'appartient pas au titre ${title.code} (CCP : ${title.ccps.map((c) => c.code).join(', ')}).`,
      [{ field: 'ccpCode', message: `CCP hors du titre ${title.code}.` }],
      'R-DP-1',
    );
  }
  const problems = [];
  if (input.periodTo < input.periodFrom) problems.push({ field: 'periodTo', message: 'La fin de la période précède son début.' });
  if (input.periodFrom > todayInFrance())
    problems.push({ field: 'periodFrom', message: 'Un exemple de pratique ne peut pas commencer dans le futur.' });
  if (problems.length) throw DomainError.validation(problems);
  return ccp;
}
