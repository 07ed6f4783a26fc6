// Issue 12 — the centre's identity as data: GET/PUT /api/centre, the logo, the row created once
// from CENTRE_NAME, concurrency, and every bad field answered 400 naming it in French.
import { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { CentreService } from '@app/centre';
import { createApp } from '../apps/api/src/create-app';
import { errorShapeProblem, listeningPort, multipart, rawRequest } from './support/bad-input';
import { auth } from './support/fixtures';
import { binaryParser } from './support/pdf';
import { startTestApp, testConfig, TestApp } from './support/test-app';

// ---- images made here, byte by byte -------------------------------------------------------

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    let c = (crc ^ byte) & 0xff;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** An RGBA PNG (alpha: the case pdfkit decodes on every document), with noise so it compresses badly when large. */
function png(width: number, height: number, options: { noise?: boolean; idat?: Buffer } = {}): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 6;
  const rows = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width * 4; x += 1) {
      rows[y * (1 + width * 4) + 1 + x] = options.noise ? Math.floor(Math.random() * 256) : (x * 7 + y * 3) % 256;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', options.idat ?? deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** A real 543-byte baseline JPEG (CPython's test data, Lib/test/imghdrdata/python.jpg). */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQIDBAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolvw4KOp1KM6iCNvngZHwetf//Z',
  'base64',
);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

// ---- the app -------------------------------------------------------------------------------

let t: TestApp;
let admin: string;
let trainer: string;
let port: number;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.adminToken();
  trainer = (await t.createUser(['trainer'])).token;
  port = await listeningPort(t.app.getHttpServer() as Server);
});
afterAll(async () => t.close());

const FULL = {
  name: 'Centre de formation Horizon',
  address: '12 rue des Tanneurs\nBâtiment B',
  postalCode: '69003',
  city: 'Lyon',
  agrementNumber: '84 69 12345 69',
  email: 'contact@centre-horizon.fr',
  phone: '+33 (0)4 72.00.00.00',
  signatoryName: 'Claire Martin',
  signatoryTitle: 'Directrice',
  retention: { attachmentsYears: 4, identityYears: 8 },
};

const put = (body: unknown, token = admin) =>
  t.http
    .put('/api/centre')
    .set(auth(token))
    .send(body as object);
const get = (token = admin) => t.http.get('/api/centre').set(auth(token));
const uploadLogo = (data: Buffer, options: { token?: string; type?: string; filename?: string } = {}) =>
  rawRequest(port, {
    method: 'PUT',
    path: '/api/centre/logo',
    headers: { ...auth(options.token ?? admin), 'Content-Type': 'multipart/form-data; boundary=X' },
    body: multipart('X', [{ name: 'file', filename: options.filename ?? 'logo.png', type: options.type ?? 'image/png', data }]),
  });
const logoCount = async (): Promise<number> =>
  Number((await t.dataSource.query('SELECT count(*)::int AS n FROM centre WHERE logo IS NOT NULL'))[0].n);

describe('GET /api/centre', () => {
  it('the first start created the identity from CENTRE_NAME (the default), with empty fields and the default retention', async () => {
    const res = await get(trainer).expect(200);
    expect(res.body).toEqual({
      name: 'Centre de formation',
      address: '',
      postalCode: '',
      city: '',
      agrementNumber: '',
      email: '',
      phone: '',
      signatoryName: '',
      signatoryTitle: '',
      hasLogo: false,
      retention: { attachmentsYears: 3, identityYears: 6 },
    });
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM centre')).toEqual([{ n: 1 }]);
  });

  it('needs a signed-in user', async () => {
    const res = await t.http.get('/api/centre').expect(401);
    expect(res.body.code).toBe('AUTH.UNAUTHENTICATED');
  });
});

