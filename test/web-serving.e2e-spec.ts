// The API serves the built web app at `/`: client routes answer index.html, /api stays the API,
// scripts are immutable and gzip-compressed, pages carry a strict CSP.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/browser';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(120_000);
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

it('serves the app at / and on its client routes, never in place of the API', async () => {
  for (const path of ['/', '/livret', '/sessions/0b0d2f5e-5a49-4d43-9d0e-6a3b8a1a1a1a/candidats/x']) {
    const res = await t.http.get(path).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<div id="root"></div>');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['cache-control']).toBe('no-cache');
  }
  const api = await t.http.get('/api/nothing-here').expect(404);
  expect(api.body).toMatchObject({ statusCode: 404 });
  await t.http.post('/livret').expect(404);
});

it('serves the scripts gzip-compressed and cached for good', async () => {
  const script = readdirSync(join(ROOT, 'apps/web/dist/assets')).find((f) => /^index-.*\.js$/.test(f))!;
  const gz = await t.http.get(`/assets/${script}`).set('Accept-Encoding', 'gzip').expect(200);
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(gz.headers['cache-control']).toContain('immutable');
  expect(gz.headers['content-type']).toMatch(/javascript/);
  const plain = await t.http.get(`/assets/${script}`).set('Accept-Encoding', 'identity').expect(200);
  expect(plain.headers['content-encoding']).toBeUndefined();
  await t.http.get('/assets/missing.js').expect(404);
  // A path out of the assets folder is refused (send answers 403), never served.
  const escape = await t.http.get('/assets/..%2F..%2F..%2F..%2Fpackage.json');
  expect([403, 404]).toContain(escape.status);
  expect(escape.text).not.toContain('sams-certification');
});
