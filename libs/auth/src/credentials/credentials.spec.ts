import { emailProblem, normaliseEmail } from './email';
import { passwordProblem } from './password-policy';

describe('issue 10 — passwords: one rule for every place a password is set', () => {
  it.each([
    ['repetitive: few distinct characters', 'aaaaaaaaaaaa', /trop peu de caractères différents/],
    ['repetitive: few distinct characters', '121212121212', /trop peu de caractères différents/],
    ['whitespace only', '            ', /que d'espaces/],
    ['whitespace only (no-break and ideographic spaces)', '\u00a0\u3000\u2003'.repeat(4), /que d'espaces/],
    ['a repeated block', 'abcdefabcdef', /répète le motif/],
    ['a repeated block', 'trustno1trustno1', /répète le motif/],
    ['a sequence of digits', '123456789012', /suites du clavier/],
    ['a keyboard row (AZERTY)', 'azertyuiopqs', /suites du clavier/],
    ['a keyboard row then digits', 'qwerty123456', /suites du clavier/],
    ['keyboard columns', '1qaz2wsx3edc', /suites du clavier/],
    ['the alphabet backwards', 'zyxwvutsrqpo', /suites du clavier/],
    ['a common password', 'iloveyou1234', /plus courants/],
    ['a common word with digits and symbols', 'Motdepasse2026!', /plus courants/],
    ['a common word in leet speak', 'P@ssw0rd-2026!', /plus courants/],
    ["the service's own words", 'Certification2026', /plus courants/],
  ])('refuses %s (%j)', (_class, password, message) => {
    expect(passwordProblem(password)).toMatch(message);
  });

  it.each([
    ['the whole e-mail', 'claire.martin@centre.fr!', { email: 'claire.martin@centre.fr' }],
    ['the part before @', 'admin-password-123', { email: 'admin@centre.local' }],
    ['the full name', 'ClaireMartin2026', { email: 'c.m@centre.fr', names: ['Claire Martin'] }],
    ['a name, accents and case aside', 'helene-de-lyon-2026', { email: 'h.g@centre.fr', names: ['Hélène Garnier'] }],
  ])('refuses a password containing %s', (_class, password, context) => {
    expect(passwordProblem(password, context)).toMatch(/ni l'adresse e-mail, ni ce qui précède le @, ni le nom/);
  });

  it.each(['a-good-password-123', 'secretariat-essai-2026', 'Demo-SAMS-2026!', 'correct horse battery staple', 'Xk9#mP2$vL7q'])(
    'accepts %j',
    (password) => {
      expect(passwordProblem(password, { email: 'claire.martin@centre.fr', names: ['Claire Martin'] })).toBeNull();
    },
  );

  it('keeps the length rule: 12 characters', () => {
    expect(passwordProblem('Xk9#mP2$vL7')).toMatch(/au moins 12/);
  });
});

describe('issue 10 — e-mail addresses: one spelling, no invisible characters, no look-alike letters', () => {
  it('normalises: spaces around, full-width letters and ligatures (NFKC), case', () => {
    expect(normaliseEmail('  ＡＤＭＩＮ@Centre.LOCAL ')).toBe('admin@centre.local');
    expect(normaliseEmail('ﬁlm@exemple.fr')).toBe('film@exemple.fr');
  });

  it.each([
    ['zero-width joiner', 'adm\u200din@centre.local', 'U+200D'],
    ['zero-width space', 'adm\u200bin@centre.local', 'U+200B'],
    ['soft hyphen', 'ad\u00admin@centre.local', 'U+00AD'],
    ['right-to-left mark', 'admin\u200f@centre.local', 'U+200F'],
    ['NUL', 'ad\u0000min@centre.local', 'U+0000'],
    ['a space inside', 'ad min@centre.local', 'U+0020'],
    ['Hangul filler (NFKC makes it U+1160)', 'ad\u3164min@centre.local', 'U+1160'],
    ['variation selector', 'admin\ufe0f@centre.local', 'U+FE0F'],
  ])('refuses an invisible character: %s', (_class, email, code) => {
    expect(emailProblem(normaliseEmail(email))).toContain(code);
  });

  it.each([
    ['Cyrillic а in a Latin address', 'аdmin@centre.local', 'latin et cyrillique'],
    ['Cyrillic domain letter', 'admin@сentre.local', 'latin et cyrillique'],
    ['Greek ο', 'jοhn@centre.local', 'latin et grec'],
  ])('refuses mixed scripts: %s', (_class, email, scripts) => {
    expect(emailProblem(normaliseEmail(email))).toContain(scripts);
  });

  it('accepts plain and accented Latin addresses', () => {
    expect(emailProblem('jean.dupont@exemple.fr')).toBeNull();
    expect(emailProblem('hélène.garnier@exemple.fr')).toBeNull();
  });
});
