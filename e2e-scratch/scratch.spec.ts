import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { adminApi, adminToken, restrictedPod } from '../e2e/support';

async function axe(page: Page, what: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${what} ${colorScheme}`).toEqual([]);
  }
}

test.beforeEach(async ({ page }) => {
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console:', m.type(), m.text()); });
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
});

test('sign-in page renders; login 404 shows message; axe', async ({ page }) => {
  await page.goto('/sign-in');
  await axe(page, 'sign-in');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('x');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).not.toBeEmpty();
  console.log('alert:', await page.getByRole('alert').textContent());
  await page.screenshot({ path: 'test-results/scratch-sign-in.png' });
});

test('deep link signed out redirects to sign-in', async ({ page }) => {
  await page.goto('/ns/default/service-accounts');
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fns%2Fdefault%2Fservice-accounts$/);
});

test.describe('with bearer', () => {
  test.beforeEach(async ({ page }) => { await page.setExtraHTTPHeaders({ Authorization: `Bearer ${adminToken()}` }); });

  test('shell + pods + watch + axe', async ({ page, baseURL }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/ns\/default\/pods$/);
    await expect(page.getByRole('banner').getByRole('button', { name: /admin/ })).toBeVisible();
    await expect(page.getByLabel('Namespace')).toHaveValue('default');
    const nav = page.getByRole('navigation', { name: 'Main' });
    console.log('nav:', await nav.getByRole('link').allTextContents());
    await expect(page.getByRole('heading', { name: 'No pods in default yet' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
    await axe(page, 'pods empty');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: 'test-results/scratch-empty.png' });
    const api = await adminApi(baseURL!);
    const name = `e2e-web-${Date.now().toString(36)}`;
    const r = await api.post('/api/v1/namespaces/default/pods', { data: restrictedPod(name) });
    expect(r.status(), await r.text()).toBe(201);
    const table = page.getByRole('table', { name: 'Pods in default' });
    await expect(table.getByRole('rowheader', { name })).toBeVisible();
    await axe(page, 'pods one');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'test-results/scratch-one-dark.png' });
    const d = await api.delete(`/api/v1/namespaces/default/pods/${name}`);
    expect(d.ok(), await d.text()).toBe(true);
    await expect(page.getByRole('heading', { name: 'No pods in default yet' })).toBeVisible();
    // many pods → virtualized
    for (let i = 0; i < 130; i++) await api.post('/api/v1/namespaces/default/pods', { data: restrictedPod(`bulk-${String(i).padStart(3, '0')}`) });
    await expect(page.getByRole('rowheader', { name: 'bulk-000' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: '130 pods' })).toHaveCount(0);
    console.log('count text:', await page.getByText(/\d+ pods/).textContent());
    console.log('rows rendered:', await page.getByRole('rowheader').count());
    await axe(page, 'pods virtual');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: 'test-results/scratch-virtual.png' });
    const region = page.getByRole('region', { name: 'Pods in default' });
    await region.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await expect(page.getByRole('rowheader', { name: 'bulk-129' })).toBeVisible();
    await api.delete('/api/v1/namespaces/default/pods').catch(() => {});
    for (let i = 0; i < 130; i++) await api.delete(`/api/v1/namespaces/default/pods/bulk-${String(i).padStart(3, '0')}`);
    await expect(page.getByRole('heading', { name: 'No pods in default yet' })).toBeVisible();
    await api.dispose();
  });

  test('placeholders + axe + skip link + switcher', async ({ page }) => {
    await page.goto('/ns/default/pods');
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Secrets', 'Members', 'Service accounts', 'Security profiles', 'Capability grants', 'Users', 'Audit']) {
      await nav.getByRole('link', { name, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Coming soon' })).toBeVisible();
      console.log(name, page.url(), await page.title());
      await axe(page, name);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/ns/default/pods');
    await expect(page.getByRole('heading', { level: 1, name: 'Pods' })).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
    await page.screenshot({ path: 'test-results/scratch-skip.png' });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
    await page.getByLabel('Namespace').selectOption('kube-system');
    await expect(page).toHaveURL(/\/ns\/kube-system\/pods$/);
    await expect(page.getByRole('heading', { name: 'No pods in kube-system yet' })).toBeVisible();
    // user menu keyboard
    await page.getByRole('button', { name: /admin/ }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeFocused();
    await page.screenshot({ path: 'test-results/scratch-menu.png' });
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: /admin/ })).toBeFocused();
    await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeHidden();
  });
});