describe('PUT /api/centre', () => {
  it('an admin replaces the identity; GET and the documents’ issuer give it back; the change is audited', async () => {
    const res = await put(FULL).expect(200);
    expect(res.body).toEqual({ ...FULL, hasLogo: false });
    expect((await get(trainer).expect(200)).body).toEqual({ ...FULL, hasLogo: false });
    const issuer = await t.app.get(CentreService).issuer();
    expect(issuer).toEqual({
      name: FULL.name,
      address: FULL.address,
      postalCode: FULL.postalCode,
      city: FULL.city,
      agrementNumber: FULL.agrementNumber,
      email: FULL.email,
      phone: FULL.phone,
      signatoryName: FULL.signatoryName,
      signatoryTitle: FULL.signatoryTitle,
      logo: null,
    });
    const audit = await t.http.get('/api/audit?entity=centre').set(auth(admin)).expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'centre.update', entity: 'centre', entityId: '1', after: { name: FULL.name } });
    // The same value again (a double click): 200, nothing new in the log.
    await put(FULL).expect(200);
    expect((await t.http.get('/api/audit?entity=centre').set(auth(admin)).expect(200)).body.total).toBe(audit.body.total);
  });

  it('a full replacement: absent optional fields become empty, absent retention the defaults; hasLogo is accepted and ignored', async () => {
    await put(FULL).expect(200);
    const res = await put({ name: '  Centre Horizon  ', hasLogo: true }).expect(200);
    expect(res.body).toEqual({
      name: 'Centre Horizon',
      address: '',
      postalCode: '',
      city: '',
      agrementNumber: '',
      email: '',
      phone: '',
      signatoryName: '',
      signatoryTitle: '',
      hasLogo: false,
      retention: { attachmentsYears: 3, identityYears: 6 },
    });
    const partial = await put({ name: 'Centre Horizon', city: null, retention: { identityYears: 10 } }).expect(200);
    expect(partial.body).toMatchObject({ city: '', retention: { attachmentsYears: 3, identityYears: 10 } });
    // A GET sent back as it came is accepted.
    await put((await get().expect(200)).body).expect(200);
  });

  it('a trainer (or any non-admin) gets 403 and changes nothing', async () => {
    const before = (await get().expect(200)).body;
    const res = await put({ ...FULL, name: 'Pris par un formateur' }, trainer).expect(403);
    expect(res.body.code).toBe('AUTH.FORBIDDEN');
    expect((await get().expect(200)).body).toEqual(before);
  });

  it('names in Vietnamese, Greek and Cyrillic (and a Polish address) are kept exactly, in GET and in the issuer', async () => {
    const names = [
      { name: 'Trung tâm Đào tạo Nguyễn Thị Ánh', signatoryName: 'NGUYỄN Thị Ánh', signatoryTitle: 'Giám đốc' },
      { name: 'Κέντρο Κατάρτισης Αθηνών', signatoryName: 'Γιώργος Παπαδόπουλος', signatoryTitle: 'Διευθυντής' },
      { name: 'Учебный центр «Гармония»', signatoryName: 'Анна Сергеевна Ковалёва', signatoryTitle: 'Директор' },
    ];
    for (const n of names) {
      const body = { ...FULL, ...n, address: 'ul. Świętokrzyska 14\nŁódź', city: 'Saint-Étienne' };
      const res = await put(body).expect(200);
      expect(res.body).toMatchObject(body);
      expect((await get(trainer).expect(200)).body).toMatchObject(body);
      expect(await t.app.get(CentreService).issuer()).toMatchObject({
        name: n.name,
        signatoryName: n.signatoryName,
        address: body.address,
      });
    }
  });

  it('every bad field: 400 VALIDATION_FAILED naming it, with a French message; nothing changes', async () => {
    await put(FULL).expect(200);
    const cases: [string, Record<string, unknown>][] = [
      ['name', { name: undefined }],
      ['name', { name: '' }],
      ['name', { name: '    ' }],
      ['name', { name: 'x'.repeat(201) }],
      ['name', { name: 42 }],
      ['name', { name: '\u200b\u202e' }],
      ['name', { name: 'Centre\nHorizon' }],
      ['name', { name: 'Centre\u0000Horizon' }],
      ['address', { address: 'x'.repeat(301) }],
      ['address', { address: '1\n2\n3\n4\n5\n6\n7' }],
      ['address', { address: ['12 rue'] }],
      ['postalCode', { postalCode: '6900' }],
      ['postalCode', { postalCode: '690031' }],
      ['postalCode', { postalCode: 'ABCDE' }],
      ['postalCode', { postalCode: 69003 }],
      ['city', { city: 'x'.repeat(101) }],
      ['city', { city: 'Lyon\nVilleurbanne' }],
      ['city', { city: '69' }],
      ['agrementNumber', { agrementNumber: '1'.repeat(51) }],
      ['agrementNumber', { agrementNumber: '84<script>' }],
      ['agrementNumber', { agrementNumber: '84_69' }],
      ['email', { email: 'pas-une-adresse' }],
      ['email', { email: 'contact@' }],
      ['email', { email: 'cоntact@centre.fr' }], // a Cyrillic « о »
      ['phone', { phone: '04 72 AB' }],
      ['phone', { phone: '+' }],
      ['phone', { phone: '1'.repeat(31) }],
      ['signatoryName', { signatoryName: 'x'.repeat(101) }],
      ['signatoryName', { signatoryName: '1234' }],
      ['signatoryTitle', { signatoryTitle: 'x'.repeat(101) }],
      ['signatoryTitle', { signatoryTitle: 'Directrice\r\nadjointe' }],
      ['retention', { retention: 'trois ans' }],
      ['retention.attachmentsYears', { retention: { attachmentsYears: 0, identityYears: 6 } }],
      ['retention.attachmentsYears', { retention: { attachmentsYears: 2.5, identityYears: 6 } }],
      ['retention.attachmentsYears', { retention: { attachmentsYears: '3', identityYears: 6 } }],
      ['retention.attachmentsYears', { retention: { attachmentsYears: 10, identityYears: 5 } }],
      ['retention.identityYears', { retention: { attachmentsYears: 3, identityYears: 51 } }],
      ['retention.identityYears', { retention: { attachmentsYears: 3, identityYears: null, extra: 1 } }],
      ['hasLogo', { hasLogo: 'oui' }],
      ['website', { website: 'https://centre.fr' }],
    ];
    const before = (await get().expect(200)).body;
    for (const [field, patch] of cases) {
      const body: Record<string, unknown> = { ...FULL, ...patch };
      for (const [k, v] of Object.entries(patch)) if (v === undefined) delete body[k];
      const res = await put(body);
      const label = `${field} ← ${JSON.stringify(patch)}`;
      expect({ label, status: res.status, code: res.body.code }).toEqual({ label, status: 400, code: 'VALIDATION_FAILED' });
      expect(errorShapeProblem(res.status, res.body)).toBeNull();
      const detail = (res.body.details as { field: string; message: string }[]).find(
        (d) => d.field === field || (field === 'retention.identityYears' && d.field.startsWith('retention.')),
      );
      expect({ label, detail: !!detail }).toEqual({ label, detail: true });
      expect(detail!.message).toMatch(/[a-zà-ÿ]/);
      expect(detail!.message).not.toMatch(/\b(must|should)\b/);
    }
    expect((await get().expect(200)).body).toEqual(before);
  });

  it('20 parallel PUTs: never a 500, and the final value is one of them (audited once each)', async () => {
    const auditBefore = (await t.http.get('/api/audit?entity=centre&pageSize=200').set(auth(admin)).expect(200)).body.total as number;
    const names = Array.from({ length: 20 }, (_, i) => `Centre parallèle n° ${i + 1}`);
    const answers = await Promise.all(names.map((name) => put({ ...FULL, name })));
    expect(answers.map((a) => a.status).filter((s) => s >= 500)).toEqual([]);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const final = (await get().expect(200)).body as { name: string };
    expect(names).toContain(final.name);
    const auditAfter = (await t.http.get('/api/audit?entity=centre&pageSize=200').set(auth(admin)).expect(200)).body.total as number;
    expect(auditAfter - auditBefore).toBe(20);
  });
});

