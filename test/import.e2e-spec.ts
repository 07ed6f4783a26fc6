import { auth, createCohort } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('POST /api/learners/import (CSV as French spreadsheets export it)', () => {
  let t: TestApp;
  let admin: string;
  let cohort: { id: string; name: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    cohort = await createCohort(t, [], { name: 'SAMS Lyon 2024-2025' });
  });
  afterAll(async () => t.close());

  const upload = (csv: string | Buffer, query = '') =>
    t.http
      .post(`/api/learners/import${query}`)
      .set(auth(admin))
      .attach('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv, 'utf8'), { filename: 'apprenants.csv', contentType: 'text/csv' });
  const count = async (pattern: string): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM learners WHERE email LIKE $1`, [pattern]))[0].n;

  const excelCsv =
    '\uFEFFNom;Prénom;Date de naissance;E-mail;Parcours;Promotion;Date recevabilité VAE;Titre;Employeur;Aménagements\r\n' +
    'Martin;Léa;03/02/1995;lea.martin@exemple.fr;Formation;SAMS Lyon 2024-2025;;;Clinique du Parc;Tiers-temps\r\n' +
    'Nguyen;Thi;14/07/1987;thi.nguyen@exemple.fr;VAE;;15/01/2025;RNCP36805;EHPAD Les Tilleuls;\r\n' +
    '"Dupont-Moreau";"Jean, Pierre";1/9/1990;jp.dupont@exemple.fr;formation;sams lyon 2024-2025;;;;\r\n';

  it('dry run: validates a BOM, « ; », JJ/MM/AAAA file from Excel and writes nothing', async () => {
    const res = await upload(excelCsv, '?dryRun=true').expect(200);
    expect(res.body).toEqual({ dryRun: true, lines: 3, created: 0, learnerIds: [] });
    expect(await count('%@exemple.fr')).toBe(0);
  });

  it('imports it: training learners in their cohort, the VAE candidate with recevabilité and title, audited', async () => {
    const res = await upload(excelCsv).expect(200);
    expect(res.body).toMatchObject({ dryRun: false, lines: 3, created: 3 });
    const rows = await t.dataSource.query(
      `SELECT first_name, last_name, birth_date::text, pathway, cohort_id, vae_admissibility_date::text AS vae, employer, accommodations FROM learners WHERE email LIKE '%@exemple.fr' ORDER BY last_name`,
    );
    expect(rows).toEqual([
      {
        first_name: 'Jean, Pierre',
        last_name: 'Dupont-Moreau',
        birth_date: '1990-09-01',
        pathway: 'training',
        cohort_id: cohort.id,
        vae: null,
        employer: null,
        accommodations: null,
      },
      {
        first_name: 'Léa',
        last_name: 'Martin',
        birth_date: '1995-02-03',
        pathway: 'training',
        cohort_id: cohort.id,
        vae: null,
        employer: 'Clinique du Parc',
        accommodations: 'Tiers-temps',
      },
      {
        first_name: 'Thi',
        last_name: 'Nguyen',
        birth_date: '1987-07-14',
        pathway: 'vae',
        cohort_id: null,
        vae: '2025-01-15',
        employer: 'EHPAD Les Tilleuls',
        accommodations: null,
      },
    ]);
    const audit = await t.http.get(`/api/audit?entity=learner&entityId=${res.body.learnerIds[0]}`).set(auth(admin)).expect(200);
    expect(audit.body.items[0].action).toBe('learner.create');
  });

  it('accepts « , » as separator, ISO dates and a raw text/csv body', async () => {
    const csv =
      'nom,prenom,date_naissance,email,parcours,promotion\nBernard,Luc,1992-05-06,luc.bernard@virgule.fr,training,SAMS Lyon 2024-2025\n';
    const res = await t.http.post('/api/learners/import').set(auth(admin)).set('Content-Type', 'text/csv').send(csv).expect(200);
    expect(res.body.created).toBe(1);
  });

  it('reports every bad line (line, field, message) and writes nothing', async () => {
    const csv =
      'Nom;Prénom;Date de naissance;E-mail;Parcours;Promotion\n' +
      'Petit;Anne;12/03/1991;anne.petit@rapport.fr;formation;SAMS Lyon 2024-2025\n' +
      'Roux;Marc;30/02/1990;marc.roux@rapport.fr;formation;SAMS Lyon 2024-2025\n' +
      'Blanc;Eva;01/01/1990;pas-un-email;formation;Promotion inconnue\n' +
      'Petit;Anne;12/03/1991;ANNE.PETIT@rapport.fr;formation;SAMS Lyon 2024-2025\n' +
      'Noir;Jo;01/01/1990;lea.martin@exemple.fr;apprentissage;SAMS Lyon 2024-2025\n' +
      'Court;Al;01/01/1990\n';
    const res = await upload(csv).expect(422);
    expect(res.body.code).toBe('IMPORT.INVALID');
    expect(res.body.message).toMatch(/Rien n'a été enregistré/);
    expect(res.body.details).toEqual([
      { line: 3, field: 'Date de naissance', message: 'Date invalide : attendu JJ/MM/AAAA' },
      { line: 4, field: 'Promotion', message: 'Promotion inconnue : « Promotion inconnue ».' },
      { line: 4, field: 'E-mail', message: 'Doit être une adresse e-mail valide.' },
      { line: 5, field: 'E-mail', message: 'Adresse déjà présente ligne 2.' },
      { line: 6, field: 'Parcours', message: 'Parcours inconnu : « apprentissage ». Attendu « formation » ou « VAE ».' },
      { line: 6, field: 'E-mail', message: 'Un apprenant existe déjà avec cette adresse e-mail.' },
      { line: 7, field: '', message: '3 colonnes au lieu de 6 (séparateur « ; »).' },
    ]);
    expect(await count('%@rapport.fr')).toBe(0);
  });

  it('refuses unknown and missing columns, on line 1', async () => {
    const res = await upload('Nom;Prénom;Téléphone;E-mail\nA;B;0601020304;a@b.fr\n').expect(422);
    expect(res.body.details).toEqual([
      {
        line: 1,
        field: 'Téléphone',
        message:
          'Colonne inconnue. Colonnes reconnues : Nom, Prénom, Date de naissance, E-mail, Parcours, Promotion, Date recevabilité VAE, Titre, Employeur, Aménagements.',
      },
      { line: 1, field: 'Date de naissance', message: 'Colonne obligatoire absente.' },
      { line: 1, field: 'Parcours', message: 'Colonne obligatoire absente.' },
    ]);
  });

  it('refuses 10,000 lines (413), a binary file (415), a missing file (400); reads a Latin-1 file (issue 12: no longer 415)', async () => {
    const header = 'nom;prenom;date_naissance;email;parcours;promotion\n';
    const many =
      header + Array.from({ length: 10_000 }, (_, i) => `N${i};P;01/01/1990;n${i}@big.fr;formation;SAMS Lyon 2024-2025`).join('\n');
    const big = await upload(many).expect(413);
    expect(big.body.code).toBe('IMPORT.TOO_MANY_LINES');
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    expect((await upload(png).expect(415)).body.code).toBe('IMPORT.NOT_CSV');
    // Issue 12: a file that is not UTF-8 is read as Windows-1252 / ISO-8859-15 (Léa, no longer a 415).
    const latin1 = Buffer.from(
      'nom;prenom;date_naissance;email;parcours;promotion\nMartin;L\xe9a;01/01/1990;lea@latin1.fr;formation;SAMS Lyon 2024-2025\n',
      'latin1',
    );
    expect((await upload(latin1).expect(200)).body).toMatchObject({ created: 1 });
    expect(await t.dataSource.query(`SELECT first_name FROM learners WHERE email = 'lea@latin1.fr'`)).toEqual([{ first_name: 'Léa' }]);
    const none = await t.http.post('/api/learners/import').set(auth(admin)).expect(400);
    expect(none.body.details).toEqual([{ field: 'file', message: 'Joignez un fichier CSV ou Excel .xlsx (champ « file »).' }]);
    expect(await count('%@big.fr')).toBe(0);
  });

  it('500 lines: measured validation (dry run) and write', async () => {
    const header = 'Nom;Prénom;Date de naissance;E-mail;Parcours;Promotion;Date recevabilité VAE;Titre\n';
    const lines = Array.from({ length: 500 }, (_, i) =>
      i % 5 === 0
        ? `Vae${i};Candidat;01/01/1985;vae${i}@cinq-cents.fr;VAE;;15/01/2025;RNCP36805`
        : `Nom${i};Prénom;01/01/1995;p${i}@cinq-cents.fr;Formation;SAMS Lyon 2024-2025;;`,
    );
    const csv = header + lines.join('\n');
    let started = Date.now();
    const dry = await upload(csv, '?dryRun=true').expect(200);
    const validateMs = Date.now() - started;
    expect(dry.body).toMatchObject({ dryRun: true, lines: 500, created: 0 });
    started = Date.now();
    const real = await upload(csv).expect(200);
    const writeMs = Date.now() - started;
    expect(real.body.created).toBe(500);
    expect(await count('%@cinq-cents.fr')).toBe(500);
    console.log(
      `import of 500 lines: validation (dry run) ${(validateMs / 1000).toFixed(2)} s, validation + write ${(writeMs / 1000).toFixed(2)} s`,
    );
  });
});
