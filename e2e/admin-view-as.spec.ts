import { expect, test } from '@playwright/test';
import { ADMIN_STATE, adminApi } from './support';
import { bindRole, createNamespace, createUser, expectNoAxeViolations, mainNav, uniq } from './admin-fixtures';

// "View as": a cluster admin sees the console exactly as another user would (the SPA sends
// Impersonate-User on every request), with a banner and a way back.

test.use({ storageState: ADMIN_STATE });
test.describe.configure({ timeout: 60_000 });

test('view-as shows the developer’s console, with a banner and a way back', async ({ page, baseURL }) => {
  const ns = uniq('va');
  const dev = uniq('vic');
  const api = await adminApi(baseURL!);
  try {
    await createNamespace(api, ns);
    await createUser(api, dev);
    await bindRole(api, ns, `${dev}-developer`, 'developer', dev);

    await page.goto('/users');
    await page.getByRole('table', { name: 'Users' }).getByRole('button', { name: `View as ${dev}` }).click();
    const banner = page.getByRole('region', { name: 'View as' });
    await expect(banner).toContainText(`Viewing as ${dev} — signed in as admin`);
    await expect(page).toHaveURL(new RegExp(`/ns/${ns}/pods$`));
    // The header names the person signed in, not the viewed user.
    await expect(page.getByRole('banner').getByRole('button', { name: 'Signed in as admin' })).toBeVisible();
    await expect(page.getByRole('banner').getByRole('button', { name: new RegExp(dev) })).toHaveCount(0);
    const nav = mainNav(page);
    await expect(nav.getByRole('link', { name: 'Pods', exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Secrets', exact: true })).toBeVisible();
    for (const hidden of ['Users', 'Capability grants', 'Members', 'Namespaces']) await expect(nav.getByRole('link', { name: hidden, exact: true })).toHaveCount(0);
    await expect(page.getByLabel('Namespace')).toHaveValue(ns);
    await expect(page.getByLabel('Namespace').getByRole('option')).toHaveCount(1);
    await expectNoAxeViolations(page, 'view as', ['light', 'dark']);

    // It lasts across reloads (sessionStorage), and the API sees the developer: no users for them.
    await page.goto('/users');
    await expect(page.getByRole('heading', { name: 'You cannot list users' })).toBeVisible();

    await banner.getByRole('button', { name: `Stop viewing as ${dev}` }).click();
    await expect(page.getByRole('region', { name: 'View as' })).toHaveCount(0);
    await expect(page).toHaveURL(/\/users$/);
    await expect(mainNav(page).getByRole('link', { name: 'Users', exact: true })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Users' }).getByRole('row', { name: new RegExp(dev) })).toBeVisible();
  } finally {
    await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
    await api.delete(`/apis/iam.gatehouse.dev/v1/users/${dev}`).catch(() => {});
    await api.dispose();
  }
});
