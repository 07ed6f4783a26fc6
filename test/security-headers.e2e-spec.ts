import type { Response } from 'supertest';
import { auth, createCohort, createLearner } from './support/fixtures';
import { ADMIN, startTestApp, TestApp } from './support/test-app';

/** What every /api answer carries, whatever its status (issue 10). */
function expectApiHeaders(res: Response, label: string): void {
  const h = res.headers;
  try {
    expect(h['cache-control']).toBe('no-store');
    expect(h['content-security-policy']).toContain("default-src 'none'");
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['referrer-policy']).toBe('no-referrer');
    expect(h['cross-origin-resource-policy']).toBe('same-origin');
    expect(h['x-powered-by']).toBeUndefined();
    expect(h['strict-transport-security']).toBeUndefined(); // plain HTTP, no PUBLIC_URL
  } catch (error) {
    throw new Error(`${label} (${res.status}): ${(error as Error).message}`);
  }
}

describe('issue 10 — security headers and no-store on every /api answer (helmet)', () => {
  let t: TestApp;
  let admin: string;
  let learnerId: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    const cohort = await createCohort(t, []);
    learnerId = (await createLearner(t, { pathway: 'training', cohortId: cohort.id })).id;
  });
  afterAll(async () => t?.close());

  it('issue 10 — successes, errors, the login answer, PDFs and the OpenAPI document all carry them', async () => {
    const answers: [string, Promise<Response>][] = [
      ['GET /api/health', t.http.get('/api/health')],
      ['login success', t.http.post('/api/auth/login').send(ADMIN)],
      ['login failure (401)', t.http.post('/api/auth/login').send({ email: ADMIN.email, password: 'pas-le-bon-mot-de-passe' })],
      ['no token (401)', t.http.get('/api/auth/me')],
      ['a bad token (401)', t.http.get('/api/auth/me').set('Authorization', 'Bearer x.y.z')],
      ['GET /api/auth/me', t.http.get('/api/auth/me').set(auth(admin))],
      ['forbidden role (403)', t.http.get('/api/users').set(auth((await t.createUser(['trainer'])).token))],
      ['unknown route (404)', t.http.get('/api/nothing-here')],
      ['malformed JSON (400)', t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"email":')],
      ['unreadable body (415)', t.http.post('/api/auth/login').set('Content-Type', 'text/plain').send('x')],
      ['validation (400)', t.http.post('/api/users').set(auth(admin)).send({})],
      ['a PDF', t.http.get(`/api/learners/${learnerId}/ecf.pdf`).set(auth(admin))],
      ['a list', t.http.get('/api/learners').set(auth(admin))],
      ['GET /api/docs-json', t.http.get('/api/docs-json')],
    ];
    for (const [label, pending] of answers) {
      const res = await pending;
      expectApiHeaders(res, label);
    }
    const pdf = await t.http.get(`/api/learners/${learnerId}/ecf.pdf`).set(auth(admin)).expect(200);
    expect(pdf.headers['content-type']).toMatch(/application\/pdf/);
  });

  it('issue 10 — the Swagger UI keeps working: its own scripts and styles only, no-store', async () => {
    const res = await t.http.get('/api/docs/').redirects(1);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-eval');
  });

  it('issue 10 — the web app keeps its own CSP and caching; it gets the other headers too', async () => {
    const res = await t.http.get('/').expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('issue 10 — without TRUST_PROXY, a forged X-Forwarded-Proto: https does not turn HSTS on', async () => {
    const res = await t.http.get('/api/health').set('X-Forwarded-Proto', 'https').expect(200);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('issue 10 — HSTS only when served over HTTPS', () => {
  it('issue 10 — PUBLIC_URL in https:// → HSTS on the API and on the web app', async () => {
    const t = await startTestApp({ PUBLIC_URL: 'https://sams.centre.example' });
    try {
      for (const path of ['/api/health', '/api/nothing-here', '/']) {
        const res = await t.http.get(path);
        expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      }
    } finally {
      await t.close();
    }
  });

  it('issue 10 — behind a trusted proxy (TRUST_PROXY), HSTS follows X-Forwarded-Proto', async () => {
    const t = await startTestApp({ TRUST_PROXY: 'loopback', PUBLIC_URL: 'http://localhost:3000' });
    try {
      const https = await t.http.get('/api/health').set('X-Forwarded-Proto', 'https').expect(200);
      expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const http = await t.http.get('/api/health').expect(200);
      expect(http.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
