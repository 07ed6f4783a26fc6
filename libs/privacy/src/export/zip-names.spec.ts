import { uniqueNames, zipSafeName } from './zip-names';

describe('names inside the export ZIP', () => {
  it('keeps any alphabet, drops paths and dangerous characters', () => {
    expect(zipSafeName('Compte rendu – été 2026 (1).pdf')).toBe('Compte rendu – été 2026 (1).pdf');
    expect(zipSafeName('Ελληνικά и кириллица.png')).toBe('Ελληνικά и кириллица.png');
    expect(zipSafeName('../../etc/passwd')).toBe('passwd');
    expect(zipSafeName('..\\a\\b.pdf')).toBe('b.pdf');
    expect(zipSafeName('facture\u202efdp.exe')).toBe('facturefdp.exe');
    expect(zipSafeName('a:b*c?.pdf')).toBe('a_b_c_.pdf');
    expect(zipSafeName('..')).toBe('piece-jointe');
    expect(zipSafeName('e\u0301te\u0301.pdf')).toBe('été.pdf');
    const long = zipSafeName(`${'é'.repeat(300)}.pdf`);
    expect(Array.from(long)).toHaveLength(120);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('makes names unique, case-insensitively', () => {
    expect(uniqueNames(['a.pdf', 'A.pdf', 'a.pdf', 'b'])).toEqual(['a.pdf', 'A (2).pdf', 'a (3).pdf', 'b']);
  });
});
