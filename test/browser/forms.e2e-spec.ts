// Issue 11: every form of the web app as people really use it — typed key by key (never `fill`),
// names in several alphabets, submit buttons double-clicked, an impossible date typed, the back
// button and a second tab — at 1366 px and at 390 px, where no screen may scroll sideways.
import type { Locator, Page } from 'playwright-core';
import {
  countRequests,
  overflowing,
  jsErrors,
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
const TRAINER = 'formatrice@demo.sams.fr';
const LEARNER = 'apprenant@demo.sams.fr';
const LEARNER_WITH_SESSIONS = 'sophie.lambert@exemple.fr';
const JUROR = 'jury1@demo.sams.fr';
const WIDTHS = [1366, 390] as const;

function check(name: string, fn: () => Promise<void>): void {
  test(name, async () => {
    try {
      await fn();
    } catch (error) {
      const tag = `forms-${name.slice(0, 12).replace(/\W/g, '')}`;
      writeMeasurement(`failures/${tag}`, { test: name, error: String(error instanceof Error ? error.message : error) });
      await screenshotOpenPages(tag);
      throw error;
    }
  });
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A field by its label, the required asterisk allowed. */
const field = (scope: Page | Locator, label: string): Locator => scope.getByLabel(new RegExp(`^${escape(label)}\\s*\\*?$`)).first();

/**
 * A count in the database, once the screen has said it was saved: read until it is 1 (the answer
 * may be drawn before the last request settles), then once more a moment later, so that a second
 * write sent by a double click is counted too.
 */
async function count(sql: string, params: unknown[]): Promise<number> {
  const read = async (): Promise<number> => (await web.app.dataSource.query<{ n: number }[]>(sql, params))[0].n;
  for (let i = 0; i < 50 && (await read()) === 0; i += 1) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 300));
  return read();
}

/** No crash page, no JavaScript error, and no error shown beside the success. */
async function healthy(page: Page): Promise<void> {
  expect(await page.getByText('Unexpected Application Error').count()).toBe(0);
  expect(jsErrors(page)).toEqual([]);
  expect(
    await page
      .getByRole('alert')
      .filter({ hasText: /Action impossible|Refusé|déjà|existe/ })
      .count(),
  ).toBe(0);
}

async function noSideScroll(page: Page, screen: string): Promise<void> {
  await page.locator('[aria-label="Chargement"]').first().waitFor({ state: 'detached' });
  const { scrollWidth, innerWidth } = await pageWidth(page);
  expect(`${screen}: ${scrollWidth} px`).toBe(`${screen}: ${Math.min(scrollWidth, innerWidth)} px`);
}

/** Picks an option of a Mantine Select: typed key by key when `typed`, else the first option. */
async function choose(page: Page, input: Locator, typed?: string, option?: RegExp): Promise<void> {
  await input.click();
  if (typed) await input.pressSequentially(typed, { delay: 20 });
  const options = option ? page.getByRole('option', { name: option }) : page.getByRole('option');
  await options.first().click();
}

/** The form closed once saved; else what it says (an alert or a field's error) is the failure. */
async function closed(form: Locator): Promise<void> {
  const said = form.locator('[role="alert"], .mantine-InputWrapper-error').first();
  await Promise.race([form.waitFor({ state: 'detached' }), said.waitFor()]);
  if (await form.count()) throw new Error(`Formulaire refusé : ${await said.textContent()}`);
}

async function at(page: Page, width: number): Promise<void> {
  await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
}

const NAMES = [
  { last: 'NGUYỄN', first: 'Thị Ánh' },
  { last: 'Żółć', first: 'Łukasz' },
  { last: 'Παπαδοπούλου', first: 'Σοφία' },
  { last: 'Иванов', first: 'Дмитрий' },
];

