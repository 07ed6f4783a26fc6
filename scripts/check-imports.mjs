// The allowed import directions of architecture.md, and table ownership (ADR 0011), checked on every
// TypeScript file of libs/:
//   - a lib imports another lib only through its public entry (@app/<lib>), never its files;
//   - only the directions below; rules imports no lib; no cycle between libs;
//   - libs never import apps/;
//   - a lib's tables are those of its TypeORM entities (@Entity('t') / @Entity({ name: 't' }), any
//     quote, @Entity() for the class name in snake case, and @JoinTable({ name: 't' }) anywhere under
//     libs/<lib>/src; an @Entity whose name is not a literal is refused); no lib names another lib's
//     table in SQL, nor another lib's table or entity class as a TypeORM target, nor imports another
//     lib's entity class: it calls that lib's public API (its index, or a port).
//
// The SQL scan is static and deliberately simple: every string and template literal of a lib's files
// (TypeScript comments skipped; a template's ${…} read as code; SQL comments inside read as blanks)
// is searched for FROM / JOIN / INTO / UPDATE / TABLE / TRUNCATE / USING / LOCK / COPY followed by a
// table name (optionally "quoted", public.- or "public".-qualified), for every item of the
// comma-separated list after FROM / USING / LOCK / TRUNCATE (at its own parenthesis depth, after a
// function or a subquery too), and for 't'::regclass / to_regclass('t'). A literal that is a whole
// argument of a TypeORM method taking an entity target (find, count, insert, delete,
// getRepository, createQueryBuilder, from, addFrom, leftJoin…: the first argument; the second of
// …JoinAndMapOne/Many) and nothing but a name is read as a table or an entity class name (TypeORM
// resolves both). Only another lib's names count. It does not see: a name built at run time (a
// variable, a concatenation, `FROM ${name}`), SQL kept outside libs/ (migrations, seeds, tests,
// apps), views or functions that read another lib's tables, a join or load through a relation
// property (leftJoin('a.ccp', 'c'), relations: { learner: true }), a target passed to a helper of
// its own that calls TypeORM, nor entity classes reached without importing them (import * as X).
// A sentence in a string such as "from learners" or "using learners" reads as SQL: reword it.
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
  // Issue 16: a learner's data across every lib (export, retention, anonymisation), through their public APIs.
  privacy: ['centre', 'platform', 'auth', 'referential', 'learners', 'ecf', 'professional-files', 'booklet', 'jury-sessions', 'rules'],
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
const ESCAPES = { n: '\n', r: '\r', t: '\t' };
// The callee before a '(': `.name(`, `?.name(`, `name(` or `name<T>(` — not a decorator (@Get(), a
// route), not `new X(`, not a keyword (if (, for (…) unless it is a method (m.delete().
const CALLEE = /([A-Za-z_$][\w$]*)\s*(?:<[^()]*>)?\s*$/;
const NOT_CALLS = new Set([
  'if',
  'for',
  'while',
  'switch',
  'catch',
  'function',
  'return',
  'typeof',
  'await',
  'yield',
  'in',
  'of',
  'case',
  'void',
  'delete',
  'throw',
  'super',
  'constructor',
]);

function calleeOf(before) {
  const m = CALLEE.exec(before);
  if (!m) return null;
  const head = before.slice(0, m.index);
  if (/[\w$@]$/.test(head)) return null;
  if (/\.\s*$/.test(head)) return m[1];
  if (NOT_CALLS.has(m[1]) || /(?:^|[^\w$.])new\s+$/.test(head)) return null;
  return m[1];
}

/**
 * The string and template literals of a TypeScript source, with their offsets, the code that
 * precedes each, and `call` when the literal is a whole argument of a call: { name, arg } (the
 * function or method, the argument's position: `m.find('x', …)` gives { name: 'find', arg: 0 };
 * part of an expression, or inside an object or array argument: null). Comments are skipped; a regular
 * expression literal is skipped when a `/` stands where an expression starts.
 */
