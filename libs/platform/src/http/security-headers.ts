import type { INestApplication } from '@nestjs/common';
import type { Express, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config';

/** The same test as the web app's serving (create-app.ts): anything under /api is the API. */
const isApi = (path: string): boolean => path.startsWith('/api');
const isDocs = (path: string): boolean => path.startsWith('/api/docs') && !path.startsWith('/api/docs-json');

const ONE_YEAR = 365 * 24 * 60 * 60;

/**
 * Security headers on every answer, installed before anything else so that errors (401, 415, a
 * malformed body, 404) carry them too (issue 10):
 * - the API: `Cache-Control: no-store` (tokens, personal data and PDFs stay out of shared caches
 *   and the browser's back/forward cache), a CSP that allows nothing (a JSON or PDF answer is
 *   never a page that runs code), no framing, no referrer, no MIME sniffing;
 * - /api/docs (Swagger UI): its own scripts and styles only;
 * - the web app: helmet's other headers; its CSP stays the one create-app.ts sets;
 * - HSTS only over HTTPS: PUBLIC_URL in https://, or a request that arrived over TLS (with
 *   TRUST_PROXY, the proxy's X-Forwarded-Proto). A plain-HTTP local run never pins itself to HTTPS.
 * TRUST_PROXY also decides which client IP the login limits see (X-Forwarded-For or the socket).
 */
export function installSecurityHeaders(app: INestApplication, config: Pick<AppConfig, 'trustProxy' | 'publicUrl'>): void {
  const server = app.getHttpAdapter().getInstance() as Express;
  server.set('trust proxy', config.trustProxy);
  server.disable('x-powered-by');

  const common = {
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  } as const;
  const api = helmet({
    ...common,
    referrerPolicy: { policy: 'no-referrer' },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
  });
  const docs = helmet({
    ...common,
    referrerPolicy: { policy: 'no-referrer' },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
  });
  const web = helmet({ ...common, referrerPolicy: { policy: 'same-origin' }, contentSecurityPolicy: false });
  const hsts = helmet.strictTransportSecurity({ maxAge: ONE_YEAR, includeSubDomains: true });
  const httpsOnly = config.publicUrl?.toLowerCase().startsWith('https://') ?? false;

  server.use((req: Request, res: Response, next: NextFunction) => {
    const headers = isDocs(req.path) ? docs : isApi(req.path) ? api : web;
    headers(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (isApi(req.path)) res.setHeader('Cache-Control', 'no-store');
      if (httpsOnly || req.secure) return hsts(req, res, next);
      next();
    });
  });
}