check('staff: « Nouvel apprenant » typed key by key, an impossible date refused in the field, double-clicked once created', async () => {
  const page = await signIn(web, STAFF);
  const posts = countRequests(page, 'POST', /^\/api\/learners$/);
  for (const [i, width] of WIDTHS.entries()) {
    await at(page, width);
    await page.goto(`${web.url}/apprenants`);
    await page.getByRole('button', { name: 'Nouvel apprenant' }).click();
    const form = page.locator('form').filter({ hasText: 'Nouvel apprenant' });
    const name = NAMES[i];
    const email = `${['thi.anh', 'lukasz'][i]}.${width}@exemple.fr`;
    await typeKeys(field(form, 'Nom'), name.last);
    await typeKeys(field(form, 'Prénom'), name.first);

    // 31/02/2025 does not exist: said in the field, never rolled over to 03/03, never sent.
    const birth = field(form, 'Date de naissance');
    await typeKeys(birth, '31/02/2025');
    await form.getByText("Date impossible : le 31/02/2025 n'existe pas.").waitFor();
    expect(await birth.inputValue()).toBe('31/02/2025');
    await typeKeys(birth, '1990/07/14');
    await field(form, 'Prénom').click();
    await form.getByText('Format attendu : JJ/MM/AAAA').waitFor();
    await typeKeys(birth, '14/07/1990');
    await field(form, 'Prénom').click();
    expect(await form.getByText(/Date impossible|Format attendu/).count()).toBe(0);
    expect(await birth.inputValue()).toBe('14/07/1990');

    await typeKeys(field(form, 'Adresse e-mail'), email);
    await typeKeys(field(form, 'Employeur (facultatif)'), 'Centre hospitalier Saint-Étienne — Œuvre « Ĳssel »');
    await choose(page, field(form, 'Cohorte'));
    await typeKeys(field(form, "Aménagements d'épreuve accordés (facultatif)"), 'Tiers-temps ; salle au rez-de-chaussée.\nLecteur.');
    await typeKeys(field(form, 'Mot de passe du compte apprenant (facultatif)'), `Ωμέγα-Щука-${width}-sûr!`);
    await screenshot(page, `forms-new-learner-${width}`);
    if (width === 390) await noSideScroll(page, 'Nouvel apprenant');

    // An impossible date blocks the form: nothing is sent.
    await typeKeys(birth, '30/02/1990');
    await form.getByRole('button', { name: "Créer l'apprenant" }).click();
    await form.getByText("Date impossible : le 30/02/1990 n'existe pas.").waitFor();
    expect(posts.count).toBe(i);
    await typeKeys(birth, '14/07/1990');

    await form.getByRole('button', { name: "Créer l'apprenant" }).dblclick();
    await page.getByRole('heading', { level: 1, name: new RegExp(escape(name.last.toUpperCase())) }).waitFor();
    expect(posts.count).toBe(i + 1);
    expect(await count('select count(*)::int as n from learners where email = $1', [email])).toBe(1);
    await healthy(page);

    // « Fiche »: the name retyped in another alphabet, saved with a double click.
    await page.getByRole('tab', { name: 'Fiche' }).click();
    const other = NAMES[i + 2];
    await typeKeys(field(page, 'Nom'), other.last);
    await typeKeys(field(page, 'Prénom'), other.first);
    await typeKeys(field(page, 'Date de naissance'), '29/02/1992');
    await typeKeys(field(page, "Aménagements d'épreuve accordés"), 'Ordinateur — «\u00a0clavier AZERTY\u00a0».');
    await page.getByRole('tabpanel').getByRole('button', { name: 'Enregistrer', exact: true }).dblclick();
    await page.getByRole('heading', { level: 1, name: new RegExp(escape(other.last.toUpperCase())) }).waitFor();
    const rows: { last_name: string; birth_date: string }[] = await web.app.dataSource.query(
      "select last_name, to_char(birth_date, 'YYYY-MM-DD') as birth_date from learners where email = $1",
      [email],
    );
    expect(rows).toEqual([{ last_name: other.last, birth_date: '1992-02-29' }]);
    if (width === 390) await noSideScroll(page, 'Fiche apprenant');
    await healthy(page);

    // A CCP obtained elsewhere, recorded with a double click.
    await page.getByRole('tab', { name: 'Livret de certification' }).click();
    const prior = page.locator('form').filter({ hasText: 'Enregistrer un CCP obtenu ailleurs' });
    await choose(page, field(prior, 'CCP'));
    await typeKeys(field(prior, 'Obtenu le'), '31/04/2024');
    await prior.getByText("Date impossible : le 31/04/2024 n'existe pas.").waitFor();
    await typeKeys(field(prior, 'Obtenu le'), '30/04/2024');
    await typeKeys(field(prior, 'Référence (PV, décision)'), 'PV n° 2024-Ж-17 — DREETS Île-de-France');
    await prior.getByRole('button', { name: 'Enregistrer', exact: true }).dblclick();
    const [{ id: learnerId }] = await web.app.dataSource.query<{ id: string }[]>('select id from learners where email = $1', [email]);
    expect(await count('select count(*)::int as n from ccp_awards where learner_id = $1', [learnerId])).toBe(1);
    await healthy(page);

    // Back after the submit, then the same form in a second tab: no crash, nothing created twice.
    await page.goBack();
    await page.goBack();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    // The same « Fiche » in a second tab of the same session, saved there with a double click.
    const [{ id }] = await web.app.dataSource.query<{ id: string }[]>('select id from learners where email = $1', [email]);
    // Opened from the app (as a middle click does), the tab starts with a copy of the session.
    const [second] = await Promise.all([
      page.context().waitForEvent('page'),
      page.evaluate((url) => (globalThis as unknown as { open(u: string): unknown }).open(url), `${web.url}/apprenants/${id}`),
    ]);
    second.setDefaultTimeout(20_000);
    const secondErrors: string[] = [];
    second.on('pageerror', (e) => secondErrors.push(e.message));
    await second.getByRole('tab', { name: 'Fiche' }).click();
    await typeKeys(field(second, 'Employeur (facultatif)').or(field(second, 'Employeur')).first(), 'Больница № 2 — Łódź');
    await second.getByRole('tabpanel').getByRole('button', { name: 'Enregistrer', exact: true }).dblclick();
    await second.getByRole('tabpanel').getByRole('button', { name: 'Enregistrer', exact: true }).waitFor();
    expect(await second.getByText('Unexpected Application Error').count()).toBe(0);
    await second.close();
    expect(await count('select count(*)::int as n from learners where email = $1 and employer = $2', [email, 'Больница № 2 — Łódź'])).toBe(
      1,
    );
    expect(secondErrors).toEqual([]);
    expect(await count('select count(*)::int as n from learners where email = $1', [email])).toBe(1);
    await healthy(page);
  }
  await page.context().close();
});

