// Issue 16 (3): the admin anonymises a learner from the learner screen — « Anonymiser… », the reason
// typed key by key, « Continuer », « Anonymiser définitivement » double-clicked (one request, one
// anonymisation) — at 1366 and 390 px; the page then shows the banner and the pseudonym. The centre
// page shows what the next retention run will erase.
import type { Page } from 'playwright-core';
import {
  countRequests,
  jsErrors,
  journeyOf,
  overflowing,
  pageWidth,
  screenshot,
  signIn,
  startWebApp,
  typeKeys,
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

const journey = journeyOf('anonymisation');
const STAFF = 'secretariat@demo.sams.fr';

async function noSideScroll(page: Page, screen: string): Promise<void> {
  const { scrollWidth, innerWidth } = await pageWidth(page);
  if (scrollWidth > innerWidth) throw new Error(`${screen} défile de côté (${scrollWidth} px) : ${(await overflowing(page)).join(' ; ')}`);
}

/** Demo learners in no jury session (nothing open): the ones an admin may anonymise at once. */
async function learnersWithoutSession(): Promise<{ id: string; first_name: string; last_name: string; email: string }[]> {
  return web.app.dataSource.query(
    `SELECT id, first_name, last_name, email FROM learners l
      WHERE anonymised_at IS NULL AND NOT EXISTS (SELECT 1 FROM session_candidates c WHERE c.learner_id = l.id)
      ORDER BY last_name, first_name`,
  );
}

for (const width of [1366, 390]) {
  journey(`the admin anonymises a learner from their page, reason typed key by key, confirm double-clicked — ${width} px`, async () => {
    const candidates = await learnersWithoutSession();
    expect(candidates.length).toBeGreaterThan(1);
    const learner = candidates[width === 1366 ? 0 : 1];
    const page = await signIn(web, STAFF);
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    const posts = countRequests(page, 'POST', /\/api\/learners\/[^/]+\/anonymisation$/);
    await page.goto(`${web.url}/apprenants/${learner.id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(learner.first_name) }).waitFor();
    await page.getByRole('button', { name: 'Anonymiser…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Anonymiser l’apprenant' });
    await dialog.waitFor();
    // « Continuer » waits for a reason.
    expect(await dialog.getByRole('button', { name: 'Continuer' }).isDisabled()).toBe(true);
    await typeKeys(dialog.getByLabel(/^Motif/), `Demande d’effacement (RGPD art. 17) reçue le 01/12/2026 — ${width} px`);
    await dialog.getByRole('button', { name: 'Continuer' }).click();
    await dialog.getByText('Cette anonymisation est définitive').waitFor();
    await noSideScroll(page, `confirmation (${width} px)`);
    await screenshot(page, `anonymisation-confirmation-${width}`);
    await dialog.getByRole('button', { name: 'Anonymiser définitivement' }).dblclick();
    await page.getByText(/Données personnelles anonymisées le \d{2}\/\d{2}\/\d{4}/).waitFor();
    await page.getByRole('heading', { level: 1, name: /^Anonyme ANON-[0-9A-Z]{8}$/ }).waitFor();
    expect(await page.getByText(learner.last_name, { exact: false }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Anonymiser…' }).count()).toBe(0);
    await noSideScroll(page, `fiche anonymisée (${width} px)`);
    await screenshot(page, `anonymisation-fiche-${width}`);
    expect(posts.count).toBe(1);
    const entries = await web.app.dataSource.query(`SELECT after FROM audit_log WHERE action = 'learner.anonymise' AND entity_id = $1`, [
      learner.id,
    ]);
    expect(entries).toHaveLength(1);
    expect(entries[0].after.reason).toContain(`${width} px`);
    const [row] = await web.app.dataSource.query('SELECT first_name, last_name, birth_date, email FROM learners WHERE id = $1', [
      learner.id,
    ]);
    expect(row).toMatchObject({ first_name: 'Anonyme', birth_date: null });
    expect(row.email).not.toBe(learner.email);
    expect(jsErrors(page)).toEqual([]);
    await page.context().close();
  });
}

journey('the centre page shows what the next retention run will erase, with the policy — 1366 and 390 px', async () => {
  const page = await signIn(web, STAFF);
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto(`${web.url}/centre`);
    await page.getByRole('heading', { name: 'Conservation des données : prochaine application' }).waitFor();
    const summary = page.getByTestId('retention-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(
      /^Le \d{2}\/\d{2}\/\d{4}, seront effacés : \d+ pièces? jointes? de DP, \d+ identités? anonymisées?\.$/,
    );
    await page.getByText(/Chaque jour à 3 h \(heure de Paris\) : pièces jointes 3 ans, identité 6 ans/).waitFor();
    await noSideScroll(page, `centre (${width} px)`);
    await screenshot(page, `retention-preview-${width}`);
  }
  expect(jsErrors(page)).toEqual([]);
  await page.context().close();
});
