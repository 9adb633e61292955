import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, mainNav, uniq } from './admin-fixtures';
import { DEVELOPER } from './developer';
import { adminApi, restrictedPod } from './support';

// Issue 15, the console side of workloads by delegation: a developer creates a Deployment from the pod
// form, scales it to 3 and sees 3 pods Running, restarts the rollout (a new ReplicaSet revision) and
// rolls back; a Job made from the form runs to completion; a Service lists its ready endpoints; a
// config map shows its values. The controllers run in the e2e server (it starts with nodes, the default).
// Every new page is checked with axe.

const ns = DEVELOPER.namespace;

/** createFromForm fills the pod form's name and image and submits (confirming warnings if the dry run has any). */
async function createFromForm(page: Page, noun: 'deployment' | 'job', name: string, image: string) {
  await page.getByLabel(noun === 'deployment' ? 'Deployment name' : 'Job name').fill(name);
  await page.getByLabel('Image').fill(image);
  await page.getByRole('button', { name: `Create ${noun}`, exact: true }).click();
  const anyway = page.getByRole('button', { name: `Create ${noun} anyway` });
  const heading = page.getByRole('heading', { level: 1, name: `${noun === 'deployment' ? 'Deployment' : 'Job'} ${name}` });
  await expect(anyway.or(heading)).toBeVisible({ timeout: 20_000 });
  if (await anyway.isVisible()) await anyway.click();
  await expect(heading).toBeVisible({ timeout: 20_000 });
}

test.describe('as a developer', () => {
  test.use({ storageState: DEVELOPER.state });

  test('create a Deployment from the form, scale it to 3, restart the rollout and roll back', async ({ page }) => {
    test.setTimeout(180_000);
    const name = uniq('web');
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(`/ns/${ns}/pods`);
    const nav = mainNav(page);
    for (const label of ['Deployments', 'Jobs', 'Services', 'Config maps']) await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
    await nav.getByRole('link', { name: 'Deployments', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Deployments' })).toBeVisible();
    await expectNoAxeViolations(page, 'deployments (developer)', ['light', 'dark']);

    await page.getByRole('link', { name: 'Create deployment' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Create deployment' })).toBeVisible();
    // The same pod form: the profile picker is there.
    await expect(page.getByRole('group', { name: 'Security profile' })).toBeVisible();
    await page.getByLabel('Replicas').fill('1');
    await expectNoAxeViolations(page, 'create deployment');
    await createFromForm(page, 'deployment', name, 'registry.example/web:1.0');

    const pods = page.getByRole('region', { name: 'Pods' });
    await expect(pods.getByText('1 pod, 1 Running')).toBeVisible({ timeout: 60_000 });
    // Scale with the keyboard: type the number, press Enter.
    const replicas = page.getByRole('spinbutton', { name: 'Replicas' });
    await replicas.fill('3');
    await replicas.press('Enter');
    await expect(pods.getByText('3 pods, 3 Running')).toBeVisible({ timeout: 60_000 });
    await expect(pods.getByRole('link', { name: new RegExp(`^${name}-`) })).toHaveCount(3);
    await expect(page.getByText('3/3 ready · 3 up to date · 3 available')).toBeVisible({ timeout: 30_000 });
    await expectNoAxeViolations(page, 'deployment detail');

    const history = page.getByRole('region', { name: 'Rollout history' });
    await expect(history.getByRole('row')).toHaveCount(2);
    await page.getByRole('button', { name: 'Restart rollout' }).click();
    await expect(history.getByRole('row')).toHaveCount(3, { timeout: 30_000 });
    await expect(history.getByRole('rowheader', { name: /^2\s*current/ })).toBeVisible({ timeout: 30_000 });
    await expect(pods.getByText('3 pods, 3 Running')).toBeVisible({ timeout: 90_000 });

    await history.getByRole('button', { name: 'Roll back to revision 1' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('registry.example/web:1.0');
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    // An undo makes the earlier ReplicaSet the newest revision (3), as upstream.
    await expect(history.getByRole('rowheader', { name: /^3\s*current/ })).toBeVisible({ timeout: 30_000 });
    await expect(history.getByRole('row')).toHaveCount(3);

    await page.goto(`/ns/${ns}/deployments`);
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('3/3', { timeout: 60_000 });
    fs.mkdirSync('public/screenshots', { recursive: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: 'public/screenshots/deployments.png' });
  });

  test('a Job created from the form runs to completion', async ({ page }) => {
    test.setTimeout(120_000);
    const name = uniq('once');
    await page.goto(`/ns/${ns}/jobs`);
    await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeVisible();
    await expectNoAxeViolations(page, 'jobs');
    await page.getByRole('link', { name: 'Create job' }).click();
    await page.getByLabel('Completions').fill('2');
    await page.getByLabel('Parallelism').fill('2');
    await page.getByLabel('Backoff limit').fill('1');
    await expectNoAxeViolations(page, 'create job');
    await createFromForm(page, 'job', name, 'registry.example/batch:1.0');
    const overview = page.getByRole('region', { name: 'Overview' });
    await expect(overview.getByText('Complete', { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(overview.getByText('2/2')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Pods' }).getByRole('link')).toHaveCount(2);
    await expectNoAxeViolations(page, 'job detail');
    await page.goto(`/ns/${ns}/jobs`);
    await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Complete');
  });

  test('a Service lists its ready endpoints; a config map shows its values', async ({ page, baseURL }) => {
    test.setTimeout(120_000);
    const app = uniq('api');
    const api = await adminApi(baseURL!);
    try {
      const pod = restrictedPod('x');
      const dep = await api.post(`/apis/apps/v1/namespaces/${ns}/deployments`, { data: {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: app },
        spec: { replicas: 2, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: pod.spec } },
      } });
      expect(dep.status(), await dep.text()).toBe(201);
      const svc = await api.post(`/api/v1/namespaces/${ns}/services`, { data: { apiVersion: 'v1', kind: 'Service', metadata: { name: app }, spec: { selector: { app }, ports: [{ port: 80, targetPort: 8080 }] } } });
      expect(svc.status(), await svc.text()).toBe(201);
      const cm = await api.post(`/api/v1/namespaces/${ns}/configmaps`, { data: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: app }, data: { 'log-level': 'debug' } } });
      expect(cm.status(), await cm.text()).toBe(201);
    } finally {
      await api.dispose();
    }
    await page.goto(`/ns/${ns}/services`);
    await expect(page.getByRole('heading', { level: 1, name: 'Services' })).toBeVisible();
    await expectNoAxeViolations(page, 'services');
    await page.getByRole('link', { name: app, exact: true }).click();
    const endpoints = page.getByRole('region', { name: 'Endpoints' });
    await expect(endpoints.getByRole('link', { name: new RegExp(`^${app}-`) })).toHaveCount(2, { timeout: 60_000 });
    await expectNoAxeViolations(page, 'service detail');

    await page.goto(`/ns/${ns}/configmaps`);
    await expectNoAxeViolations(page, 'config maps');
    await page.getByRole('link', { name: app, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Config map ${app}` })).toBeVisible();
    await expect(page.getByText('debug', { exact: true })).toBeVisible();
    await expectNoAxeViolations(page, 'config map detail');
  });
});
