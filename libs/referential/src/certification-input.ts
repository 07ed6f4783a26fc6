import { DomainError, FieldProblem } from '@app/platform';
import { CreateCertificationDto, UpdateCertificationDto } from './dto/certification.dto';
import { Certification } from './entities/certification.entity';

/** The stored columns of a title's header, from an import or an edit. */
export function headerColumns(input: UpdateCertificationDto): Partial<Certification> {
  return {
    tpCode: input.tpCode,
    name: input.name,
    acronym: input.acronym ?? null,
    level: input.level,
    validFrom: input.validFrom ?? null,
    validUntil: input.validUntil,
    demo: input.demo ?? false,
    nsf: input.nsf ?? null,
    romeCodes: input.romeCodes ?? [],
    creationDecree: input.creationDecree ?? null,
    trainingHours: input.trainingHours ?? null,
    trainingDurationMonths: input.trainingDurationMonths ?? [],
  };
}

/** Numbers and codes must be unique where the référentiel reads them (R-REF-2). */
export function checkStructure(input: CreateCertificationDto): void {
  const problems: FieldProblem[] = [];
  const ccpNumbers = new Set<number>();
  const ccpCodes = new Set<string>();
  const competenceNumbers = new Set<number>();
  input.ccps.forEach((ccp, i) => {
    if (ccpNumbers.has(ccp.number)) problems.push({ field: `ccps[${i}].number`, message: `Le numéro de CCP ${ccp.number} est en double.` });
    if (ccpCodes.has(ccp.code)) problems.push({ field: `ccps[${i}].code`, message: `Le code ${ccp.code} est en double.` });
    if (ccp.code === input.code) problems.push({ field: `ccps[${i}].code`, message: 'Un CCP ne peut pas porter le code du titre.' });
    ccpNumbers.add(ccp.number);
    ccpCodes.add(ccp.code);
    ccp.competences.forEach((k, j) => {
      if (competenceNumbers.has(k.number)) {
        problems.push({
          field: `ccps[${i}].competences[${j}].number`,
          message: `La compétence n°${k.number} est en double dans le titre.`,
        });
      }
      competenceNumbers.add(k.number);
    });
  });
  if (problems.length > 0) {
    throw new DomainError('REF.INVALID_STRUCTURE', 'La structure du titre est incohérente : voir le détail.', problems, 'R-REF-2');
  }
}
