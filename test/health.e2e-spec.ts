import { startTestApp, TestApp } from './support/test-app';

describe('health and documentation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('GET /api/health checks the database, without a token', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('serves the OpenAPI document with the error responses of each endpoint', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/auth/me',
        '/api/users',
        '/api/certifications',
        '/api/certifications/{code}',
        '/api/certifications/{code}/successor',
        '/api/audit',
        '/api/health',
      ]),
    );
    expect(Object.keys(paths['/api/users'].post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409']));
    expect(Object.keys(paths['/api/auth/login'].post.responses)).toEqual(expect.arrayContaining(['200', '401', '429']));
    expect(res.body.components.schemas.ErrorResponseDto).toBeDefined();
    await t.http.get('/api/docs').expect(200);
  });

  it('answers an unknown route with 404 NOT_FOUND in the error shape', async () => {
    const res = await t.http.get('/api/nothing-here').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(typeof res.body.message).toBe('string');
  });
});
