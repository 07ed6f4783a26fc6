import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { isEmail, IsString, MaxLength, ValidateBy } from 'class-validator';

/**
 * One spelling per address (issue 10): NFKC (full-width letters, ligatures and compatibility
 * characters become their plain form), no surrounding spaces, lower case. Used wherever an
 * address is stored or looked up: accounts, learners, login.
 */
export function normaliseEmail(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase().normalize('NFKC');
}

/**
 * Invisible or blank characters: format (zero-width joiners, soft hyphen, bidi marks), control,
 * separators, and every default-ignorable one (fillers, variation selectors, tags), plus the braille blank.
 */
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Z}\p{Default_Ignorable_Code_Point}\u2800]/u;

/** Scripts whose letters pass for Latin ones (а, е, о, р, с in Cyrillic; ο, ν in Greek; օ in Armenian…). */
const LOOK_ALIKE_SCRIPTS: [string, RegExp][] = [
  ['latin', /\p{Script=Latin}/u],
  ['cyrillique', /\p{Script=Cyrillic}/u],
  ['grec', /\p{Script=Greek}/u],
  ['arménien', /\p{Script=Armenian}/u],
  ['cherokee', /\p{Script=Cherokee}/u],
];

const codePoint = (char: string): string => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why an address (already normalised) is refused, in French; null when it is acceptable. An
 * address that mixes look-alike scripts is refused so that « аdmin@… » (Cyrillic а) can never be
 * created next to « admin@… », nor be typed to reach it.
 */
export function emailProblem(value: string): string | null {
  const invisible = INVISIBLE.exec(value);
  if (invisible) {
    return `L'adresse e-mail contient un caractère invisible ou un espace (${codePoint(invisible[0])}) : retapez-la au clavier plutôt que de la copier-coller.`;
  }
  const scripts = LOOK_ALIKE_SCRIPTS.filter(([, pattern]) => pattern.test(value)).map(([name]) => name);
  if (scripts.length > 1) {
    return `L'adresse e-mail mélange les alphabets ${scripts.join(' et ')} : certaines lettres ressemblent à des lettres latines sans en être. Retapez l'adresse au clavier.`;
  }
  if (value.length > 254 || !isEmail(value)) return 'Doit être une adresse e-mail valide.';
  return null;
}

/**
 * The e-mail field of a DTO: normalised (normaliseEmail), then checked (emailProblem). Named
 * `isEmail` so that the validation pipe ranks it as the e-mail check it replaces.
 */
export function IsAccountEmail(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseEmail(value) : value)),
    IsString(),
    MaxLength(254),
    ValidateBy({
      name: 'isEmail',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && emailProblem(value) === null,
        defaultMessage: (args) =>
          (typeof args?.value === 'string' ? emailProblem(args.value) : null) ?? 'Doit être une adresse e-mail valide.',
      },
    }),
  );
}
