// ESLint 9 flat config. `npm run lint` runs it on the whole repository.
// The import-boundary blocks at the end are the layering rules of the README's "Layout": they
// replace the old regex purity test, so a broken boundary fails lint with the file and line.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Packages that only build, test or lint: no shipped code may import them. */
const devOnlyPackages = ['vitest', 'vitest/*', 'vite', '@vitejs/*', '@playwright/*', 'playwright-core', '@testing-library/*', 'fast-check', 'jsdom', 'typescript', 'eslint', 'ws'];

/** What no main/ file may import: the window's source, tests, dev-only packages. */
const mainPatterns = [
  { group: ['**/renderer/**'], message: 'main/ serves the built window; it never imports its source.' },
  { group: ['**/test/**'], message: 'Shipped code imports no test code.' },
  { group: devOnlyPackages, message: 'A dev-only package is not in the packaged app.' },
];

/** Node built-ins, bare or with the node: prefix. */
const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url', 'util', 'events', 'stream', 'worker_threads'];

/** What the pure domain may not touch: I/O, the clock, global randomness, the DOM (time and chance come in as arguments). */
const impureGlobals = [
  ...['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'location', 'fetch', 'XMLHttpRequest', 'WebSocket'].map((name) => ({
    name,
    message: 'shared/ runs identically in the app, the simulator and the browser: no DOM or network globals.',
  })),
  { name: 'process', message: 'shared/ has no process: pass what you need in as an argument.' },
  { name: 'require', message: 'shared/ is ESM and pure.' },
  ...['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask'].map((name) => ({
    name,
    message: 'shared/ has no timers: the engine owns time.',
  })),
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test-results/', 'playwright-report/', 'coverage/', '.mantra-dev/'] },
  // A disable comment that no longer silences anything is an error: it must be real or gone.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  js.configs.recommended,
  ...tseslint.configs.recommended,

  // Type-aware rules that are cheap and catch real bugs (a dropped promise is a lost error).
  {
    files: ['**/*.{ts,tsx,cts}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },

  // Plain JavaScript (scripts, bin, this file): Node, no type information.
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },

  // React: the hook rules for the window.
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/component/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },

  {
    files: ['main/**/*.{ts,cts}', 'test/**/*.ts', 'scripts/**/*.ts', '*.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },

  // A sandboxed preload is CommonJS: `import x = require()` is how TypeScript writes it.
  {
    files: ['**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // Playwright reads a fixture's dependencies from its first parameter, so `{}` means "none".
  {
    files: ['test/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },

  // ---- Import boundaries ----

  // shared/: the pure domain. zod and i18next are its only packages.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ is pure: no Electron.' }],
          patterns: [
            { group: nodeBuiltins, message: 'shared/ is pure: no Node built-ins (it also runs in the browser and the simulator).' },
            { group: ['**/main/**', '**/renderer/**', '**/test/**'], message: 'Imports point down only: shared/ uses nothing above it.' },
            { regex: '^(?!zod$|i18next$|\\.|node:|electron$)', message: 'shared/ depends on zod and i18next only (both pure JavaScript).' },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...impureGlobals],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'shared/ takes `now` as an argument.' },
        { object: 'Math', property: 'random', message: 'shared/ takes a seeded rng (shared/random.ts) as an argument.' },
        { object: 'globalThis', message: 'shared/ reaches no globals.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() reads the clock: shared/ takes `now` as an argument.' },
        { selector: 'ImportExpression', message: 'shared/ loads nothing at run time.' },
      ],
    },
  },

  // renderer/: the window. It runs in a browser page (Electron's sandboxed renderer or the
  // headless host's page), so it may use shared/ (pure, browser-safe: the contract in shared/api.ts
  // and the domain rules it draws with), React and the DOM — never main/, Node, Electron or tests.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The window reaches the engine only through MantraApi (shared/api.ts).' }],
          patterns: [
            { group: nodeBuiltins, message: 'The window runs in a browser: no Node built-ins.' },
            { group: ['**/main/**'], message: 'The window reaches the engine only through MantraApi (shared/api.ts), never main/.' },
            { group: ['**/shared/sim/**'], message: 'The simulator is not part of the window.' },
            { group: ['**/test/**'], message: 'The shipped window imports no test code.' },
            { regex: '^(?!react$|react/|react-dom/|react-i18next$|i18next$|zod$|\\.|node:|electron$)', message: 'The window bundles react, react-dom, react-i18next, i18next and zod only.' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', { selector: 'ImportExpression > Literal[value=/test\\u002F/]', message: 'The shipped window imports no test code.' }],
    },
  },

  // main/: the Node side. It may use shared/ but never the window's code, nor test or build tools.
  {
    files: ['main/**/*.{ts,cts}'],
    rules: { 'no-restricted-imports': ['error', { patterns: mainPatterns }] },
  },

  // main/store/: the engine stands on the store, so the store never imports the engine.
  {
    files: ['main/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...mainPatterns, { group: ['**/engine/**'], message: 'The store sits under the engine: what both need (e.g. the stats-cache format) lives in main/store/.' }] },
      ],
    },
  },
);
