import { expect, test } from '@playwright/test';
import { bindRole, createUser, expectNoAxeViolations, signIn, uniq, userApi } from './admin-fixtures';
import { DEVELOPER } from './developer';
import { adminApi, restrictedPod } from './support';

// Changing and removing workloads from the console (issue 15), as the developer: a container's image
// is changed like `kubectl set image` and shows as a new revision with its change cause; a Deployment
// and a Job are deleted after a confirmation (propagation Background: their pods follow), and the live
// lists drop them without a reload.

const ns = DEVELOPER.namespace;

test.describe('as the developer', () => {
  test.use({ storageState: DEVELOPER.state });

  test('set a Deployment’s image (a new revision), then delete it and a Job', async ({ page, baseURL }) => {
    test.setTimeout(150_000);
    const app = uniq('img');
    const job = uniq('batch');
    const api = await adminApi(baseURL!);
    const spec = restrictedPod(app).spec;
    try {
      const d = await api.post(`/apis/apps/v1/namespaces/${ns}/deployments`, { data: {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: app },
        spec: { replicas: 2, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec } },
      } });
      expect(d.status(), await d.text()).toBe(201);
      const j = await api.post(`/apis/batch/v1/namespaces/${ns}/jobs`, { data: {
        apiVersion: 'batch/v1', kind: 'Job', metadata: { name: job },
        spec: { template: { metadata: { annotations: { 'node.gatehouse.dev/run-seconds': '3600' } }, spec: { ...spec, restartPolicy: 'Never' } } },
      } });
      expect(j.status(), await j.text()).toBe(201);

      await page.goto(`/ns/${ns}/deployments/${app}`);
      await expect(page.getByText('2/2 ready · 2 up to date · 2 available')).toBeVisible({ timeout: 60_000 });
      const overview = page.getByRole('region', { name: 'Overview' });
      const image = overview.getByLabel('New image of web');
      await expect(image).toHaveValue('registry.example/web:1.0');
      // A bad reference is explained before anything is sent.
      await image.fill('registry.example/web 2.0');
      await overview.getByRole('button', { name: 'Set image' }).click();
      await expect(overview.getByText('Image must not contain spaces.')).toBeVisible();
      await expect(image).toHaveAttribute('aria-invalid', 'true');
      await image.fill('registry.example/web:2.0');
      await overview.getByLabel('Change cause (optional)').fill('Upgrade to 2.0');
      await expectNoAxeViolations(page, 'deployment with set image');
      await image.press('Enter');

      const history = page.getByRole('region', { name: 'Rollout history' });
      const rev2 = history.getByRole('row', { name: /^2\s*current/ });
      await expect(rev2).toContainText('registry.example/web:2.0', { timeout: 30_000 });
      await expect(rev2).toContainText('Upgrade to 2.0');
      await expect(history.getByRole('row')).toHaveCount(3);
      await expect(overview.getByText('registry.example/web:2.0', { exact: true })).toBeVisible();
      await expect(page.getByText('2/2 ready · 2 up to date · 2 available')).toBeVisible({ timeout: 60_000 });
      const pods = async () => ((await (await api.get(`/api/v1/namespaces/${ns}/pods?labelSelector=app%3D${app}`)).json()).items as { metadata: { deletionTimestamp?: string; annotations?: Record<string, string> }; spec: { containers: { image: string }[] } }[]).filter((p) => !p.metadata.deletionTimestamp);
      await expect.poll(async () => (await pods()).map((p) => p.spec.containers[0].image).join(','), { timeout: 60_000 }).toBe('registry.example/web:2.0,registry.example/web:2.0');
      // The new pods are made for the developer, who changed the template.
      expect((await pods()).every((p) => p.metadata.annotations?.['gatehouse.dev/created-by'] === DEVELOPER.name)).toBe(true);

      // Delete the Deployment: confirm, land on the live list, which no longer has it.
      await page.getByRole('button', { name: 'Delete deployment' }).click();
      const dialog = page.getByRole('dialog', { name: `Delete deployment ${app}?` });
      await expect(dialog).toContainText('its ReplicaSets');
      await expectNoAxeViolations(page, 'delete deployment dialog');
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Deployments' })).toBeVisible();
      await expect(page.getByRole('link', { name: app, exact: true })).toHaveCount(0);
      await expect.poll(async () => (await pods()).length, { timeout: 30_000 }).toBe(0);
      expect((await api.get(`/apis/apps/v1/namespaces/${ns}/deployments/${app}`)).status()).toBe(404);

      // Delete the Job from its page; the jobs list drops it, and its running pod goes.
      await page.goto(`/ns/${ns}/jobs`);
      await expect(page.getByRole('link', { name: job, exact: true })).toBeVisible();
      await page.getByRole('link', { name: job, exact: true }).click();
      await page.getByRole('button', { name: 'Delete job' }).click();
      await page.getByRole('dialog', { name: `Delete job ${job}?` }).getByRole('button', { name: 'Delete' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeVisible();
      await expect(page.getByRole('link', { name: job, exact: true })).toHaveCount(0);
      await expect.poll(async () => ((await (await api.get(`/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(`batch.kubernetes.io/job-name=${job}`)}`)).json()).items as unknown[]).length, { timeout: 30_000 }).toBe(0);
    } finally {
      await api.delete(`/apis/apps/v1/namespaces/${ns}/deployments/${app}`).catch(() => {});
      await api.delete(`/apis/batch/v1/namespaces/${ns}/jobs/${job}`).catch(() => {});
      await api.dispose();
    }
  });
});

test.describe('as a viewer', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('is offered neither Delete nor Set image, and the API refuses both', async ({ page, baseURL }) => {
    const api = await adminApi(baseURL!);
    const viewer = uniq('viewer');
    const app = uniq('seen');
    try {
      await createUser(api, viewer);
      await bindRole(api, ns, viewer, 'view', viewer);
      const d = await api.post(`/apis/apps/v1/namespaces/${ns}/deployments`, { data: {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: app },
        spec: { replicas: 0, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: restrictedPod(app).spec } },
      } });
      expect(d.status(), await d.text()).toBe(201);
      await page.goto(`/ns/${ns}/deployments/${app}`);
      await signIn(page, viewer);
      await expect(page.getByRole('heading', { level: 1, name: `Deployment ${app}` })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Rollout history' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Delete deployment' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Set image' })).toHaveCount(0);
      // The console only hides: the API refuses the viewer on its own.
      const theirs = await userApi(baseURL!, viewer);
      try {
        const del = await theirs.delete(`/apis/apps/v1/namespaces/${ns}/deployments/${app}`, { data: { propagationPolicy: 'Background' } });
        expect(del.status()).toBe(403);
        const set = await theirs.patch(`/apis/apps/v1/namespaces/${ns}/deployments/${app}`, { headers: { 'Content-Type': 'application/strategic-merge-patch+json' }, data: { spec: { template: { spec: { containers: [{ name: 'web', image: 'x' }] } } } } });
        expect(set.status()).toBe(403);
      } finally {
        await theirs.dispose();
      }
    } finally {
      await api.delete(`/apis/apps/v1/namespaces/${ns}/deployments/${app}`).catch(() => {});
      await api.delete(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/${viewer}`).catch(() => {});
      await api.delete(`/apis/iam.gatehouse.dev/v1/users/${viewer}`).catch(() => {});
      await api.dispose();
    }
  });
});
