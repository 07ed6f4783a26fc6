// The five journeys of the web app (issue 6), in a real Chromium over the real app and the demo
// centre. They run in order: each starts from the demo data as the previous ones left it.
import type { Page } from 'playwright-core';
import {
  journeyOf,
  jsErrors,
  openPage,
  screenshot,
  seriousA11yViolations,
  signIn,
  startWebApp,
  type WebApp,
  writeMeasurement,
} from '../support/browser';
import { DEMO_COHORT, demoDates } from '../../seeds/demo';

/** The demo's session CCP, three weeks from today (seeds/demo.ts), as the app writes it. */
const CCP_SESSION = demoDates().ccpSession.split('-').reverse().join('/');
const CCP_SESSION_RE = CCP_SESSION.replaceAll('/', '\\/');

jest.setTimeout(180_000);

let web: WebApp;
const journey = journeyOf('journeys');

beforeAll(async () => {
  web = await startWebApp();
});

afterAll(async () => {
  await web?.close();
});

async function expectAccessible(page: Page): Promise<void> {
  // The screen as the user reads it: not while a part of it is still loading.
  await page.locator('[aria-label="Chargement"]').first().waitFor({ state: 'detached' });
  expect(await seriousA11yViolations(page)).toEqual([]);
}

async function done(page: Page): Promise<void> {
  expect(jsErrors(page)).toEqual([]);
  await page.context().close();
}

/** Picks an option of a Mantine Select by typing in it. */
async function choose(page: Page, label: string | RegExp, typed: string, option: RegExp): Promise<void> {
  const input = page.getByRole('textbox', { name: label }).or(page.getByLabel(label)).first();
  await input.click();
  await input.fill(typed);
  await page.getByRole('option', { name: option }).click();
}

