import { randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O, U — nothing to misread when the pseudonym is dictated. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `ANON-` and 8 random Crockford base32 characters (40 bits): the last name of an anonymised learner. */
export function newPseudonym(): string {
  const bytes = randomBytes(8);
  let out = '';
  for (const b of bytes) out += CROCKFORD[b & 31];
  return `ANON-${out}`;
}

export const PSEUDONYM_PATTERN = /^ANON-[0-9A-HJKMNP-TV-Z]{8}$/;
