import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN_STATE, adminApi, adminPassword, restrictedPod } from './support';

// The first slice of the console: signing in and out, the shell and its nav, the live pod list, and
// accessibility (axe, WCAG 2 A/AA) of every page, in the light and the dark theme.

// Views not built yet (none left): pods and secrets have e2e/pods.spec.ts and e2e/secrets.spec.ts,
// the admin views (members ... audit) e2e/admin-*.spec.ts.
const PLACEHOLDERS: string[] = [];

/**
 * expectNoAxeViolations runs axe (WCAG 2 A and AA) in the given colour schemes (both by default);
 * failures list rule and elements.
 */
async function expectNoAxeViolations(page: Page, what: string, schemes: ('light' | 'dark')[] = ['light', 'dark']): Promise<void> {
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(summary, `axe violations on ${what} (${colorScheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}

async function signIn(page: Page, password = adminPassword()): Promise<void> {
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a wrong password shows a readable error', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, 'not-the-password');
    await expect(page.getByRole('alert')).toContainText('The username or password is incorrect.');
    await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    await expect(page.getByLabel('Password')).toBeFocused();
  });

  test('the sign-in page has no axe violations', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();
    await expectNoAxeViolations(page, 'sign-in');
  });

  test('a deep link returns there after signing in', async ({ page }) => {
    await page.goto('/ns/default/service-accounts');
    await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fns%2Fdefault%2Fservice-accounts$/);
    await signIn(page);
    await expect(page).toHaveURL(/\/ns\/default\/service-accounts$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Service accounts' })).toBeVisible();
  });

  test('signing out returns to the sign-in page and ends the session', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await page.getByRole('button', { name: /admin/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();
    // The cookie is gone server-side too: the app sends us back to sign in.
    await page.goto('/ns/default/pods');
    await expect(page).toHaveURL(/\/sign-in\?redirectTo=/);
  });
});

test.describe('signed in as admin', () => {
  test.use({ storageState: ADMIN_STATE });

  test('the shell shows the product, the user, the namespace and the nav', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/ns\/default\/pods$/);
    const banner = page.getByRole('banner');
    await expect(banner.getByRole('link', { name: 'Gatehouse' })).toBeVisible();
    await expect(banner.getByRole('button', { name: /admin/ })).toBeVisible();
    await expect(page.getByLabel('Namespace')).toHaveValue('default');
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Pods', 'Users', 'Audit']) await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Pods', exact: true })).toHaveAttribute('aria-current', 'page');
  });

  test('the pods view of default shows the empty state', async ({ page }) => {
    await page.goto('/ns/default/pods');
    await expect(page.getByRole('heading', { level: 1, name: 'Pods' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'No pods in default yet' })).toBeVisible();
    await expectNoAxeViolations(page, 'pods (empty)');
  });

  test('a pod created through the API appears without a reload, and goes away when deleted', async ({ page, baseURL }) => {
    const name = `e2e-web-${Date.now().toString(36)}`;
    await page.goto('/ns/default/pods');
    await expect(page.getByRole('heading', { name: 'No pods in default yet' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();

    const api = await adminApi(baseURL!);
    try {
      const created = await api.post('/api/v1/namespaces/default/pods', { data: restrictedPod(name) });
      expect(created.status(), await created.text()).toBe(201);

      const table = page.getByRole('table', { name: 'Pods in default' });
      await expect(table.getByRole('rowheader', { name })).toBeVisible();
      await expect(table.getByRole('row', { name: new RegExp(name) })).toContainText(/Pending|Running/);
      await expectNoAxeViolations(page, 'pods (one pod)');

      const deleted = await api.delete(`/api/v1/namespaces/default/pods/${name}`, { data: { gracePeriodSeconds: 0 } });
      expect(deleted.ok(), await deleted.text()).toBe(true);
      await expect(page.getByRole('heading', { name: 'No pods in default yet' })).toBeVisible();
    } finally {
      await api.delete(`/api/v1/namespaces/default/pods/${name}`, { data: { gracePeriodSeconds: 0 } }).catch(() => {});
      await api.dispose();
    }
  });

  test('the namespace switcher changes the namespace in the URL', async ({ page, baseURL }) => {
    const ns = `e2e-${Date.now().toString(36)}`;
    const api = await adminApi(baseURL!);
    try {
      const created = await api.post('/api/v1/namespaces', { data: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
      expect(created.status(), await created.text()).toBe(201);
      await page.goto('/ns/default/pods');
      await page.getByLabel('Namespace').selectOption(ns);
      await expect(page).toHaveURL(new RegExp(`/ns/${ns}/pods$`));
      await expect(page.getByRole('heading', { name: `No pods in ${ns} yet` })).toBeVisible();
    } finally {
      await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
      await api.dispose();
    }
  });

  for (const name of PLACEHOLDERS) {
    test(`the ${name} placeholder is reachable from the nav and has no axe violations`, async ({ page }) => {
      await page.goto('/ns/default/pods');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Coming soon' })).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true })).toHaveAttribute('aria-current', 'page');
      // Placeholders reuse the shell and styles the pods page already checks in both schemes.
      await expectNoAxeViolations(page, name, ['light']);
    });
  }

  test('the skip link moves focus to the main content', async ({ page }) => {
    await page.goto('/ns/default/pods');
    await expect(page.getByRole('heading', { level: 1, name: 'Pods' })).toBeVisible();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
  });
});
