/**
 * Malformed variants of a valid body: each field replaced by a wrong type, null, an array, a
 * 10,000-character string or a nested object, or removed; an unknown field; non-object bodies.
 */
export const BAD_VALUES: [string, unknown][] = [
  ['null', null],
  ['a number', 12345],
  ['a boolean', true],
  ['an empty string', ''],
  ['a 10,000-character string', 'x'.repeat(10_000)],
  ['an array', ['a', 'b']],
  ['a nested object', { nested: { deeper: 'value' } }],
  ['an array of objects', [{ a: 1 }]],
];

/** Optional fields may legitimately be null, empty or absent: those mutations are not bad input. */
const OPTIONAL = new Set(['acronym', 'description', 'site', 'employer', 'accommodations', 'comment', 'competencesToReassess']);

export function mutations(valid: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const key of Object.keys(valid)) {
    for (const [label, value] of BAD_VALUES) {
      if (JSON.stringify(value) === JSON.stringify(valid[key])) continue;
      if (OPTIONAL.has(key) && (value === null || value === '')) continue;
      // A list of strings is the right type for a string-list field (criteria, from).
      const stringList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
      if (stringList(valid[key]) && stringList(value)) continue;
      out.push([`${key} = ${label}`, { ...valid, [key]: value }]);
    }
    const { [key]: _omitted, ...rest } = valid;
    if (!OPTIONAL.has(key)) out.push([`${key} missing`, rest]);
  }
  out.push(['an unknown field', { ...valid, isAdmin: true }]);
  out.push(['an empty object', {}]);
  out.push(['an array body', [valid]]);
  return out;
}
