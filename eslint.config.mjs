// Type-aware ESLint (typescript-eslint) + Prettier compatibility. The allowed import directions
// between libs are checked by scripts/check-imports.mjs (run by `npm run lint`).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'apps/web/dist/**',
      'apps/web/src/api/schema.d.ts',
      '**/*.mjs',
      '**/*.cjs',
      'jest.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off', // TypeORM's MixedList<Function> for migrations
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // The rules are pure: no framework, no database, no validation library.
    files: ['libs/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'typeorm', 'class-validator', 'class-transformer', '@app/*', 'pg'] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-console': 'off', // measurements are printed
    },
  },
  {
    files: ['scripts/**/*.ts', 'apps/api/src/main.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['apps/web/src/**/*.tsx', 'apps/web/src/**/*.ts'],
    ignores: ['apps/web/src/lib/mutation.ts'],
    rules: {
      // Issue 11: one guarded useMutation (a double click never sends twice).
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@tanstack/react-query',
              importNames: ['useMutation'],
              message: "Use useMutation from 'lib/mutation' (double-click guard).",
            },
          ],
          // ADR 0009: a feature is used through its api.ts (keys, reads, actions) or its index.ts
          // (the components it shares), never through another feature's components/. Only the
          // composition root (src/routes.tsx, src/main.tsx: './features/…') reaches a screen.
          patterns: [
            {
              regex: '^(\\.\\./)+(features/)?[^./][^/]*/components(/|$)',
              message: 'Import another feature through its api.ts or index.ts, not its components/ (docs/adr/0009-web-feature-folders.md).',
            },
          ],
        },
      ],
      // Issue 11: an event read inside a state updater crashed the learner forms at the second
      // keystroke (React clears currentTarget once the handler returns; the updater runs later).
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.name=/^set[A-Z]/] > ArrowFunctionExpression MemberExpression[property.name=/^(currentTarget|target)$/]',
          message:
            'Read the event (ev.currentTarget.value) before calling the state setter: React clears currentTarget once the handler returns.',
        },
      ],
    },
  },
  prettier,
);
