import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { adminApi } from './support';

// What a person sees follows from what they may do, and follows changes to their bindings without a
// reload (permissions are re-read every 30 s and when the window regains focus).

const RBAC = 'rbac.authorization.k8s.io';

/** refocus tells the page its tab became visible again, as switching back to it does. */
async function refocus(page: Page): Promise<void> {
  await page.evaluate(() => window.dispatchEvent(new Event('visibilitychange')));
}

async function createUser(api: APIRequestContext, name: string, password: string): Promise<void> {
  const user = await api.post('/apis/iam.gatehouse.dev/v1/users', { data: { apiVersion: 'iam.gatehouse.dev/v1', kind: 'User', metadata: { name }, spec: { fullName: 'E2E Developer' } } });
  expect(user.status(), await user.text()).toBe(201);
  const pw = await api.post(`/apis/iam.gatehouse.dev/v1/users/${name}/password`, { data: { password } });
  expect(pw.ok(), await pw.text()).toBe(true);
}

test.use({ storageState: { cookies: [], origins: [] } });

test('the nav follows a role binding being granted and revoked, without a reload', async ({ page, baseURL }) => {
  const name = `dev-${Date.now().toString(36)}`;
  const password = 'plum-orbit-7-lantern';
  const binding = `${name}-developer`;
  const api = await adminApi(baseURL!);
  try {
    await createUser(api, name, password);

    await page.goto('/ns/default/pods');
    await page.getByLabel('Username').fill(name);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/ns\/default\/pods$/);
    await expect(page.getByRole('banner').getByRole('button', { name: new RegExp(name) })).toBeVisible();

    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Audit', exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Pods', exact: true })).toHaveCount(0);
    await expect(page.getByRole('alert')).toContainText('You cannot see the pods in default');

    const granted = await api.post(`/apis/${RBAC}/v1/namespaces/default/rolebindings`, {
      data: {
        apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name: binding, namespace: 'default' },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'developer' },
        subjects: [{ apiGroup: RBAC, kind: 'User', name }],
      },
    });
    expect(granted.status(), await granted.text()).toBe(201);
    await refocus(page);
    await expect(nav.getByRole('link', { name: 'Pods', exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Secrets', exact: true })).toBeVisible();
    // Every signed-in user may read security profiles (to pick one), so that link is not asserted here.
    for (const hidden of ['Members', 'Service accounts', 'Capability grants', 'Users']) {
      await expect(nav.getByRole('link', { name: hidden, exact: true })).toHaveCount(0);
    }
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('heading', { name: 'No pods in default yet' })).toBeVisible();

    const revoked = await api.delete(`/apis/${RBAC}/v1/namespaces/default/rolebindings/${binding}`);
    expect(revoked.ok(), await revoked.text()).toBe(true);
    await refocus(page);
    await expect(nav.getByRole('link', { name: 'Pods', exact: true })).toHaveCount(0);
  } finally {
    await api.delete(`/apis/${RBAC}/v1/namespaces/default/rolebindings/${binding}`).catch(() => {});
    await api.delete(`/apis/iam.gatehouse.dev/v1/users/${name}`).catch(() => {});
    await api.dispose();
  }
});
