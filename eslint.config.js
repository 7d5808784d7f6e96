import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import hearth from './eslint-rules/module-boundaries.js';

const noFocusedTests = {
  selector: "CallExpression[callee.property.name='only']",
  message: 'Focused tests hide the rest of the suite.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', noFocusedTests],
    },
  },
  {
    // Type-aware rules: promises that nobody awaits and switches that forget a case are bugs.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, properties: false } },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // A module's index.ts is its only door; the platform imports no module (docs/decisions/006-module-boundaries.md).
    files: ['src/**/*.ts'],
    plugins: { hearth },
    rules: { 'hearth/module-boundaries': ['error', { root: import.meta.dirname }] },
  },
  {
    // A repository is private to its service: routes and sibling services call the service (decision 006).
    // Tests may read a repository to check what was stored.
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-support.ts', '**/*.test-support.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        noFocusedTests,
        {
          selector:
            "MemberExpression[property.name='repository']:not([object.type='ThisExpression']):not([object.object.type='ThisExpression'][object.property.name='core'])",
          message: 'A repository is private to its service: call the service instead.',
        },
      ],
    },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        window: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        URLSearchParams: 'readonly',
        FormData: 'readonly',
        HTMLScriptElement: 'readonly',
      },
    },
  },
  prettier,
);
