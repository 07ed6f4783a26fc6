import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Issue 13 (2), ADR 0011: scripts/check-imports.mjs — what `npm run lint` runs — refuses a lib that
 * touches another lib's tables (SQL naming them, query builders on them, their entity classes),
 * and passes on the repository as it is. No database, no app: it reads files.
 */
const ROOT = join(__dirname, '..');
const CHECKER = join(ROOT, 'scripts', 'check-imports.mjs');

function run(root?: string): { status: number | null; output: string } {
  const res = spawnSync(process.execPath, root ? [CHECKER, root] : [CHECKER], { encoding: 'utf8', cwd: ROOT });
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

describe('scripts/check-imports.mjs: table ownership', () => {
  let dir: string;
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'check-imports-'));
    // Two libs as the real ones: referential owns ccps, certifications and ccp_correspondences.
    write(
      'libs/referential/src/entities/ccp.entity.ts',
      `import { Entity } from 'typeorm';\n@Entity({ name: 'ccps' })\nexport class Ccp {}\n@Entity('certifications')\nexport class Certification {}\n`,
    );
    write(
      'libs/referential/src/entities/correspondence.entity.ts',
      `@Entity({ name: 'ccp_correspondences', schema: 'public' })\nexport class CcpCorrespondence {}\n`,
    );
    write('libs/referential/src/referential.service.ts', `export class ReferentialService {}\n`);
    write('libs/referential/src/index.ts', `export { ReferentialService } from './referential.service';\n`);
    write('libs/booklet/src/entities/award.entity.ts', `@Entity({ name: 'ccp_awards' })\nexport class CcpAward {}\n`);
    write('libs/platform/src/idempotency/key.entity.ts', `@Entity({ name: 'idempotency_keys' })\nexport class IdempotencyKey {}\n`);
    write('libs/platform/src/index.ts', `export { IdempotencyKey } from './idempotency/key.entity';\n`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes a lib that reads its own tables and calls the other lib through its index', () => {
    write(
      'libs/booklet/src/booklet.service.ts',
      [
        `import { ReferentialService } from '@app/referential';`,
        `// Comments may say FROM ccps: they are not SQL.`,
        `/* neither JOIN certifications here */`,
        `const re = /FROM 'ccps'/;`,
        `export class BookletService {`,
        `  constructor(private readonly referential: ReferentialService, private readonly ds: any) {}`,
        `  held(id: string) { return this.ds.query(\`SELECT a.ccp_id FROM ccp_awards a WHERE a.learner_id = \${id}\`); }`,
        `  message() { return "L'apprenant vient d'un autre centre : certifications à jour.".length; }`,
        `}`,
      ].join('\n'),
    );
    const { status, output } = run(dir);
    expect(output).toContain('Import directions and table ownership OK (3 libs).');
    expect(status).toBe(0);
  });

  it('refuses SQL on another lib’s table, raw or through a query builder, and names the owner', () => {
    write(
      'libs/booklet/src/booklet.service.ts',
      [
        `export class BookletService {`,
        `  constructor(private readonly dataSource: any) {}`,
        `  async predecessor(code: string) {`,
        `    return this.dataSource.query(`,
        `      'SELECT k.id FROM ccps k JOIN certifications c ON c.id = k.certification_id WHERE k.code = $1',`,
        `      [code],`,
        `    );`,
        `  }`,
        `  correspondences() {`,
        `    return this.dataSource.createQueryBuilder().select('x.id').from('ccp_correspondences', 'x').getRawMany();`,
        `  }`,
        `  legacy() { return this.dataSource.query(\`SELECT 1 FROM ccp_awards a, "ccps" k WHERE k.id = a.ccp_id\`); }`,
        `  claim() { return this.dataSource.query('DELETE FROM idempotency_keys WHERE user_id = $1'); }`,
        `}`,
      ].join('\n'),
    );
    const { status, output } = run(dir);
    expect(status).toBe(1);
    const lines = output.split('\n').filter((l) => l.includes('SQL on table'));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining('libs/booklet/src/booklet.service.ts:5: SQL on table ccps of libs/referential; call its public API'),
        expect.stringContaining(
          'libs/booklet/src/booklet.service.ts:5: SQL on table certifications of libs/referential; call its public API',
        ),
        expect.stringContaining('libs/booklet/src/booklet.service.ts:10: SQL on table ccp_correspondences of libs/referential'),
        expect.stringContaining('libs/booklet/src/booklet.service.ts:12: SQL on table ccps of libs/referential'),
        expect.stringContaining('libs/booklet/src/booklet.service.ts:13: SQL on table idempotency_keys of libs/platform'),
      ]),
    );
    expect(lines).toHaveLength(5);
  });

  it('refuses another lib’s entity class, imported or exported by its index', () => {
    write(
      'libs/referential/src/index.ts',
      `export { ReferentialService } from './referential.service';\nexport { Ccp } from './entities/ccp.entity';\n`,
    );
    write(
      'libs/booklet/src/booklet.service.ts',
      `import { Ccp, ReferentialService } from '@app/referential';\nexport const f = (ds: any) => ds.getRepository(Ccp).find();\n`,
    );
    const { status, output } = run(dir);
    expect(status).toBe(1);
    expect(output).toContain('libs/booklet/src/booklet.service.ts:1: imports Ccp, an entity of libs/referential; call its public API');
    expect(output).toContain('libs/referential/src/index.ts: exports the entity Ccp');
  });

  it('passes on this repository', () => {
    const { status, output } = run();
    expect(output).toContain('Import directions and table ownership OK');
    expect(status).toBe(0);
  });
});
