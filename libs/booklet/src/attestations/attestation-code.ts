import { randomInt } from 'node:crypto';

/** Crockford base32: no I, L, O, U (read as 1, 1, 0; U left out). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 12; // 12 × 5 bits = 60 bits of randomness

/** A new verification code: 12 random Crockford base32 characters (60 bits), stored without dashes. */
export function newAttestationCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(32)];
  return code;
}

/** The code as printed and typed: `XXXX-XXXX-XXXX`. */
export function formatAttestationCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`;
}

/**
 * A code as someone typed it, to the stored form, or null when it cannot be one: case ignored,
 * spaces and dashes ignored, O read as 0 and I, L as 1 (Crockford). Anything longer than 64
 * characters, or with other characters, is null (answered 404 like an unknown code).
 */
export function normaliseAttestationCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const compact = input
    .replace(/[\s\u00a0\u2010-\u2015-]+/g, '')
    .toUpperCase()
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return compact.length === LENGTH && [...compact].every((c) => ALPHABET.includes(c)) ? compact : null;
}
