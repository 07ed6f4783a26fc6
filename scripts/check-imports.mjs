// The allowed import directions of architecture.md, and table ownership (ADR 0011), checked on every
// TypeScript file of libs/:
//   - a lib imports another lib only through its public entry (@app/<lib>), never its files;
//   - only the directions below; rules imports no lib; no cycle between libs;
//   - libs never import apps/;
//   - a lib's tables are those of its TypeORM entities (@Entity('t') / @Entity({ name: 't' }) and
//     @JoinTable({ name: 't' }) anywhere under libs/<lib>/src); no lib names another lib's table in
//     SQL, nor imports another lib's entity class (so no getRepository/find/from on it): it calls
//     that lib's public API (its index, or a port).
//
// The SQL scan is static and deliberately simple: every string and template literal of a lib's files
// (comments skipped; a template's ${…} read as code) is searched for FROM / JOIN / INTO / UPDATE /
// TABLE / TRUNCATE followed by a table name (optionally "quoted" or public.-qualified, and the
// comma-separated list after FROM), and a literal passed first to .from( / .into( / .update( /
// innerJoin… / leftJoin… / getRepository( is read as a table name. Only names
// that are another lib's tables count. It does not see: a table name built at run time (a variable,
// a concatenation, `FROM ${name}`), SQL kept outside libs/ (migrations, seeds, tests, apps), views or
// functions that read another lib's tables, a join through a relation property
// (leftJoin('a.ccp', 'c')), nor entity classes reached without importing them (import * as X).
// A sentence in a string such as "from learners" reads as SQL: reword it.
//
// Usage: node scripts/check-imports.mjs [root]   — or import { check } and call check(root).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const ALLOWED = {
  rules: [],
  platform: [],
  centre: ['platform', 'auth'],
  auth: ['platform', 'rules'],
  referential: ['platform', 'auth', 'rules'],
  learners: ['platform', 'auth', 'referential', 'rules'],
  ecf: ['centre', 'platform', 'auth', 'referential', 'learners', 'rules'],
  'professional-files': ['centre', 'platform', 'auth', 'referential', 'learners', 'rules'],
  booklet: ['centre', 'platform', 'auth', 'referential', 'learners', 'rules'],
  'jury-sessions': ['centre', 'platform', 'auth', 'referential', 'learners', 'ecf', 'professional-files', 'booklet', 'rules'],
};

/** Tables without an entity, and whose owner they are (TypeORM's migration bookkeeping). */
export const TABLES_WITHOUT_ENTITY = { migrations: 'platform', typeorm_metadata: 'platform' };

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', 'dist'].includes(entry.name)) yield* walk(path);
    } else if (entry.name.endsWith('.ts')) yield path;
  }
}

const posix = (p) => p.split(sep).join('/');
const lineOf = (text, index) => text.slice(0, index).split('\n').length;

