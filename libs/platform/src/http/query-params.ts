import { PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { DomainError } from '../errors/domain-error';

const TRUE = new Set(['true', '1']);
const FALSE = new Set(['false', '0']);
const MESSAGE = 'Doit valoir true ou false.';

/**
 * A boolean of the query string, read strictly (issue 10): `true`/`1` and `false`/`0` only.
 * `TRUE`, `yes`, an empty value, a repeated parameter or `name[]=…` are refused (400 naming
 * `name`) instead of quietly meaning false — `?dryRun=TRUE` must never write for real.
 */
export function strictBooleanQuery(query: Record<string, unknown> | undefined, name: string, fallback = false): boolean {
  const keys = Object.keys(query ?? {}).filter((k) => k === name || k.startsWith(`${name}[`));
  if (keys.length === 0) return fallback;
  const value = keys.length === 1 && keys[0] === name ? query![name] : undefined;
  if (typeof value === 'string' && TRUE.has(value)) return true;
  if (typeof value === 'string' && FALSE.has(value)) return false;
  throw DomainError.validation([{ field: name, message: MESSAGE }]);
}

/** `@Query(new BooleanQuery('dryRun')) dryRun: boolean` — the whole query in, the strict boolean out. */
export class BooleanQuery implements PipeTransform<Record<string, unknown>, boolean> {
  constructor(
    private readonly name: string,
    private readonly fallback = false,
  ) {}

  transform(query: Record<string, unknown>): boolean {
    return strictBooleanQuery(query, this.name, this.fallback);
  }
}

/**
 * The same rule for a boolean field of a query DTO: pair with `@IsBoolean()`; any other text is
 * left as is, so IsBoolean refuses it with the field's name.
 */
export function StrictBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && TRUE.has(value) ? true : typeof value === 'string' && FALSE.has(value) ? false : value,
  );
}
