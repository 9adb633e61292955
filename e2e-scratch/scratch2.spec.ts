import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { adminToken } from '../e2e/support';

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.setExtraHTTPHeaders({ Authorization: `Bearer ${adminToken()}` });
});

test('403 on pods list shows designed error state', async ({ page }) => {
  await page.route('**/api/v1/namespaces/kube-public/pods', (r) => r.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403, message: 'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "kube-public"' }) }));
  await page.goto('/ns/kube-public/pods');
  await expect(page.getByRole('alert')).toContainText('You cannot see the pods in kube-public');
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: 'test-results/scratch-403.png' });
});

test('401 mid-session goes to sign-in remembering the URL', async ({ page }) => {
  await page.goto('/ns/default/pods');
  await expect(page.getByRole('heading', { name: 'No pods in default yet' })).toBeVisible();
  await page.route('**/api/v1/namespaces/kube-public/pods', (r) => r.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Unauthorized', code: 401, message: 'Unauthorized' }) }));
  await page.getByLabel('Namespace').selectOption('kube-public');
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fns%2Fkube-public%2Fpods$/);
});

test('sign-in submitting shows progress and disabled button', async ({ page }) => {
  await page.route('**/auth/login', async (r) => { await new Promise((res) => setTimeout(res, 1500)); await r.fulfill({ status: 429, headers: { 'Retry-After': '30' }, contentType: 'application/json', body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'TooManyRequests', code: 429, message: 'too many failed sign-ins' }) }); });
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('x');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  await expect(page.getByRole('status')).toHaveText('Signing in…');
  await page.screenshot({ path: 'test-results/scratch-pending.png' });
  await expect(page.getByRole('alert')).toHaveText('Too many sign-in attempts. Try again in 30 seconds.');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  // empty submit
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Enter your username and password.');
});
