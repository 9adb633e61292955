import fs from 'node:fs';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { ADMIN_STATE, adminApi } from './support';
import { bindRole, createNamespace, createPod, createUser, expectNoAxeViolations, RBAC, signIn, tokenApi, uniq, userApi } from './admin-fixtures';

// The audit timeline: filters in the URL, server-side pages, a virtualized list, the live tail, export
// as JSON lines, and the chain human → pod → service account → action of a service account's request.

test.describe.configure({ timeout: 60_000 });

/**
 * serviceAccountAction sets up the chain: the admin creates service account `builder`; `dev` starts a
 * pod running as it; the admin lets builder create configmaps and mints a token bound to the pod; the
 * token creates configmap `cm`.
 */
async function serviceAccountAction(api: APIRequestContext, baseURL: string, ns: string, dev: string, cm: string): Promise<void> {
  await createNamespace(api, ns);
  await createUser(api, dev);
  await bindRole(api, ns, `${dev}-developer`, 'developer', dev);
  const sa = await api.post(`/api/v1/namespaces/${ns}/serviceaccounts`, { data: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' } } });
  expect(sa.status(), await sa.text()).toBe(201);
  const devApi = await userApi(baseURL, dev);
  const { uid } = await createPod(devApi, ns, 'chain-pod', 'builder');
  await devApi.dispose();
  const role = await api.post(`/apis/${RBAC}/v1/namespaces/${ns}/roles`, { data: { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'configmap-writer' }, rules: [{ verbs: ['create'], apiGroups: [''], resources: ['configmaps'] }] } });
  expect(role.status(), await role.text()).toBe(201);
  const rb = await api.post(`/apis/${RBAC}/v1/namespaces/${ns}/rolebindings`, {
    data: { apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name: 'builder-writes-configmaps' }, roleRef: { apiGroup: RBAC, kind: 'Role', name: 'configmap-writer' }, subjects: [{ kind: 'ServiceAccount', name: 'builder', namespace: ns }] },
  });
  expect(rb.status(), await rb.text()).toBe(201);
  const tr = await api.post(`/api/v1/namespaces/${ns}/serviceaccounts/builder/token`, {
    data: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'chain-pod', uid } } },
  });
  expect(tr.status(), await tr.text()).toBe(201);
  const sa2 = await tokenApi(baseURL, (await tr.json()).status.token);
  const made = await sa2.post(`/api/v1/namespaces/${ns}/configmaps`, { data: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: cm }, data: { built: 'yes' } } });
  expect(made.status(), await made.text()).toBe(201);
  await sa2.dispose();
}

