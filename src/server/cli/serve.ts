import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { z } from 'zod';
import { createApp, type App } from '../app';
import { hashToken, loadTokenFile } from '../authn/token-file';
import { kubeconfig, loadOrCreatePki, writeSecretFile } from '../authn/pki';
import { ensureInitialAdmin } from '../components/initial-admin';
import { parseDuration } from '../audit/index';
import { issueComponentCredentials, startComponentsWorker, type Components } from '../components/run';
import { demoPending, markDemoPending, seedDemo } from '../components/demo';

/** CONSOLE_PORT_TRIES is how many ports from --console-port on the loopback console tries. */
const CONSOLE_PORT_TRIES = 10;

/** serveOptionsSchema validates `gatehouse serve` flags once, with readable errors. */
export const serveOptionsSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8443),
  dataDir: z.string().min(1).default('./data'),
  tokenAuthFile: z.string().optional(),
  tlsCertFile: z.string().optional(),
  tlsPrivateKeyFile: z.string().optional(),
  demo: z.boolean().default(true),
  nodes: z.coerce.number().int().min(0).max(100).default(2),
  /** externalComponents writes the scheduler's and nodes' kubeconfigs but runs none in-process (`gatehouse scheduler|node` do). */
  externalComponents: z.boolean().default(false),
  auditLogPath: z.string().optional(),
  /** The audit trail (kube-apiserver's flags): policy, log rotation (MB, files; 0 = none/all), webhook kubeconfig, retention. */
  auditPolicyFile: z.string().optional(),
  auditLogMaxsize: z.coerce.number().int().min(0).default(0),
  auditLogMaxbackup: z.coerce.number().int().min(0).default(0),
  auditWebhookConfigFile: z.string().optional(),
  auditRetention: z.string().refine((v) => { try { return parseDuration(v) > 0; } catch { return false; } }, { message: 'must be a duration such as 720h, 30d or 1h30m' }).optional(),
  staticRoot: z.string().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  /** watchCacheSize is how many recent changes a watch can resume from (kube-apiserver's --default-watch-cache-size). */
  watchCacheSize: z.coerce.number().int().min(10).max(10_000_000).default(20_000),
  /**
   * consolePort serves the console (and API) over plain HTTP on 127.0.0.1 only, so a newcomer's
   * browser reaches it without a certificate warning; 0 disables it. kubectl keeps using HTTPS.
   */
  consolePort: z.coerce.number().int().min(0).max(65535).default(8080),
}).refine((o) => !!o.tlsCertFile === !!o.tlsPrivateKeyFile, { message: '--tls-cert-file and --tls-private-key-file go together' });

/** ServeOptions are the validated flags. */
export type ServeOptions = z.infer<typeof serveOptionsSchema>;

/** RunningServer is a listening server (tests and the CLI close it). */
export interface RunningServer {
  app: App;
  server: https.Server;
  url: string;
  /** consoleUrl is the loopback plain-HTTP console address, when enabled. */
  consoleUrl?: string;
  /** consoleNote says why the console is not where it was asked for (port taken), for the start-up message. */
  consoleNote?: string;
  /** components are the scheduler, node agents and controllers in the server's worker thread (none with `--nodes 0` or `--external-components`). */
  components?: Components;
  /** demo settles when first-start demo seeding has finished (undefined when there is none). */
  demo?: Promise<void>;
  close(): Promise<void>;
}

