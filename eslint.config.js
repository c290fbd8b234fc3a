// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.bench-data/', 'test/fixtures/', 'examples/', 'tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      // process.exit belongs to src/cli only (DESIGN §1); everything else returns an exit code.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Only src/cli may exit.' },
      ],
    },
  },
  { files: ['src/cli/**', 'bin/**', 'scripts/**', 'bench/**'], rules: { 'no-restricted-properties': 'off' } },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
