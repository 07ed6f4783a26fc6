import { scrubReason } from './scrub-reason';

describe('the anonymisation reason as stored (scrubReason)', () => {
  const p = {
    firstName: 'Zéphyrine',
    lastName: 'Quenouillard-Dœuf',
    emails: ['zephyrine.q@exemple.fr'],
    birthDate: '1961-02-07',
    pseudonym: 'ANON-ABCDEFGH',
  };

  it('replaces names case- and accent-insensitively, e-mails and the birth date in every format', () => {
    const out = scrubReason(
      'Demande de ZEPHYRINE quenouillard-doeuf (Mme Quenouillard, zephyrine.q@exemple.fr, copie à autre@x.fr), ' +
        'née le 07/02/1961 soit 7/2/1961, 1961-02-07 ou 7 février 1961 ; reçue le 01/12/2026 par zéphyrine',
      p,
    );
    expect(out).toBe(
      'Demande de ANON-ABCDEFGH ANON-ABCDEFGH (Mme ANON-ABCDEFGH, ANON-ABCDEFGH, copie à [adresse effacée]), ' +
        'née le [date effacée] soit [date effacée], [date effacée] ou [date effacée] ; reçue le 01/12/2026 par ANON-ABCDEFGH',
    );
  });

  it('leaves words that merely contain a name, and other dates', () => {
    const anne = { ...p, firstName: 'Anne', lastName: 'De La Rose' };
    expect(scrubReason('Demande de l’année 2026, reçue le 08/02/1961', anne)).toBe('Demande de l’année 2026, reçue le 08/02/1961');
    expect(scrubReason('Anne de la Rose, prose', anne)).toBe('ANON-ABCDEFGH ANON-ABCDEFGH, prose');
  });
});
