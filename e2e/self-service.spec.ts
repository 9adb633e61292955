import { expect, test } from '@playwright/test';
import { ADMIN_STATE, adminApi } from './support';
import { createNamespace, createUser, expectNoAxeViolations, PASSWORD, signIn, uniq, userApi } from './admin-fixtures';

// Issue 16, self-service and "no silent surprises": my account (password, personal tokens), grants to
// subjects nobody has, and a new security profile that would become people's automatic choice.

test.describe.configure({ timeout: 90_000 });

test.describe('my account', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('change my password from the user menu (keyboard), which ends my other session and revokes my tokens; list and revoke a token', async ({ page, browser, baseURL }) => {
    const me = uniq('acct');
    const api = await adminApi(baseURL!);
    const other = await browser.newContext({ storageState: { cookies: [], origins: [] }, ignoreHTTPSErrors: true });
    try {
      await createUser(api, me);
      // A personal token made elsewhere (kubectl); its value is never shown again.
      const kubectl = await userApi(baseURL!, me);
      const made = await (await kubectl.post('/auth/tokens', { data: { name: 'ci-laptop' } })).json() as { id: string; token: string };
      await kubectl.dispose();

      // A second session, in another browser.
      const otherPage = await other.newPage();
      await otherPage.goto('/');
      await signIn(otherPage, me);
      await expect(otherPage.getByRole('banner').getByRole('button', { name: `Signed in as ${me}` })).toBeVisible();

      await page.goto('/');
      await signIn(page, me);
      const menuButton = page.getByRole('banner').getByRole('button', { name: `Signed in as ${me}` });
      await menuButton.focus();
      await page.keyboard.press('ArrowDown');
      await expect(page.getByRole('menuitem', { name: 'My account' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();

      const tokens = page.getByRole('table', { name: 'My personal tokens' });
      await expect(tokens.getByRole('row', { name: /ci-laptop/ })).toContainText('never');
      expect(await page.content()).not.toContain(made.token);
      const form = page.getByRole('form', { name: 'Change my password' });
      await expect(form).toContainText('12 to 256 characters, at least 5 different ones, not containing the user name');
      await expectNoAxeViolations(page, 'my account', ['light', 'dark']);

      // A wrong current password: the server refuses and the field says so.
      await form.getByLabel('Current password').fill('not-my-password-at-all');
      await form.getByLabel('New password', { exact: true }).fill('Brand-new-password-42');
      await form.getByLabel('Repeat the new password').fill('Brand-new-password-42');
      await form.getByRole('button', { name: 'Change password' }).click();
      await expect(form.getByLabel('Current password')).toHaveAccessibleDescription(/the current password is wrong/);
      await expectNoAxeViolations(page, 'my account, refused');

      await form.getByLabel('Current password').fill(PASSWORD);
      await form.getByLabel('New password', { exact: true }).fill('Brand-new-password-42');
      await form.getByLabel('Repeat the new password').fill('Brand-new-password-42');
      await form.getByRole('button', { name: 'Change password' }).click();
      await expect(form.getByRole('status').filter({ hasText: 'Your password was changed.' })).toContainText('other sessions (2) were ended'); // the other browser and the kubectl sign-in
      // The fields keep nothing.
      await expect(form.getByLabel('Current password')).toHaveValue('');
      // My token went with the old password; this browser goes on.
      await expect(page.getByRole('heading', { name: 'You have no personal tokens' })).toBeVisible();
      const dead = await (await adminApi(baseURL!)).get('/api/v1/namespaces', { headers: { Authorization: `Bearer ${made.token}` } });
      expect(dead.status()).toBe(401);
      // The other browser was signed out.
      await otherPage.reload();
      await expect(otherPage).toHaveURL(/\/sign-in/);

      // A new token, listed and revoked from here.
      const again = await page.request.post('/auth/tokens', { data: { name: 'new-kubectl' }, headers: { 'X-Gatehouse-Request': '1' } });
      expect(again.status()).toBe(201);
      await page.reload();
      await tokens.getByRole('button', { name: 'Revoke new-kubectl' }).click();
      const dialog = page.getByRole('dialog', { name: 'Revoke the token new-kubectl?' });
      await expectNoAxeViolations(page, 'revoke token dialog');
      await dialog.getByRole('button', { name: 'Revoke token' }).click();
      await expect(page.getByText('Revoked new-kubectl')).toBeVisible();
      await expect(page.getByRole('heading', { name: 'You have no personal tokens' })).toBeVisible();
    } finally {
      await other.close();
      await api.delete(`/apis/iam.gatehouse.dev/v1/users/${me}`).catch(() => {});
      await api.dispose();
    }
  });
});

test.describe('as the cluster admin', () => {
  test.use({ storageState: ADMIN_STATE });

  test('during View as, My account is not the viewed user’s, and the header names both people', async ({ page, baseURL }) => {
    const viewed = uniq('viewed');
    const api = await adminApi(baseURL!);
    try {
      await createUser(api, viewed);
      await page.goto('/users');
      await page.getByRole('table', { name: 'Users' }).getByRole('button', { name: `View as ${viewed}` }).click();
      await expect(page.getByRole('region', { name: 'View as' })).toContainText(`Viewing as ${viewed} — signed in as admin`);
      await page.goto('/account');
      await expect(page.getByRole('heading', { name: `You are viewing as ${viewed}` })).toBeVisible();
      await expect(page.getByRole('form', { name: 'Change my password' })).toHaveCount(0);
      await expectNoAxeViolations(page, 'account during view as');
      await page.getByRole('region', { name: 'View as' }).getByRole('button', { name: `Stop viewing as ${viewed}` }).click();
      await expect(page.getByRole('region', { name: 'View as' })).toHaveCount(0);
    } finally {
      await api.delete(`/apis/iam.gatehouse.dev/v1/users/${viewed}`).catch(() => {});
      await api.dispose();
    }
  });

  test('a grant to a user or service account nobody has warns first and needs "Grant anyway"', async ({ page, baseURL }) => {
    const ns = uniq('grants');
    const api = await adminApi(baseURL!);
    try {
      await createNamespace(api, ns);
      await page.goto(`/ns/${ns}/members`);
      await page.getByRole('button', { name: 'Grant a role' }).click();
      const form = page.getByRole('form', { name: `Grant a role in ${ns}` });
      await expect(form.getByRole('status').filter({ hasText: /You may grant \d+ of \d+ roles/ })).toBeVisible();

      await form.getByLabel('User name').fill('alcie');
      await form.getByLabel('Role', { exact: true }).selectOption({ label: 'developer' });
      await form.getByRole('button', { name: 'Grant role' }).click();
      await expect(form.getByRole('alert').filter({ hasText: 'There is no user named “alcie” in Gatehouse' })).toBeVisible();
      await expectNoAxeViolations(page, 'unknown subject warning');
      let bindings = await (await api.get(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`)).json();
      expect(JSON.stringify(bindings)).not.toContain('alcie');
      await form.getByRole('button', { name: 'Grant anyway' }).click();
      await expect(page.getByText(`Granted developer to user alcie in ${ns}.`)).toBeVisible();
      bindings = await (await api.get(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`)).json();
      expect(JSON.stringify(bindings)).toContain('alcie');

      // A known user goes through at once; an unknown service account warns too.
      await createUser(api, `${ns}-known`);
      await form.getByLabel('User name').fill(`${ns}-known`);
      await form.getByRole('button', { name: 'Grant role' }).click();
      await expect(page.getByText(`Granted developer to user ${ns}-known in ${ns}.`)).toBeVisible();
      await form.getByRole('radio', { name: 'Service account' }).check();
      await form.getByLabel('Service account name').fill('bulider');
      await form.getByRole('button', { name: 'Grant role' }).click();
      await expect(form.getByRole('alert').filter({ hasText: `There is no service account named “bulider” in ${ns}` })).toBeVisible();
    } finally {
      await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
      await api.delete(`/apis/iam.gatehouse.dev/v1/users/${ns}-known`).catch(() => {});
      await api.dispose();
    }
  });

  test('a new "read-only root" profile says, before it is created, whose automatic choice it becomes', async ({ page, baseURL }) => {
    const name = uniq('readonly-root');
    const api = await adminApi(baseURL!);
    try {
      const restricted = await (await api.get('/apis/security.gatehouse.dev/v1/securityprofiles/restricted')).json() as Record<string, unknown>;
      const { metadata: _m, ...rest } = restricted;
      await page.goto('/security-profiles/new');
      const yaml = page.getByLabel('YAML', { exact: true });
      await yaml.fill(JSON.stringify({ ...rest, metadata: { name }, description: 'restricted, with a read-only root filesystem', readOnlyRootFilesystem: true }, null, 2));
      await page.getByRole('button', { name: 'Create profile' }).click();
      const impact = page.getByRole('region', { name: /Before you create it: this profile becomes the automatic choice for/ });
      await expect(impact).toContainText(`plain pods of group "system:masters" (admin) in every namespace get "${name}" instead of "restricted"`);
      expect((await api.get(`/apis/security.gatehouse.dev/v1/securityprofiles/${name}`)).status()).toBe(404);
      await expectNoAxeViolations(page, 'profile impact');
      await impact.getByRole('button', { name: 'Create profile anyway' }).click();
      await expect(page).toHaveURL(new RegExp(`/security-profiles/${name}$`));
      expect((await api.get(`/apis/security.gatehouse.dev/v1/securityprofiles/${name}`)).status()).toBe(200);
    } finally {
      await api.delete(`/apis/security.gatehouse.dev/v1/securityprofiles/${name}`).catch(() => {});
      await api.dispose();
    }
  });
});
