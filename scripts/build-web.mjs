// Builds the web app (apps/web) to static files in apps/web/dist, served by the API at `/`.
//  1. the API's OpenAPI document, read from the compiled controllers (dist/scripts/openapi.js);
//  2. the typed client's types (openapi-typescript → apps/web/src/api/schema.d.ts);
//  3. a type check of the web app: a contract change that the screens do not follow fails here;
//  4. the bundle (vite build), and a gzip copy of each script and style sheet.
// Skipped when nothing it depends on changed since the last build (stamp in apps/web/dist).
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

run(process.execPath, [join(root, 'dist/scripts/openapi.js')]);
run(bin('openapi-typescript'), ['apps/web/openapi.json', '-o', 'apps/web/src/api/schema.d.ts', '--silent']);
if (process.argv.includes('--types')) {
  console.log(`build-web: types du client générés en ${Date.now() - started} ms`);
  process.exit(0);
}

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}
const hash = createHash('sha256');
for (const path of [
  ...files(join(web, 'src')),
  join(web, 'index.html'),
  join(web, 'vite.config.mts'),
  join(web, 'tsconfig.json'),
  join(root, 'package-lock.json'),
].sort()) {
  hash.update(path.slice(root.length)).update(readFileSync(path));
}
const digest = hash.digest('hex');
const stamp = join(web, 'dist/.build-stamp');
if (
  !checkOnly &&
  existsSync(stamp) &&
  readFileSync(stamp, 'utf8') === digest &&
  statSync(join(web, 'dist/index.html'), { throwIfNoEntry: false })
) {
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
writeFileSync(stamp, digest);
console.log(`build-web: apps/web/dist construit en ${Date.now() - started} ms`);
