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

describe('names Windows refuses', () => {
  it('prefixes reserved device names, any case, any extension', () => {
    expect(zipSafeName('CON.pdf')).toBe('_CON.pdf');
    expect(zipSafeName('con.pdf')).toBe('_con.pdf');
    expect(zipSafeName('Com1.txt')).toBe('_Com1.txt');
    expect(zipSafeName('NUL')).toBe('_NUL');
    expect(zipSafeName('lpt9.tar.gz')).toBe('_lpt9.tar.gz');
    expect(zipSafeName('aux .pdf')).toBe('_aux .pdf');
    expect(zipSafeName('prn')).toBe('_prn');
    expect(zipSafeName('dossier/COM3.PNG')).toBe('_COM3.PNG');
    // Not reserved: longer names, or the reserved word elsewhere.
    expect(zipSafeName('console.pdf')).toBe('console.pdf');
    expect(zipSafeName('COM10.pdf')).toBe('COM10.pdf');
    expect(zipSafeName('rapport-con.pdf')).toBe('rapport-con.pdf');
    expect(uniqueNames(['con.pdf', 'CON.pdf'])).toEqual(['_con.pdf', '_CON (2).pdf']);
  });

  it('never ends with a dot or a space, even once truncated', () => {
    expect(zipSafeName('rapport.pdf.')).toBe('rapport.pdf');
    expect(zipSafeName('rapport ')).toBe('rapport');
    expect(zipSafeName('rapport. . ')).toBe('rapport');
    const long = zipSafeName(`${'a'.repeat(119)}.${'b'.repeat(20)}`);
    expect(long).toBe('a'.repeat(119));
    for (const n of [long, zipSafeName(`${'é'.repeat(119)} ${'x'.repeat(30)}`)]) expect(n).not.toMatch(/[. ]$/);
  });
});
