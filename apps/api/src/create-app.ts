import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import {
  AcceptedMediaTypes,
  ApiExceptionFilter,
  AppConfig,
  createValidationPipe,
  installSecurityHeaders,
  logLevels,
  refuseBadText,
  refuseUnreadableBodies,
  verifyJsonBytes,
  withDetails,
} from '@app/platform';
import { AppModule } from './app.module';

/** The HTTP application, the same for `npm start` and the e2e tests. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    logger: logLevels(config),
  });
  installSecurityHeaders(app, config); // first: every answer, errors included, carries them (issue 10)
  // A client that stalls (mid-upload, or sending headers byte by byte) is cut after 2 minutes
  // instead of Node's 5: 10 MB at 1 Mbit/s fits, a held connection does not last.
  const server = app.getHttpServer() as Server;
  server.requestTimeout = 120_000;
  server.headersTimeout = 20_000;
  answerMalformedRequests(app.getHttpServer() as Server);
  const filter = new ApiExceptionFilter();
  // Body parsing is ours so that a malformed or oversized body gets the contract's error shape.
  // A body the API cannot read is refused (415), never silently ignored (a PATCH would do nothing);
  // the media types each endpoint reads come from the OpenAPI document, learnt below.
  const media = new AcceptedMediaTypes();
  app.use(refuseUnreadableBodies(media));
  // Nesting depth and UTF-8 checked on the raw bytes, before parsing and before authentication (issue 10).
  app.use(express.json({ limit: '1mb', verify: verifyJsonBytes }));
  app.use(express.raw({ type: ['text/csv', 'application/csv'], limit: '2mb' }));
  // NUL, lone surrogates, control characters, prototype keys in the body or the query: 400 naming the field.
  app.use(refuseBadText);
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!error) return next();
    const body = withDetails(filter.toBody(error));
    res.status(body.statusCode).json(body);
  });
  // The centre's public keys at the address verifiers look for (issue 16): the one route outside /api.
  app.setGlobalPrefix('api', { exclude: [{ path: '.well-known/jwks.json', method: RequestMethod.GET }] });
  serveWebApp(app.getHttpAdapter().getInstance() as express.Express, join(config.rootDir, 'apps/web/dist'));
  app.useGlobalPipes(createValidationPipe());
  (app.getHttpAdapter().getInstance() as express.Express).disable('x-powered-by');

  const document = openApiDocument(app);
  media.learn(document);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/**
 * The OpenAPI document of the contract as the code implements it. The web app's typed client is
 * generated from it at build time (scripts/build-web.mjs): a contract change breaks the web build.
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return withIdempotencyKey(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('SAMS — centre de formation')
        .setDescription(
          'API du titre professionnel Secrétaire assistant médico-social (RNCP36805) : référentiel, apprenants, ECF, dossier professionnel, jurys, PV et livret. Erreurs : `{statusCode, code, message, details}` (voir spec/api.md).',
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
    ),
  );
}

/**
 * Requests Node's HTTP parser refuses before any route sees them (a bad or doubled
 * Content-Length, a broken chunked body, a raw NUL in the URL, headers over 16 KB) answer in the
 * contract's error shape with the /api security headers, instead of an empty 400/431. A client
 * silent for 30 s is disconnected (a body announced but never sent no longer holds a socket).
 */
function answerMalformedRequests(server: Server): void {
  server.timeout = 30_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const body = JSON.stringify({
      statusCode: status,
      code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED',
      message: tooLarge
        ? 'Les en-têtes de la requête sont trop volumineux.'
        : "La requête HTTP est mal formée (longueur, encodage ou caractères interdits dans l'adresse).",
      details: [],
    });
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\n' +
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n" +
        'X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: no-referrer\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}

/** Every POST accepts an `Idempotency-Key` (spec/api.md « Conventions », ADR 0008). */
function withIdempotencyKey(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    if (!item.post) continue;
    item.post.parameters = [
      ...(item.post.parameters ?? []),
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string', maxLength: 200 },
        description:
          'La même clé et le même corps dans les 24 h : la première réponse, sans seconde écriture ; un autre corps : 422 IDEMPOTENCY.KEY_REUSED.',
      },
    ];
  }
  return document;
}

/**
 * The web app (apps/web, built by scripts/build-web.mjs) at `/`: hashed assets cached for good,
 * index.html for every other page of the app (client-side routes), never for /api.
 */
function serveWebApp(server: express.Express, dist: string): void {
  const index = join(dist, 'index.html');
  server.use((req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/api')) {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'same-origin');
      res.setHeader('X-Frame-Options', 'DENY');
      res.setHeader(
        'Content-Security-Policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
      );
    }
    next();
  });
  const assets = join(dist, 'assets');
  server.use('/assets', (req: Request, res: Response, next: NextFunction) => {
    const type = req.path.endsWith('.js') ? 'text/javascript' : req.path.endsWith('.css') ? 'text/css' : null;
    const gzipped = join(assets, req.path) + '.gz';
    if (!type || !/\bgzip\b/.test(req.headers['accept-encoding'] ?? '') || req.path.includes('..') || !existsSync(gzipped)) return next();
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.type(type);
    res.sendFile(gzipped);
  });
  server.use('/assets', express.static(assets, { immutable: true, maxAge: '1y', fallthrough: false }));
  server.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || /^\/(api|assets\/|\.well-known\/)/.test(req.path)) return next();
    if (!existsSync(index)) {
      res
        .status(503)
        .type('html')
        .send(
          '<!doctype html><html lang="fr"><title>SAMS</title><p>L’application web n’est pas construite : lancez <code>npm start</code> (ou <code>npm run build:web</code>).</p></html>',
        );
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
