// ESLint flat config. Feature folders and the web/server split are enforced here
// (STYLE.md §12): only src/shared may be imported by both sides.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'import-x': importX },
    // Resolve extensionless TypeScript imports; without it no-restricted-paths cannot see what a
    // relative import points at and silently allows everything.
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] })] },
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
          { target: './src/web/features/namespaces', from: './src/web/features', except: ['./namespaces'] },
          { target: './src/web/features/permissions', from: './src/web/features', except: ['./permissions'] },
          ...['members', 'service-accounts', 'users', 'profiles', 'grants', 'audit', 'view-as', 'namespaces-admin']
            .map((f) => ({ target: `./src/web/features/${f}`, from: './src/web/features', except: [`./${f}`] })),
          // Unidirectional SPA layers (bulletproof-react): shared code → features → app.
          { target: './src/web/features', from: './src/web/app', message: 'Features do not import the app; compose them in src/web/app/routes.' },
          {
            target: ['./src/web/components', './src/web/config', './src/web/hooks', './src/web/lib', './src/web/utils'],
            from: ['./src/web/features', './src/web/app'],
            message: 'Shared web code does not import features or the app.',
          },
        ],
      }],
    },
  },
);