const REGEX_BEFORE = /[(,=:[!&|?{};+\-*%<>~^]$/;
const KEYWORD_BEFORE = /(?:^|[^\w$])(?:return|typeof|case|in|of|new|delete|void|throw|yield|await)$/;

/**
 * The string and template literals of a TypeScript source, with their offsets and the code that
 * precedes each (to know the call it is passed to). Comments are skipped; a regular expression
 * literal is skipped when a `/` stands where an expression starts.
 */
export function literals(src) {
  const out = [];
  let i = 0;
  const n = src.length;
  // The stack of open template literals: each entry is the brace depth of its current ${…}.
  function scan(stopAtBrace) {
    let depth = 0;
    while (i < n) {
      const c = src[i];
      const d = src[i + 1];
      if (c === '/' && d === '/') {
        const end = src.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (c === '/' && d === '*') {
        const end = src.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c === "'" || c === '"') {
        const start = i++;
        let text = '';
        while (i < n && src[i] !== c && src[i] !== '\n') {
          if (src[i] === '\\') i++;
          text += src[i++] ?? '';
        }
        i++;
        out.push({ text, start, before: src.slice(Math.max(0, start - 80), start) });
      } else if (c === '`') {
        const start = i++;
        let text = '';
        while (i < n && src[i] !== '`') {
          if (src[i] === '\\') {
            text += src[i + 1] ?? '';
            i += 2;
          } else if (src[i] === '$' && src[i + 1] === '{') {
            i += 2;
            scan(true);
            i++;
            text += ' ${} ';
          } else text += src[i++];
        }
        i++;
        out.push({ text, start, before: src.slice(Math.max(0, start - 80), start) });
      } else if (c === '/') {
        const prev = src.slice(Math.max(0, i - 20), i).trimEnd();
        if (prev === '' || REGEX_BEFORE.test(prev) || KEYWORD_BEFORE.test(prev)) {
          i++;
          let inClass = false;
          while (i < n && src[i] !== '\n') {
            if (src[i] === '\\') i++;
            else if (src[i] === '[') inClass = true;
            else if (src[i] === ']') inClass = false;
            else if (src[i] === '/' && !inClass) break;
            i++;
          }
          i++;
        } else i++;
      } else if (c === '{') {
        depth++;
        i++;
      } else if (c === '}') {
        if (stopAtBrace && depth === 0) return;
        depth--;
        i++;
      } else i++;
    }
  }
  scan(false);
  return out;
}

const NAME = String.raw`(?:public\.)?"?([a-z_][a-z0-9_]*)"?`;
const SQL_TABLE = new RegExp(String.raw`\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE)\s+(?:ONLY\s+)?${NAME}`, 'gi');
const BARE = String.raw`(?:public\.)?"?[a-z_][a-z0-9_]*"?`;
// FROM a x, b AS y, c: the comma-separated list (old-style joins).
const FROM_LIST = new RegExp(String.raw`\bFROM\s+((?:${BARE}(?:\s+(?:AS\s+)?[a-z_][a-z0-9_]*)?\s*,\s*)+${BARE})`, 'gi');
const TABLE_ARGUMENT = /(?:\.(?:from|into|update|innerJoin|leftJoin|innerJoinAndSelect|leftJoinAndSelect|getRepository)\s*\(\s*)$/;

/** The table names a literal names as SQL (see the limits above). */
export function tablesIn(literal) {
  const names = new Set();
  if (TABLE_ARGUMENT.test(literal.before) && /^(?:public\.)?[a-z_][a-z0-9_]*$/.test(literal.text))
    names.add(literal.text.replace(/^public\./, ''));
  for (const m of literal.text.matchAll(SQL_TABLE)) names.add(m[1].toLowerCase());
  for (const m of literal.text.matchAll(FROM_LIST)) {
    for (const part of m[1].split(',')) {
      const name = /^\s*(?:public\.)?"?([a-z_][a-z0-9_]*)/i.exec(part);
      if (name) names.add(name[1].toLowerCase());
    }
  }
  return names;
}

const ENTITY =
  /@Entity\(\s*(?:(['"])([a-z0-9_]+)\1|\{[^}]*?\bname:\s*(['"])([a-z0-9_]+)\3[^}]*\})?\s*\)[\s\S]*?\bclass\s+([A-Za-z0-9_$]+)/g;
const JOIN_TABLE = /@JoinTable\(\s*\{[^}]*?\bname:\s*(['"])([a-z0-9_]+)\1/g;

const snake = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** Every lib's tables and entity classes: { tables: Map<table, lib>, entities: Map<lib, Map<class, file>> }. */
export function ownership(root) {
  const libsDir = join(root, 'libs');
  const tables = new Map(Object.entries(TABLES_WITHOUT_ENTITY));
  const entities = new Map();
  const problems = [];
  for (const lib of readdirSync(libsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)) {
    const classes = new Map();
    entities.set(lib, classes);
    const src = join(libsDir, lib, 'src');
    if (!existsSync(src)) continue;
    for (const file of walk(src)) {
      const text = readFileSync(file, 'utf8');
      const own = (table) => {
        const owner = tables.get(table);
        if (owner && owner !== lib) problems.push(`${posix(relative(root, file))}: table ${table} is declared by libs/${owner} too`);
        tables.set(table, lib);
      };
      for (const m of text.matchAll(ENTITY)) {
        own(m[2] ?? m[4] ?? snake(m[5]));
        classes.set(m[5], posix(relative(root, file)));
      }
      for (const m of text.matchAll(JOIN_TABLE)) own(m[2]);
    }
  }
  return { tables, entities, problems };
}

const IMPORT = /(?:import|export)\s([^'"]*?)from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every problem of the tree at root, as "path[:line]: what" lines (empty: all is well). */
export function check(root, { allowList = [] } = {}) {
  const problems = [];
  const libsDir = join(root, 'libs');
  const libs = readdirSync(libsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  for (const lib of libs) {
    if (!(lib in ALLOWED)) problems.push(`libs/${lib}: not in the allowed-directions table of scripts/check-imports.mjs`);
  }
  const { tables, entities, problems: ownershipProblems } = ownership(root);
  problems.push(...ownershipProblems);
  const allowed = new Set(allowList);
  const used = new Set();
  for (const lib of libs) {
    for (const file of walk(join(libsDir, lib))) {
      const text = readFileSync(file, 'utf8');
      const rel = posix(relative(root, file));
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[2] ?? m[3] ?? m[4];
        if (spec.startsWith('@app/')) {
          const [, target, ...deep] = spec.split('/');
          if (deep.length) problems.push(`${rel}: imports ${spec}; use the public entry @app/${target}`);
          if (target !== lib && !(ALLOWED[lib] ?? []).includes(target)) problems.push(`${rel}: libs/${lib} may not import @app/${target}`);
          if (target === lib) problems.push(`${rel}: imports its own lib through @app/${lib}; use a relative path`);
          if (target !== lib && m[1]) {
            const names = (/\{([^}]*)\}/.exec(m[1])?.[1] ?? '').split(',').map(
              (s) =>
                s
                  .trim()
                  .replace(/^type\s+/, '')
                  .split(/\s+as\s+/)[0],
            );
            for (const name of names) {
              if (entities.get(target)?.has(name))
                problems.push(`${rel}:${lineOf(text, m.index)}: imports ${name}, an entity of libs/${target}; call its public API`);
            }
          }
        } else if (spec.startsWith('.')) {
          const target = posix(relative(root, resolve(dirname(file), spec)));
          if (!target.startsWith(`libs/${lib}/`) && target !== `libs/${lib}`)
            problems.push(`${rel}: relative import leaves libs/${lib} (${spec})`);
        }
      }
      // A lib's public entry does not hand out its entity classes (its tables are its own).
      if (rel === `libs/${lib}/src/index.ts`) {
        for (const m of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s*from|export\s+\*\s+from\s+['"]([^'"]+)['"]/g)) {
          const names = m[1]
            ? m[1].split(',').map(
                (s) =>
                  s
                    .trim()
                    .replace(/^type\s+/, '')
                    .split(/\s+as\s+/)[0],
              )
            : [...(entities.get(lib) ?? [])]
                .filter(([, f]) => f.replace(/\.ts$/, '') === posix(relative(root, resolve(dirname(file), m[2]))))
                .map(([c]) => c);
          for (const name of names) {
            // platform's index still exports IdempotencyKey (no lib imports it; importing it is refused above).
            if (lib !== 'platform' && entities.get(lib)?.has(name))
              problems.push(`${rel}: exports the entity ${name}; expose what other libs need through a service`);
          }
        }
      }
      for (const literal of literals(text)) {
        for (const table of tablesIn(literal)) {
          const owner = tables.get(table);
          if (!owner || owner === lib) continue;
          if (allowed.has(`${rel}: ${table}`)) {
            used.add(`${rel}: ${table}`);
            continue;
          }
          problems.push(`${rel}:${lineOf(text, literal.start)}: SQL on table ${table} of libs/${owner}; call its public API`);
        }
      }
    }
  }
  // An allowance that matches nothing any more is removed, so the lists only shrink.
  for (const entry of allowed) {
    if (!used.has(entry) && existsSync(join(root, entry.split(':')[0])))
      problems.push(`scripts/check-imports.mjs: allow-list entry « ${entry} » matches nothing any more; remove it`);
  }
  // No cycle in the table itself.
  const visiting = new Set();
  const done = new Set();
  function visit(lib, path) {
    if (visiting.has(lib)) problems.push(`cycle: ${[...path, lib].join(' → ')}`);
    if (visiting.has(lib) || done.has(lib)) return;
    visiting.add(lib);
    for (const dep of ALLOWED[lib] ?? []) visit(dep, [...path, lib]);
    visiting.delete(lib);
    done.add(lib);
  }
  Object.keys(ALLOWED).forEach((lib) => visit(lib, []));
  return problems;
}

if (process.argv[1] && /check-imports\.mjs$/.test(process.argv[1])) {
  const root = resolve(process.argv[2] ?? join(dirname(resolve(process.argv[1])), '..'));
  const problems = check(root);
  if (problems.length) {
    console.error(`Import directions and table ownership: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  const count = readdirSync(join(root, 'libs'), { withFileTypes: true }).filter((d) => d.isDirectory()).length;
  console.log(`Import directions and table ownership OK (${count} libs).`);
}
