// ESLint (flat config): the extension runs in browsers, the tests and scripts in Node.
'use strict';
const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
  { ignores: ['node_modules/', 'dist/', 'test/artifacts/'] },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'script',
      globals: { ...globals.browser, ...globals.webextensions },
    },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-console': 'error',
    },
  },
  {
    // Pure helpers: classic scripts in the browser, CommonJS modules under node --test.
    files: ['lib/**/*.js'],
    languageOptions: { globals: { module: 'readonly' } },
  },
  {
    files: ['test/**/*.js', 'scripts/**/*.js', 'eslint.config.js', 'web-ext-config.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { 'no-console': 'off' },
  },
  {
    // The fixture pages' own scripts run in the page, not in the extension.
    files: ['test/e2e/**/*.test.js', 'test/e2e/harness.js'],
    languageOptions: { globals: { ...globals.browser, chrome: 'readonly' } },
  },
];
