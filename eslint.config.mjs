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
      // Maps keyed by user text (townships, facilities, codes, names) must not inherit Object.prototype:
      // a township named "__proto__" or an indicator coded "constructor" would read or write through it.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'VariableDeclarator > ObjectExpression.init[properties.length=0]',
          message: 'An empty {} used as a dictionary inherits Object.prototype: use dict() from ./dict, or a Map.',
        },
        {
          selector: 'AssignmentExpression > ObjectExpression.right[properties.length=0]',
          message: 'An empty {} used as a dictionary inherits Object.prototype: use dict() from ./dict, or a Map.',
        },
        {
          selector: "VariableDeclarator[id.typeAnnotation.typeAnnotation.typeName.name='Record'][id.typeAnnotation.typeAnnotation.typeArguments.params.0.type='TSStringKeyword'] > ObjectExpression.init",
          message: 'A table looked up by any string inherits Object.prototype: use lookupTable() from ./dict, or a Map.',
        },
        {
          selector: "CallExpression[callee.object.name='Object'][callee.property.name='fromEntries']",
          message: 'Object.fromEntries builds an object with Object.prototype: use a Map, or dictOf()/dict() from ./dict.',
        },
        {
          selector: "BinaryExpression[operator='in'][left.type!='Literal']",
          message: '`key in object` also finds Object.prototype\'s members (constructor, toString…): use a Map, or a dict() and !== undefined.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
