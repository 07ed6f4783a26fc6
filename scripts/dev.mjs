// `npm run start:dev`: node --watch-path restarts this on every source change; it rebuilds
// (swc, ~0.1 s) and runs the built API.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
createRequire(import.meta.url)(join(root, 'dist', 'apps', 'api', 'src', 'main.js'));
