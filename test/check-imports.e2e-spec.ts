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

  describe('the forms a lib may name another lib’s table in (learners, owned by libs/learners)', () => {
    const FILE = 'libs/jury-sessions/src/jury-sessions.repository.ts';
    beforeEach(() => {
      write(
        'libs/learners/src/entities/learner.entity.ts',
        `@Entity({ name: 'learners' })\nexport class Learner {}\n@Entity('cohort_trainers')\nexport class CohortTrainer {}\n`,
      );
      write('libs/learners/src/index.ts', `export {};\n`);
    });
    // Each case: one expression of libs/jury-sessions (line 2 of its file) and what the check says.
    const cases: [string, string, string][] = [
      ['"public"."learners"', `ds.query('SELECT 1 FROM "public"."learners" l')`, 'SQL on table learners'],
      ['"public".learners', `ds.query('SELECT 1 FROM "public".learners l')`, 'SQL on table learners'],
      ['a block comment before the table', `ds.query('SELECT 1 FROM /* x */ learners')`, 'SQL on table learners'],
      ['a line comment before the table (template)', 'ds.query(`SELECT 1 FROM -- c\n learners`)', 'SQL on table learners'],
      ['a line comment before the table (escaped \\n)', `ds.query('SELECT 1 FROM -- c\\n learners')`, 'SQL on table learners'],
      [
        'a FROM list after a function',
        `ds.query('SELECT u.id FROM unnest($1::uuid[]) AS u(id), learners l WHERE l.id = u.id')`,
        'SQL on table learners',
      ],
      ['a FROM list after a subquery', `ds.query('SELECT 1 FROM (SELECT 1) s, "learners" l')`, 'SQL on table learners'],
      ['DELETE … USING', `ds.query('DELETE FROM jury_candidates c USING learners l WHERE l.id = c.learner_id')`, 'SQL on table learners'],
      [
        'DELETE … USING a list',
        `ds.query('DELETE FROM jury_candidates c USING x, learners l WHERE l.id = c.learner_id')`,
        'SQL on table learners',
      ],
      [
        'MERGE … USING',
        `ds.query('MERGE INTO jury_candidates c USING learners l ON l.id = c.learner_id WHEN MATCHED THEN DO NOTHING')`,
        'SQL on table learners',
      ],
      ['LOCK', `ds.query('LOCK learners IN SHARE MODE')`, 'SQL on table learners'],
      ['LOCK TABLE', `ds.query('LOCK TABLE learners')`, 'SQL on table learners'],
      ['COPY', `ds.query('COPY learners TO STDOUT')`, 'SQL on table learners'],
      ['::regclass', `ds.query("SELECT 'learners'::regclass")`, 'SQL on table learners'],
      ['m.find(table)', `m.find('learners')`, 'SQL on table learners'],
      ['m.count(entity name)', `m.count('Learner')`, 'query on entity Learner'],
      ['m.insert(table, …)', `m.insert('learners', { id: 1 })`, 'SQL on table learners'],
      ['m.delete(table, …)', `m.delete('cohort_trainers', { id: 1 })`, 'SQL on table cohort_trainers'],
      ['getRepository(entity name)', `getRepository('Learner').find()`, 'query on entity Learner'],
      ['ds.getRepository<T>(table)', `ds.getRepository<any>('learners').find()`, 'SQL on table learners'],
      ['createQueryBuilder(table, alias)', `ds.createQueryBuilder('learners', 'l').getMany()`, 'SQL on table learners'],
      ['.addFrom(table, alias)', `qb.addFrom('learners', 'l')`, 'SQL on table learners'],
      [
        '.leftJoinAndMapOne(…, table, …)',
        `qb.leftJoinAndMapOne('s.learner', 'learners', 'l', 'l.id = s.learner_id')`,
        'SQL on table learners',
      ],
    ];
    it.each(cases)('refuses %s', (_form, expression, what) => {
      write(FILE, `export const f = (ds: any, m: any, qb: any) =>\n  ${expression};\n`);
      const { status, output } = run(dir);
      expect(output).toContain(`${FILE}:2: ${what} of libs/learners; call its public API`);
      expect(status).toBe(1);
    });

    it('refuses another lib’s table declared with backticks, and an entity whose table is not a literal', () => {
      write('libs/jury-sessions/src/entities/a.entity.ts', '@Entity(`learners`)\nexport class Shadow {}\n');
      write(
        'libs/jury-sessions/src/entities/b.entity.ts',
        `const SOME_CONSTANT = 'learners';\n@Entity(SOME_CONSTANT)\nexport class Hidden {}\n@Entity({ name: SOME_CONSTANT })\nexport class Hidden2 {}\n`,
      );
      const { status, output } = run(dir);
      expect(status).toBe(1);
      expect(output).toMatch(
        /libs\/(jury-sessions|learners)\/src\/entities\/[ab-z.]+\.entity\.ts: table learners is declared by libs\/(learners|jury-sessions) too/,
      );
      expect(output).toContain(
        "libs/jury-sessions/src/entities/b.entity.ts:2: @Entity(SOME_CONSTANT) on Hidden: an entity's table must be a string literal",
      );
      expect(output).toContain(
        "libs/jury-sessions/src/entities/b.entity.ts:4: @Entity({ name: SOME_CONSTANT }) on Hidden2: an entity's table must be a string literal",
      );
    });

    it('passes what only looks like it: functions in FROM, USING (columns), aliases, routes, words that are table names', () => {
      write('libs/jury-sessions/src/entities/session.entity.ts', `@Entity()\nexport class JurySession {}\n`);
      write(
        FILE,
        [
          `export class JurySessionsRepository {`,
          `  constructor(private readonly ds: any, private readonly learners: any) {}`,
          `  insert(a: string[], b: string[]) {`,
          `    return this.ds.query(`,
          `      \`INSERT INTO jury_session (learner_id, ccp_id) SELECT t.learner_id, t.ccp_id FROM unnest($1::uuid[], $2::uuid[]) AS t(learner_id, ccp_id)\`,`,
          `      [a, b],`,
          `    );`,
          `  }`,
          `  read() {`,
          `    return this.ds.query(\`WITH c AS (SELECT 1) SELECT EXTRACT(YEAR FROM s.day), s.id FROM jury_session s LEFT JOIN c USING (learner_id, ccp_id)\`);`,
          `  }`,
          `  joined(qb: any) { return qb.leftJoinAndSelect('s.learners', 'learners').where('x').getMany(); }`,
          `  related() { return this.ds.getRepository(JurySession).find({ relations: ['learners'], order: { id: 'ASC' } }); }`,
          `  scoped(user: any, id: string) { return this.learners.learnerFor(user, id, 'learners'); }`,
          `  pick(rows: any[]) { return rows.find((r) => r.kind === 'learners'); }`,
          `  @Get('learners') route() { return 'Learner'; }`,
          `}`,
        ].join('\n'),
      );
      const { status, output } = run(dir);
      expect(output).toContain('Import directions and table ownership OK (5 libs).');
      expect(status).toBe(0);
    });
  });

  it('passes on this repository', () => {
    const { status, output } = run();
    expect(output).toContain('Import directions and table ownership OK');
    expect(status).toBe(0);
  });
});
