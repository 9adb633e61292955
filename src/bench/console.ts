import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { SESSION_COOKIE } from '../server/filters/auth-routes';
import { startBenchServer } from './fixture';
import { medianFigure, round, type Benchmark } from './harness';
import { seedPods } from './seed';

// The console (issue 17): how soon a signed-in cluster admin sees the pods view of a namespace with
// 1,000 pods in a real Chromium — first contentful paint, and the first frame after the table's first
// row is in the DOM — and how much JavaScript the first load needs (gzip), from a fresh build.

const PODS = 1000;
const ROUNDS = 5;

/** chromiumPath is $CHROMIUM_PATH or Debian's /usr/bin/chromium; undefined when neither exists. */
function chromiumPath(): string | undefined {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return fs.existsSync(p) ? p : undefined;
}

/**
 * initialJsKB is what the browser must fetch before the console can render: the entry script of
 * index.html and the chunks it preloads (its static imports), each gzip'd at level 9 — what the
 * build's own budget check (vite.config.ts) measures, read here from the built files.
 */
function initialJsKB(outDir: string): { kb: number; files: number } {
  const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const srcs = [
    ...[...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]),
  ];
  const bytes = srcs.reduce((n, s) => n + gzipSync(fs.readFileSync(path.join(outDir, s.replace(/^\//, ''))), { level: 9 }).length, 0);
  return { kb: bytes / 1024, files: srcs.length };
}

const podsView: Benchmark = {
  name: 'console/pods-view',
  description: `the pods view with ${PODS} pods in Chromium (first contentful paint, table visible) and the initial JS of a fresh build (gzip)`,
  async run(ctx) {
    const exe = chromiumPath();
    if (!exe) {
      ctx.log('skipped: no Chromium (set CHROMIUM_PATH or install /usr/bin/chromium)');
      return [];
    }
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-dist-'));
    try {
      const t0 = Date.now();
      await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
      const js = initialJsKB(outDir);
      ctx.log(`built the console in ${((Date.now() - t0) / 1000).toFixed(1)} s; initial JS ${js.kb.toFixed(1)} KB gzip in ${js.files} file(s)`);

      const server = await startBenchServer([], { staticRoot: outDir });
      const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
      try {
        const { store, identity } = server.running.app;
        seedPods(store, 'bench', PODS);
        // Signed in as the bootstrap admin through a session cookie, as after the sign-in form.
        const session = identity.createSession('admin');
        const url = new URL(server.url);
        const samples = { fcp: [] as number[], table: [] as number[] };
        for (let i = 0; i < ROUNDS + 1; i++) {
          // A fresh context each round: no HTTP cache, no service worker, a cold start of the console.
          const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
          try {
            await context.addCookies([{ name: SESSION_COOKIE, value: session.id, domain: url.hostname, path: '/', httpOnly: true, secure: true, sameSite: 'Strict' }]);
            const page = await context.newPage();
            await page.goto(`${server.url}/ns/bench/pods`);
            // The table is visible in the first frame after its first row is in the DOM: wait for the row,
            // then take the time of the next animation frame (a few ms late at most: one DevTools round trip).
            await page.waitForSelector('table.pods-table tbody tr th a', { timeout: 60_000 }).catch(async (e: unknown) => {
              const body = await page.locator('body').innerText().catch(() => '');
              throw new Error(`the pods table did not appear at ${page.url()}: ${body.slice(0, 300)} (${e instanceof Error ? e.message : String(e)})`);
            });
            const tableAt = await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame((t) => resolve(t))));
            const m = await page.evaluate(() => ({
              fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
              rows: document.querySelectorAll('table.pods-table tbody tr').length,
            }));
            if (!(m.rows > 0) || !Number.isFinite(m.fcp)) throw new Error(`round ${i}: ${JSON.stringify(m)}`);
            if (i === 0) continue; // warm-up: the server's first static reads and Chromium's first start
            samples.fcp.push(m.fcp);
            samples.table.push(tableAt);
          } finally {
            await context.close();
          }
        }
        ctx.log(`${ROUNDS} cold loads (fresh browser context each) after 1 warm-up`);
        return [
          medianFigure(`pods view (${PODS} pods): first contentful paint`, samples.fcp, 'ms'),
          medianFigure(`pods view (${PODS} pods): table visible`, samples.table, 'ms'),
          { name: 'initial JS (gzip)', value: round(js.kb), unit: 'KB', target: { op: '<=', value: 250 } },
        ];
      } finally {
        await browser.close();
        await server.close();
      }
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  },
};

/** CONSOLE_BENCHMARKS are registered in main.ts. */
export const CONSOLE_BENCHMARKS: Benchmark[] = [podsView];
