import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { App } from '../app';
import { staticTokens } from '../authn/token-file';
import type { UserInfo } from '../authn/user';
import { NODES_GROUP } from '../authz/node';
import { kubeconfig, writeSecretFile } from '../authn/pki';
import { ApiClient, Foreground, SILENT, type ClientLog } from './client';
import { NodeAgent } from './node-agent';
import { Scheduler } from './scheduler';
import { CONTROLLERS, type ControllerName } from '../authz/bootstrap-policy';
import { DeploymentController } from './deployment-controller';
import { EndpointSliceController } from './endpointslice-controller';
import { JobController } from './job-controller';
import { ReplicaSetController } from './replicaset-controller';
import { SharedInformers } from './shared-informers';

// The composition of the infrastructure components for `gatehouse serve --nodes N` (the scheduler, N
// node agents and the workload controllers): each gets its own
// random bearer token (valid for this server run only; only its digest is held in memory) and a
// kubeconfig in the data dir (0600), then — unless they are to run as separate processes — the
// scheduler, N node agents and the controllers start in a worker thread of the server's process as
// HTTPS clients of the server's own URL (startComponentsWorker): a thread of their own, as upstream
// runs them as processes of their own, so they never take the API's event loop. They hold their
// tokens in memory only and reach the server only over HTTPS, through authentication, authorization,
// admission and audit, like the same components run as `gatehouse scheduler|node|controller`.

/** SCHEDULER_USER is the scheduler's identity (upstream's name). */
export const SCHEDULER_USER = 'system:kube-scheduler';

/** ComponentCredential is one component's identity, token and kubeconfig file. */
export interface ComponentCredential { user: UserInfo; token: string; kubeconfig: string }

/** ComponentCredentials are the scheduler's, every node's and every workload controller's. */
export interface ComponentCredentials { scheduler: ComponentCredential; nodes: (ComponentCredential & { name: string })[]; controllers: Record<ControllerName, ComponentCredential> }

/** Controller is what every workload controller offers its runner. */
export interface Controller { start(): Promise<void>; stop(): void }

/**
 * makeController builds the workload controller `name` on a client that holds its credential, reading
 * through `informers` when the process shares them among its controllers.
 */
export function makeController(name: ControllerName, client: ApiClient, log: ClientLog, informers?: SharedInformers): Controller {
  switch (name) {
    case 'deployment': return new DeploymentController({ client, log, informers });
    case 'replicaset': return new ReplicaSetController({ client, log, informers });
    case 'job': return new JobController({ client, log, informers });
    case 'endpointslice': return new EndpointSliceController({ client, log, informers });
  }
}

/** nodeNames are the names of `count` nodes: node-1…node-N. */
export function nodeNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `node-${i + 1}`);
}

/**
 * issueComponentCredentials makes a token per component, registers them with the server's
 * authenticator and writes `scheduler.kubeconfig` and `node-<i>.kubeconfig` into the data dir
 * (kubeconfigs of nodes beyond `count` from an earlier run are removed: their tokens died with it).
 */
export function issueComponentCredentials(app: App, opts: { dataDir: string; url: string; ca: string; nodes: number }): ComponentCredentials {
  const tokens = new Map<string, UserInfo>();
  const issue = (user: UserInfo, file: string): ComponentCredential => {
    const token = randomBytes(32).toString('base64url');
    tokens.set(token, user);
    const kubeconfigFile = path.join(opts.dataDir, file);
    writeSecretFile(kubeconfigFile, kubeconfig(opts.url, opts.ca, user.username, token));
    return { user, token, kubeconfig: kubeconfigFile };
  };
  const scheduler = issue({ username: SCHEDULER_USER, uid: SCHEDULER_USER, groups: [] }, 'scheduler.kubeconfig');
  const controllers = Object.fromEntries((Object.keys(CONTROLLERS) as ControllerName[]).map((c) => [c, issue({ username: CONTROLLERS[c].user, uid: CONTROLLERS[c].user, groups: [] }, `${c}-controller.kubeconfig`)])) as Record<ControllerName, ComponentCredential>;
  const names = nodeNames(opts.nodes);
  const nodes = names.map((name) => ({ name, ...issue({ username: `system:node:${name}`, uid: `system:node:${name}`, groups: [NODES_GROUP] }, `${name}.kubeconfig`) }));
  for (const f of fs.readdirSync(opts.dataDir)) {
    const m = /^(node-\d+)\.kubeconfig$/.exec(f);
    if (m && !names.includes(m[1])) fs.rmSync(path.join(opts.dataDir, f), { force: true });
  }
  app.addTokenAuthenticator(staticTokens(tokens));
  return { scheduler, nodes, controllers };
}

/** Components are the running scheduler, node agents and controllers, wherever they run. */
export interface Components {
  /** started resolves once every component has listed what it watches (rejects if one could not start). */
  started: Promise<void>;
  /** podToken is the service-account token a node agent mounted into a running pod (what its containers would read). */
  podToken(namespace: string, name: string): Promise<string | undefined>;
  /** cpuMs is the CPU time (ms) the components' thread has used so far (undefined without /proc). */
  cpuMs(): Promise<number | undefined>;
  stop(): void;
}

/** LocalComponents are components running on the calling thread. */
export interface LocalComponents extends Omit<Components, 'podToken' | 'cpuMs'> {
  scheduler: Scheduler;
  agents: NodeAgent[];
  /** controllers are the workload controllers (deployment, replicaset, job, endpointslice). */
  controllers: Controller[];
  podToken(namespace: string, name: string): string | undefined;
}

