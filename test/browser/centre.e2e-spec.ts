// Issue 12: staff set the centre's identity in « Centre » as people do — typed key by key in several
// alphabets, « Enregistrer » double-clicked, a wrong postal code shown on its field — at 1366 px
// and at 390 px (no sideways scroll); the page reloaded shows what was saved; a logo is sent,
// previewed and removed.
import { deflateSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import {
  countRequests,
  jsErrors,
  overflowing,
  pageWidth,
  screenshot,
  screenshotOpenPages,
  signIn,
  startWebApp,
  typeKeys,
  writeMeasurement,
  type WebApp,
} from '../support/browser';

jest.setTimeout(180_000);

let web: WebApp;

beforeAll(async () => {
  web = await startWebApp();
});

afterAll(async () => {
  await web?.close();
});

const STAFF = 'secretariat@demo.sams.fr';

function check(name: string, fn: () => Promise<void>): void {
  test(name, async () => {
    try {
      await fn();
    } catch (error) {
      const tag = `centre-${name.slice(0, 12).replace(/\W/g, '')}`;
      writeMeasurement(`failures/${tag}`, { test: name, error: String(error instanceof Error ? error.message : error) });
      await screenshotOpenPages(tag);
      throw error;
    }
  });
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A field by its label, the required asterisk allowed. */
const field = (scope: Page | Locator, label: string): Locator => scope.getByLabel(new RegExp(`^${escape(label)}\\s*\\*?$`)).first();

async function at(page: Page, width: number): Promise<void> {
  await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
}

async function noSideScroll(page: Page, screen: string): Promise<void> {
  const { scrollWidth, innerWidth } = await pageWidth(page);
  if (scrollWidth > innerWidth) throw new Error(`${screen} défile de côté (${scrollWidth} px) : ${(await overflowing(page)).join(' ; ')}`);
}

/** A small PNG with transparency, made byte by byte. */
function png(width: number, height: number): Buffer {
  const crc32 = (bytes: Buffer): number => {
    let crc = 0xffffffff;
    for (const byte of bytes) {
      let c = (crc ^ byte) & 0xff;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crc = (crc >>> 8) ^ c;
    }
    return (crc ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])));
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 6;
  const rows = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = y * (1 + width * 4) + 1 + x * 4;
      rows.set([28, 126, 214, x < width / 2 ? 255 : 128], at); // blue, half transparent on the right
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const IDENTITIES = [
  {
    width: 1366,
    name: 'Trung tâm Đào tạo Nguyễn — Lyon',
    address: '12 rue des Tanneurs\nBâtiment B, 2ᵉ étage',
    postalCode: '69003',
    city: 'Lyon',
    agrementNumber: '84 69 12345 69',
    email: 'contact@centre-horizon.fr',
    phone: '+33 (0)4 72.00.00.00',
    signatoryName: 'NGUYỄN Thị Ánh',
    signatoryTitle: 'Directrice',
    attachmentsYears: '4',
    identityYears: '8',
  },
  {
    width: 390,
    name: 'Κέντρο Κατάρτισης «Ήλιος» — Учебный центр',
    address: 'ul. Świętokrzyska 14\nŁódź',
    postalCode: '75011',
    city: 'Paris',
    agrementNumber: 'CERES-2026/0042',
    email: 'secretariat@centre-ilios.fr',
    phone: '01 43 00 00 00',
    signatoryName: 'Γιώργος Παπαδόπουλος',
    signatoryTitle: 'Directeur pédagogique',
    attachmentsYears: '3',
    identityYears: '6',
  },
];

const TEXT_FIELDS: [keyof (typeof IDENTITIES)[number], string][] = [
  ['name', 'Nom du centre'],
  ['address', 'Adresse'],
  ['postalCode', 'Code postal'],
  ['city', 'Ville'],
  ['agrementNumber', "N° d'agrément / CERES"],
  ['email', 'E-mail de contact'],
  ['phone', 'Téléphone'],
  ['signatoryName', 'Nom du ou de la signataire'],
  ['signatoryTitle', 'Qualité du ou de la signataire'],
  ['attachmentsYears', 'Pièces jointes du dossier professionnel (ans)'],
  ['identityYears', 'Identité, avant anonymisation (ans)'],
];

async function openCentre(page: Page): Promise<Locator> {
  await page.goto(`${web.url}/centre`);
  await page.getByRole('heading', { level: 1, name: 'Centre' }).waitFor();
  const form = page.getByRole('form', { name: 'Identité du centre' });
  await form.waitFor();
  return form;
}

check('staff type the centre’s identity key by key, save with a double click, reload and see it — 1366 and 390 px', async () => {
  const page = await signIn(web, STAFF);
  const puts = countRequests(page, 'PUT', /^\/api\/centre$/);
  // « Centre » is in the staff's navigation.
  await page.getByRole('link', { name: 'Centre', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Centre' }).waitFor();

  for (const [i, identity] of IDENTITIES.entries()) {
    await at(page, identity.width);
    let form = await openCentre(page);

    // A wrong postal code: said on its field, in French; nothing saved.
    await typeKeys(field(form, 'Code postal'), '6900');
    await typeKeys(field(form, 'Nom du centre'), identity.name);
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await form.getByText('Doit être un code postal français de 5 chiffres (par exemple 69003), ou rester vide.').waitFor();
    expect(puts.count).toBe(2 * i + 1);

    for (const [key, label] of TEXT_FIELDS) await typeKeys(field(form, label), String(identity[key]));
    if (identity.width === 390) await noSideScroll(page, 'Centre (saisie)');
    await form.getByRole('button', { name: 'Enregistrer' }).dblclick();
    await form.getByText("L'identité du centre est enregistrée").waitFor();
    expect(puts.count).toBe(2 * i + 2); // the double click sent one request
    await screenshot(page, `centre-identity-${identity.width}`);

    const [row] = await web.app.dataSource.query<Record<string, unknown>[]>(
      `SELECT name, address, postal_code, city, agrement_number, email, phone, signatory_name, signatory_title,
              retention_attachments_years, retention_identity_years FROM centre`,
    );
    expect(row).toEqual({
      name: identity.name,
      address: identity.address,
      postal_code: identity.postalCode,
      city: identity.city,
      agrement_number: identity.agrementNumber,
      email: identity.email,
      phone: identity.phone,
      signatory_name: identity.signatoryName,
      signatory_title: identity.signatoryTitle,
      retention_attachments_years: Number(identity.attachmentsYears),
      retention_identity_years: Number(identity.identityYears),
    });

    // Reloaded: every field shows what was saved.
    await page.reload();
    form = await openCentre(page);
    for (const [key, label] of TEXT_FIELDS) expect(`${label}: ${await field(form, label).inputValue()}`).toBe(`${label}: ${identity[key]}`);
    if (identity.width === 390) await noSideScroll(page, 'Centre (rechargé)');
    expect(jsErrors(page)).toEqual([]);
  }
});

check('staff send a logo (PNG), see its preview, and remove it — 1366 and 390 px', async () => {
  const page = await signIn(web, STAFF);
  for (const width of [1366, 390]) {
    await at(page, width);
    await openCentre(page);
    const panel = page.getByRole('region', { name: 'Logo' });
    await panel.getByText('Aucun logo').waitFor();
    await panel.locator('input[type="file"]').setInputFiles({ name: 'logo-centre.png', mimeType: 'image/png', buffer: png(160, 80) });
    await panel.getByRole('button', { name: 'Envoyer le logo' }).dblclick();
    await panel.getByText('Logo enregistré').waitFor();
    const preview = panel.getByRole('img', { name: 'Logo du centre' });
    await preview.waitFor();
    await page.waitForFunction(
      (img) =>
        (img as unknown as { complete: boolean; naturalWidth: number }).complete &&
        (img as unknown as { naturalWidth: number }).naturalWidth === 160,
      await preview.elementHandle(),
    );
    const [{ n }] = await web.app.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM centre WHERE logo IS NOT NULL');
    expect(n).toBe(1);
    if (width === 390) await noSideScroll(page, 'Centre (logo)');
    await screenshot(page, `centre-logo-${width}`);

    // A GIF is refused on the field, in French; the logo stays.
    await panel.locator('input[type="file"]').setInputFiles({
      name: 'logo.gif',
      mimeType: 'image/gif',
      buffer: Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'),
    });
    await panel.getByRole('button', { name: 'Envoyer le logo' }).click();
    await panel.getByText('Ce fichier est un GIF').waitFor();
    await preview.waitFor();

    await panel.getByRole('button', { name: 'Retirer le logo' }).click();
    await panel.getByText('Aucun logo').waitFor();
    const [{ m }] = await web.app.dataSource.query<{ m: number }[]>('SELECT count(*)::int AS m FROM centre WHERE logo IS NOT NULL');
    expect(m).toBe(0);
    expect(jsErrors(page)).toEqual([]);
  }
});