check('staff: cohort and jury session typed key by key and double-clicked, one of each created', async () => {
  const page = await signIn(web, STAFF);
  for (const width of WIDTHS) {
    await at(page, width);
    const cohort = `Κοχόρτη Łódź ${width}`;
    await page.goto(`${web.url}/cohortes`);
    await page.getByRole('button', { name: 'Nouvelle cohorte' }).click();
    const form = page.locator('form').filter({ hasText: 'Créer la cohorte' });
    await typeKeys(field(form, 'Nom'), cohort);
    await choose(page, field(form, 'Titre préparé'));
    await typeKeys(field(form, 'Début'), '01/09/2026');
    await typeKeys(field(form, 'Fin'), '31/06/2027');
    await form.getByText("Date impossible : le 31/06/2027 n'existe pas.").waitFor();
    await typeKeys(field(form, 'Fin'), '30/06/2027');
    await typeKeys(field(form, 'Site'), 'Hà Nội — Москва');
    if (width === 390) await noSideScroll(page, 'Nouvelle cohorte');
    await form.getByRole('button', { name: 'Créer la cohorte' }).dblclick();
    await page.getByText(cohort).first().waitFor();
    expect(await count('select count(*)::int as n from cohorts where name = $1', [cohort])).toBe(1);
    await healthy(page);

    const site = `Θεσσαλονίκη — Żółć ${width}`;
    await page.goto(`${web.url}/sessions`);
    await page.getByRole('button', { name: 'Nouvelle session' }).click();
    const session = page.locator('form').filter({ hasText: 'Créer la session' });
    await choose(page, field(session, 'Titre'));
    await typeKeys(field(session, 'Premier jour'), '15/12/2026');
    await typeKeys(field(session, 'Dernier jour'), '16/12/2026');
    await typeKeys(field(session, 'Lieu'), site);
    await typeKeys(field(session, 'Référence CERES'), `CERES-${width}-ÀÉ`);
    if (width === 390) await noSideScroll(page, 'Nouvelle session');
    await session.getByRole('button', { name: 'Créer la session' }).dblclick();
    await closed(session);
    expect(await count('select count(*)::int as n from jury_sessions where site = $1', [site])).toBe(1);
    await healthy(page);

    // Its jury and a candidate, each added with a double click.
    const [{ id }] = await web.app.dataSource.query<{ id: string }[]>('select id from jury_sessions where site = $1', [site]);
    await page.goto(`${web.url}/sessions/${id}`);
    await page.getByRole('heading', { name: /^Candidats/ }).waitFor();
    await choose(page, field(page, 'Ajouter un membre de jury'));
    await page.getByRole('button', { name: 'Ajouter au jury' }).dblclick();
    expect(await count('select count(*)::int as n from session_jurors where session_id = $1', [id])).toBe(1);
    await choose(page, field(page, 'Apprenant'));
    await page.getByRole('button', { name: 'Inscrire', exact: true }).dblclick();
    // Registered, or refused with its rules (the demo learners are not all eligible): never twice.
    await Promise.race([
      page.getByRole('alert').filter({ hasText: 'Inscription refusée' }).waitFor(),
      page.locator('main a[href*="/candidats/"]').first().waitFor(),
    ]);
    await new Promise((r) => setTimeout(r, 500));
    expect(await page.locator('main a[href*="/candidats/"]').count()).toBeLessThanOrEqual(1);
    expect(await page.getByText('Unexpected Application Error').count()).toBe(0);
    expect(jsErrors(page)).toEqual([]);
    if (width === 390) await noSideScroll(page, 'Session de jury');
  }
  await page.context().close();
});

