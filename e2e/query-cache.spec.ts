import { expect, test } from '@playwright/test';
import { createNamespace, mainNav, uniq } from './admin-fixtures';
import { ADMIN_STATE, adminApi } from './support';

// One query cache keyed by resource (src/web/lib/resource-keys.ts): a write in one view refreshes every
// other view of that resource, without a reload. Before, the pod form's service-account picker kept
// its own cache entry and showed a new service account only after 30 s or a reload.

test.use({ storageState: ADMIN_STATE });

test('a service account created on its page shows in the pod form\'s picker without a reload', async ({ page, baseURL }) => {
  const ns = uniq('cache');
  const sa = uniq('robot');
  const api = await adminApi(baseURL!);
  try {
    await createNamespace(api, ns);
    await page.goto(`/ns/${ns}/pods/new`);
    const picker = page.getByLabel('Service account', { exact: true });
    await expect(picker.getByRole('option', { name: 'default' })).toHaveCount(1);
    await expect(picker.getByRole('option', { name: sa })).toHaveCount(0);
    // A marker on window survives client-side navigation only: a reload would drop it.
    await page.evaluate(() => { (window as unknown as { sameDocument: boolean }).sameDocument = true; });

    await mainNav(page).getByRole('link', { name: 'Service accounts', exact: true }).click();
    await page.getByLabel('New service account name').fill(sa);
    await page.getByRole('button', { name: 'Create service account' }).click();
    await expect(page.getByText(`Created service account ${sa}.`)).toBeVisible();

    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name: 'Create pod' })).toBeVisible();
    await expect(page.getByLabel('Service account', { exact: true }).getByRole('option', { name: sa })).toHaveCount(1);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  } finally {
    await api.delete(`/api/v1/namespaces/${ns}`);
    await api.dispose();
  }
});