export function literals(src) {
  const out = [];
  let i = 0;
  const n = src.length;
  // The open brackets, innermost last: '(' carries the call it opens (or null), '${' a template hole.
  const open = [];
  const push = (text, start) => {
    const top = open[open.length - 1];
    // A whole argument: right after '(' or ',' and right before ',' or ')'.
    const whole = /[(,]\s*$/.test(src.slice(Math.max(0, start - 40), start)) && /^\s*[,)]/.test(src.slice(i, i + 40));
    const call = top?.ch === '(' && whole && top.call ? { name: top.call, arg: top.args } : null;
    out.push({ text, start, before: src.slice(Math.max(0, start - 80), start), call });
  };
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
          if (src[i] === '\\') {
            text += ESCAPES[src[i + 1]] ?? src[i + 1] ?? '';
            i += 2;
          } else text += src[i++];
        }
        i++;
        push(text, start);
      } else if (c === '`') {
        const start = i++;
        let text = '';
        while (i < n && src[i] !== '`') {
          if (src[i] === '\\') {
            text += ESCAPES[src[i + 1]] ?? src[i + 1] ?? '';
            i += 2;
          } else if (src[i] === '$' && src[i + 1] === '{') {
            i += 2;
            open.push({ ch: '${' });
            scan(true);
            open.pop();
            i++;
            text += ' ${} ';
          } else text += src[i++];
        }
        i++;
        push(text, start);
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
      } else if (c === '(') {
        open.push({ ch: '(', call: calleeOf(src.slice(Math.max(0, i - 120), i)), args: 0 });
        i++;
      } else if (c === ',') {
        const top = open[open.length - 1];
        if (top?.ch === '(') top.args++;
        i++;
      } else if (c === '[') {
        open.push({ ch: '[' });
        i++;
      } else if (c === ')' || c === ']') {
        open.pop();
        i++;
      } else if (c === '{') {
        depth++;
        open.push({ ch: '{' });
        i++;
      } else if (c === '}') {
        if (stopAtBrace && depth === 0) return;
        depth--;
        open.pop();
        i++;
      } else i++;
    }
  }
  scan(false);
  return out;
}

// A table name in SQL: optionally "quoted", optionally public.-qualified ("public"."t", public . t).
const NAME = String.raw`(?:"?public"?\s*\.\s*)?"?([a-z_][a-z0-9_]*)"?`;
const SQL_TABLE = new RegExp(String.raw`\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE|USING|LOCK|COPY)\s+(?:ONLY\s+)?${NAME}`, 'gi');
// 't'::regclass, to_regclass('t'), CAST('t' AS regclass).
const REGCLASS = new RegExp(
  String.raw`'\s*${NAME}\s*'\s*::\s*regclass\b|\bregclass\s*\(\s*'\s*${NAME}\s*'|\bCAST\s*\(\s*'\s*${NAME}\s*'\s+AS\s+regclass\b`,
  'gi',
);
// Where a comma-separated list of tables starts (FROM a, b; DELETE … USING a, b; LOCK a, b; TRUNCATE a, b).
const LIST_START = /\b(?:FROM|USING|LOCK(?:\s+TABLE)?|TRUNCATE(?:\s+TABLE)?)\b/gi;
// The words that end a FROM list at its own parenthesis depth.
const LIST_END = new Set(
  'where group order having limit offset fetch window union intersect except returning for set values select when then else end do conflict'.split(
    ' ',
  ),
);
// A list item that is a table (not a subquery, not a function call such as unnest(…), not alias.column).
const LIST_ITEM = new RegExp(String.raw`^\s*(?:ONLY\s+)?${NAME}(?![\w".(])`, 'i');
// A literal passed to a call that is nothing but a name: a TypeORM target ('learners', 'Learner').
const TARGET = /^\s*(?:"?public"?\.)?"?([A-Za-z_][A-Za-z0-9_]*)"?\s*$/;
// TypeORM's methods (EntityManager, Repository, DataSource, query builders) that take an entity
// target — a table or an entity class name — and at which argument.
const TARGET_AT = Object.fromEntries([
  ...`getRepository getTreeRepository getMongoRepository getCustomRepository getMetadata hasMetadata createQueryBuilder
      find findBy findOne findOneBy findOneOrFail findOneByOrFail findAndCount findAndCountBy findByIds count countBy
      exists existsBy sum average minimum maximum insert update upsert delete softDelete restore increment decrement
      save remove softRemove recover create merge preload clear from addFrom into innerJoin leftJoin innerJoinAndSelect
      leftJoinAndSelect`
    .split(/\s+/)
    .map((m) => [m, 0]),
  ...['innerJoinAndMapOne', 'innerJoinAndMapMany', 'leftJoinAndMapOne', 'leftJoinAndMapMany'].map((m) => [m, 1]),
]);

