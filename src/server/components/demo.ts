import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { App } from '../app';
import { writeSecretFile } from '../authn/pki';
import { ApiClient, isStatus, SILENT, type ClientLog } from './client';
import type { Components } from './run';

// The demo organisation seeded on a first start (unless --no-demo), so that a newcomer finds people,
// namespaces, pods, a secret and an audit trail with a service account's calls at once. Everything is
// done through the HTTPS API under the identity of whoever would do it in real life: the cluster admin
// creates users, namespaces and bindings; alice and bob create their own workloads (so admission
// stamps them as creators); the `builder` pod's bound token makes the service account's calls. Each
// actor uses a short-lived personal token, revoked at the end. Every step tolerates AlreadyExists, so
// an interrupted seeding resumes at the next start (the meta key `demo-pending` marks it unfinished).

const PENDING_KEY = 'demo-pending';

/** DEMO_USERS are the demo people and what they are. */
export const DEMO_USERS = [
  { name: 'alice', fullName: 'Alice Developer', role: 'developer in namespace web' },
  { name: 'bob', fullName: 'Bob Payments-Admin', role: 'admin of namespace payments' },
] as const;

/** markDemoPending records that the demo organisation is still to be seeded (first start). */
export function markDemoPending(app: App): void {
  app.store.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(PENDING_KEY, new Date().toISOString());
}

/** demoPending tells whether seeding has yet to finish. */
export function demoPending(app: App): boolean {
  return app.store.db.prepare('SELECT 1 FROM meta WHERE key = ?').get(PENDING_KEY) !== undefined;
}

async function ensure(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (!isStatus(e, 409)) throw e;
  }
}

const rbac = 'rbac.authorization.k8s.io';
const user = (name: string) => ({ kind: 'User', apiGroup: rbac, name });

const pod = (name: string, spec: Record<string, unknown>, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec });
const small = { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } };

/** SeedOptions are what seeding needs: the app (for identities and the meta table) and the server's HTTPS address. */
export interface SeedOptions {
  app: App;
  url: string;
  ca: string;
  dataDir: string;
  components?: Components;
  log?: ClientLog;
  print?: (text: string) => void;
  /** waitMs bounds the wait for the builder pod to run (default 60 s). */
  waitMs?: number;
}

