// The allowed import directions of architecture.md, checked on every TypeScript file:
//   - a lib imports another lib only through its public entry (@app/<lib>), never its files;
//   - only the directions below; rules imports no lib; no cycle between libs;
//   - libs never import apps/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
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

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', 'dist'].includes(entry.name)) yield* walk(path);
    } else if (entry.name.endsWith('.ts')) yield path;
  }
}

const problems = [];
const libsDir = join(root, 'libs');
const libs = readdirSync(libsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
for (const lib of libs) {
  if (!(lib in ALLOWED)) problems.push(`libs/${lib}: not in the allowed-directions table of scripts/check-imports.mjs`);
}
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
for (const lib of libs) {
  for (const file of walk(join(libsDir, lib))) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(root, file);
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith('@app/')) {
        const [, target, ...deep] = spec.split('/');
        if (deep.length) problems.push(`${rel}: imports ${spec}; use the public entry @app/${target}`);
        if (target !== lib && !(ALLOWED[lib] ?? []).includes(target)) problems.push(`${rel}: libs/${lib} may not import @app/${target}`);
        if (target === lib) problems.push(`${rel}: imports its own lib through @app/${lib}; use a relative path`);
      } else if (spec.startsWith('.')) {
        const target = relative(root, resolve(dirname(file), spec));
        if (!target.startsWith(`libs/${lib}/`) && target !== `libs/${lib}`)
          problems.push(`${rel}: relative import leaves libs/${lib} (${spec})`);
      }
    }
  }
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

if (problems.length) {
  console.error(`Import directions: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`Import directions OK (${libs.length} libs).`);
