import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Logger, type Plugin } from 'vite';

// The SPA lives in src/web; the API server serves the build from dist/ with a CSP of
// `script-src 'self'`, so index.html carries no inline script (Vite emits external module scripts).

/** API_PREFIXES are the paths the dev server forwards to a running Gatehouse API (`npm run serve`). */
const API_PREFIXES = ['/api', '/apis', '/auth', '/openapi', '/version'];
const API_TARGET = 'https://127.0.0.1:8443';

/** INITIAL_JS_BUDGET_KB is the most gzip'd JavaScript the first page load may fetch (entry chunk plus its static imports). */
const INITIAL_JS_BUDGET_KB = 250;

/**
 * initialJsBudget measures the entry chunk and everything it imports statically (what the browser must
 * download before anything renders), gzip'd, logs it, and fails the build over the budget. Lazily
 * loaded route chunks do not count.
 */
function initialJsBudget(limitKb: number): Plugin {
  let logger: Logger | undefined;
  return {
    name: 'gatehouse:initial-js-budget',
    apply: 'build',
    configResolved(config) { logger = config.logger; },
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])));
      const seen = new Set<string>();
      const visit = (name: string) => {
        const c = chunks.get(name);
        if (!c || seen.has(name)) return;
        seen.add(name);
        c.imports.forEach(visit);
      };
      for (const c of chunks.values()) if (c.isEntry) visit(c.fileName);
      const bytes = [...seen].reduce((n, f) => n + gzipSync(chunks.get(f)!.code, { level: 9 }).length, 0);
      const kb = bytes / 1024;
      logger?.info(`initial JS: ${kb.toFixed(1)} KB gzip in ${seen.size} file(s) (budget ${limitKb} KB)`);
      if (kb > limitKb) this.error(`initial JS is ${kb.toFixed(1)} KB gzip, over the ${limitKb} KB budget`);
    },
  };
}

export default defineConfig({
  root: 'src/web',
  publicDir: '../../public',
  plugins: [react(), initialJsBudget(INITIAL_JS_BUDGET_KB)],
  build: {
    outDir: '../../dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: Object.fromEntries(API_PREFIXES.map((p) => [p, { target: API_TARGET, secure: false }])),
  },
  preview: {
    proxy: Object.fromEntries(API_PREFIXES.map((p) => [p, { target: API_TARGET, secure: false }])),
  },
});
