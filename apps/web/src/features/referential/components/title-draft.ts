// The title being edited: the draft the form holds (rows keyed so that reordering keeps what is typed)
// and its conversion to and from the JSON format of the référentiel.
import type { Schemas } from '../../../api/client';

export type ReferentialFile = Schemas['CreateCertificationDto'];

// Rows carry a key of their own: reordering or removing one keeps what is typed in the others.
export interface CriterionDraft {
  key: number;
  text: string;
}
export interface CompetenceDraft {
  key: number;
  title: string;
  description: string;
  criteria: CriterionDraft[];
}
export interface CcpDraft {
  key: number;
  code: string;
  title: string;
  competences: CompetenceDraft[];
}
export interface TitleDraft {
  code: string;
  tpCode: string;
  name: string;
  acronym: string;
  level: number;
  validFrom: string | null;
  validUntil: string | null;
  demo: boolean;
  /** RNCP descriptors (NSF, ROME…) kept from the title this one comes from. */
  descriptors: Pick<ReferentialFile, 'nsf' | 'romeCodes' | 'trainingHours' | 'trainingDurationMonths' | 'creationDecree'>;
  ccps: CcpDraft[];
}

let nextKey = 1;
export const key = (): number => nextKey++;

export const emptyCompetence = (): CompetenceDraft => ({ key: key(), title: '', description: '', criteria: [{ key: key(), text: '' }] });
export const emptyCcp = (code: string): CcpDraft => ({ key: key(), code, title: '', competences: [emptyCompetence()] });

/** A blank title: one CCP with one competence, to be filled in. */
export function blankDraft(): TitleDraft {
  return {
    code: '',
    tpCode: '',
    name: '',
    acronym: '',
    level: 4,
    validFrom: null,
    validUntil: null,
    demo: false,
    descriptors: {},
    ccps: [emptyCcp('BC01')],
  };
}

/**
 * From a title's export: « Dupliquer » (a new version: no code yet, CCP codes reduced to what
 * follows the old title's code, first day = the old title's échéance) or « Modifier » (as is).
 */
export function draftFrom(file: ReferentialFile, mode: 'duplicate' | 'edit'): TitleDraft {
  const duplicate = mode === 'duplicate';
  return {
    code: duplicate ? '' : file.code,
    tpCode: file.tpCode,
    name: file.name,
    acronym: file.acronym ?? '',
    level: file.level,
    validFrom: duplicate ? file.validUntil : (file.validFrom ?? null),
    validUntil: duplicate ? null : file.validUntil,
    demo: file.demo ?? false,
    descriptors: {
      nsf: file.nsf,
      romeCodes: file.romeCodes,
      trainingHours: file.trainingHours,
      trainingDurationMonths: file.trainingDurationMonths,
      // The decree is the old version's: a new version has its own.
      ...(duplicate ? {} : { creationDecree: file.creationDecree }),
    },
    ccps: file.ccps.map((ccp) => ({
      key: key(),
      code: duplicate && ccp.code.startsWith(file.code) ? ccp.code.slice(file.code.length) : ccp.code,
      title: ccp.title,
      competences: ccp.competences.map((k) => ({
        key: key(),
        title: k.title,
        description: k.description ?? '',
        criteria: k.criteria.map((text) => ({ key: key(), text })),
      })),
    })),
  };
}

/** The body of POST / PUT: CCPs numbered in order, competences numbered across the title (R-REF-2). */
export function toFile(d: TitleDraft): ReferentialFile {
  let competence = 0;
  return {
    code: d.code.trim(),
    tpCode: d.tpCode.trim(),
    name: d.name,
    ...(d.acronym.trim() ? { acronym: d.acronym.trim() } : {}),
    level: d.level,
    ...Object.fromEntries(Object.entries(d.descriptors).filter(([, v]) => v !== undefined && v !== null)),
    ...(d.validFrom ? { validFrom: d.validFrom } : {}),
    validUntil: d.validUntil ?? '',
    ...(d.demo ? { demo: true } : {}),
    ccps: d.ccps.map((ccp, i) => ({
      number: i + 1,
      code: ccp.code.trim(),
      title: ccp.title,
      competences: ccp.competences.map((k) => ({
        number: (competence += 1),
        title: k.title,
        description: k.description,
        criteria: k.criteria.map((c) => c.text).filter((text) => text.trim() !== ''),
      })),
    })),
  };
}

export function move<T>(list: T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (target < 0 || target >= list.length) return list;
  const copy = [...list];
  [copy[index], copy[target]] = [copy[target], copy[index]];
  return copy;
}
