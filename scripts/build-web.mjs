// Builds the web app (apps/web) to static files in apps/web/dist, served by the API at `/`.
//  1. the API's OpenAPI document, read from the compiled controllers (dist/scripts/openapi.js);
//  2. the typed client's types (openapi-typescript → apps/web/src/api/schema.d.ts);
//  3. a type check of the web app: a contract change that the screens do not follow fails here;
//  4. the bundle (vite build), and a gzip copy of each script and style sheet.
// Skipped when nothing it depends on changed since the last build (stamp in apps/web/dist): steps
// 1–2 when the API's sources did not change, steps 3–4 when the web sources and types did not.
// `--types` stops after step 2 (used by `npm run lint`), `--check` after step 3 (used by
// `npm run typecheck`). Needs `node scripts/build.mjs` first.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'apps/web');
const checkOnly = process.argv.includes('--check');
const typesOnly = process.argv.includes('--types');
const started = Date.now();
const bin = (name) => join(root, 'node_modules/.bin', name);
// NODE_ENV=production whoever calls (Jest sets `test`, which would make Vite bundle React's
// development build).
const env = { ...process.env, NODE_ENV: 'production' };
const run = (file, args) => {
  try {
    execFileSync(file, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    console.error(`build-web: échec de ${file.split('/').pop()} ${args.join(' ')}`);
    process.exit(1);
  }
};

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}
const digestOf = (paths) => {
  const hash = createHash('sha256');
  for (const path of paths.sort()) hash.update(path.slice(root.length)).update(readFileSync(path));
  return hash.digest('hex');
};
const webDigest = () =>
  digestOf([
    ...files(join(web, 'src')), // schema.d.ts included: the contract as the screens see it
    ...files(join(root, 'libs/rules/src')), // bundled through the `@app/rules` alias
    join(web, 'index.html'),
    join(web, 'vite.config.mts'),
    join(web, 'tsconfig.json'),
    join(root, 'package-lock.json'),
  ]);
// What the OpenAPI document is made from: unchanged, the document and the client types are too.
const apiDigest = digestOf(
  [
    ...files(join(root, 'apps/api/src')),
    ...files(join(root, 'libs')),
    join(root, 'scripts/openapi.ts'),
    join(root, 'package-lock.json'),
  ].filter((path) => path.endsWith('.ts') || path.endsWith('.json')),
);
const stamp = join(web, 'dist/.build-stamp');
const [apiBefore, webBefore] = existsSync(stamp) ? readFileSync(stamp, 'utf8').split(' ') : [];
const schema = join(web, 'src/api/schema.d.ts');
const fresh = !checkOnly && !typesOnly && statSync(join(web, 'dist/index.html'), { throwIfNoEntry: false }) && existsSync(schema);

if (!(fresh && apiBefore === apiDigest)) {
  run(process.execPath, [join(root, 'dist/scripts/openapi.js')]);
  run(bin('openapi-typescript'), ['apps/web/openapi.json', '-o', 'apps/web/src/api/schema.d.ts', '--silent']);
}
if (typesOnly) {
  console.log(`build-web: types du client générés en ${Date.now() - started} ms`);
  process.exit(0);
}
const digest = webDigest();
if (fresh && webBefore === digest) {
  writeFileSync(stamp, `${apiDigest} ${digest}`);
  console.log(`build-web: à jour (${Date.now() - started} ms)`);
  process.exit(0);
}

run(bin('tsc'), ['-p', 'apps/web/tsconfig.json']);
if (checkOnly) {
  console.log(`build-web: types vérifiés en ${Date.now() - started} ms`);
  process.exit(0);
}
run(bin('vite'), ['build', 'apps/web', '--logLevel', 'warn']);
// Pre-compressed copies, served to browsers that accept gzip (apps/api/src/create-app.ts).
const sizes = { js: 0, jsGzip: 0, css: 0, cssGzip: 0, files: 0 };
for (const file of readdirSync(join(web, 'dist/assets'))) {
  if (/\.(js|css)$/.test(file)) {
    const path = join(web, 'dist/assets', file);
    const raw = readFileSync(path);
    const gz = gzipSync(raw, { level: 9 });
    writeFileSync(`${path}.gz`, gz);
    const kind = file.endsWith('.js') ? 'js' : 'css';
    sizes[kind] += raw.length;
    sizes[`${kind}Gzip`] += gz.length;
    sizes.files += 1;
  }
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `build-web: JS ${kb(sizes.js)} (gzip ${kb(sizes.jsGzip)}), CSS ${kb(sizes.css)} (gzip ${kb(sizes.cssGzip)}), ${sizes.files} fichiers`,
);
writeFileSync(stamp, `${apiDigest} ${digest}`);
console.log(`build-web: apps/web/dist construit en ${Date.now() - started} ms`);
