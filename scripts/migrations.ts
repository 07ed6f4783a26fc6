/**
 * npm run migration:generate -- AddSomething   → writes migrations/<timestamp>-AddSomething.ts
 * npm run migration:check                      → exits 1 when entities and migrations disagree
 *
 * Both run every migration on a throw-away embedded PostgreSQL, then ask TypeORM for the SQL
 * that would bring that schema to the entities. Generated SQL must still be read and edited.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { findRootDir, loadConfig, startEmbeddedPostgres } from '@app/platform';
import { AppModule } from '../apps/api/src/app.module';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const q = (sql: string): string => '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (command !== 'check' && !(command === 'generate' && name && /^[A-Z][A-Za-z0-9]+$/.test(name))) {
    console.error('Usage: migrations check | migrations generate NomEnPascalCase');
    process.exit(2);
  }
  const root = findRootDir();
  const db = await startEmbeddedPostgres({
    dataDir: mkdtempSync(join(tmpdir(), 'sams-migrations-')),
    port: await freePort(),
    database: 'migrations',
    ephemeral: true,
  });
  let exitCode = 0;
  try {
    const config = loadConfig(
      { NODE_ENV: 'test', DATABASE_URL: db.url, JWT_SECRET: randomBytes(32).toString('hex') },
      { rootDir: root, startupTasks: false },
    );
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, db.url), { logger: ['error', 'warn'] });
    const sql = await app.get(DataSource).driver.createSchemaBuilder().log();
    await app.close();
    if (command === 'check') {
      if (sql.upQueries.length > 0) {
        console.error('Les entités et les migrations divergent / entities and migrations disagree. Missing SQL:');
        for (const query of sql.upQueries) console.error(`  ${query.query};`);
        console.error('Run: npm run migration:generate -- NomDeLaMigration');
        exitCode = 1;
      } else {
        console.log('migration:check OK — les migrations correspondent aux entités.');
      }
    } else if (sql.upQueries.length === 0) {
      console.log('Aucune différence : pas de migration à générer.');
    } else {
      const timestamp = Date.now();
      const className = `${name}${timestamp}`;
      const file = `${timestamp}-${name}`;
      const up = sql.upQueries.map((x) => `    await queryRunner.query(${q(x.query)});`).join('\n');
      const down = sql.downQueries
        .reverse()
        .map((x) => `    await queryRunner.query(${q(x.query)});`)
        .join('\n');
      writeFileSync(
        join(root, 'migrations', `${file}.ts`),
        `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  public async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
      );
      const indexPath = join(root, 'migrations', 'index.ts');
      const index = readFileSync(indexPath, 'utf8')
        .replace(/(\nexport const MIGRATIONS)/, `\nimport { ${className} } from './${file}';$1`)
        .replace(/\[([^\]]*)\];/, (_m, list: string) => `[${list.trim() ? `${list.trim().replace(/,$/, '')}, ` : ''}${className}];`);
      writeFileSync(indexPath, index);
      console.log(`migrations/${file}.ts écrite (${sql.upQueries.length} requêtes) : relisez-la.`);
    }
  } finally {
    await db.stop();
  }
  process.exit(exitCode);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
