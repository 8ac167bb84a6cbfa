// ESLint for the whole repository: JavaScript's and TypeScript's recommended rules, and Next.js's
// (React, hooks, accessibility, Core Web Vitals). Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypeScript from 'eslint-config-next/typescript';
import tseslint from 'typescript-eslint';

export default defineConfig([
  globalIgnores([
    'node_modules/',
    '.next/',
    '.build/',
    'services/user-api/dist/',
    'test-results/',
    'playwright-report/',
    'data/',
    'next-env.d.ts',
  ]),
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...nextCoreWebVitals,
  ...nextTypeScript,
  {
    settings: { next: { rootDir: '.' } },
    rules: {
      // `_`-prefixed parameters are part of an interface we implement but do not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tools and tests are Node programs, not pages.
    files: ['scripts/**', 'tools/**', 'e2e/**', '**/*.test.ts', 'services/**', '*.config.*'],
    rules: { '@next/next/no-html-link-for-pages': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', process: 'readonly' } },
    // CommonJS loads with require(): the profiler preload (tools/bench) must, to run before the app.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
]);
