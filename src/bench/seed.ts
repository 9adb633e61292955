import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import type { AuditEvent } from '../shared/api/audit';
import { kubeTime, type KubeObject } from '../shared/api/meta';
import { resourceKey } from '../server/registry/strategies';
import type { Store } from '../server/storage/store';
import { newAuditID } from '../server/audit/audit-id';
import { AuditStore } from '../server/audit/store';
import { openDatabase } from '../server/storage/store';

// Realistic objects the benchmarks seed straight into a store (seeding is never what is measured).

/** timestamp is now as a metav1.Time. */
export function timestamp(): string {
  return kubeTime();
}

/** benchPod is a realistic Deployment-made pod (~1.5 KB of JSON); `stored` adds what the server would have set. */
export function benchPod(ns: string, name: string, i: number, stored: boolean): KubeObject {
  const app = `app-${i % 50}`;
  const pod: any = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: ns,
      labels: { app, 'pod-template-hash': '7d4b9c8f6d', tier: i % 3 === 0 ? 'frontend' : 'backend' },
      annotations: { 'kubectl.kubernetes.io/default-container': 'main' },
    },
    spec: {
      containers: [{
        name: 'main', image: `registry.example.com/team/${app}:1.${i % 10}.0`, imagePullPolicy: 'IfNotPresent',
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        volumeMounts: [{ name: 'config', mountPath: '/etc/app', readOnly: true }],
        terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
        securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
      }],
      volumes: [{ name: 'config', configMap: { name: `${app}-config` } }],
      restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', serviceAccountName: 'default',
      nodeName: `node-${i % 20}`, schedulerName: 'default-scheduler',
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    },
    status: { phase: 'Running' },
  };
  if (stored) {
    pod.metadata.uid = randomUUID();
    pod.metadata.creationTimestamp = timestamp();
    pod.metadata.generation = 1;
    // No ownerReferences: a ReplicaSet that does not exist would have the garbage collector delete the pod.
    pod.status = {
      phase: 'Running', hostIP: `10.0.0.${i % 20}`, podIP: `10.244.${(i >> 8) & 255}.${i & 255}`, startTime: timestamp(), qosClass: 'Burstable',
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: timestamp() })),
      containerStatuses: [{ name: 'main', ready: true, restartCount: 0, image: pod.spec.containers[0].image, started: true, state: { running: { startedAt: timestamp() } } }],
    };
  }
  return pod as KubeObject;
}

/** DAY is a day in milliseconds. */
export const DAY = 86_400_000;

/**
 * seedEvent is a realistic Metadata-level event: 1,000 users (a fifth of the events by their pods'
 * service accounts), 100 namespaces. Its keys are in sorted order at every level, as the audit filter
 * builds events, so the store's canonicalJSON takes its fast path.
 */
