import { expect, test } from '@playwright/test';
import { ADMIN_STATE, adminApi, restrictedPod } from './support';
import { bindRole, createNamespace, createPod, createUser, expectNoAxeViolations, uniq, userApi } from './admin-fixtures';

// Removing a person revokes their sessions at once while their pods keep running; an admin lists the
// workloads they started, across namespaces, and terminates them in bulk (one audited deletion each).

test.use({ storageState: ADMIN_STATE });
test.describe.configure({ timeout: 90_000 });

test('a removed user’s pods keep running, and bulk terminate removes them with progress', async ({ page, baseURL }) => {
  const ns1 = uniq('wl');
  const ns2 = uniq('wl');
  const user = uniq('leaver');
  const api = await adminApi(baseURL!);
  try {
    await createNamespace(api, ns1);
    await createNamespace(api, ns2);
    await createUser(api, user);
    await bindRole(api, ns1, `${user}-developer`, 'developer', user);
    await bindRole(api, ns2, `${user}-developer`, 'developer', user);
    const theirs = await userApi(baseURL!, user);
    await createPod(theirs, ns1, 'job-a');
    await createPod(theirs, ns2, 'job-b');
    await createPod(api, ns1, 'admins-own');

    await page.goto(`/users/${user}`);
    await page.getByRole('button', { name: 'Remove user' }).click();
    // The confirmation says which bindings the server takes them out of (each deleted: no one else is in it).
    const cleanup = page.getByRole('dialog', { name: `Remove ${user}?` }).getByRole('list', { name: `What removing ${user} cleans up` });
    await expect(cleanup).toContainText(`RoleBinding ${ns1}/${user}-developer (deleted: no one else is in it)`);
    await expect(cleanup).toContainText(`RoleBinding ${ns2}/${user}-developer`);
    await page.getByRole('dialog', { name: `Remove ${user}?` }).getByRole('button', { name: 'Remove user' }).click();
    await expect(page).toHaveURL(new RegExp(`/users/${user}\\?tab=workloads$`));

    // Their bindings went with them, so a new user of the same name inherits nothing.
    expect((await api.get(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns1}/rolebindings/${user}-developer`)).status()).toBe(404);
    // Their session ended at once; their pods did not.
    expect((await theirs.get(`/api/v1/namespaces/${ns1}/pods`)).status()).toBe(401);
    await theirs.dispose();
    for (const [ns, pod] of [[ns1, 'job-a'], [ns2, 'job-b']]) {
      await expect.poll(async () => (await (await api.get(`/api/v1/namespaces/${ns}/pods/${pod}`)).json()).status?.phase, { timeout: 20_000 }).toBe('Running');
    }

    const table = page.getByRole('table', { name: `Pods started by ${user}` });
    await expect(table.getByRole('row')).toHaveCount(3);
    await expect(table.getByRole('row', { name: /job-a/ })).toContainText(ns1);
    await expect(table.getByRole('row', { name: /job-b/ })).toContainText(ns2);
    await expectNoAxeViolations(page, 'user workloads');

    // The users list points at them too.
    await page.goto('/users');
    await page.getByRole('region', { name: 'Workloads of removed users' }).getByRole('link', { name: user }).click();

    await page.getByRole('button', { name: 'Terminate 2 pods' }).click();
    const dialog = page.getByRole('dialog', { name: `Terminate 2 pods started by ${user}?` });
    await expect(dialog).toContainText(`${ns1}/job-a`);
    await dialog.getByRole('button', { name: 'Terminate' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Terminated 2 of 2 pods.' })).toBeVisible();
    await expect(page.getByRole('progressbar')).toHaveAttribute('value', '2');
    await expect(page.getByRole('heading', { name: `No running workloads started by ${user}` })).toBeVisible({ timeout: 30_000 });
    for (const [ns, pod] of [[ns1, 'job-a'], [ns2, 'job-b']]) {
      await expect.poll(async () => (await api.get(`/api/v1/namespaces/${ns}/pods/${pod}`)).status(), { timeout: 30_000 }).toBe(404);
    }
    expect((await api.get(`/api/v1/namespaces/${ns1}/pods/admins-own`)).status()).toBe(200);

    // Each deletion is its own audited request, by the admin.
    const audit = await api.get(`/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=${encodeURIComponent('verb=delete,objectRef.resource=pods,user.username=admin')}`);
    const names = (await audit.json()).items.map((e: { objectRef: { name: string } }) => e.objectRef.name);
    expect(names).toEqual(expect.arrayContaining(['job-a', 'job-b']));
  } finally {
    for (const ns of [ns1, ns2]) await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
    await api.delete(`/apis/iam.gatehouse.dev/v1/users/${user}`).catch(() => {});
    await api.dispose();
  }
});

test('a removed user’s Deployments, ReplicaSets and Jobs: listed, scaled to zero, deleted', async ({ page, baseURL }) => {
  const ns = uniq('wl');
  const user = uniq('mover');
  const api = await adminApi(baseURL!);
  const template = (app: string, annotations: Record<string, string> = {}) => ({ metadata: { labels: { app }, annotations }, spec: restrictedPod(app).spec });
  try {
    await createNamespace(api, ns);
    await createUser(api, user);
    await bindRole(api, ns, `${user}-developer`, 'developer', user);
    const theirs = await userApi(baseURL!, user);
    const post = async (path: string, body: object) => { const r = await theirs.post(path, { data: body }); expect(r.status(), await r.text()).toBe(201); };
    await post(`/apis/apps/v1/namespaces/${ns}/deployments`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template('web') } });
    await post(`/apis/apps/v1/namespaces/${ns}/replicasets`, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'cache' }, spec: { replicas: 1, selector: { matchLabels: { app: 'cache' } }, template: template('cache') } });
    const job = template('batch', { 'node.gatehouse.dev/run-seconds': '3600' });
    await post(`/apis/batch/v1/namespaces/${ns}/jobs`, { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'batch' }, spec: { template: { ...job, spec: { ...job.spec, restartPolicy: 'Never' } } } });
    const running = async () => ((await (await api.get(`/api/v1/namespaces/${ns}/pods`)).json()).items as { status?: { phase?: string } }[]).filter((p) => p.status?.phase === 'Running').length;
    await expect.poll(running, { timeout: 30_000 }).toBe(4);
    await theirs.dispose();
    expect((await api.delete(`/apis/iam.gatehouse.dev/v1/users/${user}`)).status()).toBe(200);

    // The users list counts what they left: 4 pods and 3 workloads.
    await page.goto('/users');
    const removed = page.getByRole('region', { name: 'Workloads of removed users' });
    await expect(removed.getByRole('listitem').filter({ hasText: user })).toContainText('4 pods, 3 Deployments, ReplicaSets or Jobs', { timeout: 20_000 });
    await removed.getByRole('link', { name: user }).click();

    const table = page.getByRole('table', { name: `Deployments, ReplicaSets and Jobs of ${user}` });
    await expect(table.getByRole('row')).toHaveCount(4);
    await expect(table.getByRole('row', { name: /Deployment web/ })).toContainText('2/2 ready', { timeout: 20_000 });
    await expect(table.getByRole('row', { name: /ReplicaSet cache/ })).toContainText('created it, set its pod template');
    await expect(table.getByRole('row', { name: /Job batch/ })).toContainText('1 active');
    await expectNoAxeViolations(page, 'removed user workloads', ['light', 'dark']);

    // Scale the Deployment to zero: its pods go, it stays.
    await table.getByRole('button', { name: `Scale Deployment ${ns}/web to zero` }).click();
    const scaleDialog = page.getByRole('dialog', { name: `Scale Deployment ${ns}/web to zero?` });
    await expectNoAxeViolations(page, 'scale to zero dialog');
    await scaleDialog.getByRole('button', { name: 'Scale to 0' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Scaled Deployment ${ns}/web to zero.` })).toBeVisible();
    await expect(table.getByRole('row', { name: /Deployment web/ })).toContainText('0/0 ready', { timeout: 30_000 });
    await expect(table.getByRole('button', { name: `Scale Deployment ${ns}/web to zero` })).toHaveCount(0);

    // Delete the Job: it and its pod go (propagation Background).
    await table.getByRole('button', { name: `Delete Job ${ns}/batch` }).click();
    await page.getByRole('dialog', { name: `Delete Job ${ns}/batch?` }).getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Deleted Job ${ns}/batch` })).toBeVisible();
    await expect(table.getByRole('row', { name: /Job batch/ })).toHaveCount(0, { timeout: 30_000 });
    await expect.poll(running, { timeout: 30_000 }).toBe(1);
    expect((await api.get(`/apis/apps/v1/namespaces/${ns}/deployments/web`)).status()).toBe(200);
    expect((await api.get(`/apis/batch/v1/namespaces/${ns}/jobs/batch`)).status()).toBe(404);

    // Each stop was one audited request by the admin.
    const audit = await api.get(`/apis/audit.gatehouse.dev/v1/namespaces/${ns}/auditevents?fieldSelector=${encodeURIComponent('user.username=admin')}`);
    const writes = ((await audit.json()).items as { verb: string; objectRef: { resource: string; subresource?: string; name: string } }[]).map((e) => `${e.verb} ${e.objectRef.resource}${e.objectRef.subresource ? `/${e.objectRef.subresource}` : ''} ${e.objectRef.name}`);
    expect(writes).toEqual(expect.arrayContaining(['patch deployments/scale web', 'delete jobs batch']));
  } finally {
    await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
    await api.delete(`/apis/iam.gatehouse.dev/v1/users/${user}`).catch(() => {});
    await api.dispose();
  }
});