journey(
  '(5) staff register a candidate, see the refusals with their rules, and override them with a reason (R-ELIG-4, R-ELIG-5, R-JURY-3)',
  async () => {
    const page = await signIn(web, 'secretariat@demo.sams.fr');
    await expectAccessible(page);
    await screenshot(page, 'staff-home');

    await page.getByRole('link', { name: 'Sessions de jury', exact: true }).click();
    await page.getByRole('link', { name: `Le ${CCP_SESSION}` }).click();
    await page.getByRole('heading', { level: 1, name: `Session CCP du ${CCP_SESSION}` }).waitFor();

    // Thomas Girard has not submitted his DP (R-ELIG-5, which the centre may lift) but Marc Rousseau
    // works for his employer (R-JURY-3, never lifted): both are said at once, and no override is offered.
    await choose(page, 'Apprenant', 'Girard', /GIRARD Thomas/);
    await page.getByRole('button', { name: 'Inscrire', exact: true }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Inscription refusée' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/R-ELIG-5.*ELIG\.DP_NOT_SUBMITTED.*dérogation possible.*Conflit d'intérêts.*R-JURY-3/s);
    expect(await page.getByRole('button', { name: /par dérogation/ }).count()).toBe(0);

    // Aïcha Diallo: ECF synthesis not signed (R-ELIG-4) and DP not submitted (R-ELIG-5), both liftable.
    await choose(page, 'Apprenant', 'Diallo', /DIALLO Aïcha/);
    await page.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await refusal.filter({ hasText: 'R-ELIG-4' }).waitFor();
    expect(await refusal.textContent()).toMatch(/R-ELIG-4.*ELIG\.MISSING_ECF_SYNTHESIS.*R-ELIG-5.*ELIG\.DP_NOT_SUBMITTED/s);
    await expectAccessible(page);
    await screenshot(page, 'staff-session-refusal');

    await page.getByRole('button', { name: 'Inscrire par dérogation…' }).click();
    await page.getByLabel('Motif de la dérogation').fill('Dossier remis en main propre au jury le jour de la session');
    await page.getByRole('button', { name: "Confirmer l'inscription par dérogation" }).click();
    const row = page.getByRole('row').filter({ hasText: 'DIALLO Aïcha' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Dossier remis en main propre au jury le jour de la session');
    expect(await refusal.count()).toBe(0);
    await screenshot(page, 'staff-session');
    await done(page);
  },
);

journey('(1) a trainer records an ECF evaluation and signs the synthesis', async () => {
  const page = await signIn(web, 'formatrice@demo.sams.fr');
  await page.getByRole('link', { name: 'Cohortes', exact: true }).click();
  await page.getByRole('link', { name: DEMO_COHORT }).click();
  await page.getByRole('table', { name: 'Progression des apprenants par CCP' }).waitFor();
  await expectAccessible(page);
  await screenshot(page, 'trainer-cohort-progress');

  await page.getByRole('link', { name: 'BRUNET Yanis' }).click();
  const ccp2 = page.getByRole('region', { name: /^CCP 2 —/ });
  await ccp2.getByRole('button', { name: 'Enregistrer une évaluation (CCP 2)' }).click();
  await ccp2.getByLabel('Mise en situation évaluée').fill("Accueil téléphonique d'un patient et prise de rendez-vous");
  await ccp2.getByRole('radiogroup', { name: /^C6 —/ }).getByLabel('Acquis', { exact: true }).check();
  await ccp2.getByRole('radiogroup', { name: /^C7 —/ }).getByLabel('Non acquis').check();
  await expectAccessible(page);
  await ccp2.getByRole('button', { name: "Enregistrer l'évaluation" }).click();
  const evaluation = ccp2.getByRole('row').filter({ hasText: "Accueil téléphonique d'un patient" });
  await evaluation.waitFor();
  expect(await evaluation.textContent()).toMatch(/C6 A.*C7 NA/);

  await ccp2.getByLabel('Observations').fill('Accueil courtois et efficace ; la prise de rendez-vous multi-agendas reste à consolider.');
  await ccp2.getByRole('checkbox', { name: 'C7' }).check();
  await ccp2.getByRole('button', { name: 'Enregistrer la synthèse' }).click();
  await ccp2.getByRole('button', { name: "Signer en tant qu'évaluateur" }).click();
  await ccp2.getByText(/Évaluateur\(s\) : .+ le \d{2}\/\d{2}\/\d{4}/).waitFor();
  expect(await ccp2.textContent()).toContain('Compétences à réévaluer : C7');
  await screenshot(page, 'trainer-learner-ecf');
  await done(page);
});

journey('(2) a learner completes and submits the dossier professionnel; an expired session loses nothing typed', async () => {
  const page = await signIn(web, 'apprenant@demo.sams.fr');
  await page.getByRole('link', { name: 'Mon dossier professionnel', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Mon dossier professionnel' }).waitFor();

  // Submitting too early: the refusal names what is missing, next to the CCP it concerns.
  await page.getByRole('button', { name: 'Remettre mon dossier' }).click();
  const ccp3 = page.getByRole('region', { name: /^CCP 3 —/ });
  await ccp3.getByRole('alert').filter({ hasText: 'aucun exemple de pratique' }).waitFor();
  expect(await page.getByRole('alert').filter({ hasText: 'Le dossier ne peut pas être remis' }).textContent()).toContain('R-DP-1');

  await ccp3.getByRole('button', { name: 'Ajouter un exemple au CCP 3' }).click();
  await ccp3.getByLabel("Intitulé de l'exemple").fill("Constitution et suivi des dossiers d'admission");
  await ccp3.getByLabel("Nom de l'entreprise, organisme ou association").fill('Clinique du Parc');
  await ccp3.getByLabel('Chantier, atelier, service').fill('Bureau des admissions');
  await ccp3.getByLabel('Période : du').fill('02/09/2024');
  await ccp3.getByLabel('Période : au').fill('20/12/2024');
  await ccp3
    .getByLabel(/1\. Décrivez les tâches/)
    .fill("J'ai vérifié le dossier de M. X, n° 1 85 05 78 006 084 91, puis planifié son admission.");
  await ccp3
    .getByLabel(/2\. Précisez les moyens/)
    .fill('Logiciel de gestion administrative des patients, tableur de suivi, messagerie sécurisée.');
  await ccp3.getByLabel(/3\. Avec qui/).fill("L'infirmière coordinatrice et le médecin responsable du service.");

  // The token expires while the learner types: the first save is answered 401.
  await page.route(
    '**/professional-file/examples',
    (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: '{"statusCode":401,"code":"AUTH.UNAUTHENTICATED","message":"Session expirée."}',
      }),
    { times: 1 },
  );
  await ccp3.getByRole('button', { name: "Enregistrer l'exemple" }).click();
  const dialog = page.getByRole('dialog', { name: 'Votre session a expiré' });
  await dialog.waitFor();
  await dialog.getByLabel('Mot de passe').fill('Demo-SAMS-2026!');
  await dialog.getByRole('button', { name: 'Se reconnecter' }).click();
  await dialog.waitFor({ state: 'hidden' });
  expect(await ccp3.getByLabel("Intitulé de l'exemple").inputValue()).toBe("Constitution et suivi des dossiers d'admission");

  // Saved, with the patient-data warning (R-DP-2) next to the field that holds the number.
  await ccp3.getByRole('button', { name: "Enregistrer l'exemple" }).click();
  const warning = ccp3.getByRole('status').filter({ hasText: 'Donnée de santé possible (R-DP-2)' });
  await warning.waitFor();
  await expectAccessible(page);
  await screenshot(page, 'learner-dp-warning');
  await ccp3
    .getByLabel(/1\. Décrivez les tâches/)
    .fill("J'ai vérifié la complétude des dossiers d'admission, relancé les pièces manquantes et planifié les entrées.");
  await ccp3.getByRole('button', { name: "Enregistrer l'exemple" }).click();
  await ccp3.getByRole('button', { name: "Enregistrer l'exemple" }).waitFor({ state: 'detached' });
  await ccp3.getByText("Constitution et suivi des dossiers d'admission", { exact: true }).waitFor();
  expect(await warning.count()).toBe(0);

  await page.getByLabel('Fait à').fill('Lyon');
  await page.getByRole('button', { name: 'Signer la déclaration' }).click();
  await page.getByText(/Signée à Lyon le/).waitFor();
  await page.getByRole('button', { name: 'Remettre mon dossier' }).click();
  await page.getByText(/Remis le \d{2}\/\d{2}\/\d{4}/).waitFor();
  expect(await page.getByRole('button', { name: 'Remettre mon dossier' }).count()).toBe(0);
  await expectAccessible(page);
  await screenshot(page, 'learner-dp');
  await done(page);
});

journey('(3) two jurors record results, close the deliberation and sign the PV', async () => {
  const jury1 = await signIn(web, 'jury1@demo.sams.fr');
  await jury1.getByRole('link', { name: 'Sessions de jury', exact: true }).click();
  await jury1.getByRole('link', { name: `Le ${CCP_SESSION}` }).click();
  await jury1.getByRole('button', { name: 'Ouvrir la délibération' }).click();
  await jury1.getByText('En délibération').first().waitFor();
  await jury1.getByRole('link', { name: 'BENALI Karim' }).click();
  await jury1.getByRole('heading', { level: 1, name: 'Dossier de Karim BENALI' }).waitFor();

  // The title is offered only once every CCP is held and the final interview took place (R-DEC-2).
  const title = jury1.getByRole('checkbox', { name: 'Le jury délivre le titre professionnel' });
  expect(await title.isDisabled()).toBe(true);
  expect(await jury1.getByText(/il manque CCP 2 \(R-DEC-2/).count()).toBe(1);
  await jury1.getByRole('checkbox', { name: /^CCP 2 —/ }).check();
  expect(await title.isDisabled()).toBe(true);
  await jury1.getByRole('checkbox', { name: "L'entretien final avec le jury a eu lieu" }).check();
  expect(await title.isDisabled()).toBe(false);
  await title.check();
  await expectAccessible(jury1);
  await screenshot(jury1, 'juror-candidate-dossier');
  await jury1.getByRole('button', { name: 'Enregistrer le résultat' }).click();
  await jury1.getByText('Résultat enregistré :').waitFor();
  expect(await jury1.getByText('Titre obtenu').count()).toBeGreaterThan(0);
  await done(jury1);

  const jury2 = await signIn(web, 'jury2@demo.sams.fr');
  await jury2.getByRole('link', { name: 'Sessions de jury', exact: true }).click();
  await jury2.getByRole('link', { name: `Le ${CCP_SESSION}` }).click();
  await jury2.getByRole('link', { name: 'DIALLO Aïcha' }).click();
  await jury2
    .locator('label')
    .filter({ hasText: /^Absent$/ })
    .click();
  await jury2.getByRole('button', { name: 'Enregistrer le résultat' }).click();
  await jury2.getByText('Résultat enregistré :').waitFor();
  await jury2.getByRole('link', { name: /Retour à la session/ }).click();
  await jury2.getByRole('button', { name: 'Clore la délibération' }).click();
  await jury2.getByRole('heading', { name: 'Procès-verbal — version 1' }).waitFor();
  await jury2.getByRole('button', { name: 'Signer le procès-verbal' }).click();
  await jury2.getByText('Vous avez signé. En attente des autres membres du jury.').waitFor();
  await expectAccessible(jury2);
  await screenshot(jury2, 'juror-session-pv');
  await done(jury2);

  const again = await signIn(web, 'jury1@demo.sams.fr');
  await again.getByRole('link', { name: new RegExp(`Session CCP du ${CCP_SESSION_RE}`) }).click();
  await again.getByRole('button', { name: 'Signer le procès-verbal' }).click();
  await again.getByText('Signé par tous les membres du jury : les résultats sont inscrits aux livrets.').waitFor();
  expect(await again.getByText(/Signatures \(2\/2\)/).count()).toBe(1);
  await done(again);
});

journey('(4) the learner then sees the CCPs and the title in Mon livret (time to interactive measured)', async () => {
  const page = await signIn(web, 'karim.benali@exemple.fr');
  const scripts: Promise<number>[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.js')) scripts.push(response.headerValue('content-length').then((v) => Number(v ?? 0)));
  });
  const started = Date.now();
  await page.goto(`${web.url}/livret`);
  await page.getByRole('heading', { level: 1, name: 'Mon livret' }).waitFor();
  await page.getByText(`Titre obtenu le ${CCP_SESSION}`).waitFor();
  await page.getByRole('button', { name: "Télécharger l'attestation (PDF)" }).waitFor({ state: 'visible' });
  const interactive = Date.now() - started;
  const timing = await page.evaluate(() => {
    const perf = (
      globalThis as unknown as {
        performance: { getEntriesByType(type: string): { domContentLoadedEventEnd: number; loadEventEnd: number }[] };
      }
    ).performance;
    const nav = perf.getEntriesByType('navigation')[0];
    return { domContentLoaded: Math.round(nav.domContentLoadedEventEnd), load: Math.round(nav.loadEventEnd) };
  });
  const scriptBytes = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
  writeMeasurement('mon-livret-tti', {
    timeToInteractiveMs: interactive,
    ...timing,
    scriptFiles: scripts.length,
    scriptBytesTransferred: scriptBytes,
    note: 'navigation to /livret until the booklet and its download button are shown, demo data, same machine',
  });
  console.log(
    `Mon livret interactive in ${interactive} ms (DOMContentLoaded ${timing.domContentLoaded} ms), ${scripts.length} scripts, ${scriptBytes} bytes of JS transferred`,
  );

  for (const n of [1, 2, 3]) {
    const card = page.getByLabel(`CCP ${n}`, { exact: true });
    expect(await card.textContent()).toContain('Obtenu');
  }
  expect(await page.getByLabel('CCP 2', { exact: true }).textContent()).toMatch(
    new RegExp(`Obtenu le ${CCP_SESSION_RE} \\(session de jury\\) — validation DREETS en attente`),
  );
  expect(await page.getByText('En attente de validation', { exact: true }).count()).toBe(1);
  await expectAccessible(page);
  await screenshot(page, 'learner-livret');
  await done(page);
});

journey('(keyboard) signing in and reaching a screen with the keyboard alone, focus visible', async () => {
  const page = await openPage(web);
  await page.goto(`${web.url}/`);
  await page.getByLabel('Adresse e-mail').waitFor();
  await expectAccessible(page);
  await screenshot(page, 'sign-in');
  await page.getByLabel('Adresse e-mail').focus(); // (axe's script tag took the focus)
  await page.keyboard.type('formatrice@demo.sams.fr');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Demo-SAMS-2026!');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
  // A new screen puts the focus on its title (announced by screen readers); the navigation is
  // just before it, the content just after it.
  const focused = () =>
    page.evaluate(() => {
      const element = (globalThis as unknown as { document: { activeElement: { tagName: string; textContent: string } } }).document
        .activeElement;
      return { tagName: element.tagName, textContent: element.textContent };
    });
  expect(await focused()).toMatchObject({ tagName: 'H1', textContent: 'Bonjour Claire Martin' });
  let reached = false;
  for (let i = 0; i < 10 && !reached; i += 1) {
    await page.keyboard.press('Shift+Tab');
    reached = (await focused()).textContent === 'Cohortes';
  }
  expect(reached).toBe(true);
  const outline = await page.evaluate(() => {
    const g = globalThis as unknown as {
      document: { activeElement: object };
      getComputedStyle(e: object): { outlineStyle: string; outlineWidth: string };
    };
    const style = g.getComputedStyle(g.document.activeElement);
    return `${style.outlineStyle} ${style.outlineWidth}`;
  });
  expect(outline).not.toMatch(/^none|0px$/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Mes cohortes' }).waitFor();
  await page.context().close();
});

journey('(a11y) every main screen of each role has no serious or critical axe violation', async () => {
  const screens: [string, string, string][] = [
    ['secretariat@demo.sams.fr', '/referentiel', 'Référentiel'],
    ['secretariat@demo.sams.fr', '/cohortes', 'Cohortes'],
    ['secretariat@demo.sams.fr', '/apprenants', 'Apprenants'],
    ['secretariat@demo.sams.fr', '/utilisateurs', 'Utilisateurs et membres de jury'],
    ['secretariat@demo.sams.fr', '/audit', "Journal d'audit"],
    ['secretariat@demo.sams.fr', '/sessions', 'Sessions de jury'],
    ['formatrice@demo.sams.fr', '/', 'Bonjour Claire Martin'],
    ['jury2@demo.sams.fr', '/sessions', 'Mes sessions de jury'],
    ['apprenant@demo.sams.fr', '/', 'Bonjour Léa Moreau'],
    ['apprenant@demo.sams.fr', '/mes-ecf', 'Mes ECF'],
  ];
  const pages = new Map<string, Page>();
  for (const [email, path, title] of screens) {
    if (!pages.has(email)) pages.set(email, await signIn(web, email));
    const page = pages.get(email)!;
    await page.goto(`${web.url}${path}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.locator('[aria-label="Chargement"]').first().waitFor({ state: 'detached' });
    const violations = await seriousA11yViolations(page);
    expect({ path, violations }).toEqual({ path, violations: [] });
    await screenshot(page, `screen-${email.split('@')[0]}-${path.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'accueil'}`);
  }
  for (const page of pages.values()) await done(page);
});
