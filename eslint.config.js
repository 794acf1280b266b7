// Lint rules: typescript-eslint's recommended set (no type-aware rules: fast enough for make test),
// and the architecture's folder edges (docs/architecture.md): a back-import fails make test.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layerRules } from './eslint.layers.js';

export default tseslint.config(
  // test/fixtures/bad-flows: flow files broken on purpose (the bad-input tests load them).
  { ignores: ['node_modules/', 'results/', 'dist/', 'coverage/', '.stryker-tmp/', 'test/fixtures/bad-flows/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layerRules(),
);