/** LogLevel is a level a component logs at. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** ComponentsToWorker are the messages the server's thread sends the components' thread. */
export type ComponentsToWorker = { type: 'podToken'; id: number; namespace: string; name: string } | { type: 'cpu'; id: number };
/** ComponentsFromWorker are the messages the components' thread sends back. */
export type ComponentsFromWorker =
  | { type: 'started' } | { type: 'failed'; error: string }
  | { type: 'podToken'; id: number; token: string | undefined }
  | { type: 'cpu'; id: number; ms: number | undefined }
  | { type: 'log'; level: LogLevel; obj: object; msg?: string };

/**
 * startComponentsWorker starts the components (startComponents) in a worker thread, which gets the
 * credentials in memory (workerData, never a file or an argument) and sends back its log lines
 * (only those `log` would write) and the answers to podToken.
 */
export function startComponentsWorker(creds: ComponentCredentials, opts: { url: string; ca: string; log?: ClientLog }): Components {
  const log = opts.log ?? SILENT;
  const isEnabled = (log as { isLevelEnabled?: (l: string) => boolean }).isLevelEnabled?.bind(log);
  const levels = log === SILENT ? [] : LEVELS.filter((l) => isEnabled?.(l) ?? true);
  const worker = new Worker(new URL('../worker-shim.mjs', import.meta.url), {
    workerData: { entry: new URL('./worker.ts', import.meta.url).href, input: { creds, url: opts.url, ca: opts.ca, levels } },
  });
  let stopped = false;
  let nextId = 1;
  // The answers awaited from the thread (podToken, cpu), by request id.
  const waiters = new Map<number, (v: string | number | undefined) => void>();
  const ask = <T extends string | number>(m: ComponentsToWorker): Promise<T | undefined> => {
    if (stopped) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      waiters.set(m.id, resolve as (v: string | number | undefined) => void);
      worker.postMessage(m);
    });
  };
  const answer = (id: number, v: string | number | undefined) => {
    waiters.get(id)?.(v);
    waiters.delete(id);
  };
  let settle!: { resolve(): void; reject(e: Error): void };
  const started = new Promise<void>((resolve, reject) => { settle = { resolve, reject }; });
  // The thread logs a component that failed to start; an exit is logged below.
  started.catch(() => {});
  worker.on('message', (m: ComponentsFromWorker) => {
    if (m.type === 'log') log[m.level](m.obj, m.msg);
    else if (m.type === 'started') settle.resolve();
    else if (m.type === 'failed') settle.reject(new Error(m.error));
    else if (m.type === 'podToken') answer(m.id, m.token);
    else if (m.type === 'cpu') answer(m.id, m.ms);
  });
  worker.on('error', (e) => log.error({ err: e.message }, 'the components thread failed'));
  worker.on('exit', (code) => {
    settle.reject(new Error(`the components thread exited (${code})`));
    for (const w of waiters.values()) w(undefined);
    waiters.clear();
    if (!stopped) log.error({ code }, 'the components thread exited; no pods are scheduled or run until the server restarts');
  });
  return {
    started,
    podToken: (namespace, name) => ask<string>({ type: 'podToken', id: nextId++, namespace, name }),
    cpuMs: () => ask<number>({ type: 'cpu', id: nextId++ }),
    stop() {
      stopped = true;
      void worker.terminate();
    },
  };
}

/** startComponents starts the scheduler, the node agents and the controllers as HTTPS clients of `url`, on this thread. */
export function startComponents(creds: ComponentCredentials, opts: { url: string; ca: string; log?: ClientLog }): LocalComponents {
  const log = opts.log ?? SILENT;
  const clients: ApiClient[] = [];
  const client = (token: string, userAgent: string) => {
    const c = new ApiClient({ server: opts.url, ca: opts.ca, token, userAgent });
    clients.push(c);
    return c;
  };
  // Every component's events wait while any of them has bindings or pod statuses to write.
  const foreground = new Foreground();
  // The scheduler and the controllers read pods, replica sets, … through one informer each (each still
  // proves it may, and writes with its own credential).
  const informers = new SharedInformers(log);
  const scheduler = new Scheduler({ client: client(creds.scheduler.token, 'gatehouse-scheduler'), log, foreground, informers });
  const agents = creds.nodes.map((n) => new NodeAgent({ client: client(n.token, `gatehouse-node/${n.name}`), name: n.name, log, foreground }));
  const controllers = (Object.keys(creds.controllers) as ControllerName[]).map((c) => makeController(c, client(creds.controllers[c].token, `gatehouse-${c}-controller`), log, informers));
  const started = Promise.all([...agents.map((a) => a.start()), scheduler.start(), ...controllers.map((c) => c.start())]).then(() => undefined);
  started.catch((err: unknown) => log.error({ err: err instanceof Error ? err.message : String(err) }, 'a component failed to start'));
  return {
    scheduler, agents, controllers, started,
    podToken(ns, name) {
      for (const a of agents) {
        const t = a.podToken(ns, name);
        if (t) return t;
      }
      return undefined;
    },
    stop() {
      scheduler.stop();
      for (const a of agents) a.stop();
      for (const c of controllers) c.stop();
      for (const c of clients) c.close();
    },
  };
}
