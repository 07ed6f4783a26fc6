// Browser tests: playwright-core driving Debian's Chromium (apt install chromium) over the real
// app (API + built web app) on the test database. Screenshots and measurements go to test-output/.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { seedDemo } from '../../seeds/demo';
import { startTestApp, type TestApp } from './test-app';

export const ROOT = join(__dirname, '../..');
export const OUTPUT = join(ROOT, 'test-output');
export const DEMO_PASSWORD = 'Demo-SAMS-2026!';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface WebApp {
  app: TestApp;
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The app on a free port with the demo centre loaded, and a headless Chromium. */
export async function startWebApp(): Promise<WebApp> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium introuvable (${CHROMIUM}) : apt-get install -y chromium, ou CHROMIUM_PATH=… (voir README).`);
  }
  rmSync(join(OUTPUT, 'failures'), { recursive: true, force: true }); // only this run's failures
  const app = await startTestApp(); // the web app was built by test/global-setup.mjs
  await seedDemo(app.app);
  await app.app.listen(0, '127.0.0.1');
  const port = (app.app.getHttpServer().address() as AddressInfo).port;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--lang=fr-FR',
    ],
  });
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    browser,
    close: async () => {
      await browser.close();
      await app.close();
    },
  };
}

/** A fresh browser context (its own sessionStorage) signed in as `email`. */
/**
 * A fresh page in its own browser context, as a French user in Paris sees the app, `width` px wide.
 * It is screenshotted if its journey fails (screenshotOpenPages); its JS errors are kept (jsErrors).
 */
export async function openPage(web: WebApp, width = 1366, height = 900): Promise<Page> {
  const context = await web.browser.newContext({
    viewport: { width, height },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    bypassCSP: true,
  });
  const page = await context.newPage();
  openPages.add(page);
  page.on('close', () => openPages.delete(page));
  page.setDefaultTimeout(20_000); // generous: CI runs two test files at once on 2 cores
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { jsErrors?: string[] }).jsErrors = errors;
  return page;
}

/**
 * `test` for a browser journey: when it fails, what it saw stays in test-output/failures/ — a
 * screenshot of each open page and the error — under `<prefix>-<start of the journey's name>`.
 */
export function journeyOf(prefix: string): (name: string, fn: () => Promise<void>) => void {
  return (name, fn) =>
    test(name, async () => {
      try {
        await fn();
      } catch (error) {
        const tag = `${prefix}-${name.slice(0, 12).replace(/\W/g, '')}`;
        writeMeasurement(`failures/${tag}`, { journey: name, error: String(error instanceof Error ? error.message : error) });
        await screenshotOpenPages(tag);
        throw error;
      }
    });
}

export async function signIn(web: WebApp, email: string, password = DEMO_PASSWORD): Promise<Page> {
  const page = await openPage(web);
  await page.goto(`${web.url}/`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
  return page;
}

const openPages = new Set<Page>();

/** Screenshots every page still open (called when a journey fails), to see where it stopped. */
export async function screenshotOpenPages(name: string): Promise<void> {
  let i = 0;
  for (const page of openPages) {
    i += 1;
    mkdirSync(join(OUTPUT, 'failures'), { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'failures', `${name}-${i}.png`), fullPage: true }).catch(() => undefined);
    await page
      .context()
      .close()
      .catch(() => undefined);
  }
}

export function jsErrors(page: Page): string[] {
  return (page as Page & { jsErrors?: string[] }).jsErrors ?? [];
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(join(OUTPUT, 'screenshots'), { recursive: true });
  const path = join(OUTPUT, 'screenshots', `${name}.png`);
  // From the top: a full-page capture of a scrolled page draws the fixed header mid-page.
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
  return path;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core on the current page: the serious and critical violations (WCAG 2.x A and AA rules). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as {
      document: unknown;
      axe: { run(context: unknown, options: object): Promise<{ violations: unknown[] }> };
    };
    const result = await g.axe.run(g.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id} (${v.help}) : ${v.nodes
          .map((n) => `${n.target.join(' ')} [${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160)}]`)
          .slice(0, 5)
          .join(' | ')}`,
    );
}

export function writeMeasurement(name: string, value: unknown): void {
  mkdirSync(dirname(join(OUTPUT, name)), { recursive: true });
  writeFileSync(join(OUTPUT, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Types `text` key by key (as a person does, 20 ms apart — never `fill`) into a field, after
 * emptying it, then checks that every character stayed: a controlled field that drops or
 * reorders keystrokes, or crashes at the second one, fails here.
 */
export async function typeKeys(field: Locator, text: string): Promise<void> {
  await field.focus(); // as Tab does: a date field's calendar left open may cover this one
  await field.press('ControlOrMeta+a');
  await field.press('Backspace');
  await field.pressSequentially(text, { delay: 20 });
  const value = await field.inputValue();
  if (value !== text) throw new Error(`Saisie perdue : tapé « ${text} », le champ contient « ${value} ».`);
}

/** True when the page scrolls sideways (wider than the window). */
export async function pageWidth(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
    return { scrollWidth: g.document.documentElement.scrollWidth, innerWidth: g.innerWidth };
  });
}

/** What sticks out on the right of the window (the deepest elements only), to say why a page scrolls sideways. */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type El = {
      getBoundingClientRect(): { right: number };
      tagName: string;
      className: unknown;
      textContent: string | null;
      querySelectorAll(s: string): ArrayLike<El>;
      closest(s: string): El | null;
    };
    const g = globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<El> }; innerWidth: number };
    const out = Array.from(g.document.querySelectorAll('body *')).filter(
      (e) => e.getBoundingClientRect().right > g.innerWidth + 1 && !e.closest('.mantine-ScrollArea-root, .mantine-Table-scrollContainer'),
    );
    return out
      .filter((e) => !Array.from(e.querySelectorAll('*')).some((c) => out.includes(c)))
      .slice(0, 8)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]} « ${(e.textContent ?? '').slice(0, 40)} » → ${Math.round(e.getBoundingClientRect().right)} px`,
      );
  });
}

/** The requests a page sends matching `method` and `path`, counted as they leave. */
export function countRequests(page: Page, method: string, path: RegExp): { readonly count: number } {
  const counter = { count: 0 };
  page.on('request', (r) => {
    if (r.method() === method && path.test(new URL(r.url()).pathname)) counter.count += 1;
  });
  return counter;
}
