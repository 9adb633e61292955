// Boots the real Gatehouse server for Playwright (playwright.config.ts `webServer`): a fresh data dir
// per run (so the first-start admin password and kubeconfig are written anew), the built SPA from
// dist/, and no demo data. The data dir's path goes to test-results/e2e-data-dir.txt for the specs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The runner (.ci/test-all.mjs) picks a free port so a busy 18555 cannot fail the run.
const PORT = Number(process.env.GATEHOUSE_E2E_PORT ?? 18555);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-e2e-'));
fs.mkdirSync('test-results', { recursive: true });
fs.writeFileSync(path.join('test-results', 'e2e-data-dir.txt'), `${dataDir}\n`);
if (!fs.existsSync(path.join('dist', 'index.html'))) {
  process.stderr.write('e2e: dist/index.html is missing; run `npx vite build` first\n');
}

const child = spawn(process.execPath, [
  'node_modules/tsx/dist/cli.mjs', 'src/server/cli/main.ts', 'serve',
  '--data-dir', dataDir, '--port', String(PORT), '--log-level', 'warn', '--console-port', '0', '--no-demo', '--static-root', 'dist',
], { stdio: 'inherit' });

let stopping = false;
const cleanup = () => { fs.rmSync(dataDir, { recursive: true, force: true }); };
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  // Playwright signals the whole process group, so the server usually has the signal already; pass it
  // on only if it is still running a moment later, and never wait forever.
  setTimeout(() => { child.kill(signal); }, 1000).unref();
  setTimeout(() => { child.kill('SIGKILL'); }, 4000).unref();
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
child.on('exit', (code, signal) => {
  cleanup();
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
