// Compiles the API (apps/api, libs, migrations, seeds, scripts) to CommonJS in dist/ with swc.
// swc rewrites the @app/* path aliases of tsconfig.json into relative requires, so the built
// code runs with plain `node` (no runtime path mapping). Type checking is `npm run typecheck`.
import { transformFile } from '@swc/core';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist');
const sources = ['apps/api/src', 'libs', 'migrations', 'seeds', 'scripts'];
const tsconfig = JSON.parse(await readFile(join(root, 'tsconfig.json'), 'utf8'));

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !/\.(spec|e2e-spec)\.ts$/.test(entry.name)) yield path;
  }
}

const started = Date.now();
await rm(outDir, { recursive: true, force: true });
let count = 0;
const jobs = [];
for (const source of sources) {
  for await (const file of walk(join(root, source))) {
    jobs.push(
      transformFile(file, {
        swcrc: false,
        sourceMaps: true,
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
          baseUrl: root,
          paths: tsconfig.compilerOptions.paths,
        },
        module: { type: 'commonjs', ignoreDynamic: true },
      }).then(async (output) => {
        const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, output.code + `\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
        await writeFile(`${target}.map`, output.map ?? '');
        count += 1;
      }),
    );
  }
}
await Promise.all(jobs);
console.log(`build: ${count} fichiers compilés dans dist/ en ${Date.now() - started} ms`);