check('learner: a DP example, a qualification and the declaration typed key by key and double-clicked', async () => {
  const page = await signIn(web, LEARNER);
  for (const width of WIDTHS) {
    await at(page, width);
    await page.goto(`${web.url}/mon-dossier`);
    await page.getByRole('heading', { level: 1, name: 'Mon dossier professionnel' }).waitFor();
    await page.locator('[aria-label="Chargement"]').first().waitFor({ state: 'detached' });

    const title = `Accueil de Mme Σοφία Παπαδοπούλου (${width})`;
    await page
      .getByRole('button', { name: /^Ajouter un exemple au CCP/ })
      .first()
      .click();
    const example = page.locator('form').filter({ has: page.getByRole('button', { name: "Enregistrer l'exemple" }) });
    await typeKeys(field(example, "Intitulé de l'exemple"), title);
    await typeKeys(field(example, "Nom de l'entreprise, organisme ou association"), 'Clinique Łódź — Дмитрий');
    await typeKeys(field(example, 'Chantier, atelier, service'), 'Accueil');
    await typeKeys(field(example, 'Période : du'), '31/09/2025');
    await example.getByText("Date impossible : le 31/09/2025 n'existe pas.").waitFor();
    await typeKeys(field(example, 'Période : du'), '01/09/2025');
    await typeKeys(field(example, 'Période : au'), '19/12/2025');
    await typeKeys(example.getByLabel(/^1\. Décrivez les tâches/), "J'ai accueilli Thị Ánh NGUYỄN et planifié ses rendez-vous.");
    await typeKeys(example.getByLabel(/^2\. Précisez les moyens/), 'Agenda partagé, téléphone.');
    await typeKeys(example.getByLabel(/^3\. Avec qui/), "L'équipe d'accueil.");
    if (width === 390) await noSideScroll(page, "Exemple du dossier (en cours d'écriture)");
    await example.getByRole('button', { name: "Enregistrer l'exemple" }).dblclick();
    await page.getByText(title, { exact: true }).waitFor();
    expect(await count('select count(*)::int as n from dp_examples where title = $1', [title])).toBe(1);
    await healthy(page);

    const qualification = `Diplôme d'État — Łukasz ${width}`;
    const q = page.locator('form').filter({ has: page.getByRole('button', { name: 'Ajouter', exact: true }) });
    await typeKeys(field(q, 'Titre, diplôme, CQP, attestation'), qualification);
    await typeKeys(field(q, 'Organisme'), 'Université Hà Nội');
    await typeKeys(field(q, "Date d'obtention"), '29/02/2023');
    await q.getByText("Date impossible : le 29/02/2023 n'existe pas.").waitFor();
    await typeKeys(field(q, "Date d'obtention"), '28/02/2023');
    await q.getByRole('button', { name: 'Ajouter', exact: true }).dblclick();
    await page.getByText(qualification).first().waitFor();
    expect(await count('select count(*)::int as n from dp_qualifications where title = $1', [qualification])).toBe(1);
    await healthy(page);
    if (width === 390) await noSideScroll(page, 'Mon dossier professionnel');
    await screenshot(page, `forms-learner-dp-${width}`);
  }
  const declare = page.getByRole('button', { name: 'Signer la déclaration' });
  if (await declare.count()) {
    await typeKeys(field(page, 'Fait à'), 'Łódź');
    await declare.dblclick();
    await page.getByText(/Signée à Łódź le/).waitFor();
    await healthy(page);
  }
  await page.context().close();
});

