// Lint rules; the one that matters most keeps src/engine free of Office.js, ExcelJS, React and Node.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'samples/**', 'test-artifacts/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['exceljs', 'exceljs/*'], message: 'The engine is pure TypeScript: ExcelJS belongs in src/cli or src/preview.' },
            { group: ['react', 'react-dom', 'react/*', '@fluentui/*'], message: 'The engine is pure TypeScript: React belongs in src/taskpane.' },
            { group: ['@microsoft/office-js', 'office-js'], message: 'The engine is pure TypeScript: Office.js belongs in src/excel.' },
            { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'zlib', 'stream', 'buffer', 'url', 'util'], message: 'The engine is pure TypeScript: Node belongs in src/cli.' },
            { group: ['../excel/*', '../cli/*', '../preview/*', '../taskpane/*'], message: 'The engine depends on nothing outside it.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'Office', 'Excel', 'window', 'document', 'process', 'require'],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