/**
 * startServer prepares the data dir (0700; CA, serving cert, bootstrap admin kubeconfig on first start),
 * opens the store and listens over HTTPS. It resolves once the server accepts connections.
 */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const logger = pino({ level: o.logLevel, redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password', 'token', '*.token'], censor: '[redacted]' } });
  const dataDir = path.resolve(o.dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  const tokens = o.tokenAuthFile ? loadTokenFile(o.tokenAuthFile) : new Map();
  const tls = o.tlsCertFile && o.tlsPrivateKeyFile
    ? { cert: fs.readFileSync(o.tlsCertFile, 'utf8'), key: fs.readFileSync(o.tlsPrivateKeyFile, 'utf8'), caCert: fs.readFileSync(o.tlsCertFile, 'utf8') }
    : loadOrCreatePki(dataDir, [o.host]);
  const app = await createApp({ dataDir, tokens, staticRoot: o.staticRoot ? path.resolve(o.staticRoot) : path.resolve('dist'), logger, caPem: tls.caCert, windowSize: o.watchCacheSize,
    audit: {
      policyFile: o.auditPolicyFile, logPath: o.auditLogPath, logMaxSizeMB: o.auditLogMaxsize, logMaxBackups: o.auditLogMaxbackup,
      webhookConfigFile: o.auditWebhookConfigFile, retentionMs: o.auditRetention ? parseDuration(o.auditRetention) : undefined,
    },
  });
  const initialPassword = await ensureInitialAdmin(app, dataDir);

  // The bootstrap admin credential: a random token whose digest is kept in the store; the token itself
  // exists only in admin.kubeconfig (0600). A lost kubeconfig is replaced by deleting it and restarting.
  const kubeconfigFile = path.join(dataDir, 'admin.kubeconfig');
  const row = app.store.db.prepare("SELECT value FROM meta WHERE key = 'bootstrap-token-sha256'").pluck().get() as string | undefined;
  let adminToken: string | undefined;
  if (!row || !fs.existsSync(kubeconfigFile)) {
    adminToken = randomBytes(32).toString('base64url');
    app.store.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('bootstrap-token-sha256', ?)").run(hashToken(adminToken));
  }
  const digest = app.store.db.prepare("SELECT value FROM meta WHERE key = 'bootstrap-token-sha256'").pluck().get() as string;
  app.addTokenAuthenticator({
    authenticateToken: (t) => (hashToken(t) === digest ? { username: 'admin', uid: 'bootstrap-admin', groups: ['system:masters'] } : undefined),
  });

  const server = https.createServer({ cert: tls.cert, key: tls.key, requestTimeout: 0 }, app.handle);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  let consoleUrl: string | undefined;
  let consoleServer: http.Server | undefined;
  let consoleNote: string | undefined;
  if (o.consolePort > 0) {
    // A taken port is never skipped silently (the README's address would reach another program): the
    // next free one of ten is taken and printed, or the start-up message says there is none.
    for (let port = o.consolePort; port < Math.min(o.consolePort + CONSOLE_PORT_TRIES, 65536) && !consoleServer; port++) {
      const candidate = http.createServer({ requestTimeout: 0 }, app.handle);
      const listening = await new Promise<boolean>((resolve) => {
        candidate.once('error', () => resolve(false));
        // Loopback only: plain HTTP never leaves this machine.
        candidate.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (!listening) continue;
      consoleServer = candidate;
      consoleUrl = `http://localhost:${port}`;
      if (port !== o.consolePort) consoleNote = `port ${o.consolePort} is in use by another program, so the console took ${port}`;
    }
    if (!consoleServer) {
      consoleNote = `ports ${o.consolePort}-${o.consolePort + CONSOLE_PORT_TRIES - 1} are all in use, so there is no plain-HTTP console; use the HTTPS address, or --console-port`;
      logger.warn({ port: o.consolePort }, 'loopback console ports unavailable');
    }
  }
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  const hostForUrl = o.host.includes(':') ? `[${o.host}]` : o.host === '0.0.0.0' ? '127.0.0.1' : o.host;
  const url = `https://${hostForUrl}:${port}`;
  if (adminToken) writeSecretFile(kubeconfigFile, kubeconfig(url, tls.caCert, 'admin', adminToken));
  logger.info({ url, dataDir }, 'gatehouse API server listening');
  if (initialPassword) {
    // Printed once, on the first start only; it is also in initial-admin-password (0600).
    process.stdout.write(`\nFirst start: user "admin" was created with password ${initialPassword}\n  (also saved in ${path.join(dataDir, 'initial-admin-password')}; change it after signing in, under "My account": ${consoleUrl ?? url}/account)\n`);
    if (o.demo) markDemoPending(app);
  }
  // Infrastructure users: the scheduler and node agents, each with its own credential, over HTTPS.
  let components: Components | undefined;
  if (o.nodes > 0) {
    const creds = issueComponentCredentials(app, { dataDir, url, ca: tls.caCert, nodes: o.nodes });
    if (o.externalComponents) logger.info({ kubeconfigs: [creds.scheduler.kubeconfig, ...creds.nodes.map((n) => n.kubeconfig), ...Object.values(creds.controllers).map((c) => c.kubeconfig)] }, 'components not started in-process; run `gatehouse scheduler|node|controller --kubeconfig F`');
    else components = startComponentsWorker(creds, { url, ca: tls.caCert, log: logger.child({ component: 'components' }) });
  }
  // Demo seeding runs after the server listens and never delays readiness.
  const demo = o.demo && demoPending(app)
    ? seedDemo({ app, url, ca: tls.caCert, dataDir, components, log: logger.child({ component: 'demo' }), print: (m) => process.stdout.write(m) })
      .catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'demo seeding did not finish; it resumes at the next start'))
    : undefined;
  return {
    app, server, url, consoleUrl, consoleNote, components, demo,
    close: () => new Promise<void>((resolve) => {
      components?.stop();
      consoleServer?.closeAllConnections();
      consoleServer?.close();
      server.closeAllConnections();
      // app.close commits waiting audit events; then give the audit webhook up to 5 s to deliver its last batch.
      server.close(() => { app.close(); void Promise.race([app.audit.close(), new Promise((r) => setTimeout(r, 5000).unref())]).finally(resolve); });
    }),
  };
}

