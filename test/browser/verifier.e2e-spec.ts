// Issue 16 (1): the public page « Vérification d'une attestation de résultats ». Without signing in,
// someone types the code of an attestation key by key (at 1366 px and at 390 px, no sideways
// scroll), sees « Attestation valide », the holder as « Prénom N. », the CCPs with date, origin and
// DREETS validation; after a fraud withdrawal the same code shows « Attestation révoquée le … »; an
// unknown code says so. Staff get the code from the booklet's « Attestation vérifiable » panel.
import type { Page } from 'playwright-core';
import { auth, createCohort, createLearner } from '../support/fixtures';
import {
  journeyOf,
  jsErrors,
  openPage,
  overflowing,
  pageWidth,
  screenshot,
  seriousA11yViolations,
  signIn,
  startWebApp,
  typeKeys,
  type WebApp,
} from '../support/browser';

jest.setTimeout(240_000);

let web: WebApp;
let learnerId: string;
let code: string;
const journey = journeyOf('verifier');

beforeAll(async () => {
  web = await startWebApp();
  const t = web.app;
  const admin = await t.adminToken();
  const trainer = await t.createUser(['trainer']);
  const cohort = await createCohort(t, [trainer.id]);
  const learner = await createLearner(t, { firstName: 'Élodie', lastName: 'Vasseur-Nguyen', pathway: 'training', cohortId: cohort.id });
  learnerId = learner.id;
  for (const [ccpCode, source] of [
    ['RNCP36805BC01', 'external'],
    ['RNCP36805BC02', 'equivalence'],
  ]) {
    await t.http
      .post(`/api/learners/${learner.id}/prior-ccps`)
      .set(auth(admin))
      .send({ ccpCode, obtainedOn: '2024-06-18', source, reference: 'Livret n° 2024-0112' })
      .expect(201);
  }
  code = (await t.http.get(`/api/learners/${learner.id}/credential`).set(auth(admin)).expect(200)).body.verificationCode as string;
});

afterAll(async () => {
  await web?.close();
});

async function noSideScroll(page: Page, screen: string): Promise<void> {
  const { scrollWidth, innerWidth } = await pageWidth(page);
  if (scrollWidth > innerWidth) throw new Error(`${screen} défile de côté (${scrollWidth} px) : ${(await overflowing(page)).join(' ; ')}`);
}

const frenchToday = (): string =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());

async function typeCode(page: Page, typed: string): Promise<void> {
  await typeKeys(page.getByLabel('Code de vérification'), typed);
  await page.getByRole('button', { name: 'Vérifier' }).click();
}

journey('a code typed key by key, without signing in, at 1366 and 390 px: valid, holder « Prénom N. », CCPs', async () => {
  for (const width of [1366, 390]) {
    const page = await openPage(web, width, width === 390 ? 844 : 900);
    await page.goto(`${web.url}/verifier`);
    await page.getByRole('heading', { level: 1, name: "Vérification d'une attestation de résultats" }).waitFor();
    // As read on paper: lower case, spaces instead of dashes.
    await typeCode(page, code.toLowerCase().replace(/-/g, ' '));
    await page.waitForURL(new RegExp(`/verifier/${code}$`));
    await page.getByText('Attestation valide').waitFor();
    await page.getByText('Élodie V.', { exact: true }).waitFor();
    const body = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(body).not.toContain('Vasseur');
    expect(body).toContain('CCP 1 —');
    expect(body).toContain('CCP 2 —');
    expect(body).toContain('Obtenu le 18/06/2024');
    expect(body).toContain('Origine : obtenu antérieurement');
    expect(body).toContain('équivalence');
    expect(body.toLowerCase().split('validé par la dreets')).toHaveLength(3); // both CCPs
    expect(body).toContain(`Attestation délivrée le ${frenchToday()}`);
    await noSideScroll(page, `La vérification à ${width} px`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, `verifier-valid-${width}`);
    expect(jsErrors(page)).toEqual([]);
    await page.context().close();
  }
});

journey('an unknown code says « Code inconnu »', async () => {
  const page = await openPage(web, 390, 844);
  await page.goto(`${web.url}/verifier`);
  await typeCode(page, 'ZZZZ-ZZZZ-ZZZ9');
  await page.getByText('Code inconnu').waitFor();
  await noSideScroll(page, 'Le code inconnu à 390 px');
  await screenshot(page, 'verifier-unknown-390');
  await page.context().close();
});

journey('staff: the booklet panel gives the same code; after a fraud withdrawal the page shows « Attestation révoquée le … »', async () => {
  const staff = await signIn(web, 'secretariat@demo.sams.fr');
  await staff.goto(`${web.url}/apprenants/${learnerId}`);
  await staff.getByRole('tab', { name: 'Livret de certification' }).click();
  await staff.getByRole('heading', { name: 'Attestation vérifiable' }).waitFor();
  const download = staff.waitForEvent('download');
  await staff.getByRole('button', { name: "Télécharger l'attestation signée (JSON/JWT)" }).click();
  expect((await download).suggestedFilename()).toBe(`attestation-signee-${code}.json`);
  await expect(staff.getByTestId('verification-code').innerText()).resolves.toBe(code);
  await screenshot(staff, 'verifier-booklet-panel-1366');

  const t = web.app;
  await t.http
    .post(`/api/learners/${learnerId}/award-withdrawals`)
    .set(auth(await t.adminToken()))
    .send({ ccpCode: 'RNCP36805BC02', reason: 'Fraude établie : décision DREETS du 12/09/2025' })
    .expect(201);
  for (const width of [1366, 390]) {
    const page = await openPage(web, width, width === 390 ? 844 : 900);
    await page.goto(`${web.url}/verifier/${code}`);
    await page.getByText(`Attestation révoquée le ${frenchToday()}`).waitFor();
    await page.getByText('Élodie V.', { exact: true }).waitFor();
    await noSideScroll(page, `La révocation à ${width} px`);
    await screenshot(page, `verifier-revoked-${width}`);
    await page.context().close();
  }
  // The panel now gives a new code, valid, without the withdrawn CCP.
  await staff.reload();
  await staff.getByRole('tab', { name: 'Livret de certification' }).click();
  await staff.getByRole('button', { name: "Télécharger l'attestation signée (JSON/JWT)" }).click();
  await staff.getByTestId('verification-code').filter({ hasNotText: code }).waitFor();
  const next = await staff.getByTestId('verification-code').innerText();
  await staff.getByRole('link', { name: 'Page de vérification publique' }).click();
  await staff.waitForURL(new RegExp(`/verifier/${next}$`));
  await staff.getByText('Attestation valide').waitFor();
  expect((await staff.locator('main').innerText()).includes('CCP 2 —')).toBe(false);

  // At 390 px the panel's button label wraps instead of being clipped (review F8: « …signée (JSC »).
  await staff.setViewportSize({ width: 390, height: 844 });
  await staff.goBack();
  await staff.getByRole('tab', { name: 'Livret de certification' }).click();
  const button = staff.getByRole('button', { name: "Télécharger l'attestation signée (JSON/JWT)" });
  await button.waitFor();
  const clipped = await button.evaluate((b) => [...b.querySelectorAll('span')].some((s) => s.scrollWidth > s.clientWidth + 1));
  expect(clipped).toBe(false);
  await noSideScroll(staff, 'Le panneau d’attestation à 390 px');
});
