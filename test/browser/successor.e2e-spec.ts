// Issue 11: a new title version without writing JSON. Staff duplicate SAMS (RNCP36805), type the
// new version's code, name and dates, declare it SAMS' successor with its correspondences, open a
// cohort and a session CCP on it today, and register a learner who holds a CCP of SAMS: that CCP
// carries over (R-CAP-3) and is not assessed again (R-ELIG-3, R-CAP-2). Typed key by key.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { jsErrors, screenshot, screenshotOpenPages, signIn, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(480_000);
// Typing into the title form re-renders it per key: slow when CI runs another browser test beside.
const TYPING_TIMEOUT = 120_000;

let web: WebApp;

beforeAll(async () => {
  web = await startWebApp();
});

afterAll(async () => {
  await web?.close();
});

const CODE = 'RNCP99901';
const NAME = "Secrétaire assistant — version d'essai";
const COHORT = 'Promotion essai successeur';

/** Today and around it, in Europe/Paris, as typed in the app (JJ/MM/AAAA). */
function frenchDay(offsetDays = 0, offsetYears = 0): string {
  const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offsetDays);
  d.setUTCFullYear(d.getUTCFullYear() + offsetYears);
  return d.toISOString().slice(0, 10).split('-').reverse().join('/');
}

/** Empties a field the way a user would, then types key by key. */
async function retype(field: Locator, text: string): Promise<void> {
  await field.click();
  await field.press('Control+A');
  await field.press('Backspace');
  await field.pressSequentially(text, { timeout: TYPING_TIMEOUT });
}

/** A Mantine Select / MultiSelect input by its label (a textbox when searchable, else a combobox). */
function picker(page: Page, name: string | RegExp): Locator {
  return page.getByRole('textbox', { name }).or(page.getByRole('combobox', { name })).first();
}

/** A field by its whole label (Mantine adds « * » to required ones). */
function field(page: Page, label: string): Locator {
  return page.getByLabel(new RegExp(`^${label}(\\s*\\*)?$`));
}

/**
 * Picks an option of a Mantine Select or MultiSelect: typed key by key when it is searchable
 * (`typed`), else opened and clicked.
 */
async function choose(page: Page, field: Locator, option: RegExp, typed?: string): Promise<void> {
  await field.click();
  if (typed) await field.pressSequentially(typed, { timeout: TYPING_TIMEOUT });
  await page.getByRole('option', { name: option }).click();
}

