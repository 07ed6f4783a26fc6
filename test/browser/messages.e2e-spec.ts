// Issue 14, in a real Chromium over the real app and the demo centre (embedded default: the
// messages are kept and read by staff in « Messages envoyés »): a learner imported by CSV is
// invited, chooses a password and lands on Mon livret; a learner uses « Mot de passe oublié ? ».
import type { Page } from 'playwright-core';
import { DEMO_COHORT } from '../../seeds/demo';
import { auth } from '../support/fixtures';
import {
  countRequests,
  DEMO_PASSWORD,
  journeyOf,
  jsErrors,
  openPage,
  pageWidth,
  signIn,
  startWebApp,
  typeKeys,
  type WebApp,
} from '../support/browser';

jest.setTimeout(240_000);

let web: WebApp;
const journey = journeyOf('messages');
const page = (width: number): Promise<Page> => openPage(web, width, 860);

beforeAll(async () => {
  web = await startWebApp();
});

afterAll(async () => {
  await web?.close();
});

/** Staff open « Messages envoyés », find the last message to `to`, and read the link it carries. */
async function linkFromMessages(staff: Page, to: string, path: string): Promise<string> {
  await staff.getByRole('link', { name: 'Messages envoyés' }).click();
  await typeKeys(staff.getByLabel('Destinataire'), to);
  const row = staff.getByRole('row', { name: new RegExp(to.replace(/[.]/g, '\\.')) }).first();
  await row.getByText(/envoyé/).waitFor({ timeout: 30_000 }); // the job has sent (kept) it
  await row.getByRole('button').first().click();
  const text = await staff.getByTestId('message-text').innerText();
  const link = text.match(new RegExp(`https?://\\S+${path}#\\S+`))?.[0];
  if (!link) throw new Error(`no ${path} link in: ${text}`);
  await staff.keyboard.press('Escape');
  return link.replace(/^https?:\/\/[^/]+/, web.url);
}

async function typePasswordTwice(p: Page, password: string): Promise<void> {
  await typeKeys(p.getByLabel('Nouveau mot de passe'), password);
  await typeKeys(p.getByLabel('Confirmez le mot de passe'), password);
}

journey(
  'a learner imported by CSV is invited from the cohort, opens the link on a phone, chooses a password and sees Mon livret',
  async () => {
    const admin = await web.app.adminToken();
    const csv = `nom;prenom;date_naissance;email;parcours;promotion\nNguyễn;Thị Ánh;12/03/1994;thi.nguyen@exemple.fr;formation;${DEMO_COHORT}\n`;
    await web.app.http.post('/api/learners/import').set(auth(admin)).attach('file', Buffer.from(csv), 'apprenants.csv').expect(200);

    const staff = await signIn(web, 'secretariat@demo.sams.fr');
    await staff.getByRole('link', { name: 'Cohortes' }).click();
    await staff.getByRole('link', { name: DEMO_COHORT }).click();
    const invitations = countRequests(staff, 'POST', /\/api\/cohorts\/[^/]+\/invitations$/);
    await staff.getByRole('button', { name: 'Inviter les apprenants sans compte' }).dblclick();
    await staff.getByText(/invitations? envoyées?\./).waitFor();
    expect(invitations.count).toBe(1);
    const link = await linkFromMessages(staff, 'thi.nguyen@exemple.fr', '/invitation');

    const phone = await page(390);
    await phone.goto(link);
    await phone.getByRole('heading', { name: 'Bienvenue' }).waitFor();
    await typePasswordTwice(phone, 'Mon-nouveau-mot-2026');
    const accepts = countRequests(phone, 'POST', /\/api\/auth\/invitations\/accept$/);
    await phone.getByRole('button', { name: 'Ouvrir mon compte' }).dblclick();
    await phone.waitForURL(/\/livret$/);
    await phone.getByRole('heading', { level: 1 }).first().waitFor();
    expect(accepts.count).toBe(1);
    expect(phone.url()).not.toContain('#');
    const { scrollWidth, innerWidth } = await pageWidth(phone);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);

    // The link, opened again (back, or a second tab): spent, said in French, nothing resubmitted.
    const again = await page(1366);
    await again.goto(link);
    await typePasswordTwice(again, 'Encore-un-autre-2026');
    await again.getByRole('button', { name: 'Ouvrir mon compte' }).click();
    await again.getByText(/n’est plus valide/).waitFor();

    // Signed in with the chosen password, from the sign-in screen.
    const later = await page(1366);
    await later.goto(`${web.url}/connexion`);
    await typeKeys(later.getByLabel('Adresse e-mail'), 'thi.nguyen@exemple.fr');
    await typeKeys(later.getByLabel('Mot de passe'), 'Mon-nouveau-mot-2026');
    await later.getByRole('button', { name: 'Se connecter' }).click();
    await later.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
    expect(jsErrors(staff)).toEqual([]);
    for (const p of [staff, phone, again, later]) await p.context().close();
  },
);

journey('« Mot de passe oublié ? »: the learner asks, reads the link, sets a new password and signs in with it', async () => {
  const learner = await page(390);
  await learner.goto(`${web.url}/connexion`);
  await learner.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await typeKeys(learner.getByLabel('Adresse e-mail'), 'apprenant@demo.sams.fr');
  await learner.getByRole('button', { name: 'Recevoir le lien' }).click();
  await learner.getByText(/Si un compte existe pour l’adresse apprenant@demo\.sams\.fr/).waitFor();

  const staff = await signIn(web, 'secretariat@demo.sams.fr');
  const link = await linkFromMessages(staff, 'apprenant@demo.sams.fr', '/reinitialisation');

  await learner.goto(link);
  await learner.getByRole('heading', { name: 'Nouveau mot de passe' }).waitFor();
  // Two different entries: said next to the field, nothing sent.
  await typeKeys(learner.getByLabel('Nouveau mot de passe'), 'Nouveau-secret-2026');
  await typeKeys(learner.getByLabel('Confirmez le mot de passe'), 'Nouveau-secret-2027');
  await learner.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await learner.getByText('Les deux mots de passe ne sont pas identiques.').waitFor();
  await typeKeys(learner.getByLabel('Confirmez le mot de passe'), 'Nouveau-secret-2026');
  await learner.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await learner.getByText('Mot de passe enregistré : connectez-vous avec le nouveau.').waitFor();
  await typeKeys(learner.getByLabel('Adresse e-mail'), 'apprenant@demo.sams.fr');
  await typeKeys(learner.getByLabel('Mot de passe'), DEMO_PASSWORD);
  await learner.getByRole('button', { name: 'Se connecter' }).click();
  await learner.getByRole('alert').waitFor(); // the old password no longer works
  await typeKeys(learner.getByLabel('Mot de passe'), 'Nouveau-secret-2026');
  await learner.getByRole('button', { name: 'Se connecter' }).click();
  await learner.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
  for (const p of [staff, learner]) await p.context().close();
});