/** The items of the comma-separated list that starts at `from` in sql, up to its end. */
function listItems(sql, from) {
  const items = [];
  let depth = 0;
  let item = from;
  let i = from;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'") {
      const end = sql.indexOf("'", i + 1);
      i = end < 0 ? sql.length : end + 1;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) break;
    else if (c === ';' && depth === 0) break;
    else if (c === ',' && depth === 0) {
      items.push(sql.slice(item, i));
      item = i + 1;
    } else if (depth === 0 && /[a-z_]/i.test(c) && !/[\w$."]/.test(sql[i - 1] ?? ' ')) {
      const word = /^[a-z_][a-z0-9_]*/i.exec(sql.slice(i))[0];
      if (LIST_END.has(word.toLowerCase())) break;
      i += word.length;
      continue;
    }
    i++;
  }
  items.push(sql.slice(item, i));
  return items;
}

/**
 * The names a literal gives to the database (see the limits above): the tables its SQL names, in
 * lower case, and — when the literal is itself an argument of a call and nothing but a name — that
 * name as written (TypeORM takes a table or an entity class name: m.find('learners'),
 * getRepository('Learner'), qb.from('learners', 'l')).
 */
export function tablesIn(literal) {
  const names = new Set();
  const target = literal.call && TARGET_AT[literal.call.name] === literal.call.arg ? TARGET.exec(literal.text) : null;
  if (target) names.add(target[1]);
  // SQL comments read as blanks: FROM /* x */ t, FROM -- c⏎ t.
  const sql = literal.text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ');
  for (const m of sql.matchAll(SQL_TABLE)) names.add(m[1].toLowerCase());
  for (const m of sql.matchAll(REGCLASS)) names.add((m[1] ?? m[2] ?? m[3]).toLowerCase());
  for (const m of sql.matchAll(LIST_START)) {
    for (const part of listItems(sql, m.index + m[0].length)) {
      const name = LIST_ITEM.exec(part);
      if (name) names.add(name[1].toLowerCase());
    }
  }
  return names;
}

const snake = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const LITERAL_NAME = /^(['"`])([^'"`$\\]+)\1$/;
const JOIN_TABLE = /@JoinTable\(\s*\{[^}]*?\bname:\s*(['"`])([a-z0-9_]+)\1/g;

/**
 * Each @Entity(…) of a source: { cls, table, index } with the table it maps (its literal name, or
 * the class name in snake case when it gives none), or { cls, index, bad } when its name is not a
 * literal (@Entity(TABLE), @Entity({ name: TABLE })): the check could not know the table.
 */
function* entityDecls(text) {
  for (const m of text.matchAll(/@Entity\s*\(/g)) {
    let j = m.index + m[0].length;
    for (let depth = 1; j < text.length && depth; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')') depth--;
    }
    const arg = text.slice(m.index + m[0].length, j - 1).trim();
    const cls = /^[\s\S]*?\bclass\s+([A-Za-z0-9_$]+)/.exec(text.slice(j))?.[1];
    if (!cls) continue;
    const first = arg.startsWith('{') ? '' : arg.split(',')[0].trim();
    const named = /(?:^|[{,])\s*['"]?name['"]?\s*(:|[,}])\s*([^,}]*)/.exec(arg.startsWith('{') ? arg : '');
    if (first && LITERAL_NAME.test(first)) yield { cls, table: LITERAL_NAME.exec(first)[2], index: m.index };
    else if (first) yield { cls, index: m.index, bad: first };
    else if (named && named[1] === ':' && LITERAL_NAME.test(named[2].trim()))
      yield { cls, table: LITERAL_NAME.exec(named[2].trim())[2], index: m.index };
    else if (named || /\.\.\./.test(arg)) yield { cls, index: m.index, bad: arg.replace(/\s+/g, ' ') };
    else yield { cls, table: snake(cls), index: m.index };
  }
}

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
      for (const e of entityDecls(text)) {
        if (e.bad)
          problems.push(
            `${posix(relative(root, file))}:${lineOf(text, e.index)}: @Entity(${e.bad}) on ${e.cls}: an entity's table must be a string literal (table ownership is read from it)`,
          );
        else own(e.table);
        classes.set(e.cls, posix(relative(root, file)));
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
  // An entity class named as a string is a table too (TypeORM resolves m.find('Learner')).
  const classOwners = new Map([...entities].flatMap(([lib, classes]) => [...classes.keys()].map((c) => [c, lib])));
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
          const owner = tables.get(table) ?? classOwners.get(table);
          if (!owner || owner === lib) continue;
          if (allowed.has(`${rel}: ${table}`)) {
            used.add(`${rel}: ${table}`);
            continue;
          }
          const what = tables.has(table) ? `SQL on table ${table}` : `query on entity ${table}`;
          problems.push(`${rel}:${lineOf(text, literal.start)}: ${what} of libs/${owner}; call its public API`);
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
