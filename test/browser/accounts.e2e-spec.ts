// Issue 11, in a real Chromium over the real app and the demo centre: the staff deactivate an
// account, and anyone changes their own password from the app.
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, journeyOf, jsErrors, openPage, signIn, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(180_000);

let web: WebApp;
const journey = journeyOf('accounts');

beforeAll(async () => {
  web = await startWebApp();
});

afterAll(async () => {
  await web?.close();
});

/** The sign-in form, typed key by key as a person does; the page stays on it when refused. */
async function typeSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Adresse e-mail').pressSequentially(email);
  await page.getByLabel('Mot de passe').pressSequentially(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

async function freshPage(): Promise<Page> {
  const page = await openPage(web);
  await page.goto(`${web.url}/`);
  return page;
}

journey('the staff deactivate a demo trainer, who then cannot sign in; reactivated, he can', async () => {
  // The trainer is signed in elsewhere: the deactivation ends that session too.
  const trainer = await signIn(web, 'formateur@demo.sams.fr');
  const staff = await signIn(web, 'secretariat@demo.sams.fr');
  await staff.getByRole('link', { name: 'Utilisateurs et jurés' }).click();
  await staff.getByLabel('Rechercher').pressSequentially('formateur@demo');
  await staff.getByRole('button', { name: 'Désactiver Marc Petit' }).click();
  const dialog = staff.getByRole('dialog', { name: 'Désactiver le compte' });
  await dialog.getByText(/ne pourra plus se connecter/).waitFor();
  await dialog.getByRole('button', { name: 'Désactiver' }).click();
  await dialog.waitFor({ state: 'detached' });
  const row = staff.getByRole('row', { name: /Marc Petit/ });
  await row.getByText('désactivé').waitFor();

  // His open session: the next request (here, the page reloaded) is refused, the app asks to sign in again.
  await trainer.reload();
  await trainer.getByRole('dialog', { name: 'Votre session a expiré' }).waitFor();

  const refused = await freshPage();
  await typeSignIn(refused, 'formateur@demo.sams.fr', DEMO_PASSWORD);
  await refused
    .getByRole('alert')
    .getByText(/désactivé/)
    .waitFor();
  expect(await refused.getByRole('heading', { level: 1, name: /Bonjour/ }).count()).toBe(0);

  await row.getByRole('button', { name: 'Réactiver Marc Petit' }).click();
  await staff.getByRole('dialog', { name: 'Réactiver le compte' }).getByRole('button', { name: 'Réactiver' }).click();
  await row.getByText('désactivé').waitFor({ state: 'detached' });
  const again = await freshPage();
  await typeSignIn(again, 'formateur@demo.sams.fr', DEMO_PASSWORD);
  await again.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
  expect(jsErrors(staff)).toEqual([]);
  for (const p of [trainer, staff, refused, again]) await p.context().close();
});

journey('a learner changes their password from the menu, sees the errors next to the fields, and signs in again with it', async () => {
  const NEW = 'mon chat dort sur le piano';
  const learner = await signIn(web, 'karim.benali@exemple.fr');
  await learner.getByRole('link', { name: 'Changer mon mot de passe' }).click();
  await learner.getByRole('heading', { level: 1, name: 'Changer mon mot de passe' }).waitFor();
  const current = learner.getByLabel('Mot de passe actuel');
  const fresh = learner.getByLabel(/^Nouveau mot de passe\s*\*?$/);
  const confirmation = learner.getByLabel('Nouveau mot de passe (confirmation)');
  const submit = learner.getByRole('button', { name: 'Changer le mot de passe' });

  // A wrong current password: the API's French message next to the field, no « session expirée ».
  await current.pressSequentially('pas-le-bon-mot-de-passe');
  await fresh.pressSequentially(NEW);
  await confirmation.pressSequentially(NEW);
  await submit.click();
  await learner.getByText('Mot de passe actuel incorrect.').waitFor();
  expect(await learner.getByRole('dialog', { name: 'Votre session a expiré' }).count()).toBe(0);

  // A weak new password: refused by the API's rule, next to the new password.
  await current.fill('');
  await current.pressSequentially(DEMO_PASSWORD);
  await fresh.fill('');
  await fresh.pressSequentially('123456789012');
  await confirmation.fill('');
  await confirmation.pressSequentially('123456789012');
  await submit.click();
  await learner.getByText(/suites du clavier/).waitFor();

  await fresh.fill('');
  await fresh.pressSequentially(NEW);
  await confirmation.fill('');
  await confirmation.pressSequentially(NEW);
  await submit.click();
  await learner.getByRole('status').getByText('Votre mot de passe a été changé.', { exact: false }).waitFor();
  // Still signed in (the app signed in again with the new password): the booklet opens.
  await learner.getByRole('link', { name: 'Mon livret' }).click();
  await learner.getByRole('heading', { level: 1, name: /livret/i }).waitFor();
  expect(await learner.getByRole('dialog', { name: 'Votre session a expiré' }).count()).toBe(0);
  expect(jsErrors(learner)).toEqual([]);

  await learner.getByRole('button', { name: 'Se déconnecter' }).click();
  const old = await freshPage();
  await typeSignIn(old, 'karim.benali@exemple.fr', DEMO_PASSWORD);
  await old
    .getByRole('alert')
    .getByText(/incorrect/)
    .waitFor();
  const next = await freshPage();
  await typeSignIn(next, 'karim.benali@exemple.fr', NEW);
  await next.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
  for (const p of [learner, old, next]) await p.context().close();
});