/** seedDemo creates the demo organisation through the API and prints the demo passwords once. */
export async function seedDemo(o: SeedOptions): Promise<void> {
  const log = o.log ?? SILENT;
  const { app } = o;
  const issued: { user: string; id: string }[] = [];
  const clients: ApiClient[] = [];
  const as = (username: string) => {
    const t = app.identity.createToken(username, 'demo-seeding', 900);
    issued.push({ user: username, id: t.info.id });
    const c = new ApiClient({ server: o.url, ca: o.ca, token: t.token, userAgent: 'gatehouse-demo-seeding' });
    clients.push(c);
    return c;
  };
  try {
    const admin = as('admin');
    // People.
    const passwords: Record<string, string> = {};
    for (const u of DEMO_USERS) {
      await ensure(admin.create('/apis/iam.gatehouse.dev/v1/users', { apiVersion: 'iam.gatehouse.dev/v1', kind: 'User', metadata: { name: u.name }, spec: { fullName: u.fullName } }));
      passwords[u.name] = randomBytes(15).toString('base64url');
      await admin.create(`/apis/iam.gatehouse.dev/v1/users/${u.name}/password`, { password: passwords[u.name] });
    }
    // Namespaces and who may do what in them.
    for (const ns of ['web', 'payments']) await ensure(admin.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'gatehouse.dev/demo': 'true' } } }));
    const binding = (ns: string, name: string, role: string, subjects: unknown[], kind = 'ClusterRole') => ensure(admin.create(`/apis/${rbac}/v1/namespaces/${ns}/rolebindings`, {
      apiVersion: `${rbac}/v1`, kind: 'RoleBinding', metadata: { name }, roleRef: { apiGroup: rbac, kind, name: role }, subjects,
    }));
    await binding('web', 'developers', 'developer', [user('alice')]);
    await binding('payments', 'admins', 'admin', [user('bob')]);
    // A build service account in web that may read its config (and see pods), nothing more.
    await ensure(admin.create('/api/v1/namespaces/web/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' } }));
    await ensure(admin.create(`/apis/${rbac}/v1/namespaces/web/roles`, {
      apiVersion: `${rbac}/v1`, kind: 'Role', metadata: { name: 'builder' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }, { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
    }));
    await binding('web', 'builder', 'builder', [{ kind: 'ServiceAccount', name: 'builder', namespace: 'web' }], 'Role');

    // alice's workloads in web.
    const alice = as('alice');
    await ensure(alice.create('/api/v1/namespaces/web/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config' }, data: { 'site.conf': 'server_name shop.example.com;\n', greeting: 'Welcome to the shop' } }));
    await ensure(alice.create('/api/v1/namespaces/web/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'builder-config' }, data: { repository: 'https://git.example.com/shop/frontend.git', branch: 'main' } }));
    await ensure(alice.create('/api/v1/namespaces/web/pods', pod('frontend', {
      containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 8080 }], resources: small, volumeMounts: [{ name: 'config', mountPath: '/etc/nginx/conf.d', readOnly: true }] }],
      volumes: [{ name: 'config', configMap: { name: 'web-config' } }],
    }, { app: 'frontend' })));
    await ensure(alice.create('/api/v1/namespaces/web/pods', pod('builder', {
      serviceAccountName: 'builder',
      containers: [{ name: 'build', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'], resources: small }],
    }, { app: 'builder' })));

    // bob's workloads in payments: a secret used, never shown.
    const bob = as('bob');
    await ensure(bob.create('/api/v1/namespaces/payments/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'payments-db' }, type: 'Opaque', stringData: { username: 'payments', password: randomBytes(18).toString('base64url') } }));
    await ensure(bob.create('/api/v1/namespaces/payments/pods', pod('payments-api', {
      containers: [{
        name: 'api', image: 'registry.example.com/payments/api:1.4.2', resources: small,
        env: [{ name: 'DB_USER', valueFrom: { secretKeyRef: { name: 'payments-db', key: 'username' } } }],
        volumeMounts: [{ name: 'db', mountPath: '/etc/payments/db', readOnly: true }],
      }],
      volumes: [{ name: 'db', secret: { secretName: 'payments-db' } }],
    }, { app: 'payments-api' })));
    await ensure(bob.create('/api/v1/namespaces/payments/pods', pod('payments-worker', {
      containers: [{ name: 'worker', image: 'registry.example.com/payments/worker:1.4.2', resources: small, envFrom: [{ secretRef: { name: 'payments-db' } }] }],
    }, { app: 'payments-worker' })));

    // The credentials, once: printed and kept in demo-credentials.txt (0600).
    const file = path.join(o.dataDir, 'demo-credentials.txt');
    writeSecretFile(file, [
      '# Gatehouse demo organisation, created on the first start. Sign in to the console with:',
      ...DEMO_USERS.map((u) => `${u.name}\t${passwords[u.name]}\t# ${u.role}`), '',
    ].join('\n'));
    o.print?.(`\nDemo organisation: ${DEMO_USERS.map((u) => `"${u.name}" (${u.role}) password ${passwords[u.name]}`).join('; ')}\n  (also saved in ${file})\n`);

    // The builder pod's service account at work, with the token its node mounted: the audit trail
    // shows admin → alice → pod builder → system:serviceaccount:web:builder → these calls.
    if (o.components) {
      const token = await waitForToken(alice, o.components, o.waitMs ?? 60_000);
      if (token) {
        const sa = new ApiClient({ server: o.url, ca: o.ca, token, userAgent: 'builder/1.0' });
        clients.push(sa);
        await sa.create('/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
        await sa.get('/api/v1/namespaces/web/configmaps/builder-config');
        await sa.list('/api/v1/namespaces/web/pods');
      } else log.warn({}, 'the builder pod did not run in time; its service-account calls were skipped');
    } else log.info({}, 'no in-process nodes: the demo pods stay Pending and the builder makes no calls');
    app.store.db.prepare('DELETE FROM meta WHERE key = ?').run(PENDING_KEY);
    log.info({}, 'demo organisation seeded');
  } finally {
    for (const c of clients) c.close();
    for (const t of issued) app.identity.revokeToken(t.user, t.id);
  }
}

async function waitForToken(alice: ApiClient, components: Components, waitMs: number): Promise<string | undefined> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const t = await components.podToken('web', 'builder');
    if (t) {
      const p = await alice.get<any>('/api/v1/namespaces/web/pods/builder').catch(() => undefined);
      if (p?.status?.phase === 'Running') return t;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return undefined;
}
