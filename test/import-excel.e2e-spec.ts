import { Workbook } from 'exceljs';
import iconv from 'iconv-lite';
import { deflateRawSync } from 'node:zlib';
import { auth, createCohort } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 12 — the learners' import with files made the way Excel (and the tools centres use) make
 * them: Windows-1252 « CSV (séparateur : point-virgule) », ISO-8859-15, UTF-8 with BOM, XLSX with
 * real date cells, hyperlinks and multi-line cells, rows of separators only. The reports are
 * asserted exactly: row numbers as the spreadsheet shows them, the column's header, French words.
 */
describe('POST /api/learners/import — files as Excel makes them (issue 12)', () => {
  let t: TestApp;
  let admin: string;
  const promo = 'SAMS Marseille 2024-2025';

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    await createCohort(t, [], { name: promo });
  });
  afterAll(async () => t.close());

  /** A multipart upload whose part says `partType` (or nothing at all), as browsers do. */
  const upload = (data: Buffer, query = '', partType: string | null = 'text/csv', filename = 'apprenants.csv') => {
    const boundary = 'ExcelBoundary42';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
          (partType ? `Content-Type: ${partType}\r\n` : '') +
          '\r\n',
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return t.http
      .post(`/api/learners/import${query}`)
      .set(auth(admin))
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
  };
  const learnersOf = (domain: string) =>
    t.dataSource.query(
      `SELECT last_name, first_name, birth_date::text, email, pathway, vae_admissibility_date::text AS vae, employer, accommodations
         FROM learners WHERE email LIKE $1 ORDER BY email`,
      [`%@${domain}`],
    );
  const xlsxOf = async (build: (ws: import('exceljs').Worksheet) => void): Promise<Buffer> => {
    const wb = new Workbook();
    build(wb.addWorksheet('Apprenants'));
    wb.addWorksheet('Notes').addRow(['Cette feuille-ci est ignorée']);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };

  const HEADER = 'Nom;Prénom;Date de naissance;E-mail;Parcours;Promotion;Date recevabilité VAE;Titre;Employeur;Aménagements';

  it('Windows-1252 « CSV (séparateur : point-virgule) »: CRLF, accents, ’ and œ, trailing « ;;;; » rows — sent as application/vnd.ms-excel', async () => {
    const csv =
      HEADER +
      '\r\n' +
      `Lefèvre;Hélène;03/02/1995;helene.lefevre@cp1252.fr;Formation;${promo};;;Clinique Saint-Éloi;Tiers-temps\r\n` +
      `D’Artagnan;Bœuf-Noël;14/07/1987;noel.dartagnan@cp1252.fr;VAE;;15/01/2025;RNCP36805;EHPAD « Les Œillets »;\r\n` +
      ';;;;;;;;;\r\n;;;;;;;;;\r\n';
    const bytes = iconv.encode(csv, 'windows-1252');
    expect(bytes.includes(0x92) && bytes.includes(0x9c)).toBe(true); // ’ and œ: Windows-1252 bytes, not UTF-8
    const dry = await upload(bytes, '?dryRun=true', 'application/vnd.ms-excel').expect(200);
    expect(dry.body).toEqual({ dryRun: true, lines: 2, created: 0, learnerIds: [] });
    const real = await upload(bytes, '', 'application/vnd.ms-excel').expect(200);
    expect(real.body).toMatchObject({ dryRun: false, lines: 2, created: 2 });
    expect(await learnersOf('cp1252.fr')).toEqual([
      {
        last_name: 'Lefèvre',
        first_name: 'Hélène',
        birth_date: '1995-02-03',
        email: 'helene.lefevre@cp1252.fr',
        pathway: 'training',
        vae: null,
        employer: 'Clinique Saint-Éloi',
        accommodations: 'Tiers-temps',
      },
      {
        last_name: 'D’Artagnan',
        first_name: 'Bœuf-Noël',
        birth_date: '1987-07-14',
        email: 'noel.dartagnan@cp1252.fr',
        pathway: 'vae',
        vae: '2025-01-15',
        employer: 'EHPAD « Les Œillets »',
        accommodations: null,
      },
    ]);
  });

  it('ISO-8859-15 with « œ » and « Œ » (no byte 0x80–0x9F): read as ISO-8859-15, sent as a raw application/octet-stream body', async () => {
    const csv =
      'Nom;Prénom;Date de naissance;E-mail;Parcours;Promotion\n' +
      `Lœuillet;Cœlia;1993-11-30;coelia@iso15.fr;formation;${promo}\n` +
      `Œhmichen;Zoë;30/11/1993;zoe@iso15.fr;FORMATION;${promo}\n`;
    const bytes = iconv.encode(csv, 'iso-8859-15');
    expect(bytes.some((b) => b >= 0x80 && b <= 0x9f)).toBe(false);
    const res = await t.http
      .post('/api/learners/import')
      .set(auth(admin))
      .set('Content-Type', 'application/octet-stream')
      .send(bytes)
      .expect(200);
    expect(res.body).toMatchObject({ created: 2 });
    expect((await learnersOf('iso15.fr')).map((l: { last_name: string; first_name: string }) => `${l.first_name} ${l.last_name}`)).toEqual([
      'Cœlia Lœuillet',
      'Zoë Œhmichen',
    ]);
  });

  it('UTF-8 with BOM, CRLF, a part without any Content-Type; pathway and dates in every accepted spelling', async () => {
    const csv =
      '\uFEFFNOM ; Prénom ; DATE DE NAISSANCE (JJ/MM/AAAA) ; Adresse e-mail ; Parcours * ; Promotion ; Date de recevabilité VAE ; Titre\r\n' +
      `Ndiaye;Aïssatou;5/3/1990;aissatou@bom.fr;formation;${promo.toUpperCase()};;\r\n` +
      'Kowalski;Zoé;1991-04-02;zoe.k@bom.fr;V.A.E.;;2025-01-15;rncp36805\r\n' +
      `Şahin;Élif;02.04.1992;elif@bom.fr;Formátion;${promo};;\r\n` +
      'Brown;Jo;03/04/1993;jo@bom.fr;vae;;15/01/2025;RNCP36805\r\n';
    const res = await upload(Buffer.from(csv, 'utf8'), '', null).expect(200);
    expect(res.body).toMatchObject({ lines: 4, created: 4 });
    expect(
      (await learnersOf('bom.fr')).map((l: { first_name: string; birth_date: string; pathway: string; vae: string | null }) => [
        l.first_name,
        l.birth_date,
        l.pathway,
        l.vae,
      ]),
    ).toEqual([
      ['Aïssatou', '1990-03-05', 'training', null],
      ['Élif', '1992-04-02', 'training', null],
      ['Jo', '1993-04-03', 'vae', '2025-01-15'],
      ['Zoé', '1991-04-02', 'vae', '2025-01-15'],
    ]);
  });

  it('XLSX: header on the first non-empty row, real Date cells (no time-zone shift), e-mail hyperlinks, rich text, formulas, multi-line cells, empty columns and rows', async () => {
    const xlsx = await xlsxOf((ws) => {
      ws.getRow(3).values = [
        'Nom',
        'Prénom',
        'Date de naissance',
        'E-mail',
        'Parcours',
        'Promotion',
        'Date recevabilité VAE',
        'Titre',
        '',
        'Aménagements',
      ];
      ws.getRow(4).values = [
        { richText: [{ text: 'Gar' }, { text: 'cía', font: { bold: true } }] },
        'Inès',
        new Date(Date.UTC(1995, 1, 3)),
        { text: 'ines.garcia@xlsx.fr', hyperlink: 'mailto:ines.garcia@xlsx.fr' },
        { formula: 'PROPER("formation")', result: 'Formation' },
        promo,
        null,
        null,
        null,
        'Tiers-temps\nSalle au rez-de-chaussée',
      ];
      ws.getRow(5).values = [
        'Moreau',
        'Léo',
        new Date(Date.UTC(1988, 11, 31)),
        // A styled link: exceljs types its text as a string, Excel writes rich text.
        { text: { richText: [{ text: 'leo.moreau@xlsx.fr' }] } as unknown as string, hyperlink: 'mailto:leo.moreau@xlsx.fr' },
        'VAE',
        '',
        new Date(Date.UTC(2025, 0, 15)),
        'RNCP36805',
      ];
      ws.getRow(6).values = ['Petit', 'Anne', 33970, 'anne.petit@xlsx.fr', 'formation', promo]; // a date cell formatted as a number: 01/01/1993
      ws.getCell('C4').numFmt = 'dd/mm/yyyy';
      ws.getCell('C5').numFmt = 'dd/mm/yyyy';
      ws.getCell('G5').numFmt = 'dd/mm/yyyy';
      ws.getCell('I9').value = ''; // a formatted, empty cell below the table in a column without header
      ws.getRow(12).values = ['', '', ''];
    });
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    const dry = await upload(xlsx, '?dryRun=true', 'application/octet-stream', 'apprenants.xlsx').expect(200);
    expect(dry.body).toEqual({ dryRun: true, lines: 3, created: 0, learnerIds: [] });
    const real = await t.http
      .post('/api/learners/import')
      .set(auth(admin))
      .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(xlsx)
      .expect(200);
    expect(real.body).toMatchObject({ lines: 3, created: 3 });
    expect(await learnersOf('xlsx.fr')).toEqual([
      {
        last_name: 'Petit',
        first_name: 'Anne',
        birth_date: '1993-01-01',
        email: 'anne.petit@xlsx.fr',
        pathway: 'training',
        vae: null,
        employer: null,
        accommodations: null,
      },
      {
        last_name: 'García',
        first_name: 'Inès',
        birth_date: '1995-02-03',
        email: 'ines.garcia@xlsx.fr',
        pathway: 'training',
        vae: null,
        employer: null,
        accommodations: 'Tiers-temps\nSalle au rez-de-chaussée',
      },
      {
        last_name: 'Moreau',
        first_name: 'Léo',
        birth_date: '1988-12-31',
        email: 'leo.moreau@xlsx.fr',
        pathway: 'vae',
        vae: '2025-01-15',
        employer: null,
        accommodations: null,
      },
    ]);
  });

  /** The same table, as a CSV with quoted multi-line cells and as a workbook: the same report. */
  const BAD_ROWS: (string | null)[][] = [
    [
      'Martin',
      'Léa',
      '03/02/1995',
      'lea.martin@rapport.fr',
      'formation',
      promo,
      '',
      '',
      '',
      'Tiers-temps\nSalle au rez-de-chaussée\nPauses',
    ],
    ['Durand', 'Paul', '31/02/2001', 'paul.durand@rapport.fr', 'formation', promo, '', '', '', ''],
    ['Roux', 'Marc', '12/03/1991', 'marc.roux@rapport.fr', 'apprentissage', promo, '', '', '', ''],
    ['Blanc', 'Eva', '01/01/1990', 'eva.blanc@rapport.fr', 'VAE', '', '', 'RNCP36805', '', 'Aide humaine\npour l’écrit'],
    ['Noir', 'Jo', '2001-02-29', 'jo.noir@rapport.fr', 'Formation', '', '', '', 'Clinique\ndu Parc', ''],
    ['Vert', 'Lou', '01/01/1990', 'lou.vert@rapport.fr', 'formation', promo, '', '', '', ''],
  ];
  const EXPECTED_REPORT = [
    { line: 3, field: 'Date de naissance', message: 'Date invalide : attendu JJ/MM/AAAA' },
    { line: 4, field: 'Parcours', message: 'Parcours inconnu : « apprentissage ». Attendu « formation » ou « VAE ».' },
    {
      line: 6,
      field: 'Date recevabilité VAE',
      message: 'Obligatoire pour le parcours « VAE » : la date de notification de la recevabilité (JJ/MM/AAAA).',
    },
    { line: 8, field: 'Date de naissance', message: 'Date invalide : attendu JJ/MM/AAAA' },
    { line: 8, field: 'Promotion', message: 'Obligatoire pour le parcours « formation » : le nom de la promotion.' },
  ];
  const quote = (v: string | null): string => (v && /[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : (v ?? ''));

  it('multi-line cells, then an impossible date on a known row: the exact report, rows numbered as the spreadsheet shows them; dry run = real import', async () => {
    // Row 1 header, row 2 Léa (a 3-line cell), row 3 Paul (31/02/2001), row 4 Marc, row 5 only
    // separators (skipped), row 6 Eva (a 2-line cell), row 7 an empty line (skipped), row 8 Jo
    // (a 2-line cell, 29/02/2001), row 9 Lou, then Excel's trailing separators. Records end with
    // CRLF, line breaks inside a cell are LF, as Excel writes them.
    const row = (r: (string | null)[]): string => r.map(quote).join(';');
    const [lea, paul, marc, eva, jo, lou] = BAD_ROWS.map(row);
    const text = [HEADER, lea, paul, marc, ';;;;;;;;;', eva, '', jo, lou, ';;;;;;;;;', ''].join('\r\n');
    const csv = iconv.encode(text, 'windows-1252');
    const dry = await upload(csv, '?dryRun=true', 'application/vnd.ms-excel').expect(422);
    const real = await upload(csv, '', 'application/vnd.ms-excel').expect(422);
    expect(dry.body.code).toBe('IMPORT.INVALID');
    expect(dry.body.message).toBe(
      "Import refusé : 5 erreur(s) sur 6 ligne(s). Rien n'a été enregistré ; corrigez le fichier et recommencez.",
    );
    expect(dry.body.details).toEqual(EXPECTED_REPORT);
    expect(real.body).toEqual(dry.body);
    expect(await learnersOf('rapport.fr')).toEqual([]);
  });

  it('the same table as a workbook gives the same report, row for row', async () => {
    const xlsx = await xlsxOf((ws) => {
      ws.getRow(1).values = HEADER.split(';');
      BAD_ROWS.slice(0, 3).forEach((r, i) => (ws.getRow(2 + i).values = r));
      ws.getRow(5).values = ['', '', '', '', ''];
      ws.getRow(6).values = BAD_ROWS[3];
      ws.getRow(8).values = BAD_ROWS[4];
      ws.getRow(9).values = BAD_ROWS[5];
    });
    const dry = await upload(xlsx, '?dryRun=true', 'application/vnd.ms-excel', 'apprenants.xlsx').expect(422);
    expect(dry.body.details).toEqual(EXPECTED_REPORT);
    const real = await upload(xlsx, '', 'application/vnd.ms-excel', 'apprenants.xlsx').expect(422);
    expect(real.body).toEqual(dry.body);
    expect(await learnersOf('rapport.fr')).toEqual([]);
  });

  it('a column without header: ignored when empty everywhere, refused by its letter when it holds data', async () => {
    const csv =
      'Nom;Prénom;Date de naissance;E-mail;Parcours;Promotion;;\n' +
      `Sans;Entete;01/01/1990;sans@entete.fr;formation;${promo};;\n` +
      `Avec;Donnee;01/01/1990;avec@entete.fr;formation;${promo};;oublié\n`;
    const res = await upload(Buffer.from(csv)).expect(422);
    expect(res.body.details).toEqual([
      {
        line: 1,
        field: 'Colonne H',
        message: "La colonne H n'a pas d'en-tête mais contient des données (ligne 3) : donnez-lui un en-tête ou videz-la.",
      },
    ]);
    const fixed = csv.replace(';;oublié', ';;');
    expect((await upload(Buffer.from(fixed), '?dryRun=true').expect(200)).body).toMatchObject({ lines: 2 });
  });

  it('refuses .xls, password-protected workbooks, other archives and HTML « .xls » with 415 naming the accepted formats', async () => {
    const formats = /classeur Excel \(\.xlsx\) ou CSV/;
    const ole2 = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(2000, 1)]);
    const xls = await upload(ole2, '', 'application/vnd.ms-excel', 'apprenants.xls').expect(415);
    expect(xls.body).toMatchObject({ code: 'IMPORT.NOT_CSV', message: expect.stringMatching(/Ancien format Excel \(\.xls\)/) });
    expect(xls.body.message).toMatch(formats);
    const zip = await upload(zipOf([{ name: 'readme.txt', data: Buffer.from('bonjour') }]), '', null, 'a.zip').expect(415);
    expect(zip.body).toMatchObject({ code: 'IMPORT.NOT_CSV', message: expect.stringMatching(/archive ZIP, pas un classeur Excel/) });
    const ods = await upload(
      zipOf([
        { name: 'mimetype', data: Buffer.from('x') },
        { name: 'content.xml', data: Buffer.from('<x/>') },
      ]),
    );
    expect(ods.status).toBe(415);
    expect(ods.body.message).toMatch(/OpenDocument \(\.ods\)/);
    const html = await upload(Buffer.from('<html><table><tr><td>Nom</td></tr></table></html>'), '', 'application/vnd.ms-excel').expect(415);
    expect(html.body.message).toMatch(formats);
    const damaged = await upload(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(300, 7)]), '', null, 'a.xlsx').expect(400);
    expect(damaged.body.details).toEqual([{ field: 'file', message: expect.stringMatching(/^Le classeur Excel est illisible/) }]);
  });

  it('zip bombs and huge sheets: refused before the workbook is inflated (413), with a French message', async () => {
    // 60 MB of zeros deflate to ~60 KB: the declared size is over the limit.
    const zeros = Buffer.alloc(60 * 1024 * 1024);
    const bomb = await upload(zipOf([{ name: 'xl/workbook.xml', data: zeros }]), '', null, 'bombe.xlsx').expect(413);
    expect(bomb.body).toMatchObject({
      code: 'IMPORT.TOO_MANY_LINES',
      message: expect.stringMatching(/trop volumineux une fois décompressé/),
    });
    // The same, lying: it declares 100 bytes.
    const liar = await upload(zipOf([{ name: 'xl/workbook.xml', data: zeros, declaredSize: 100 }]), '', null, 'bombe.xlsx').expect(413);
    expect(liar.body.code).toBe('IMPORT.TOO_MANY_LINES');
    // 760,000 empty rows declared in a small upload (they blocked the server for 15 s): refused from the XML, before exceljs.
    const emptyRows = Buffer.from(
      `<worksheet><sheetData>${Array.from({ length: 760_000 }, (_, i) => `<row r="${i + 1}"/>`).join('')}</sheetData></worksheet>`,
    );
    const started = Date.now();
    const rowsBomb = await upload(
      zipOf([
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
        { name: 'xl/worksheets/sheet1.xml', data: emptyRows },
      ]),
      '?dryRun=true',
      null,
      'vide.xlsx',
    ).expect(413);
    expect(rowsBomb.body).toMatchObject({ code: 'IMPORT.TOO_MANY_LINES', message: expect.stringMatching(/plus de 10000 lignes/) });
    expect(Date.now() - started).toBeLessThan(5000);
    // A sheet of 2,001 learners: over the limit of 2,000 per import.
    const big = await xlsxOf((ws) => {
      ws.addRow(HEADER.split(';'));
      for (let i = 0; i < 2001; i += 1) ws.addRow([`N${i}`, 'P', '01/01/1990', `n${i}@big.fr`, 'formation', promo]);
    });
    const tooMany = await upload(big, '', null, 'gros.xlsx').expect(413);
    expect(tooMany.body).toMatchObject({
      code: 'IMPORT.TOO_MANY_LINES',
      message: 'Le fichier a plus de 2000 lignes : 2000 au plus par import. Découpez-le.',
    });
  });

  it('a raw body over 2 MB (any declared type): 413 in French, read to its end, nothing written', async () => {
    const huge = Buffer.alloc(3 * 1024 * 1024, 0x41);
    for (const type of ['application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']) {
      const res = await t.http.post('/api/learners/import').set(auth(admin)).set('Content-Type', type).send(huge).expect(413);
      expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'Le fichier dépasse 2 Mo : découpez-le.' });
    }
    const multipartHuge = await upload(huge, '', 'application/vnd.ms-excel').expect(413);
    expect(multipartHuge.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('formula errors and unreadable characters are refused on their cell', async () => {
    const xlsx = await xlsxOf((ws) => {
      ws.addRow(HEADER.split(';'));
      ws.addRow(['Erreur', { formula: 'A1/0', result: { error: '#DIV/0!' } }, '01/01/1990', 'err@cell.fr', 'formation', promo]);
    });
    const res = await upload(xlsx, '?dryRun=true', null, 'a.xlsx').expect(422);
    expect(res.body.details).toEqual([
      { line: 2, field: 'Prénom', message: 'Erreur de formule dans la cellule (#DIV/0!) : corrigez-la dans le classeur.' },
    ]);
    // 0x81 is undefined in Windows-1252: the file is in some other encoding.
    const csv = Buffer.concat([
      Buffer.from(`Nom;Prénom;Date de naissance;E-mail;Parcours;Promotion\nX\x81y;Jean;01/01/1990;x@enc.fr;formation;${promo}\n`, 'latin1'),
    ]);
    const bad = await upload(csv, '?dryRun=true').expect(422);
    expect(bad.body.details).toEqual([{ line: 2, field: 'Nom', message: expect.stringMatching(/caractère illisible/) }]);
  });

  it('a VAE row without « Titre » takes the title in force on its recevabilité date (contract: certificationCode optional)', async () => {
    const csv = Buffer.from(
      'Nom;Prénom;Date de naissance;E-mail;Parcours;Date recevabilité VAE\r\nNGUYỄN;Thị Ánh;03/05/1988;thi.anh@vae-import.fr;VAE;14/10/2024\r\n;;;;;\r\n',
      'utf8',
    );
    const res = await upload(csv).expect(200);
    expect(res.body).toMatchObject({ created: 1 });
    const [row] = await t.dataSource.query(
      `SELECT l.first_name, l.last_name, c.code FROM learners l JOIN certifications c ON c.id = l.certification_id WHERE l.email = 'thi.anh@vae-import.fr'`,
    );
    expect(row).toEqual({ first_name: 'Thị Ánh', last_name: 'NGUYỄN', code: 'RNCP36805' });
  });
});

/** A ZIP archive (deflated entries), for the refusals: `declaredSize` lets an entry lie about its size. */
function zipOf(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const compressed = deflateRawSync(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