check('staff: a user account typed key by key, created once by a double click', async () => {
  const page = await signIn(web, STAFF);
  for (const width of WIDTHS) {
    await at(page, width);
    const email = `dmitri.${width}@centre.fr`;
    await page.goto(`${web.url}/utilisateurs`);
    await page.getByRole('button', { name: 'Nouvel utilisateur' }).click();
    const form = page.locator('form').filter({ hasText: 'Créer le compte' });
    await typeKeys(field(form, 'Nom complet'), width === 390 ? 'Дмитрий Иванов' : 'Σοφία Παπαδοπούλου');
    await typeKeys(field(form, 'Adresse e-mail'), email);
    await typeKeys(field(form, 'Mot de passe initial'), 'Ωμέγα-Щука-Łódź-sûr!');
    await form.getByRole('checkbox', { name: 'Formateur' }).check();
    await form.getByRole('button', { name: 'Créer le compte' }).dblclick();
    await closed(form);
    expect(await count('select count(*)::int as n from users where email = $1', [email])).toBe(1);
    await healthy(page);
  }
  await page.context().close();
});

check('trainer: an ECF evaluation, the synthesis and a DP comment typed key by key and double-clicked', async () => {
  const page = await signIn(web, TRAINER);
  for (const width of WIDTHS) {
    await at(page, width);
    await page.goto(`${web.url}/cohortes`);
    await page.locator('main a[href^="/cohortes/"]').first().click();
    await page.locator('[aria-label="Chargement"]').first().waitFor({ state: 'detached' });
    await page.locator('main a[href^="/apprenants/"]').first().click();
    await page.locator('[aria-label="Chargement"]').first().waitFor({ state: 'detached' });

    const record = page.getByRole('button', { name: /^Enregistrer une évaluation/ }).first();
    const ccp = /\(CCP (\d+)\)/.exec((await record.textContent()) ?? '')?.[1];
    const region = page.getByRole('region', { name: new RegExp(`^CCP ${ccp} —`) });
    await record.click();
    const situation = `Accueil de M. Łukasz Żółć et de Mme Thị Ánh NGUYỄN (${width})`;
    await typeKeys(field(region, "Date de l'évaluation"), '31/11/2025');
    await region.getByText("Date impossible : le 31/11/2025 n'existe pas.").waitFor();
    await typeKeys(field(region, "Date de l'évaluation"), '28/11/2025');
    await typeKeys(field(region, 'Mise en situation évaluée'), situation);
    for (const group of await region.getByRole('radiogroup').all()) await group.getByLabel('Acquis', { exact: true }).check();
    await typeKeys(field(region, 'Commentaire (facultatif)'), 'Σχόλιο — très bon accueil.');
    if (width === 390) await noSideScroll(page, 'Évaluation ECF');
    await region.getByRole('button', { name: "Enregistrer l'évaluation" }).dblclick();
    await region.getByRole('row').filter({ hasText: situation }).waitFor();
    expect(await count('select count(*)::int as n from ecf_evaluations where description = $1', [situation])).toBe(1);
    await healthy(page);

    const observations = region.getByLabel('Observations');
    if ((await observations.count()) > 0 && (await observations.isEditable())) {
      await typeKeys(observations, `Наблюдения : accueil maîtrisé (${width}).`);
      await region.getByRole('button', { name: 'Enregistrer la synthèse' }).dblclick();
      await region.getByRole('button', { name: 'Enregistrer la synthèse' }).waitFor({ state: 'visible' });
      await healthy(page);
    }

    await page.getByRole('tab', { name: 'Dossier professionnel' }).click();
    const comment = `Bravo Σοφία — précisez les outils (${width}).`;
    await page
      .getByRole('button', { name: /^(Commenter cet exemple|Ajouter un commentaire général)$/ })
      .first()
      .click();
    await typeKeys(field(page, "Commentaire pour l'apprenant"), comment);
    await page.getByRole('button', { name: 'Publier le commentaire' }).dblclick();
    await page.getByRole('button', { name: 'Publier le commentaire' }).waitFor({ state: 'detached' });
    await page.getByText(comment).first().waitFor();
    expect(await count('select count(*)::int as n from dp_comments where text = $1', [comment])).toBe(1);
    if (width === 390) await noSideScroll(page, 'Dossier professionnel (formateur)');
    await healthy(page);
  }
  await page.context().close();
});