describe('the logo', () => {
  it('a PNG (with transparency) and a JPEG are accepted, served back byte for byte, and given to the documents', async () => {
    const image = png(120, 60);
    const res = await uploadLogo(image);
    expect(res.status).toBe(204);
    expect((await get(trainer).expect(200)).body.hasLogo).toBe(true);
    const served = await t.http.get('/api/centre/logo').set(auth(trainer)).buffer(true).parse(binaryParser).expect(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(served.body as Buffer, image)).toBe(0);
    expect(Buffer.compare((await t.app.get(CentreService).issuer()).logo!, image)).toBe(0);

    expect((await uploadLogo(JPEG, { filename: 'logo.jpg', type: 'image/jpeg' })).status).toBe(204);
    const jpeg = await t.http.get('/api/centre/logo').set(auth(admin)).buffer(true).parse(binaryParser).expect(200);
    expect(jpeg.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(jpeg.body as Buffer, JPEG)).toBe(0);

    // What the documents do with it: pdfkit draws it.
    const logo = (await t.app.get(CentreService).issuer()).logo!;
    const doc = new PDFDocument();
    const done = new Promise<void>((resolve, reject) => {
      doc.on('data', () => undefined);
      doc.on('end', resolve);
      doc.on('error', reject);
    });
    doc.image(logo, 50, 50, { fit: [70, 50] });
    doc.end();
    await done;
    const audit = await t.http.get('/api/audit?entity=centre').set(auth(admin)).expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'centre.set_logo', after: { contentType: 'image/jpeg', size: JPEG.length } });
  });

  it('a GIF, a PDF, a truncated or corrupt PNG, a truncated JPEG, an empty file: 400 on `file` in French, the logo unchanged, never a 500', async () => {
    await uploadLogo(JPEG, { type: 'image/jpeg' });
    const good = png(64, 64);
    const corruptCrc = Buffer.from(good);
    corruptCrc[40] ^= 0xff; // inside IDAT: its CRC no longer matches
    const garbageIdat = png(16, 16, { idat: Buffer.from('not zlib at all, but a valid CRC') });
    const shortIdat = png(16, 16, { idat: deflateSync(Buffer.alloc(10)) }); // fewer rows than the header says
    const badFilter = png(4, 4, { idat: deflateSync(Buffer.alloc(4 * 17, 9)) }); // row filter 9 does not exist
    const cases: [string, Buffer, string][] = [
      ['GIF', GIF, 'image/png'],
      ['PDF', PDF, 'image/png'],
      ['PNG cut in half', good.subarray(0, Math.floor(good.length / 2)), 'image/png'],
      ['PNG without IEND', good.subarray(0, good.length - 12), 'image/png'],
      ['PNG with a wrong CRC', corruptCrc, 'image/png'],
      ['PNG with garbage image data', garbageIdat, 'image/png'],
      ['PNG with missing rows', shortIdat, 'image/png'],
      ['PNG with an unknown row filter', badFilter, 'image/png'],
      ['PNG signature only', good.subarray(0, 8), 'image/png'],
      ['JPEG cut', JPEG.subarray(0, 300), 'image/jpeg'],
      ['JPEG header only', JPEG.subarray(0, 20), 'image/jpeg'],
      ['empty file', Buffer.alloc(0), 'image/png'],
      ['text named .png', Buffer.from('hello, I am a logo'), 'image/png'],
    ];
    for (const [label, data, type] of cases) {
      const res = await uploadLogo(data, { type });
      const json = res.json as { code?: string; details?: { field: string; message: string }[] };
      expect({ label, status: res.status, code: json.code }).toEqual({ label, status: 400, code: 'VALIDATION_FAILED' });
      expect(errorShapeProblem(res.status, res.json)).toBeNull();
      expect(json.details?.[0]?.field).toBe('file');
      expect(json.details?.[0]?.message).toMatch(/PNG|JPEG|vide/);
    }
    const gif = (await uploadLogo(GIF)).json as { details: { message: string }[] };
    expect(gif.details[0].message).toContain('GIF');
    const served = await t.http.get('/api/centre/logo').set(auth(admin)).buffer(true).parse(binaryParser).expect(200);
    expect(Buffer.compare(served.body as Buffer, JPEG)).toBe(0);
    expect((await t.http.get('/api/health')).status).toBe(200);
  });

  it('a JPEG declaring 65,000 × 65,000 pixels in a few bytes (a decompression bomb for every PDF viewer) is refused like a huge PNG', async () => {
    const bomb = Buffer.from(JPEG);
    const sof = bomb.findIndex((b, i) => b === 0xff && bomb[i + 1] >= 0xc0 && bomb[i + 1] <= 0xc2);
    expect(sof).toBeGreaterThan(0);
    bomb.writeUInt16BE(65000, sof + 5); // height
    bomb.writeUInt16BE(65000, sof + 7); // width
    const res = await uploadLogo(bomb, { filename: 'logo.jpg', type: 'image/jpeg' });
    expect(res.status).toBe(400);
    const json = res.json as { details: { field: string; message: string }[] };
    expect(json.details[0]).toEqual({ field: 'file', message: expect.stringContaining("L'image fait 65000 × 65000 pixels") });
  });

  it('more than 1 MB: 413 naming `file` in French; a file just under the limit is accepted', async () => {
    const big = png(700, 400, { noise: true }); // ≈ 1.1 MB: noise does not compress
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const res = await uploadLogo(big);
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: [{ field: 'file' }] });
    expect((res.json as { message: string }).message).toContain('1 Mo');
    expect(errorShapeProblem(res.status, res.json)).toBeNull();
    const large = png(600, 430, { noise: true }); // < 1 MB
    expect(large.length).toBeLessThanOrEqual(1024 * 1024);
    expect((await uploadLogo(large)).status).toBe(204);
  });

  it('a truncated or malformed multipart body: 400, nothing stored; JSON instead of a file: 415', async () => {
    await t.http.delete('/api/centre/logo').set(auth(admin)).expect(204);
    const whole = multipart('X', [{ name: 'file', filename: 'logo.png', type: 'image/png', data: png(32, 32) }]);
    const cuts: [string, Buffer][] = [
      ['cut inside the file', whole.subarray(0, 150)],
      ['cut before the closing boundary', whole.subarray(0, whole.length - '--X--\r\n'.length)],
      ['only the first boundary', Buffer.from('--X\r\n')],
      ['no file part', multipart('X', [{ name: 'other', value: 'x' }])],
      [
        'two files',
        multipart('X', [
          { name: 'file', filename: 'a.png', type: 'image/png', data: png(8, 8) },
          { name: 'file', filename: 'b.png', type: 'image/png', data: png(8, 8) },
        ]),
      ],
    ];
    for (const [label, body] of cuts) {
      const res = await rawRequest(port, {
        method: 'PUT',
        path: '/api/centre/logo',
        headers: { ...auth(admin), 'Content-Type': 'multipart/form-data; boundary=X' },
        body,
      });
      expect({ label, status: res.status, code: (res.json as { code?: string }).code }).toEqual({
        label,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(errorShapeProblem(res.status, res.json)).toBeNull();
    }
    expect(await logoCount()).toBe(0);
    const json = await t.http.put('/api/centre/logo').set(auth(admin)).send({ file: 'x' });
    expect(json.status).toBe(415);
    // The same upload, whole, is accepted: the refusals were about the cut.
    const ok = await rawRequest(port, {
      method: 'PUT',
      path: '/api/centre/logo',
      headers: { ...auth(admin), 'Content-Type': 'multipart/form-data; boundary=X' },
      body: whole,
    });
    expect(ok.status).toBe(204);
  });

  it('only an admin sends or removes it; removing it: 204, hasLogo false, GET 404', async () => {
    await uploadLogo(JPEG, { type: 'image/jpeg' });
    expect((await uploadLogo(png(8, 8), { token: trainer })).status).toBe(403);
    await t.http.delete('/api/centre/logo').set(auth(trainer)).expect(403);
    await t.http.delete('/api/centre/logo').set(auth(admin)).expect(204);
    await t.http.delete('/api/centre/logo').set(auth(admin)).expect(204); // twice: still 204
    expect((await get().expect(200)).body.hasLogo).toBe(false);
    const missing = await t.http.get('/api/centre/logo').set(auth(admin)).expect(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    expect((await t.app.get(CentreService).issuer()).logo).toBeNull();
    await t.http.get('/api/centre/logo').expect(401);
  });
});

describe('first start', () => {
  it('two instances booting together on a database without the row create it once, from their CENTRE_NAME', async () => {
    await t.dataSource.query('DELETE FROM centre');
    // Without the row (an app started without its start-up tasks), the name is CENTRE_NAME's.
    expect((await get().expect(200)).body.name).toBe('Centre de formation');
    const name = 'Κέντρο Κατάρτισης — Lyon';
    const apps: INestApplication[] = await Promise.all(
      [1, 2].map(async () => {
        const app = await createApp(testConfig(t.databaseUrl, { CENTRE_NAME: name }), t.databaseUrl);
        await app.init();
        return app;
      }),
    );
    try {
      expect(await t.dataSource.query('SELECT id, name FROM centre')).toEqual([{ id: 1, name }]);
      expect((await get().expect(200)).body.name).toBe(name);
      // A later start with another CENTRE_NAME changes nothing: the variable is a first-start default.
      const third = await createApp(testConfig(t.databaseUrl, { CENTRE_NAME: 'Autre nom' }), t.databaseUrl);
      await third.init();
      await third.close();
      expect(await t.dataSource.query('SELECT id, name FROM centre')).toEqual([{ id: 1, name }]);
    } finally {
      await Promise.all(apps.map((a) => a.close()));
    }
    // The table holds one row only.
    await expect(t.dataSource.query("INSERT INTO centre (id, name) VALUES (2, 'Deuxième')")).rejects.toThrow(/centre_single_row/);
  });
});
