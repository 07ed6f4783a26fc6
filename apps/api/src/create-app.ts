import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import { ApiExceptionFilter, AppConfig, createValidationPipe, logLevels } from '@app/platform';
import { AppModule } from './app.module';

/** The HTTP application, the same for `npm start` and the e2e tests. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    logger: logLevels(config),
  });
  const filter = new ApiExceptionFilter();
  // Body parsing is ours so that a malformed or oversized body gets the contract's error shape.
  // A body the API cannot read is refused, never silently ignored (a PATCH would do nothing).
  app.use((req: Request, res: Response, next: NextFunction) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || !!req.headers['transfer-encoding'];
    const readable = /^(application\/json|multipart\/form-data|text\/csv|application\/csv)/i.test(req.headers['content-type'] ?? '');
    if (hasBody && ['POST', 'PUT', 'PATCH'].includes(req.method) && !readable) {
      res.status(415).json({
        statusCode: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Envoyez du JSON (Content-Type: application/json), ou un fichier en multipart/form-data.',
      });
      return;
    }
    next();
  });
  app.use(express.json({ limit: '1mb' }));
  app.use(express.raw({ type: ['text/csv', 'application/csv'], limit: '2mb' }));
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!error) return next();
    const body = filter.toBody(error);
    res.status(body.statusCode).json(body);
  });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  (app.getHttpAdapter().getInstance() as express.Express).disable('x-powered-by');

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('SAMS — centre de formation')
      .setDescription(
        'API du titre professionnel Secrétaire assistant médico-social (RNCP36805) : référentiel, apprenants, ECF, dossier professionnel, jurys, PV et livret. Erreurs : `{statusCode, code, message, details}` (voir spec/api.md).',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
