// Issue 14, the staff side and the guards, in a real Chromium over the real app and the demo centre
// (embedded default: messages are kept and read in « Messages envoyés »): a CSV imported from the
// « Apprenants » screen, invited from the import's report and the learner's page, the invitation read
// at 390 px, the link opened and a password chosen at 1366 px; « Mot de passe oublié ? » at 1366 px
// with double clicks and « back » after success; « Envoyer les convocations » of the session CCP,
// then « déjà envoyées … » and « Renvoyer », then the session's messages, one « Renvoyer »-ed.
import type { Page } from 'playwright-core';
import { DEMO_COHORT, demoDates } from '../../seeds/demo';
import { auth } from '../support/fixtures';
import {
  countRequests,
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

const CCP_SESSION = demoDates().ccpSession.split('-').reverse().join('/');

let web: WebApp;
const journey = journeyOf('accounts-messages');
const page = (width: number): Promise<Page> => openPage(web, width, 860);

beforeAll(async () => {
  web = await startWebApp();
});

afterAll(async () => {
  await web?.close();
});

async function noSideScroll(p: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await pageWidth(p);
  if (scrollWidth > innerWidth) throw new Error(`the page scrolls sideways: ${(await overflowing(p)).join(' ; ')}`);
}

/** A link of the newest message to `to`, read over the API (the staff screen is walked in the first journey). */
async function linkFromOutbox(to: string, path: string): Promise<string> {
  const admin = await web.app.adminToken();
  let newest: { id: string; kind: string } | undefined;
  // The request is answered before the message is written (its timing must not tell whether the address exists).
  for (let i = 0; i < 50 && !newest; i += 1) {
    const list = await web.app.http
      .get(`/api/outbox?to=${encodeURIComponent(to)}`)
      .set(auth(admin))
      .expect(200);
    newest = (list.body as { items: { id: string; kind: string }[] }).items.find((m) => m.kind === 'password_reset');
    if (!newest) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!newest) throw new Error(`no password_reset message to ${to}`);
  const one = await web.app.http.get(`/api/outbox/${newest.id}`).set(auth(admin)).expect(200);
  const text = (one.body as { text: string }).text;
  const link = text.match(new RegExp(`https?://\\S+${path}#\\S+`))?.[0];
  if (!link) throw new Error(`no ${path} link in: ${text}`);
  return link.replace(/^https?:\/\/[^/]+/, web.url);
}

async function typePasswordTwice(p: Page, password: string): Promise<void> {
  await typeKeys(p.getByLabel('Nouveau mot de passe'), password);
  await typeKeys(p.getByLabel('Confirmez le mot de passe'), password);
}

journey(
  'staff import a CSV, invite from the report and again from the learner page, read the invitation at 390 px; the learner chooses a password and sees Mon livret',
  async () => {
    const staff = await signIn(web, 'secretariat@demo.sams.fr');
    await staff.getByRole('link', { name: 'Apprenants', exact: true }).click();
    await staff.getByRole('button', { name: 'Importer un fichier (Excel ou CSV)' }).click();
    const csv = `nom;prenom;date_naissance;email;parcours;promotion\nOuedraogo;Awa;04/07/1991;awa.ouedraogo@exemple.fr;formation;${DEMO_COHORT}\n`;
    await staff.locator('input[type="file"]').setInputFiles({ name: 'apprenants.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await staff.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await staff.getByText('Fichier valide : 1 ligne(s) prêtes à importer.').waitFor();
    await staff.getByRole('button', { name: 'Importer', exact: true }).click();
    await staff.getByText('1 apprenant(s) créé(s) sur 1 ligne(s).').waitFor();
    const invitations = countRequests(staff, 'POST', /\/api\/learners\/[^/]+\/invitations$/);
    await staff.getByRole('button', { name: 'Inviter les apprenants importés' }).dblclick();
    await staff.getByText('1 invitation envoyée.').waitFor();
    expect(invitations.count).toBe(1);

    // The learner's page: the account exists (not opened yet), « Renvoyer l’invitation », sent once.
    const admin = await web.app.adminToken();
    const found = await web.app.http.get('/api/learners?q=Ouedraogo').set(auth(admin)).expect(200);
    const awa = (found.body as { items: { id: string }[] }).items[0];
    await staff.goto(`${web.url}/apprenants/${awa.id}`);
    await staff.getByRole('button', { name: 'Renvoyer l’invitation' }).dblclick();
    await staff.getByText(/Invitation envoyée : le lien est valable 7 jours\./).waitFor();
    expect(invitations.count).toBe(2);

    // « Messages envoyés » on a phone: the menu, cards (subject, recipient, kind and date, status —
    // nothing hidden to the right, no sideways scroll of the page), the newest invitation.
    await staff.setViewportSize({ width: 390, height: 860 });
    await staff.getByRole('button', { name: 'Menu' }).click();
    await staff.getByRole('link', { name: 'Messages envoyés' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Messages envoyés' }).waitFor();
    await typeKeys(staff.getByLabel('Destinataire'), 'awa.ouedraogo');
    await staff.waitForFunction(
      () =>
        (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll(
          'ul[aria-label="Messages"] > li',
        ).length === 2,
    ); // the filter applied: her two invitations
    const newest = staff.getByRole('listitem').filter({ hasText: 'awa.ouedraogo@exemple.fr' }).first();
    await newest.getByText('gardé dans l’application').waitFor({ timeout: 30_000 }); // the job has sent (kept) it
    await newest.getByText('envoyé', { exact: true }).waitFor();
    await newest.getByText(/^Invitation · /).waitFor();
    await noSideScroll(staff);
    expect(await seriousA11yViolations(staff)).toEqual([]);
    await screenshot(staff, 'messages-list-390');
    await newest.getByRole('button', { name: /Votre compte/ }).click();
    const text = await staff.getByTestId('message-text').innerText();
    const link = text.match(/https?:\/\/\S+\/invitation#\S+/)?.[0]?.replace(/^https?:\/\/[^/]+/, web.url);
    if (!link) throw new Error(`no invitation link in: ${text}`);
    // A single-use link is not « Renvoyer »-ed: the way to send a new one is said instead.
    await staff.getByText(/invitez la personne depuis sa fiche/).waitFor();
    expect(await staff.getByRole('button', { name: 'Renvoyer' }).count()).toBe(0);
    await noSideScroll(staff);
    expect(await seriousA11yViolations(staff)).toEqual([]);
    await screenshot(staff, 'messages-detail-390');
    await staff.keyboard.press('Escape');

    // The link, opened at 1366 px, signed out: a password typed key by key, a double click, Mon livret.
    const learner = await page(1366);
    await learner.goto(`${web.url}/connexion`);
    await learner.goto(link);
    await learner.getByRole('heading', { name: 'Bienvenue' }).waitFor();
    expect(await seriousA11yViolations(learner)).toEqual([]);
    await typePasswordTwice(learner, 'Bleu-horizon-2026');
    const accepts = countRequests(learner, 'POST', /\/api\/auth\/invitations\/accept$/);
    await learner.getByRole('button', { name: 'Ouvrir mon compte' }).dblclick();
    await learner.waitForURL(/\/livret$/);
    await learner.getByRole('heading', { level: 1 }).first().waitFor();
    expect(accepts.count).toBe(1);
    expect(learner.url()).not.toContain('#');
    // Back after success: the sign-in screen, signed in, goes home; the spent link is not sent again.
    await learner.goBack();
    await learner.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
    expect(accepts.count).toBe(1);
    expect(jsErrors(staff)).toEqual([]);
    for (const p of [staff, learner]) await p.context().close();
  },
);

journey('« Mot de passe oublié ? » at 1366 px: each double click sends once, back after success resubmits nothing', async () => {
  const learner = await page(1366);
  await learner.goto(`${web.url}/connexion`);
  await learner.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await typeKeys(learner.getByLabel('Adresse e-mail'), 'karim.benali@exemple.fr');
  const requests = countRequests(learner, 'POST', /\/api\/auth\/password-reset-requests$/);
  await learner.getByRole('button', { name: 'Recevoir le lien' }).dblclick();
  await learner.getByText(/Si un compte existe pour l’adresse karim\.benali@exemple\.fr, un e-mail vient de lui être envoyé/).waitFor();
  expect(requests.count).toBe(1);

  // An address without an account: the very same answer.
  const stranger = await page(390);
  await stranger.goto(`${web.url}/mot-de-passe-oublie`);
  await typeKeys(stranger.getByLabel('Adresse e-mail'), 'personne@exemple.fr');
  await stranger.getByRole('button', { name: 'Recevoir le lien' }).click();
  await stranger.getByText(/Si un compte existe pour l’adresse personne@exemple\.fr, un e-mail vient de lui être envoyé/).waitFor();
  await noSideScroll(stranger);
  expect(await seriousA11yViolations(stranger)).toEqual([]);
  await screenshot(stranger, 'forgot-password-sent-390');

  const link = await linkFromOutbox('karim.benali@exemple.fr', '/reinitialisation');
  await learner.goto(link);
  await learner.getByRole('heading', { name: 'Nouveau mot de passe' }).waitFor();
  await learner.getByText(/Au moins 12 caractères/).waitFor(); // the rules, before typing
  expect(await seriousA11yViolations(learner)).toEqual([]);
  await typePasswordTwice(learner, 'Vingt-six-lilas-2026');
  const resets = countRequests(learner, 'POST', /\/api\/auth\/password-resets$/);
  await learner.getByRole('button', { name: 'Enregistrer le mot de passe' }).dblclick();
  await learner.getByText('Mot de passe enregistré : connectez-vous avec le nouveau.').waitFor();
  expect(resets.count).toBe(1);
  expect(learner.url()).toMatch(/\/connexion$/);

  // Back, then forward: nothing is sent again.
  await learner.goBack();
  await learner.waitForTimeout(500);
  expect(learner.url()).not.toContain('#');
  await learner.goForward();
  await learner.waitForTimeout(500);
  expect(resets.count).toBe(1);

  // The spent link, opened again: said in French, with the way to ask for a new one.
  const again = await page(390);
  await again.goto(link);
  await typePasswordTwice(again, 'Encore-autre-chose-2026');
  await again.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await again.getByText(/Ce lien n’est plus valide/).waitFor();
  await screenshot(again, 'reset-link-spent-390');
  await again.getByRole('link', { name: 'Recevoir un nouveau lien' }).click();
  await again.getByRole('button', { name: 'Recevoir le lien' }).waitFor();
  await noSideScroll(again);

  await learner.goto(`${web.url}/connexion`);
  await typeKeys(learner.getByLabel('Adresse e-mail'), 'karim.benali@exemple.fr');
  await typeKeys(learner.getByLabel('Mot de passe'), 'Vingt-six-lilas-2026');
  await learner.getByRole('button', { name: 'Se connecter' }).click();
  await learner.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
  for (const p of [learner, stranger, again]) await p.context().close();
});

journey(
  '« Envoyer les convocations »: sent once, then « déjà envoyées … à : … », « Renvoyer » confirmed, the session’s messages',
  async () => {
    const staff = await signIn(web, 'secretariat@demo.sams.fr');
    await staff.getByRole('link', { name: 'Sessions de jury', exact: true }).click();
    await staff.getByRole('link', { name: `Le ${CCP_SESSION}` }).click();
    await staff.getByRole('heading', { level: 1, name: `Session CCP du ${CCP_SESSION}` }).waitFor();
    const sends = countRequests(staff, 'POST', /\/api\/jury-sessions\/[^/]+\/convocations\/send$/);
    await staff.getByRole('button', { name: 'Envoyer les convocations' }).dblclick();
    await staff.getByText(/3 convocations envoyées par e-mail, PDF joint\./).waitFor();
    expect(sends.count).toBe(1);
    await staff.getByText(/^Convocations envoyées le /).waitFor(); // the session refreshed

    // Sending again: when and to whom, and « Renvoyer » only once confirmed.
    await staff.getByRole('button', { name: 'Envoyer les convocations' }).click();
    await staff.getByText(/^Déjà envoyées le \d\d\/\d\d\/\d{4}.* à : .*benali/i).waitFor();
    await screenshot(staff, 'session-convocations-already-sent-1366');
    expect(sends.count).toBe(2);
    await staff.getByRole('button', { name: 'Renvoyer', exact: true }).click();
    await staff.getByRole('button', { name: 'Confirmer le renvoi' }).dblclick();
    await staff.getByText(/3 convocations envoyées par e-mail, PDF joint\./).waitFor();
    expect(sends.count).toBe(3);

    await staff.getByRole('link', { name: 'Voir les messages de la session' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Messages envoyés' }).waitFor();
    await staff.getByText('Messages d’une session de jury.').waitFor();
    await staff
      .getByRole('row', { name: /Convocation à la session/ })
      .nth(1)
      .waitFor(); // the candidate, twice
    expect(await staff.getByRole('row', { name: /Convocation du jury/ }).count()).toBe(4); // two jurors, twice
    const candidate = staff.getByRole('row', { name: /Convocation à la session/ }).first();
    await candidate.getByRole('button').first().click();
    await staff.getByText(/^convocation.*\.pdf \(\d/).waitFor(); // the attachment, named with its size

    // « Renvoyer » one message: confirmed, sent once, and the new message is shown.
    const first = new URL(staff.url()).searchParams.get('message');
    const resends = countRequests(staff, 'POST', /\/api\/outbox\/[^/]+\/resend$/);
    await staff.getByRole('button', { name: 'Renvoyer', exact: true }).click();
    await staff.getByRole('button', { name: 'Confirmer le renvoi' }).dblclick();
    await staff.waitForURL((u) => !!u.searchParams.get('message') && u.searchParams.get('message') !== first);
    await staff.getByText(/^convocation.*\.pdf \(\d/).waitFor();
    expect(resends.count).toBe(1);
    await staff.keyboard.press('Escape');
    await staff
      .getByRole('row', { name: /Convocation à la session/ })
      .nth(2)
      .waitFor(); // three now
    expect(jsErrors(staff)).toEqual([]);
    await staff.context().close();
  },
);
