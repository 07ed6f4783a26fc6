// Writes the API's OpenAPI document to apps/web/openapi.json without a database: Nest's preview
// mode reads the controllers' metadata but instantiates nothing. scripts/build-web.mjs generates
// the web app's typed client from this file, so a contract change breaks the web build.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/platform';
import { AppModule } from '../apps/api/src/app.module';
import { openApiDocument } from '../apps/api/src/create-app';

async function main(): Promise<void> {
  const config = loadConfig(
    { ...process.env, NODE_ENV: 'production', JWT_SECRET: 'openapi-preview-only-not-a-secret-0123456789' },
    { startupTasks: false },
  );
  const app = await NestFactory.create(AppModule.forRoot(config, 'postgres://preview.invalid/none'), { preview: true, logger: false });
  app.setGlobalPrefix('api');
  const target = join(config.rootDir, 'apps/web/openapi.json');
  writeFileSync(target, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  console.log(`openapi: ${target}`);
}

void main();
