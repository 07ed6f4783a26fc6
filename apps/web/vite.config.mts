import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// JSX is compiled by Vite's own transformer (oxc); no React plugin is needed for the build.
// `npm run web:dev` proxies /api to the API started with `npm start`.
export default defineConfig({
  base: '/',
  // The certification rules (libs/rules: pure TypeScript, no Node dependency) under the name the API
  // uses; the web app reaches no other lib (tsconfig.json maps only this one).
  resolve: { alias: { '@app/rules': fileURLToPath(new URL('../../libs/rules/src/index.ts', import.meta.url)) } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react', development: false } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // Mantine marks its modules "use client" (for React Server Components); meaningless in a SPA.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000' } },
});
