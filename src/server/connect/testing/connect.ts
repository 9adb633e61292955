// Test support: Gatehouse in connect mode in front of a test cluster (testing/cluster.ts), installed,
// with helpers to add Gatehouse users and call Gatehouse or the cluster directly.

import https from 'node:https';
import pino from 'pino';
import { USERS } from '../../authn/identity';
import { systemCreate } from '../../registry/system-create';
import { install } from '../install';
import { startConnect, type RunningConnect } from '../serve';
import type { Cluster } from './cluster';

/** Connected is a cluster with Gatehouse in front of it. */
export interface Connected {
  gatehouse: RunningConnect;
  url: string;
  ca: string;
  /** addUser creates a Gatehouse user and returns a personal token for it. */
  addUser(name: string, groups?: string[], password?: string): Promise<string>;
  adminToken: string;
  stop(): Promise<void>;
}

/** connectTo starts `gatehouse connect` (in-process) on the port the cluster expects, then installs its extension points. */
export async function connectTo(cluster: Cluster, opts: { install?: boolean } = {}): Promise<Connected> {
  const gatehouse = await startConnect({ kubeconfig: cluster.gatehouseKubeconfig, dataDir: cluster.gatehouseDataDir, host: '127.0.0.1', port: cluster.gatehousePort }, pino({ level: 'error' }));
  if (opts.install !== false) {
    await install(cluster.admin, { url: gatehouse.url, caPem: gatehouse.caPem, identity: gatehouse.identity });
    // The mirror sees the shipped profiles before the first pod is admitted.
    for (let i = 0; i < 100 && gatehouse.mirror.store.list('security.gatehouse.dev/securityprofiles').length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  }
  const app = gatehouse.app;
  return {
    gatehouse, url: gatehouse.url, ca: gatehouse.caPem,
    adminToken: app.identity.createToken('admin', 'tests', 3600).token,
    async addUser(name, groups = [], password) {
      systemCreate(app.store, USERS, '', { apiVersion: 'iam.gatehouse.dev/v1', kind: 'User', metadata: { name }, spec: { groups } } as any);
      if (password) await app.identity.setPassword(name, password);
      return app.identity.createToken(name, 'tests', 3600).token;
    },
    stop: () => gatehouse.close(),
  };
}

/** Reply is a decoded HTTP answer. */
export interface Reply { status: number; body: any; headers: Record<string, unknown> }

/** call sends one JSON request to `base` (Gatehouse or the cluster). */
export function call(base: { url: string; ca: string }, method: string, p: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  if (payload) headers['Content-Type'] ??= 'application/json';
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(p, base.url), { method, headers, ca: base.ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: any = text;
        try { body = JSON.parse(text); } catch { /* text */ }
        resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** eventually retries `fn` until it returns a truthy value (or throws after `ms`). */
export async function eventually<T>(fn: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) { last = err; }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`condition not met in ${ms} ms${last ? `: ${String(last)}` : ''}`);
}
