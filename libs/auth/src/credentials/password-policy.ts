import { ValidateBy } from 'class-validator';
import { MIN_PASSWORD_LENGTH } from '@app/platform';
import { COMMON_PASSWORDS, COMMON_WORDS } from './common-passwords';

/** Who the password is for: what it must not contain. */
export interface PasswordContext {
  email?: string | null;
  /** The full name, or its parts (first name, last name). */
  names?: (string | null | undefined)[];
}

/** Letters and digits only, without accents, lower case: « Hélène-Martin » → « helenemartin ». */
const compact = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

/** Runs typed by sliding along the alphabet, the digits or a keyboard row or column (both ways). */
const SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890',
  'azertyuiop',
  'qsdfghjklm',
  'wxcvbn',
  'qwertyuiop',
  'qwertzuiop',
  'asdfghjkl',
  'zxcvbnm',
  'yxcvbnm',
  '&é"\'(-è_çà)=',
  'qazwsxedcrfvtgbyhnujmikolp',
  'aqwzsxedcrfvtgbyhnujkilomp',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  '1q2w3e4r5t6y7u8i9o0p',
  'a1z2e3r4t5y6u7i8o9p0',
];

function followsOn(previous: string, next: string): boolean {
  if (previous === next) return true;
  return SEQUENCES.some((sequence) => {
    const at = sequence.indexOf(previous);
    return at !== -1 && (sequence[at + 1] === next || (at > 0 && sequence[at - 1] === next));
  });
}

/** How many runs the password is made of: « azerty123456 » is 2, « 123456789012 » is 1. */
function runs(password: string): number {
  const chars = [...password];
  let count = 1;
  for (let i = 1; i < chars.length; i += 1) if (!followsOn(chars[i - 1], chars[i])) count += 1;
  return count;
}

/** The shortest block the password repeats (« abcdefabcdef » → « abcdef »), or the password itself. */
function repeatedBlock(password: string): string {
  const chars = [...password];
  for (let size = 1; size <= chars.length / 2; size += 1) {
    if (chars.every((char, i) => char === chars[i % size])) return chars.slice(0, size).join('');
  }
  return password;
}

const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '0': 'o',
  '1': 'i',
  '!': 'i',
  '3': 'e',
  '€': 'e',
  $: 's',
  '5': 's',
  '7': 't',
  '+': 't',
};

/** « P@ssw0rd-2026! » → « password »: the word left once digits and symbols around it are taken away. */
function baseWords(password: string): string[] {
  const core = password.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const variants = [core, [...core].map((c) => LEET[c] ?? c).join(''), [...core].map((c) => (c === '1' ? 'l' : (LEET[c] ?? c))).join('')];
  return variants.map(compact);
}

/**
 * The one password rule (issue 10), for every place a password is set: account creation, learner
 * accounts, the first admin. Returns why the password is refused, in French, or null.
 * NIST SP 800-63B: length first; refuse what is guessed early — common passwords, repetitive or
 * sequential ones, the account's own e-mail or name — rather than demand character classes.
 */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Doit contenir au moins ${MIN_PASSWORD_LENGTH} caractère(s).`;
  if (password.trim() === '' || /^[\p{Z}\p{Cc}\p{Cf}\s]+$/u.test(password)) {
    return "Le mot de passe ne peut pas être fait que d'espaces ou de caractères invisibles.";
  }
  const lower = password.normalize('NFKC').toLowerCase();
  if (new Set(lower).size < 5) {
    return 'Le mot de passe répète trop peu de caractères différents : il en faut au moins 5.';
  }
  const block = repeatedBlock(lower);
  if (block !== lower && [...block].length < MIN_PASSWORD_LENGTH) {
    return `Le mot de passe répète le motif « ${block} » : choisissez une phrase ou plusieurs mots sans répétition.`;
  }
  if (runs(lower) <= 4) {
    return "Le mot de passe suit des suites du clavier, de l'alphabet ou des chiffres (123456, azerty, abcdef…) : choisissez une phrase ou plusieurs mots.";
  }
  const words = baseWords(lower);
  const common = (word: string): boolean =>
    COMMON_WORDS.has(word) || (repeatedBlock(word) !== word && COMMON_WORDS.has(repeatedBlock(word)));
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(compact(lower)) || words.some(common)) {
    return 'Ce mot de passe fait partie des plus courants (ou n’en diffère que par des chiffres ou des symboles) : choisissez-en un autre.';
  }
  const secret = compact(password);
  const email = context.email ? compact(context.email) : '';
  const local = context.email ? compact(context.email.split('@')[0]) : '';
  const names = (context.names ?? []).filter((n): n is string => typeof n === 'string' && n.trim() !== '');
  const personal = [email, local, ...names.map(compact), ...names.flatMap((n) => n.split(/[\s'’\-.,()]+/u)).map(compact)].filter(
    (part) => part.length >= 4,
  );
  if (personal.some((part) => secret.includes(part))) {
    return "Le mot de passe ne doit contenir ni l'adresse e-mail, ni ce qui précède le @, ni le nom de la personne.";
  }
  return null;
}

/** The context of a DTO being validated: its e-mail and its names, whatever the DTO. */
function contextOf(object: unknown): PasswordContext {
  const o = (object ?? {}) as Record<string, unknown>;
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return { email: text(o.email), names: [text(o.fullName), text(o.firstName), text(o.lastName)] };
}

/**
 * The password field of a DTO: passwordProblem against the DTO's own e-mail and names. A too
 * short or non-text value is left to @MinLength / @IsString, which name it already.
 */
export function IsAcceptablePassword(): PropertyDecorator {
  return ValidateBy({
    name: 'isAcceptablePassword',
    validator: {
      validate: (value: unknown, args) =>
        typeof value !== 'string' || [...value].length < MIN_PASSWORD_LENGTH || passwordProblem(value, contextOf(args?.object)) === null,
      defaultMessage: (args) =>
        (typeof args?.value === 'string' ? passwordProblem(args.value, contextOf(args.object)) : null) ?? 'Mot de passe refusé.',
    },
  });
}
