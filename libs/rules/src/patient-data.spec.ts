import { findPossibleNirs, nirKey } from './patient-data';

describe('R-DP-2: possible patient social security numbers (NIR)', () => {
  // 1 85 05 78 006 084, key 97 − (1850578006084 mod 97).
  const base = '1850578006084';
  const key = String(nirKey(base)).padStart(2, '0');

  describe('true positives', () => {
    it.each([
      ['with its key, no spaces', `Patient ${base}${key} reçu à l'accueil`],
      ['with spaces, as printed on the carte Vitale', `NIR : 1 85 05 78 006 084 ${key}`],
      ['without its key', `numéro 1 85 05 78 006 084 saisi`],
      ['a woman, born in Corsica (2A)', 'la patiente 2 93 11 2A 004 012'],
      ['Haute-Corse (2B) with a matching key', `n° 1 60 02 2B 033 155 ${String(nirKey('160022B033155')).padStart(2, '0')}`],
      ['an unknown birth month (pseudo-month 35)', 'dossier 1 70 35 75 112 041'],
      ['born overseas (971, commune 05)', 'assuré 2 81 04 97 105 233'],
      ['born abroad (99, country 352)', 'assurée 2 88 12 99 352 017'],
      ['a provisional number (7)', 'NIA 7 01 06 13 055 009'],
    ])('%s', (_label, text) => {
      expect(findPossibleNirs(text)).toHaveLength(1);
    });

    it('reports each one in a text, with its position', () => {
      const text = `A : 1 85 05 78 006 084 ${key}. B : 2 93 11 2A 004 012.`;
      const hits = findPossibleNirs(text);
      expect(hits.map((h) => h.text)).toEqual([`1 85 05 78 006 084 ${key}`, '2 93 11 2A 004 012']);
      expect(hits[0].keyChecked).toBe(true);
      expect(text.slice(hits[1].index, hits[1].index + hits[1].text.length)).toBe('2 93 11 2A 004 012');
    });
  });

  describe('valid-looking false positives', () => {
    it.each([
      ['a mobile phone number', 'Tél. 06 12 34 56 78'],
      ['an international phone number', 'joignable au +33 6 12 34 56 78'],
      ['a SIRET', 'SIRET 732 829 320 00074 de la clinique'],
      ['a SIRET without spaces', 'SIRET 73282932000074'],
      ['a SIREN and a date', 'SIREN 732 829 320, le 12/03/2024'],
      ['an ISO date and a time', 'le 2024-03-12 à 14:30'],
      ['an invoice number of 13 digits starting with 3', 'facture 3850578006084'],
      ['a month 13 (not a month, not a pseudo-month)', '1 85 13 78 006 084'],
      ['department 00', '1 85 05 00 006 084'],
      ['department 96', '1 85 05 96 006 084'],
      ['order 000', '1 85 05 78 006 000'],
      ['commune 000', '1 85 05 78 000 084'],
      ['a 13-digit run inside a longer number', 'réf. 918505780060841234'],
      ['an IBAN fragment', 'FR76 3000 6000 0112 3456 7890 189'],
    ])('%s', (_label, text) => {
      expect(findPossibleNirs(text)).toEqual([]);
    });
  });

  describe('R-DP-2: separators as copied from portals, PDFs and spreadsheets', () => {
    // 1 85 05 78 006 084 and its key 91, whatever sits between the groups.
    const nir = (sep: string) => ['1', '85', '05', '78', '006', '084', key].join(sep);

    it.each([
      ['R-DP-2: no-break spaces (U+00A0)', '\u00A0'],
      ['R-DP-2: narrow no-break spaces (U+202F)', '\u202F'],
      ['R-DP-2: thin spaces (U+2009, \\p{Zs})', '\u2009'],
      ['R-DP-2: em spaces (U+2003, \\p{Zs})', '\u2003'],
      ['R-DP-2: figure spaces (U+2007, \\p{Zs})', '\u2007'],
      ['R-DP-2: ideographic spaces (U+3000, \\p{Zs})', '\u3000'],
      ['R-DP-2: tabs (a spreadsheet row)', '\t'],
      ['R-DP-2: line breaks (a PDF that wraps)', '\n'],
      ['R-DP-2: double spaces', '  '],
      ['R-DP-2: ASCII hyphens', '-'],
      ['R-DP-2: Unicode hyphens (U+2010)', '\u2010'],
      ['R-DP-2: non-breaking hyphens (U+2011)', '\u2011'],
      ['R-DP-2: figure dashes (U+2012)', '\u2012'],
      ['R-DP-2: en dashes (U+2013)', '\u2013'],
      ['R-DP-2: em dashes (U+2014)', '\u2014'],
      ['R-DP-2: horizontal bars (U+2015)', '\u2015'],
      ['R-DP-2: minus signs (U+2212)', '\u2212'],
      ['R-DP-2: spaced hyphens « - »', ' - '],
      ['R-DP-2: spaced en dashes « – » with no-break spaces', '\u00A0\u2013\u00A0'],
      ['R-DP-2: dots', '.'],
      ['R-DP-2: dots and spaces « . »', '. '],
      ['R-DP-2: middle dots (U+00B7)', '\u00B7'],
      ['R-DP-2: underscores (a file name)', '_'],
    ])('%s', (_label, sep) => {
      const number = nir(sep);
      const text = `Patient : ${number} (copié du portail)`;
      const hits = findPossibleNirs(text);
      expect(hits).toEqual([{ text: number, index: 10, keyChecked: true }]);
    });

    it('R-DP-2: separators of different kinds in one number, and a key glued to the last group', () => {
      const text = `1\u00A085-05.78\t006 084${key}`;
      expect(findPossibleNirs(text)).toEqual([{ text, index: 0, keyChecked: true }]);
    });

    it('R-DP-2: a 15-digit number without separators with a valid key still matches', () => {
      expect(findPossibleNirs(`${base}${key}`)).toEqual([{ text: `${base}${key}`, index: 0, keyChecked: true }]);
    });

    it('R-DP-2: a wrong key is still refused whatever the separator', () => {
      const wrong = String((Number(key) % 97) + 1).padStart(2, '0');
      expect(findPossibleNirs(`1\u00A085\u00A005\u00A078\u00A0006\u00A0084\u00A0${wrong}`)).toEqual([]);
      expect(findPossibleNirs(`1-85-05-78-006-084-${wrong}`)).toEqual([]);
    });

    it('R-DP-2: Corsica (2A) with no-break spaces and hyphens', () => {
      const k = String(nirKey('293112A004012')).padStart(2, '0');
      expect(findPossibleNirs(`2\u00A093\u00A011\u00A02A\u00A0004\u00A0012\u00A0${k}`)).toHaveLength(1);
      expect(findPossibleNirs(`2-93-11-2a-004-012-${k}`)).toHaveLength(1);
    });

    it.each([
      ['R-DP-2: a zero-width space (U+200B) between groups', `1\u200B85\u200B05\u200B78\u200B006\u200B084\u200B${key}`],
      ['R-DP-2: a zero-width space (U+200B) inside a group', `1 85 0\u200B5 78 00\u200B6 084 ${key}`],
      ['R-DP-2: a word joiner (U+2060)', `1 85\u2060 05 78 006 0\u206084 ${key}`],
      ['R-DP-2: a soft hyphen (U+00AD)', `185\u00AD05\u00AD78\u00AD006\u00AD084\u00AD${key}`],
      ['R-DP-2: a byte-order mark (U+FEFF) and a left-to-right mark (U+200E)', `\u200E1 85 05 78\uFEFF 006 084 ${key}`],
    ])('%s', (_label, number) => {
      const text = `NIR : ${number}.`;
      const hits = findPossibleNirs(text);
      expect(hits).toHaveLength(1);
      // The hit is the original text, invisible characters included, at its original place.
      expect(text.slice(hits[0].index, hits[0].index + hits[0].text.length)).toBe(hits[0].text);
      expect(hits[0].text.replace(/\p{Cf}/gu, '')).toBe(number.replace(/\p{Cf}/gu, ''));
      expect(hits[0].keyChecked).toBe(true);
    });

    it('R-DP-2: full-width digits (U+FF10–FF19) are read as digits, the hit keeps them', () => {
      const full = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      const number = full(`1 85 05 78 006 084 ${key}`);
      expect(findPossibleNirs(`n° ${number}`)).toEqual([{ text: number, index: 3, keyChecked: true }]);
      const corsica = full('2 93 11 2A 004 012');
      expect(findPossibleNirs(corsica)).toEqual([{ text: corsica, index: 0, keyChecked: false }]);
    });

    it('R-DP-2: indexes after an emoji (two UTF-16 units) and an invisible character are those of the original', () => {
      const text = `😷\u200B patient ${nir('\u00A0')}`;
      const [hit] = findPossibleNirs(text);
      expect(text.slice(hit.index, hit.index + hit.text.length)).toBe(nir('\u00A0'));
    });

    it('R-DP-2: more than 3 separators between two groups, or slashes, are not a gap', () => {
      expect(findPossibleNirs(['1', '85', '05', '78', '006', '084', key].join('    '))).toEqual([]);
      expect(findPossibleNirs(['1', '85', '05', '78', '006', '084', key].join(' -- -'))).toEqual([]);
      expect(findPossibleNirs(['1', '85', '05', '78', '006', '084', key].join('/'))).toEqual([]);
    });
  });

  describe('R-DP-2: look-alikes with the new separators are not NIRs', () => {
    it.each([
      ['a mobile phone number with no-break spaces', 'Tél.\u00A006\u00A012\u00A034\u00A056\u00A078'],
      ['a mobile phone number with hyphens', 'Tél. 06-12-34-56-78'],
      ['a mobile phone number with dots', 'Tél. 06.12.34.56.78'],
      ['an international phone number with narrow no-break spaces', '+33\u202F6\u202F12\u202F34\u202F56\u202F78'],
      ['two phone numbers in a row', '06 12 34 56 78 – 07 98 76 54 32 - 01 85 05 78 00'],
      ['a landline starting 01 85', 'standard : 01 85 05 78 00'],
      ['dates and times', 'du 12/03/2024 au 2024-03-15, le 12-03-2024 à 14-30, le 12.03.2024 à 14.30'],
      ['a SIRET with no-break spaces', 'SIRET 732\u00A0829\u00A0320\u00A000074'],
      ['a SIRET with hyphens', 'SIRET 732-829-320-00074'],
      ['a SIRET with dots', 'SIRET 732.829.320.00074'],
      ['an IBAN fragment with no-break spaces', 'FR76\u00A03000\u00A06000\u00A00112\u00A03456\u00A07890\u00A0189'],
      ['an IBAN fragment with hyphens', 'FR76-3000-6000-0112-3456-7890-189'],
      ['an IBAN with tabs', 'IBAN\tFR76\t1820\t6000\t4212\t3456\t7890\t123'],
      ['a RPPS number (11 digits)', 'RPPS 10 10 12 34 567'],
      ['a FINESS number', 'FINESS 69 078 0101'],
    ])('%s', (_label, text) => {
      expect(findPossibleNirs(text)).toEqual([]);
    });
  });

  it('R-DP-2: 100 kB of digits and separators is read in well under 100 ms (no catastrophic backtracking)', () => {
    const seps = [' ', '\u00A0', '-', '.', '\t', '  ', ' - ', '\u200B'];
    let random = '';
    let seed = 42;
    while (random.length < 100_000) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      random += String(seed % 1000) + seps[seed % seps.length];
    }
    const texts = [
      random,
      '1 '.repeat(50_000),
      '1 - '.repeat(25_000),
      '1'.repeat(100_000),
      '1 85 05 78 006 08 '.repeat(5_600), // near misses: one digit short each time
      `${'1\u00A0\u00A0\u00A0'.repeat(25_000)}x`,
      '8\u200B5\u00AD '.repeat(25_000), // the slow path: invisible characters everywhere
    ];
    // CPU time of this process, not wall time: other processes on the machine (CI runs test files
    // two at a time on 2 cores) must not make a linear scan look slow.
    for (const text of texts) {
      const started = process.cpuUsage();
      findPossibleNirs(text);
      const used = process.cpuUsage(started);
      expect((used.user + used.system) / 1000).toBeLessThan(100);
    }
  });

  it('a key that does not match is not a NIR', () => {
    const wrong = String((Number(key) % 97) + 1).padStart(2, '0');
    expect(findPossibleNirs(`${base}${wrong}`)).toEqual([]);
    expect(findPossibleNirs(`1 85 05 78 006 084 ${wrong}`)).toEqual([]);
    expect(findPossibleNirs(`1 85 05 78 006 084 ${key}`)).toHaveLength(1);
  });

  it('computes the key with 2A read as 19 and 2B as 18', () => {
    expect(nirKey('193112A004012')).toBe(97 - Number(1931119004012n % 97n));
    expect(nirKey('160022B033155')).toBe(97 - Number(1600218033155n % 97n));
  });
});
