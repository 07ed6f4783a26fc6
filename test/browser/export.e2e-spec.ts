// Issue 16 (2): « Télécharger mes données ». The learner, signed in (typed key by key), clicks the
// button on « Mon livret » — a double-click gives one download, one request — at 1366 and 390 px
// (no sideways scroll), and gets a ZIP whose learner.json is theirs and whose dp/ holds their
// attachment; the centre downloads it from the learner's screen.
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { binary, sha256, unzip } from '../support/export-zip';
import { auth, createCohort, createLearner, type LearnerFixture } from '../support/fixtures';
import { journeyOf, jsErrors, openPage, pageWidth, screenshot, signIn, startWebApp, typeKeys, type WebApp } from '../support/browser';

jest.setTimeout(240_000);

let web: WebApp;
let learner: LearnerFixture;
const journey = journeyOf('export');
const attachment = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4000, 0x42)]);
const ATTACHMENT_NAME = 'Compte rendu – été 2026 (1).pdf';

beforeAll(async () => {
  web = await startWebApp();
  const t = web.app;
  const trainer = await t.createUser(['trainer'], { fullName: 'Anne Formatrice' });
  const cohort = await createCohort(t, [trainer.id]);
  learner = await createLearner(
    t,
    { firstName: 'Zoë', lastName: 'Ångström-Øre', pathway: 'training', cohortId: cohort.id, email: 'zoe.angstrom@exemple.fr' },
    true,
  );
  await t.http
    .post(`/api/learners/${learner.id}/professional-file/attachments`)
    .set(auth(learner.token!))
    .attach('file', attachment, { filename: ATTACHMENT_NAME })
    .expect(201);
  // Issue 16 (4): the trainer reads the DP — logged, shown to the learner.
  await t.http.get(`/api/learners/${learner.id}/professional-file`).set(auth(trainer.token)).expect(200);
});
afterAll(async () => web?.close());

/** Signs in at `width` px, typing key by key. */
async function signInAt(width: number, email: string, password: string): Promise<Page> {
  const page = await openPage(web, width, width < 500 ? 844 : 900);
  await page.goto(`${web.url}/`);
  await typeKeys(page.getByLabel('Adresse e-mail'), email);
  await typeKeys(page.getByLabel('Mot de passe'), password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
  return page;
}

/** The learner.json and the entries of a downloaded ZIP. */
async function opened(download: Download) {
  const entries = await unzip(readFileSync(await download.path()));
  return { entries, json: JSON.parse(entries.get('learner.json')!.toString('utf8')) };
}

for (const width of [1366, 390]) {
  journey(`the learner downloads their data from « Mon livret » at ${width} px; a double-click is one download`, async () => {
    const page = await signInAt(width, learner.email, 'learner-password-123');
    await page.goto(`${web.url}/livret`);
    await page.getByRole('heading', { level: 1, name: 'Mon livret' }).waitFor();
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    let requests = 0;
    page.on('request', (r) => {
      if (r.url().endsWith(`/api/learners/${learner.id}/export`)) requests += 1;
    });
    const button = page.getByRole('button', { name: 'Télécharger mes données' });
    await button.waitFor();
    const first = page.waitForEvent('download');
    await button.dblclick();
    const download = await first;
    await page.waitForTimeout(1500); // a second download would have started by now
    expect(downloads).toHaveLength(1);
    expect(requests).toBe(1);
    expect(download.suggestedFilename()).toMatch(/^donnees-angstrom-ore-zoe-\d{4}-\d{2}-\d{2}\.zip$/);
    const { entries, json } = await opened(download);
    expect(json).toMatchObject({
      format: 'sams-learner-export/1',
      exportedBy: { role: 'learner' },
      identity: { id: learner.id, firstName: 'Zoë', lastName: 'Ångström-Øre' },
    });
    expect(sha256(entries.get(`dp/${ATTACHMENT_NAME}`)!)).toBe(sha256(attachment));
    // Who read the DP: the trainer, by name and role — not the learner's own reads.
    await page.getByRole('button', { name: 'Qui a consulté mon dossier' }).click();
    const reads = page.getByTestId('reads');
    await reads.waitFor();
    expect(await reads.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} à \d{2} h \d{2} — Anne Formatrice \(formateur\) a consulté le dossier professionnel$/),
    ]);
    const { scrollWidth, innerWidth } = await pageWidth(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    expect(jsErrors(page)).toEqual([]);
    await screenshot(page, `export-mon-livret-${width}`);
    await page.context().close();
  });
}

journey('the centre downloads a learner’s data from the learner’s screen', async () => {
  const page = await signIn(web, 'secretariat@demo.sams.fr');
  await page.goto(`${web.url}/apprenants/${learner.id}`);
  await page.getByRole('heading', { level: 1, name: /Zoë ÅNGSTRÖM-ØRE/ }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger les données de l’apprenant' }).click(),
  ]);
  const { json } = await opened(download);
  expect(json).toMatchObject({ exportedBy: { role: 'admin' }, identity: { id: learner.id } });
  // The same file as the API gives (learner.json apart from its instant).
  const res = await web.app.http
    .get(`/api/learners/${learner.id}/export`)
    .set(auth(await web.app.adminToken()))
    .buffer(true)
    .parse(binary)
    .expect(200);
  const direct = JSON.parse((await unzip(res.body as Buffer)).get('learner.json')!.toString('utf8'));
  expect({ ...direct, exportedAt: null, audit: null }).toEqual({ ...json, exportedAt: null, audit: null });
  expect(jsErrors(page)).toEqual([]);
  await screenshot(page, 'export-fiche-apprenant');
  await page.context().close();
});
