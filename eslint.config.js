// ESLint flat config. Feature folders and the web/server split are enforced here
// (STYLE.md §12): only src/shared may be imported by both sides.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

// The server's layers, lowest first: a folder may import only the ones before it (as upstream's
// apiserver: storage and identity at the bottom, the filter chain over authorization, admission under the
// registry, the composition root above all, the command line on top). Test support is outside the order
// but production code may not import it.
const SERVER_LAYERS = [
  ['storage'], ['authn'], ['http'], ['authz'], ['filters'], ['admission'], ['registry'], ['audit'],
  ['bootstrap.ts'], ['app.ts'], ['components'], ['connect'], ['cli'],
];
const TEST_SUPPORT = [
  'src/server/testing/**', 'src/server/security/**', 'src/server/**/*.test.ts', 'src/server/http/client-matrix/**',
  'src/server/connect/testing/**', 'src/server/admission/pod-security/fixtures.ts',
];
const serverPath = (p) => `./src/server/${p}`;
const serverLayerZones = SERVER_LAYERS.slice(0, -1).map((layer, i) => ({
  target: layer.map(serverPath),
  from: SERVER_LAYERS.slice(i + 1).flat().map(serverPath),
  message: `Server layers import downwards only: ${SERVER_LAYERS.map((l) => l.join('+')).join(' < ')} (eslint.config.js).`,
}));

// The web/server split and the SPA's feature folders (STYLE.md §12).
const BASE_ZONES = [
  { target: './src/web', from: './src/server', message: 'The SPA talks to the server only over HTTP.' },
  { target: './src/server', from: './src/web', message: 'The server never imports browser code.' },
  { target: './src/shared', from: ['./src/server', './src/web'], message: 'src/shared stands alone.' },
  { target: './src/web/features/pods', from: './src/web/features', except: ['./pods'] },
  { target: './src/web/features/secrets', from: './src/web/features', except: ['./secrets'] },
  { target: './src/web/features/auth', from: './src/web/features', except: ['./auth'] },
  { target: './src/web/features/namespaces', from: './src/web/features', except: ['./namespaces'] },
  { target: './src/web/features/permissions', from: './src/web/features', except: ['./permissions'] },
  ...['members', 'service-accounts', 'users', 'profiles', 'grants', 'audit', 'view-as', 'namespaces-admin', 'workloads']
    .map((f) => ({ target: `./src/web/features/${f}`, from: './src/web/features', except: [`./${f}`] })),
  // Unidirectional SPA layers (bulletproof-react): shared code → features → app.
  { target: './src/web/features', from: './src/web/app', message: 'Features do not import the app; compose them in src/web/app/routes.' },
  {
    target: ['./src/web/components', './src/web/config', './src/web/hooks', './src/web/lib', './src/web/utils'],
    from: ['./src/web/features', './src/web/app'],
    message: 'Shared web code does not import features or the app.',
  },
];

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
      'import-x/no-restricted-paths': ['error', { zones: BASE_ZONES }],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    ignores: TEST_SUPPORT,
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': ['error', {
        zones: [
          ...BASE_ZONES,
          ...serverLayerZones,
          { target: './src/server', from: ['./src/server/testing', './src/server/security', './src/server/connect/testing', './src/server/http/client-matrix'], message: 'Production code does not import test support.' },
        ],
      }],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { 'import-x': importX },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
);