check('juror: the result form typed key by key and double-clicked', async () => {
  const page = await signIn(web, JUROR);
  await page.goto(`${web.url}/sessions`);
  await page.locator('[aria-label="Chargement"]').first().waitFor({ state: 'detached' });
  await page.locator('main a[href^="/sessions/"]').first().waitFor();
  const notes: string[] = [];
  const sessions = await page.locator('main a[href^="/sessions/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of sessions) {
    await page.goto(`${web.url}${href}`);
    await page.getByRole('heading', { name: /^Candidats/ }).waitFor();
    await page.locator('[aria-label="Chargement"]').first().waitFor({ state: 'detached' });
    const open = page.getByRole('button', { name: 'Ouvrir la délibération' });
    notes.push(`${href}: ouvrir ${await open.count()}`);
    if (await open.count()) {
      await open.dblclick(); // refused before the session's day: then the next session
      const refused = page
        .getByRole('alert')
        .filter({ hasText: /Action impossible|Refusé/ })
        .first();
      await Promise.race([page.getByText('En délibération').first().waitFor(), refused.waitFor()]);
      if (await refused.count()) {
        notes.push(`refusé : ${await refused.textContent()}`);
        continue;
      }
    }
    const candidate = page.locator('main a[href*="/candidats/"], main a[href*="/candidates/"]').first();
    notes.push(`candidats ${await candidate.count()}`);
    if ((await candidate.count()) === 0) continue;
    let saved = 0;
    for (const width of WIDTHS) {
      await at(page, width);
      await candidate.click();
      const save = page.getByRole('button', { name: 'Enregistrer le résultat' });
      await page.getByRole('heading', { level: 1, name: /^Dossier de/ }).waitFor();
      await save.waitFor({ timeout: 5_000 }).catch(() => undefined); // none once the deliberation is closed
      if ((await save.count()) === 0) break;
      const remark = `Παρατηρήσεις — entretien mené par Дмитрий (${width}).`;
      await typeKeys(field(page, 'Observations du jury (facultatif)'), remark);
      if (width === 390) await noSideScroll(page, 'Résultat du candidat');
      await save.dblclick();
      await page.getByText('Résultat enregistré :').waitFor();
      await healthy(page);
      saved += 1;
      await page.goBack();
      await page.locator('[aria-label="Chargement"]').first().waitFor({ state: 'detached' });
    }
    if (saved === 0) continue;
    expect(saved).toBe(WIDTHS.length);
    expect(jsErrors(page)).toEqual([]);
    await page.context().close();
    return;
  }
  throw new Error(`Aucune session du jury 1 où saisir un résultat (${notes.join(' ; ')}).`);
});

