import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Browser tests run in a real Chromium against the real server (STYLE §16): e2e/start-server.mjs
// boots `gatehouse serve` on a fresh data dir and serves the built SPA from dist/ (build first).

/** E2E_PORT is where the test server listens; e2e/start-server.mjs uses the same port. */
const E2E_PORT = Number(process.env.GATEHOUSE_E2E_PORT ?? 18555);
const BASE_URL = `https://127.0.0.1:${E2E_PORT}`;

/**
 * chromiumPath picks the browser: $CHROMIUM_PATH (which must exist), else the distribution's
 * /usr/bin/chromium, else undefined so Playwright uses its own (`npx playwright install chromium`).
 */
function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but there is no file there`);
    return fromEnv;
  }
  return fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/** browser is the one browser every project uses: Chromium, quiet and sandbox-free for containers. */
const browser = {
  ...devices['Desktop Chrome'],
  ignoreHTTPSErrors: true,
  launchOptions: {
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  },
};

export default defineConfig({
  testDir: 'e2e',
  // Artifacts (traces, screenshots) go to a subfolder: Playwright empties outputDir at start, and
  // test-results/ also holds the server's data-dir pointer, the storage states and the JSON report.
  outputDir: 'test-results/artifacts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: BASE_URL,
    ignoreHTTPSErrors: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/, use: browser },
    { name: 'chromium', dependencies: ['setup'], use: browser },
  ],
  webServer: {
    command: 'node e2e/start-server.mjs',
    url: `${BASE_URL}/healthz`,
    ignoreHTTPSErrors: true,
    reuseExistingServer: false,
    timeout: 120_000,
    // stdout carries the first-start admin password; keep it out of test logs (errors go to stderr).
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});
