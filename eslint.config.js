// ESLint flat config. Feature folders and the web/server split are enforced here
// (STYLE.md §12): only src/shared may be imported by both sides.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      'import-x/no-restricted-paths': ['error', {
        zones: [
          { target: './src/web', from: './src/server', message: 'The SPA talks to the server only over HTTP.' },
          { target: './src/server', from: './src/web', message: 'The server never imports browser code.' },
          { target: './src/shared', from: ['./src/server', './src/web'], message: 'src/shared stands alone.' },
          { target: './src/web/features/pods', from: './src/web/features', except: ['./pods'] },
          { target: './src/web/features/secrets', from: './src/web/features', except: ['./secrets'] },
          { target: './src/web/features/auth', from: './src/web/features', except: ['./auth'] },
        ],
      }],
    },
  },
);
