import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { clusterBinDir, startCluster, type Cluster } from '../src/server/connect/testing/cluster';
import { call, connectTo, type Connected } from '../src/server/connect/testing/connect';

// Issue 13, connect mode in the browser: Gatehouse in front of a real kube-apiserver (kine +
// kube-apiserver + kube-controller-manager, src/server/connect/testing/cluster.ts). A developer
// launches a pod from the form and the cluster stores it with the profile Gatehouse's webhook applied;
// the admin sees the cluster's audit events attributed to the person; views that need what the
// cluster lacks say why. The server runs in this worker (not the embedded webServer).

const PASSWORD = 'connect-e2e-Passw0rd!';
const NS = 'web';

test.describe('connect mode on a real cluster', () => {
  test.skip(!clusterBinDir(), 'needs the real-cluster binaries: run src/server/connect/cluster/build.sh');
  test.describe.configure({ mode: 'serial', timeout: 120_000 });
  let cluster: Cluster;
  let g: Connected;

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    cluster = await startCluster();
    g = await connectTo(cluster);
    await g.addUser('dana', [], PASSWORD);
    const admin = (m: string, p: string, b?: unknown) => call({ url: cluster.url, ca: cluster.ca }, m, p, { token: cluster.adminToken, body: b });
    await admin('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'dana' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'developer' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'dana' }],
    });
    await admin('POST', `/api/v1/namespaces/${NS}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'never-shown' } });
    await expect.poll(async () => (await admin('GET', `/api/v1/namespaces/${NS}/serviceaccounts/default`)).status, { timeout: 60_000 }).toBe(200);
  });
  test.afterAll(async () => {
    await g?.stop();
    await cluster?.stop();
  });

  async function signIn(page: Page, name: string, password: string): Promise<void> {
    await page.goto(`${g.url}/sign-in`);
    await page.getByLabel('Username').fill(name);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).not.toHaveURL(/sign-in/);
  }

  test('a developer launches a pod from the form; the cluster stores it with the profile Gatehouse applied', async ({ page }) => {
    await signIn(page, 'dana', PASSWORD);
    await page.setViewportSize({ width: 1440, height: 1100 });
    await page.goto(`${g.url}/ns/${NS}/pods/new`);
    await expect(page.getByRole('heading', { level: 1, name: 'Create pod' })).toBeVisible();
    await page.getByLabel('Pod name').fill('shop');
    await page.getByLabel('Image').fill('registry.example/shop:1.0');
    const picker = page.getByRole('group', { name: 'Security profile' });
    const restricted = picker.getByRole('radio', { name: 'restricted' });
    await expect(restricted).toHaveAccessibleDescription(/Passes/);
    await expect(restricted).toHaveAccessibleDescription(/UID\s*\d{4,}/);
    await expect(picker.getByRole('radio', { name: 'privileged' })).toHaveCount(0);
    await restricted.check();
    await page.getByRole('button', { name: 'Create pod' }).click();
    await expect(page).toHaveURL(new RegExp(`/ns/${NS}/pods/shop$`));
    const security = page.getByRole('region', { name: 'Security' });
    await expect(security).toContainText('restricted');
    await expect(security).toContainText(/UID\s*\d{4,}/);
    fs.mkdirSync('public/screenshots', { recursive: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: 'public/screenshots/connect-pod.png' });
    // What the real cluster stored: the webhook's profile, UID and creator.
    const stored = (await call({ url: cluster.url, ca: cluster.ca }, 'GET', `/api/v1/namespaces/${NS}/pods/shop`, { token: cluster.adminToken })).body;
    expect(stored.metadata.annotations['security.gatehouse.dev/profile']).toBe('restricted');
    expect(stored.metadata.annotations['gatehouse.dev/created-by']).toBe('dana');
    expect(stored.spec.securityContext.runAsUser).toBeGreaterThanOrEqual(1_000_000_000);
  });

  test('the developer sees secret names and keys, never a value', async ({ page }) => {
    await signIn(page, 'dana', PASSWORD);
    await page.goto(`${g.url}/ns/${NS}/secrets`);
    await expect(page.getByRole('heading', { level: 1, name: 'Secrets' })).toBeVisible();
    await expect(page.getByText('db', { exact: true }).first()).toBeVisible();
    await expect(page.locator('body')).not.toContainText('never-shown');
  });

  test('the admin\'s audit view shows the cluster\'s events, attributed to the person', async ({ page }) => {
    await signIn(page, 'admin', fs.readFileSync(`${cluster.gatehouseDataDir}/initial-admin-password`, 'utf8').trim());
    await page.goto(`${g.url}/audit`);
    await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
    const filters = page.getByRole('form', { name: 'Audit filters' });
    await filters.getByLabel('Verb').selectOption('create');
    await filters.getByLabel('Resource').fill('pods');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    const events = page.getByRole('table', { name: 'Audit events, newest first' });
    const row = events.getByRole('row', { name: /create pods shop/ }).first();
    await expect(row).toBeVisible({ timeout: 20_000 });
    await expect(row.getByRole('link', { name: 'dana', exact: true })).toBeVisible();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: 'public/screenshots/connect-audit.png' });
  });
});