check('at 390 px no main screen of any role scrolls sideways, and the header keeps « Se déconnecter » inside', async () => {
  const screens: Record<string, string[]> = {
    [STAFF]: ['/', '/cohortes', '/apprenants', '/sessions', '/referentiel', '/utilisateurs', '/audit'],
    [TRAINER]: ['/', '/cohortes', '/apprenants'],
    [JUROR]: ['/', '/sessions'],
    [LEARNER]: ['/', '/livret', '/mes-ecf', '/mon-dossier'],
    [LEARNER_WITH_SESSIONS]: ['/livret', '/mes-ecf', '/mon-dossier'],
  };
  const widths: Record<string, number> = {};
  const wide: string[] = [];
  for (const [email, paths] of Object.entries(screens)) {
    const page = await signIn(web, email);
    await at(page, 390);
    const visit = async (path: string, name: string): Promise<void> => {
      if (path) await page.goto(`${web.url}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.locator('[aria-label="Chargement"]').first().waitFor({ state: 'detached' });
      const { scrollWidth } = await pageWidth(page);
      widths[`${email} ${name}`] = scrollWidth;
      if (scrollWidth > 390) wide.push(`${email} ${name}: ${scrollWidth} px (${(await overflowing(page)).join(' ; ')})`);
    };
    for (const path of paths) {
      await visit(path, path);
      const out = await page.getByRole('button', { name: 'Se déconnecter' }).boundingBox();
      if (!out || out.x + out.width > 390 || out.y + out.height > 56) wide.push(`${email} ${path}: « Se déconnecter » hors de l'en-tête`);
      await screenshot(page, `forms-390${path === '/' ? '-home' : path.replace(/\//g, '-')}-${email.split('@')[0]}`);
    }
    // One detail screen of each list: the first link of its table.
    for (const [path, prefix] of [
      ['/cohortes', '/cohortes/'],
      ['/apprenants', '/apprenants/'],
      ['/sessions', '/sessions/'],
    ] as const) {
      if (!paths.includes(path)) continue;
      await page.goto(`${web.url}${path}`);
      await page.locator('[aria-label="Chargement"]').first().waitFor({ state: 'detached' });
      const link = page.locator(`main a[href^="${prefix}"]`).first();
      if ((await link.count()) === 0) continue;
      await link.click();
      await visit('', `${prefix}…`);
      for (const tab of await page.getByRole('tab').all()) {
        await tab.click();
        await visit('', `${prefix}… ${await tab.textContent()}`);
      }
      await screenshot(page, `forms-390${prefix.replace(/\//g, '-')}detail-${email.split('@')[0]}`);
    }
    expect(jsErrors(page)).toEqual([]);
    await page.context().close();
  }
  writeMeasurement('forms-390-widths', widths);
  expect(wide).toEqual([]);
});
