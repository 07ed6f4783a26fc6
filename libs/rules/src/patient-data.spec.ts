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