export function seedEvent(i: number, at: number): AuditEvent {
  const human = `user-${String(i % 1000).padStart(4, '0')}`;
  const ns = `team-${(i * 7) % 100}`;
  const sa = i % 5 === 0;
  const verb = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'][i % 7];
  const resource = ['pods', 'configmaps', 'secrets', 'serviceaccounts', 'rolebindings'][(i >> 3) % 5];
  const group = resource === 'rolebindings' ? 'rbac.authorization.k8s.io' : '';
  const forbid = i % 31 === 0;
  const ts = new Date(at).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  const user = sa
    ? { extra: { 'authentication.kubernetes.io/credential-id': [`JTI=${jti(i)}`], 'authentication.kubernetes.io/pod-name': [`job-${i % 97}`] }, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'], uid: `sa-${ns}`, username: `system:serviceaccount:${ns}:builder` }
    : { groups: ['devs', 'system:authenticated'], uid: `u-${human}`, username: human };
  const name = verb === 'list' || verb === 'watch' ? undefined : `${resource.slice(0, -1)}-${i % 50}`;
  return {
    annotations: { 'audit.gatehouse.dev/originating-user': human, 'authorization.k8s.io/decision': forbid ? 'forbid' : 'allow', 'authorization.k8s.io/reason': forbid ? '' : 'RBAC: allowed by RoleBinding' },
    apiVersion: 'audit.k8s.io/v1', auditID: newAuditID(at), kind: 'Event', level: 'Metadata',
    objectRef: { ...(group ? { apiGroup: group } : {}), apiVersion: 'v1', ...(name ? { name } : {}), namespace: ns, resource },
    requestReceivedTimestamp: ts,
    requestURI: `/api${group ? `s/${group}` : ''}/v1/namespaces/${ns}/${resource}${name ? `/${name}` : ''}`,
    responseStatus: forbid ? { code: 403, metadata: {}, reason: 'Forbidden', status: 'Failure' } : { code: verb === 'create' ? 201 : 200, metadata: {} },
    sourceIPs: ['10.0.0.12'], stage: 'ResponseComplete', stageTimestamp: ts, user,
    userAgent: 'kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd', verb,
  } as AuditEvent;
}

/** jti is a fixed-format credential id unique per event number (a random UUID per event costs seeding time). */
function jti(i: number): string {
  const h = i.toString(16).padStart(12, '0');
  return `5eed0000-0000-4000-8000-${h}`;
}

/**
 * seedAuditEvents appends `n` events spread over the 30 days before `end` through the store's own
 * append (canonical JSON, hash chain: the result verifies), in transactions of 20,000. The table's
 * indexes are dropped meanwhile and built again at the end (sorting once beats a million scattered
 * index inserts), with a large page cache. Nothing else may write the database meanwhile. It returns
 * the events per second.
 */
export function seedAuditEvents(db: Database.Database, store: AuditStore, n: number, end: number): number {
  const CHUNK = 20_000;
  const start = end - 30 * DAY;
  const cacheSize = db.pragma('cache_size', { simple: true });
  db.pragma('cache_size = -262144');
  const t0 = performance.now();
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
  try {
    for (const ix of indexes) db.exec(`DROP INDEX ${ix.name}`);
    for (let i = 0; i < n; i += CHUNK) {
      const batch: AuditEvent[] = [];
      for (let j = i; j < Math.min(n, i + CHUNK); j++) batch.push(seedEvent(j, start + Math.floor((j / n) * 30 * DAY)));
      store.append(batch);
    }
  } finally {
    for (const ix of indexes) db.exec(ix.sql);
    db.pragma(`cache_size = ${Number(cacheSize)}`);
  }
  return n / ((performance.now() - t0) / 1000);
}

let auditTemplate: { dir: string; n: number; end: number } | undefined;

/**
 * dataDirWithAuditEvents returns a new data dir whose store holds `n` seeded audit events (the 30 days
 * before `end`, which it returns too). The first call seeds a template; later calls of the same run copy
 * it, so benchmarks that need the same million events pay for them once.
 */
export function dataDirWithAuditEvents(n: number): { dataDir: string; end: number } {
  if (!auditTemplate || auditTemplate.n !== n) {
    if (auditTemplate) fs.rmSync(auditTemplate.dir, { recursive: true, force: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-audit-'));
    const end = Date.now() - DAY;
    const db = openDatabase(path.join(dir, 'gatehouse.db'));
    try {
      seedAuditEvents(db, new AuditStore(db), n, end);
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    auditTemplate = { dir, n, end };
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-'));
  fs.chmodSync(dataDir, 0o700);
  fs.copyFileSync(path.join(auditTemplate.dir, 'gatehouse.db'), path.join(dataDir, 'gatehouse.db'));
  fs.chmodSync(path.join(dataDir, 'gatehouse.db'), 0o600);
  return { dataDir, end: auditTemplate.end };
}

/**
 * seedPods creates `count` stored pods (`pod-00000`…) in namespace `ns` straight in the store, in one
 * transaction, creating the namespace too unless it exists; it returns the milliseconds taken.
 */
export function seedPods(store: Store, ns: string, count: number): number {
  const t0 = performance.now();
  store.transaction(() => {
    if (!store.get(resourceKey('', 'namespaces'), '', ns)) {
      store.create(resourceKey('', 'namespaces'), '', ns, {
        apiVersion: 'v1', kind: 'Namespace',
        metadata: { name: ns, uid: randomUUID(), creationTimestamp: timestamp(), labels: { 'kubernetes.io/metadata.name': ns } },
        spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
      } as KubeObject);
    }
    for (let i = 0; i < count; i++) {
      const name = `pod-${String(i).padStart(5, '0')}`;
      store.create(resourceKey('', 'pods'), ns, name, benchPod(ns, name, i, true));
    }
  });
  // Copying the seed's WAL (some 40 MB) back into the database file is part of seeding: the server's
  // checkpointer thread would otherwise do it during the first measured requests, on the core the
  // bench's client needs. Before checkpoints moved to that thread, the seed's own commit did it here.
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  return performance.now() - t0;
}
