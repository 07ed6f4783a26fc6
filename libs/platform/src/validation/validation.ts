import { applyDecorators, ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsObject, Matches, registerDecorator, ValidateBy, ValidateNested, ValidationOptions } from 'class-validator';
import { DomainError, FieldProblem } from '../errors/domain-error';
import { findTextProblems } from '../http/body-guards';
import { strictBooleanQuery } from '../http/query-params';

const num = (message: string): string => message.match(/-?\d+(\.\d+)?/)?.[0] ?? '?';

/** French messages for the class-validator constraints used in the DTOs. */
function frenchMessage(constraint: string, english: string): string {
  // A message written in a DTO (French) is kept; class-validator's defaults say "must"/"should".
  if (constraint !== 'whitelistValidation' && !/\b(must|should)\b/.test(english)) return english;
  switch (constraint) {
    case 'whitelistValidation':
      return "Ce champ n'est pas attendu.";
    case 'isDefined':
    case 'isNotEmpty':
      return 'Ce champ est obligatoire.';
    case 'isString':
      return 'Doit être un texte.';
    case 'isEmail':
      return 'Doit être une adresse e-mail valide.';
    case 'isInt':
      return 'Doit être un nombre entier.';
    case 'isBoolean':
      return 'Doit valoir true ou false.';
    case 'isArray':
      return 'Doit être une liste.';
    case 'isObject':
    case 'nestedValidation':
      return 'Doit être un objet.';
    case 'isUuid':
      return 'Doit être un identifiant (UUID) valide.';
    case 'isIn':
    case 'isEnum':
      return `Valeur non autorisée (${english.split(':').pop()?.trim() ?? ''}).`;
    case 'minLength':
      return `Doit contenir au moins ${num(english)} caractère(s).`;
    case 'maxLength':
      return `Doit contenir au plus ${num(english)} caractères.`;
    case 'min':
      return `Doit être supérieur ou égal à ${num(english)}.`;
    case 'max':
      return `Doit être inférieur ou égal à ${num(english)}.`;
    case 'arrayMinSize':
      return `Doit contenir au moins ${num(english)} élément(s).`;
    case 'arrayMaxSize':
      return `Doit contenir au plus ${num(english)} éléments.`;
    case 'arrayUnique':
      return 'Les éléments de la liste doivent être distincts.';
    case 'matches':
      return "Le format n'est pas celui attendu.";
    case 'unknownValue':
      return 'Le corps de la requête doit être un objet JSON.';
    default:
      // Our own decorators (isDateOnly…) already speak French.
      return english;
  }
}

/** Which message to show first when a field breaks several constraints: its type before its size. */
const PRIORITY = [
  'whitelistValidation',
  'unknownValue',
  'isDefined',
  'isNotEmpty',
  'isString',
  'isInt',
  'isBoolean',
  'isArray',
  'isObject',
  'nestedValidation',
  'isUuid',
  'isDateOnly',
  'isIn',
  'isEmail',
];
const rank = (constraint: string): number => (PRIORITY.includes(constraint) ? PRIORITY.indexOf(constraint) : PRIORITY.length);

/** One problem per field, in French: « obligatoire » when the value is missing, else the most telling constraint. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const isIndex = /^\d+$/.test(error.property);
    const field = parent ? (isIndex ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const constraints = Object.entries(error.constraints ?? {}).sort(([a], [b]) => rank(a) - rank(b));
    if (constraints.length > 0) {
      const [constraint, english] = constraints[0];
      const missing =
        (error.value === undefined || error.value === null) && constraint !== 'whitelistValidation' && constraint !== 'isDateOnly';
      out.push({
        field: field || 'body',
        message: missing && constraints.length > 1 ? 'Ce champ est obligatoire.' : frenchMessage(constraint, english),
      });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/**
 * Path parameters are checked here, once for every route: only the router knows their names, so
 * the body and query guards (body-guards.ts) cannot. A NUL or a lone surrogate in `:code` would
 * otherwise reach PostgreSQL (a 500) — 400 naming `params.code` instead.
 *
 * Boolean query parameters are read strictly here too, for every route: `@Query('x') x: boolean`
 * (Nest would read anything but `true` as false) and the boolean fields of a query DTO take
 * `true`/`1`/`false`/`0` only; anything else is a 400 naming the parameter (issue 10: `?dryRun=TRUE`
 * once meant a real import).
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param') {
      const problems = findTextProblems(value, metadata.data ? `params.${metadata.data}` : 'params');
      if (problems.length) throw DomainError.validation(problems);
    }
    if (metadata.type === 'query' && metadata.data && metadata.metatype === Boolean) {
      return value === undefined ? undefined : strictBooleanQuery({ [metadata.data]: value }, metadata.data);
    }
    if (metadata.type === 'query' && !metadata.data && typeof metadata.metatype === 'function' && value && typeof value === 'object') {
      const prototype = (metadata.metatype as { prototype: object }).prototype;
      const query = { ...(value as Record<string, unknown>) };
      for (const key of Object.keys(query)) {
        if (Reflect.getMetadata('design:type', prototype, key) === Boolean) query[key] = strictBooleanQuery(query, key);
      }
      return super.transform(query, metadata);
    }
    return super.transform(value, metadata);
  }
}

/** The one ValidationPipe: whitelist, refuse unknown fields, transform, French 400s; path parameters' text checked. */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // Values are read to tell « missing » from « wrong »; they never leave the server.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      return DomainError.validation(details.length ? details : [{ field: 'body', message: 'Le corps de la requête est invalide.' }]);
    },
  });
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD (2025-02-30 is refused). */
export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_ONLY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDateOnly',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'Doit être une date réelle au format AAAA-MM-JJ.', ...options },
      validator: { validate: (value: unknown) => isDateOnly(value) },
    });
}

/** Trims strings before validation, so that "   " is empty and refused by MinLength(1). */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}

/**
 * A list of nested objects. ValidateNested alone lets an array inside the array through
 * (`[[{…}]]` validates its inner items), so each element must also be a plain object.
 */
export function NestedList(type: () => Function): PropertyDecorator {
  return applyDecorators(IsArray(), IsObject({ each: true }), ValidateNested({ each: true }), Type(type));
}

/**
 * A name must contain at least one letter: invisible characters alone (« \u202e\u200b ») would
 * print an empty name on the PV and in every list (issue 10).
 */
/** A name or a line of a letterhead: no line break, no tab (it is printed on one line, and put in e-mail greetings). */
export function SingleLine(): PropertyDecorator {
  return ValidateBy({
    name: 'singleLine',
    validator: {
      // Not a string (absent, null): the field's other rules speak.
      validate: (value: unknown) => typeof value !== 'string' || !/[\r\n\t\u2028\u2029]/.test(value),
      defaultMessage: () => 'Doit tenir sur une seule ligne (sans retour à la ligne).',
    },
  });
}

export function HasLetter(): PropertyDecorator {
  return Matches(/\p{L}/u, { message: 'Doit contenir au moins une lettre.' });
}
