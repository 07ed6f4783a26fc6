// Time to interactive of « Mon livret » against a running app (`npm start` + `npm run seed:demo`):
// a fresh browser context each run (cold cache), signed in through the API, then navigation to
// /livret until the CCP cards and the download button are shown. Usage: node scripts/measure-livret.mjs [runs]
import { chromium } from 'playwright-core';

const base = process.env.APP_URL ?? 'http://localhost:3000';
const runs = Number(process.argv[2] ?? 5);
const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ email: 'karim.benali@exemple.fr', password: 'Demo-SAMS-2026!' }),
}).then((r) => r.json());
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const times = [];
let bytes = 0;
for (let i = 0; i < runs; i += 1) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.addInitScript(
    ([token, user]) => {
      sessionStorage.setItem('sams.token', token);
      sessionStorage.setItem('sams.user', user);
    },
    [login.accessToken, JSON.stringify(login.user)],
  );
  const page = await context.newPage();
  let js = 0;
  page.on('response', async (r) => {
    if (r.url().endsWith('.js')) js += Number((await r.headerValue('content-length')) ?? 0);
  });
  const started = performance.now();
  await page.goto(`${base}/livret`);
  await page.getByLabel('CCP 3', { exact: true }).waitFor();
  await page.getByRole('button', { name: "Télécharger l'attestation (PDF)" }).waitFor();
  times.push(Math.round(performance.now() - started));
  bytes = js;
  await context.close();
}
await browser.close();
times.sort((a, b) => a - b);
console.log(
  `Mon livret, ${runs} cold loads: ${times.join(', ')} ms (median ${times[Math.floor(runs / 2)]} ms); ${bytes} bytes of JS transferred`,
);
