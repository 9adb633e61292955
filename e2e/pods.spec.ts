import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, mainNav, signIn, uniq, userApi } from './admin-fixtures';
import { DEVELOPER } from './developer';
import { ADMIN_STATE, adminApi, adminPassword, restrictedPod } from './support';

// Issue 7, pods: a developer creates a pod through the form, choosing a security profile, and watches
// it reach Running; a privileged pod is explained per profile and never created; the list filters and
// sorts; a pod is deleted after confirming. Every page visited is checked with axe.

const ns = DEVELOPER.namespace;

test.describe('as a developer', () => {
  test.use({ storageState: DEVELOPER.state });

  test('the developer sees Pods and Secrets, not Users', async ({ page }) => {
    await page.goto(`/ns/${ns}/pods`);
    await expect(page.getByRole('heading', { level: 1, name: 'Pods' })).toBeVisible();
    const nav = mainNav(page);
    await expect(nav.getByRole('link', { name: 'Pods', exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Secrets', exact: true })).toBeVisible();
    for (const hidden of ['Users', 'Members', 'Capability grants']) await expect(nav.getByRole('link', { name: hidden, exact: true })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Create pod' })).toBeVisible();
    await expectNoAxeViolations(page, 'pods (developer)', ['light', 'dark']);
  });

  test('create a pod through the form, choosing a profile, and see it reach Running', async ({ page }) => {
    // Many steps, each page checked with axe in both schemes: more than the default 30 s on a busy machine.
    test.setTimeout(90_000);
    const name = uniq('web');
    await page.setViewportSize({ width: 1440, height: 1100 });
    await page.goto(`/ns/${ns}/pods`);
    await page.getByRole('link', { name: 'Create pod' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Create pod' })).toBeVisible();

    await page.getByLabel('Pod name').fill(name);
    await page.getByLabel('Image').fill('registry.example/web:1.0');
    await page.getByRole('button', { name: 'Add port' }).click();
    await page.getByRole('group', { name: 'Port 1' }).getByLabel('Container port').fill('8080');
    await page.getByLabel('Memory limit').fill('128Mi');

    // One card per profile the developer may use here: restricted (everyone) and nonroot (granted in
    // this namespace), both passing; privileged is not offered.
    const picker = page.getByRole('group', { name: 'Security profile' });
    const restricted = picker.getByRole('radio', { name: 'restricted' });
    const nonroot = picker.getByRole('radio', { name: 'nonroot' });
    await expect(restricted).toHaveAccessibleDescription(/Passes/);
    await expect(nonroot).toHaveAccessibleDescription(/Passes/);
    await expect(picker.getByRole('radio', { name: 'privileged' })).toHaveCount(0);
    await expect(restricted).toHaveAccessibleDescription(/UID\s*\d{4,}/);
    await expect(restricted).toHaveAccessibleDescription(/Capabilities dropped\s*ALL/);
    await restricted.check();
    await expect(restricted).toBeChecked();

    // The YAML view follows the form, and the form follows the YAML.
    await page.getByRole('tab', { name: 'YAML' }).click();
    const yaml = page.getByRole('textbox', { name: 'Pod YAML' });
    await expect(yaml).toHaveValue(/image: registry\.example\/web:1\.0/);
    await expect(yaml).toHaveValue(/security\.gatehouse\.dev\/profile: restricted/);
    await expect(yaml).toHaveValue(/containerPort: 8080/);
    await yaml.fill((await yaml.inputValue()).replace('web:1.0', 'web:1.1'));
    await expectNoAxeViolations(page, 'pod form (YAML view)', ['light', 'dark']);
    await page.getByRole('tab', { name: 'Form' }).click();
    await expect(page.getByLabel('Image')).toHaveValue('registry.example/web:1.1');
    await expect(restricted).toBeChecked();

    await expectNoAxeViolations(page, 'pod form', ['light', 'dark']);
    fs.mkdirSync('public/screenshots', { recursive: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: 'public/screenshots/pod-form.png' });
    await page.emulateMedia({ colorScheme: null });

    await page.getByRole('button', { name: 'Create pod' }).click();
    await expect(page).toHaveURL(new RegExp(`/ns/${ns}/pods/${name}$`));
    await expect(page.getByRole('heading', { level: 1, name: `Pod ${name}` })).toBeVisible();
    // Pending → Running as the scheduler and a node agent progress; the page follows a watch.
    await expect(page.getByRole('status', { name: 'Pod status' })).toHaveText(/Running/, { timeout: 20_000 });
    const security = page.getByRole('region', { name: 'Security' });
    await expect(security).toContainText('restricted');
    await expect(security).toContainText(/UID\s*\d{4,}/);
    await expect(page.getByRole('region', { name: 'Overview' })).toContainText(DEVELOPER.name);
    await expect(page.getByRole('table', { name: /Events of/ }).getByRole('rowheader', { name: 'Scheduled' })).toBeVisible();
    await expectNoAxeViolations(page, 'pod detail', ['light', 'dark']);

    // And the list shows the UID, profile and creator.
    await page.getByRole('link', { name: 'All pods' }).click();
    const row = page.getByRole('table', { name: `Pods in ${ns}` }).getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('restricted');
    await expect(row).toContainText(DEVELOPER.name);
    await expect(row).toContainText(/\d{4,}/);
  });

  test('a privileged pod shows why each profile refuses it, and is not created', async ({ page, baseURL }) => {
    const name = uniq('priv');
    await page.goto(`/ns/${ns}/pods/new`);
    await page.getByLabel('Pod name').fill(name);
    await page.getByLabel('Image').fill('registry.example/tools:1');
    const privileged = page.getByRole('checkbox', { name: 'Privileged' });
    await privileged.check();

    const picker = page.getByRole('group', { name: 'Security profile' });
    for (const profile of ['restricted', 'nonroot']) {
      const radio = picker.getByRole('radio', { name: profile });
      await expect(radio).toHaveAccessibleDescription(/Fails/);
      await expect(radio).toHaveAccessibleDescription(/Privileged: .*privileged containers are not allowed/);
    }
    await expect(picker).toContainText('None of the 2 profiles you may use admits this pod');
    // The form field itself says which profiles forbid it, and why.
    await expect(privileged).toHaveAccessibleDescription(/restricted: .*privileged containers are not allowed/);
    await expectNoAxeViolations(page, 'pod form (privileged)');

    await page.getByRole('button', { name: 'Create pod' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'None of the profiles you may use admits this pod' })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/ns/${ns}/pods/new$`));
    const api = await adminApi(baseURL!);
    try {
      expect((await api.get(`/api/v1/namespaces/${ns}/pods/${name}`)).status()).toBe(404);
    } finally {
      await api.dispose();
    }
  });

  test('the list filters and sorts, and keeps both in the URL', async ({ page, baseURL }) => {
    const prefix = uniq('sort');
    const api = await userApi(baseURL!, DEVELOPER.name);
    try {
      for (const n of ['a', 'b']) expect((await api.post(`/api/v1/namespaces/${ns}/pods`, { data: restrictedPod(`${prefix}-${n}`) })).status()).toBe(201);
      await page.goto(`/ns/${ns}/pods`);
      const table = page.getByRole('table', { name: `Pods in ${ns}` });
      await page.getByLabel('Filter pods').fill(prefix);
      await expect(table.getByRole('rowheader')).toHaveText([`${prefix}-a`, `${prefix}-b`]);
      await expect(page).toHaveURL(new RegExp(`q=${prefix}`));
      await table.getByRole('button', { name: 'Name' }).click();
      await expect(table.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
      await expect(table.getByRole('rowheader')).toHaveText([`${prefix}-b`, `${prefix}-a`]);
      await expect(page).toHaveURL(/dir=desc/);
      await page.getByLabel('Filter pods').fill(`${prefix}-a`);
      await expect(table.getByRole('rowheader')).toHaveText([`${prefix}-a`]);
      await page.getByLabel('Filter pods').fill('no-such-pod-anywhere');
      await expect(page.getByRole('heading', { name: 'No pods match the filter' })).toBeVisible();
      await expectNoAxeViolations(page, 'pods (filtered to nothing)');
    } finally {
      for (const n of ['a', 'b']) await api.delete(`/api/v1/namespaces/${ns}/pods/${prefix}-${n}`).catch(() => {});
      await api.dispose();
    }
  });

  test('deleting a pod asks first, in a dialog that keeps focus', async ({ page, baseURL }) => {
    const name = uniq('doomed');
    const api = await userApi(baseURL!, DEVELOPER.name);
    try {
      expect((await api.post(`/api/v1/namespaces/${ns}/pods`, { data: restrictedPod(name) })).status()).toBe(201);
    } finally {
      await api.dispose();
    }
    await page.goto(`/ns/${ns}/pods/${name}`);
    await page.getByRole('button', { name: 'Delete pod' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete pod ${name}?` });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expectNoAxeViolations(page, 'delete pod dialog');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Delete pod' })).toBeVisible();

    await page.getByRole('button', { name: 'Delete pod' }).click();
    await dialog.getByRole('button', { name: 'Delete pod' }).click();
    await expect(page).toHaveURL(new RegExp(`/ns/${ns}/pods$`));
    await expect(page.getByRole('table', { name: `Pods in ${ns}` }).getByRole('rowheader', { name })).toHaveCount(0, { timeout: 15_000 });
  });
});

test.describe('as the cluster admin', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('signing in as admin shows the admin views and the developer\'s pods', async ({ page, baseURL }) => {
    const name = uniq('devpod');
    const api = await userApi(baseURL!, DEVELOPER.name);
    try {
      expect((await api.post(`/api/v1/namespaces/${ns}/pods`, { data: restrictedPod(name) })).status()).toBe(201);
      await page.goto(`/ns/${ns}/pods`);
      await signIn(page, 'admin', adminPassword());
      await expect(page).toHaveURL(new RegExp(`/ns/${ns}/pods$`));
      const nav = mainNav(page);
      for (const view of ['Pods', 'Secrets', 'Members', 'Service accounts', 'Security profiles', 'Capability grants', 'Users', 'Audit']) {
        await expect(nav.getByRole('link', { name: view, exact: true })).toBeVisible();
      }
      const row = page.getByRole('table', { name: `Pods in ${ns}` }).getByRole('row', { name: new RegExp(name) });
      await expect(row).toContainText(DEVELOPER.name);
      await expectNoAxeViolations(page, 'pods (admin)');
    } finally {
      await api.delete(`/api/v1/namespaces/${ns}/pods/${name}`).catch(() => {});
      await api.dispose();
    }
  });
});

test.describe('as the cluster admin, signed in', () => {
  test.use({ storageState: ADMIN_STATE });

  test('the dry run\'s warnings are shown, and the pod is created only when confirmed', async ({ page, baseURL }) => {
    const warned = uniq('warned');
    const name = uniq('root');
    const api = await adminApi(baseURL!);
    try {
      const created = await api.post('/api/v1/namespaces', { data: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: warned, labels: { 'pod-security.kubernetes.io/warn': 'restricted' } } } });
      expect(created.status(), await created.text()).toBe(201);
      await page.goto(`/ns/${warned}/pods/new`);
      await page.getByLabel('Pod name').fill(name);
      await page.getByLabel('Image').fill('registry.example/legacy:7');
      await page.getByLabel('Run as user (UID)').fill('0');
      const picker = page.getByRole('group', { name: 'Security profile' });
      const baseline = picker.getByRole('radio', { name: 'baseline' });
      await expect(baseline).toHaveAccessibleDescription(/Passes/);
      await expect(picker.getByRole('radio', { name: 'restricted' })).toHaveAccessibleDescription(/Fails/);
      await baseline.check();
      await page.getByRole('button', { name: 'Create pod' }).click();
      const warning = page.getByRole('alert').filter({ hasText: 'The server accepts this pod, with warnings' });
      await expect(warning).toContainText('would violate PodSecurity "restricted:latest"');
      await expectNoAxeViolations(page, 'pod form (dry-run warnings)');
      expect((await api.get(`/api/v1/namespaces/${warned}/pods/${name}`)).status(), 'the dry run stored nothing').toBe(404);
      await page.getByRole('button', { name: 'Create pod anyway' }).click();
      await expect(page).toHaveURL(new RegExp(`/ns/${warned}/pods/${name}$`));
      await expect(page.getByRole('region', { name: 'Security' })).toContainText('baseline');
    } finally {
      await api.delete(`/api/v1/namespaces/${warned}`).catch(() => {});
      await api.dispose();
    }
  });
});
