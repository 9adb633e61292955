import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { App } from '../app';
import { staticTokens } from '../authn/token-file';
import type { UserInfo } from '../authn/user';
import { NODES_GROUP } from '../authz/node';
import { kubeconfig, writeSecretFile } from '../authn/pki';
import { ApiClient, SILENT, type ClientLog } from './client';
import { NodeAgent } from './node-agent';
import { Scheduler } from './scheduler';
import { CONTROLLERS, type ControllerName } from '../authz/bootstrap-policy';
import { DeploymentController } from './deployment-controller';
import { EndpointSliceController } from './endpointslice-controller';
import { JobController } from './job-controller';
import { ReplicaSetController } from './replicaset-controller';

// The composition of the infrastructure components for `gatehouse serve --nodes N` (the scheduler, N
// node agents and the workload controllers): each gets its own
// random bearer token (valid for this server run only; only its digest is held in memory) and a
// kubeconfig in the data dir (0600), then — unless they are to run as separate processes — the
// scheduler and N node agents start in-process as HTTPS clients of the server's own URL.

/** SCHEDULER_USER is the scheduler's identity (upstream's name). */
export const SCHEDULER_USER = 'system:kube-scheduler';

/** ComponentCredential is one component's identity, token and kubeconfig file. */
export interface ComponentCredential { user: UserInfo; token: string; kubeconfig: string }

/** ComponentCredentials are the scheduler's, every node's and every workload controller's. */
export interface ComponentCredentials { scheduler: ComponentCredential; nodes: (ComponentCredential & { name: string })[]; controllers: Record<ControllerName, ComponentCredential> }

/** Controller is what every workload controller offers its runner. */
export interface Controller { start(): Promise<void>; stop(): void }

/** makeController builds the workload controller `name` on a client that holds its credential. */
export function makeController(name: ControllerName, client: ApiClient, log: ClientLog): Controller {
  switch (name) {
    case 'deployment': return new DeploymentController({ client, log });
    case 'replicaset': return new ReplicaSetController({ client, log });
    case 'job': return new JobController({ client, log });
    case 'endpointslice': return new EndpointSliceController({ client, log });
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

/** Components are the in-process scheduler and node agents. */
export interface Components {
  scheduler: Scheduler;
  agents: NodeAgent[];
  /** controllers are the workload controllers (deployment, replicaset, job, endpointslice). */
  controllers: Controller[];
  /** started resolves once every component has listed what it watches (rejects if one could not start). */
  started: Promise<void>;
  /** podToken is the service-account token a node agent mounted into a running pod. */
  podToken(namespace: string, name: string): string | undefined;
  stop(): void;
}

/** startComponents starts the scheduler and the node agents as HTTPS clients of `url`. */
export function startComponents(creds: ComponentCredentials, opts: { url: string; ca: string; log?: ClientLog }): Components {
  const log = opts.log ?? SILENT;
  const clients: ApiClient[] = [];
  const client = (token: string, userAgent: string) => {
    const c = new ApiClient({ server: opts.url, ca: opts.ca, token, userAgent });
    clients.push(c);
    return c;
  };
  const scheduler = new Scheduler({ client: client(creds.scheduler.token, 'gatehouse-scheduler'), log });
  const agents = creds.nodes.map((n) => new NodeAgent({ client: client(n.token, `gatehouse-node/${n.name}`), name: n.name, log }));
  const controllers = (Object.keys(creds.controllers) as ControllerName[]).map((c) => makeController(c, client(creds.controllers[c].token, `gatehouse-${c}-controller`), log));
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