test.describe('as a cluster admin', () => {
  test.use({ storageState: ADMIN_STATE });

  test('a service account’s action shows the chain human → pod → service account → action, each a link', async ({ page, baseURL }) => {
    const ns = uniq('chain');
    const dev = uniq('dana');
    const api = await adminApi(baseURL!);
    try {
      await serviceAccountAction(api, baseURL!, ns, dev, 'from-builder');

      await page.goto('/audit');
      await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
      const filters = page.getByRole('form', { name: 'Audit filters' });
      await filters.getByLabel('Service account').fill(`${ns}/builder`);
      await filters.getByLabel('Verb').selectOption('create');
      await filters.getByLabel('Resource').fill('configmaps');
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await expect(page).toHaveURL(new RegExp(`serviceAccount=${ns}%2Fbuilder&verb=create&resource=configmaps`));

      const events = page.getByRole('table', { name: 'Audit events, newest first' });
      const row = events.getByRole('row', { name: /create configmaps from-builder/ });
      await expect(row).toHaveCount(1);
      await expect(row.getByRole('link', { name: dev, exact: true })).toHaveAttribute('href', `/users/${dev}?tab=activity`);
      await expect(row.getByRole('link', { name: 'Pod chain-pod' })).toHaveAttribute('href', `/ns/${ns}/pods/chain-pod`);
      await expect(row.getByRole('link', { name: 'Service account builder' })).toHaveAttribute('href', `/ns/${ns}/service-accounts/builder`);
      await expect(row.getByRole('link', { name: `create configmaps from-builder in ${ns}` })).toBeVisible();
      await expect(row).toContainText('Allowed 201');
      await expect(row).toContainText('configmap-writer');
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.screenshot({ path: 'public/screenshots/audit-chain.png', fullPage: true });
      await expectNoAxeViolations(page, 'audit', ['light', 'dark']);

      // The event's details show what the API recorded, including the Kubernetes-native extras.
      await row.getByRole('button', { name: /^Details:/ }).click();
      const details = page.getByRole('dialog');
      await expect(details.getByLabel('The recorded event')).toContainText('"authentication.kubernetes.io/pod-name"');
      await expect(details.getByLabel('The recorded event')).toContainText(`"audit.gatehouse.dev/originating-user": "${dev}"`);
      await expectNoAxeViolations(page, 'audit event details');
      await details.getByRole('button', { name: 'Close' }).click();

      // The filters live in the URL: a reload shows the same view.
      await page.reload();
      await expect(page.getByRole('form', { name: 'Audit filters' }).getByLabel('Service account')).toHaveValue(`${ns}/builder`);
      await expect(events.getByRole('row', { name: /create configmaps from-builder/ })).toHaveCount(1);

      // The human's page has the service account's action in their Activity.
      await events.getByRole('row', { name: /create configmaps from-builder/ }).getByRole('link', { name: dev, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: dev })).toBeVisible();
      const activity = page.getByRole('region', { name: `Activity of ${dev}` });
      await expect(activity.getByRole('link', { name: `create configmaps from-builder in ${ns}` })).toBeVisible();
      await expect(activity.getByRole('link', { name: `create pods chain-pod in ${ns}` })).toBeVisible();
      await expectNoAxeViolations(page, 'user activity');
    } finally {
      await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
      await api.delete(`/apis/iam.gatehouse.dev/v1/users/${dev}`).catch(() => {});
      await api.dispose();
    }
  });

  test('the live tail shows new events as they happen, and export writes the filter as JSON lines', async ({ page, baseURL }) => {
    const name = uniq('tail');
    const api = await adminApi(baseURL!);
    try {
      await page.goto(`/audit?resource=configmaps&name=${name}`);
      await expect(page.getByRole('heading', { name: 'No changes match these filters' })).toBeVisible();
      await page.getByRole('button', { name: 'Live tail' }).click();
      await expect(page.getByRole('button', { name: 'Live tail' })).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeAttached();
      for (const verb of ['create', 'delete']) {
        const r = verb === 'create'
          ? await api.post('/api/v1/namespaces/default/configmaps', { data: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } } })
          : await api.delete(`/api/v1/namespaces/default/configmaps/${name}`);
        expect(r.ok(), await r.text()).toBe(true);
      }
      const events = page.getByRole('table', { name: 'Audit events, newest first' });
      await expect(events.getByRole('row', { name: new RegExp(`create configmaps ${name}`) })).toBeVisible();
      await expect(events.getByRole('row', { name: new RegExp(`delete configmaps ${name}`) })).toBeVisible();

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export JSON lines' }).click();
      const file = await (await download).path();
      await expect(page.getByRole('status').filter({ hasText: 'Exported 2 events' })).toBeVisible();
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((e) => `${e.verb} ${e.objectRef.name}`)).toEqual([`delete ${name}`, `create ${name}`]);
    } finally {
      await api.delete(`/api/v1/namespaces/default/configmaps/${name}`).catch(() => {});
      await api.dispose();
    }
  });

  test('the timeline pages through 100,000 events, rendering only what is on screen', async ({ page }) => {
    const PAGE = 10_000;
    const TOTAL = 100_000;
    const event = (i: number) => ({
      kind: 'AuditEvent', apiVersion: 'audit.gatehouse.dev/v1', metadata: { name: `ev-${i}`, resourceVersion: String(TOTAL - i) },
      level: 'Metadata', auditID: `ev-${i}`, stage: 'ResponseComplete', requestURI: `/api/v1/namespaces/bulk/configmaps/cm-${i}`, verb: 'get',
      user: { username: `user-${i % 50}` }, objectRef: { resource: 'configmaps', namespace: 'bulk', name: `cm-${i}` }, responseStatus: { code: 200 },
      annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'synthetic' },
      requestReceivedTimestamp: new Date(Date.UTC(2025, 0, 1) - i * 1000).toISOString(), stageTimestamp: new Date(Date.UTC(2025, 0, 1) - i * 1000).toISOString(),
    });
    const requests: string[] = [];
    await page.route('**/apis/audit.gatehouse.dev/v1/auditevents?*', async (route) => {
      const url = new URL(route.request().url());
      if (url.searchParams.get('watch')) return route.fulfill({ status: 200, body: '' });
      requests.push(url.search);
      const start = Number(url.searchParams.get('continue') ?? 0);
      const items = Array.from({ length: PAGE }, (_, k) => event(start + k));
      const next = start + PAGE < TOTAL ? String(start + PAGE) : undefined;
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ kind: 'AuditEventList', apiVersion: 'audit.gatehouse.dev/v1', metadata: { resourceVersion: String(TOTAL), ...(next ? { continue: next } : {}) }, items }) });
    });
    await page.goto('/audit');
    const region = page.getByRole('region', { name: 'Audit events' });
    const count = page.getByRole('status').filter({ hasText: /events loaded/ });
    await expect(count).toContainText('10,000 events loaded, more as you scroll', { timeout: 30_000 });
    await expect.poll(async () => {
      await region.evaluate((el) => { el.scrollTop = el.scrollHeight; });
      return count.textContent();
    }, { timeout: 40_000, intervals: [100] }).toContain('100,000 events loaded');
    expect(requests).toHaveLength(10);
    expect(requests[0]).toContain('limit=');
    expect(await page.getByRole('row').count()).toBeLessThan(80);
    await expect(page.getByRole('row', { name: /get configmaps cm-99999 in bulk/ })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Audit events, newest first' })).toHaveAttribute('aria-rowcount', String(TOTAL + 1));
    // Jumping to the middle renders the rows there.
    await region.evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
    await expect(page.getByRole('row', { name: /cm-5000\d in bulk/ }).first()).toBeVisible();
    expect(await page.getByRole('row').count()).toBeLessThan(80);
  });
});

test.describe('as a developer', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('sees only what they started, including their pod’s service account', async ({ page, baseURL }) => {
    const ns = uniq('mine');
    const dev = uniq('dev');
    const api = await adminApi(baseURL!);
    try {
      await serviceAccountAction(api, baseURL!, ns, dev, 'mine-cm');
      await page.goto('/audit');
      await signIn(page, dev);
      await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
      await expect(page.getByText('You see the actions you started yourself')).toBeVisible();
      const events = page.getByRole('table', { name: 'Audit events, newest first' });
      await expect(events.getByRole('row', { name: /create configmaps mine-cm/ })).toBeVisible();
      await expect(events.getByRole('row', { name: /create pods chain-pod/ })).toBeVisible();
      // The admin's setup (the role binding for builder) is not theirs to see.
      await expect(events.getByRole('row', { name: /create rolebindings builder-writes-configmaps/ })).toHaveCount(0);
      await expect(events.getByRole('row', { name: /create serviceaccounts builder/ })).toHaveCount(0);
      await expectNoAxeViolations(page, 'audit (mine)');
    } finally {
      await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
      await api.delete(`/apis/iam.gatehouse.dev/v1/users/${dev}`).catch(() => {});
      await api.dispose();
    }
  });
});