test('staff duplicate SAMS into a successor, declare the correspondences, and register a learner who carries a CCP over', async () => {
  const page = await signIn(web, 'secretariat@demo.sams.fr');
  try {
    // 1. « Dupliquer » SAMS: the form comes prefilled with its CCPs, competences and criteria.
    await page.getByRole('link', { name: 'Référentiel', exact: true }).click();
    await page.getByRole('button', { name: 'RNCP36805', exact: true }).click();
    await page.getByRole('button', { name: 'Dupliquer' }).click();
    const form = page.getByRole('form', { name: 'Titre' });
    await form.getByRole('heading', { name: 'Nouvelle version à partir de RNCP36805' }).waitFor();
    expect(await form.getByLabel(/^Intitulé de la compétence C12(?!\d)/).inputValue()).toBe(
      'Élaborer et actualiser des tableaux de suivi dans un service sanitaire, médico-social ou social',
    );

    await form.getByLabel('Code RNCP').pressSequentially(CODE, { timeout: TYPING_TIMEOUT });
    expect(await form.getByLabel(/^Code du CCP 1(?!\d)/).inputValue()).toBe(`${CODE}BC01`); // the CCP codes follow
    expect(await form.getByLabel(/^Code du CCP 3(?!\d)/).inputValue()).toBe(`${CODE}BC03`);
    await retype(form.getByLabel('Intitulé du titre'), NAME);
    await retype(form.getByLabel('Premier jour de validité'), frenchDay(-30));
    await form.getByLabel("Date d'échéance (premier jour hors vigueur)").pressSequentially(frenchDay(0, 5), { timeout: TYPING_TIMEOUT });

    // Edit the lists: a criterion moved down, one added to C12.
    await form.getByRole('button', { name: 'Descendre le critère 1 de C1', exact: true }).click();
    expect(await form.getByLabel('Critère 2 de C1', { exact: true }).inputValue()).toBe('L’information transmise est fiable');
    await form.getByRole('button', { name: 'Ajouter un critère à C12' }).click();
    await form
      .getByLabel('Critère 7 de C12', { exact: true })
      .pressSequentially('Les indicateurs sont expliqués aux destinataires', { timeout: TYPING_TIMEOUT });
    await screenshot(page, 'staff-title-duplicate');
    await form.getByRole('button', { name: 'Enregistrer le titre' }).click();

    await page.getByRole('heading', { level: 2, name: `${NAME} — ${CODE} (TP TP-00057)` }).waitFor();
    expect(await page.getByText(/encore modifiable/).count()).toBe(1);
    // « Exporter (JSON) »: the référentiel file format, the edits included.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter (JSON)' }).click()]);
    const file = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      code: string;
      name: string;
      ccps: { code: string; competences: { number: number; criteria: string[] }[] }[];
    };
    expect(file).toMatchObject({ code: CODE, name: NAME });
    expect(file.ccps.map((c) => c.code)).toEqual([`${CODE}BC01`, `${CODE}BC02`, `${CODE}BC03`]);
    expect(file.ccps[2].competences.find((k) => k.number === 12)!.criteria.at(-1)).toBe('Les indicateurs sont expliqués aux destinataires');
    expect(file.ccps[0].competences[0].criteria.slice(0, 2)).toEqual([
      'Les règles orthographiques et syntaxiques sont respectées',
      'L’information transmise est fiable',
    ]);

    // 2. SAMS' successor and the correspondences, one CCP for one.
    await page.getByRole('button', { name: 'RNCP36805', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: /— RNCP36805 / }).waitFor();
    await choose(page, picker(page, 'Titre qui succède'), new RegExp(`^${CODE} —`));
    for (const n of [1, 2, 3]) {
      await choose(page, picker(page, new RegExp(`^CCP ${n} du successeur`)), new RegExp(`^CCP ${n} —`));
      await page.keyboard.press('Escape');
    }
    await page.getByRole('button', { name: 'Enregistrer le successeur' }).click();
    await page.getByText('Enregistré', { exact: true }).waitFor();
    await page
      .getByText(`Correspondances vers ${CODE} : RNCP36805BC01 → ${CODE}BC01 ; RNCP36805BC02 → ${CODE}BC02 ; RNCP36805BC03 → ${CODE}BC03`)
      .waitFor();

    // 3. A cohort on the new title, starting today; Thomas Girard (CCP 1 of SAMS) moves into it.
    await page.getByRole('link', { name: 'Cohortes', exact: true }).click();
    await page.getByRole('button', { name: 'Nouvelle cohorte' }).click();
    await field(page, 'Nom').pressSequentially(COHORT, { timeout: TYPING_TIMEOUT });
    await choose(page, picker(page, 'Titre préparé'), new RegExp(`^${CODE} —`));
    await field(page, 'Début').pressSequentially(frenchDay(), { timeout: TYPING_TIMEOUT });
    await field(page, 'Fin').pressSequentially(frenchDay(300), { timeout: TYPING_TIMEOUT });
    await page.getByRole('button', { name: 'Créer la cohorte' }).click();
    await page.getByRole('link', { name: COHORT }).waitFor();

    await page.getByRole('link', { name: 'Apprenants', exact: true }).click();
    await page.getByLabel('Rechercher (nom, prénom, e-mail)').pressSequentially('Girard', { timeout: TYPING_TIMEOUT });
    await page.getByRole('link', { name: 'GIRARD Thomas' }).click();
    await page.getByRole('tab', { name: 'Fiche' }).click();
    await retype(picker(page, 'Cohorte'), 'essai');
    await page.getByRole('option', { name: new RegExp(COHORT) }).click();
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Enregistré', { exact: true }).waitFor();

    // 4. A session CCP on the new title, today, for its three CCPs.
    await page.getByRole('link', { name: 'Sessions de jury', exact: true }).click();
    await page.getByRole('button', { name: 'Nouvelle session' }).click();
    await page
      .locator('label')
      .filter({ hasText: /^Session CCP$/ })
      .click();
    await choose(page, picker(page, /^Titre$/), new RegExp(`^${CODE} —`));
    await picker(page, 'CCP évalués').click({ force: true }); // (its pills box covers the input) the list stays open while CCPs are picked
    for (const n of [1, 2, 3]) await page.getByRole('option', { name: new RegExp(`^CCP ${n} —`) }).click();
    await page.keyboard.press('Escape');
    await field(page, 'Premier jour').pressSequentially(frenchDay(), { timeout: TYPING_TIMEOUT });
    await field(page, 'Dernier jour').pressSequentially(frenchDay(), { timeout: TYPING_TIMEOUT });
    await page.getByRole('button', { name: 'Créer la session' }).click();
    const today = frenchDay();
    await page
      .getByRole('row')
      .filter({ hasText: CODE })
      .getByRole('link', { name: `Le ${today}` })
      .click();
    await page.getByRole('heading', { level: 1, name: `Session CCP du ${today}` }).waitFor();

    // 5. CCP 1 asked for explicitly: refused, a CCP held is never assessed again (R-ELIG-3).
    const apprenant = picker(page, 'Apprenant');
    await choose(page, apprenant, /GIRARD Thomas/, 'Girard');
    await picker(page, 'CCP présentés').click({ force: true });
    await page.getByRole('option', { name: /^CCP 1$/ }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Inscrire', exact: true }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Inscription refusée' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/réévalué.*CCP 1.*R-ELIG-3.*ELIG\.ALREADY_HOLDS_CCP/s);
    expect(await page.getByRole('button', { name: /par dérogation/ }).count()).toBe(0);

    // Then the CCPs he lacks (the session's, by default): the ECF and DP refusals lifted with a reason.
    await picker(page, 'CCP présentés').click({ force: true });
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await refusal.filter({ hasText: 'R-ELIG-5' }).waitFor();
    expect(await refusal.textContent()).not.toContain('R-ELIG-3');
    await page.getByRole('button', { name: 'Inscrire par dérogation…' }).click();
    await page
      .getByLabel('Motif de la dérogation')
      .pressSequentially('Nouvelle version du titre : pièces vérifiées par le centre', { timeout: TYPING_TIMEOUT });
    await page.getByRole('button', { name: "Confirmer l'inscription par dérogation" }).click();
    const row = page.getByRole('row').filter({ hasText: 'GIRARD Thomas' });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('CCP 2, CCP 3');
    await screenshot(page, 'staff-successor-session');

    // The new title is now used: it can no longer be edited (R-REF-3), only duplicated.
    await page.getByRole('link', { name: 'Référentiel', exact: true }).click();
    await page.getByRole('button', { name: CODE, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: new RegExp(CODE) }).waitFor();
    // The detail is fetched again on selection: wait for the fresh one, then no « Modifier ».
    await page.getByRole('button', { name: 'Modifier' }).waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Modifier' }).count()).toBe(0);
    expect(await page.getByText(/succède à RNCP36805/).count()).toBe(1);
    expect(jsErrors(page)).toEqual([]);
    await page.context().close();
  } catch (error) {
    await screenshotOpenPages('successor');
    throw error;
  }
});
