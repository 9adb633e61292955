import { expect, test } from '@playwright/test';
import { adminApi } from './support';
import { bindRole, createNamespace, createUser, expectNoAxeViolations, mainNav, signIn, tokenApi, uniq } from './admin-fixtures';

// A project admin (ClusterRole `admin` bound in one namespace) manages the members and service
// accounts of that namespace: they may delegate `developer` but never `cluster-admin`, and the console
// says why; what a member may do is previewed as a matrix.

test.use({ storageState: { cookies: [], origins: [] } });
test.describe.configure({ timeout: 60_000 });

test('a project admin sees Members (not Users), grants developer, cannot grant cluster-admin and is told why, and revokes', async ({ page, baseURL }) => {
  const ns = uniq('team');
  const pa = uniq('pa');
  const dev = uniq('dev');
  const api = await adminApi(baseURL!);
  try {
    await createNamespace(api, ns);
    await createUser(api, pa);
    await createUser(api, dev);
    await bindRole(api, ns, `${pa}-admin`, 'admin', pa);

    await page.goto(`/ns/${ns}/members`);
    await signIn(page, pa);
    await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
    const nav = mainNav(page);
    await expect(nav.getByRole('link', { name: 'Members', exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Service accounts', exact: true })).toBeVisible();
    for (const hidden of ['Users', 'Capability grants', 'Namespaces']) await expect(nav.getByRole('link', { name: hidden, exact: true })).toHaveCount(0);

    // The project admin holds `admin` here through their own binding.
    const users = page.getByRole('table', { name: `Users with roles in ${ns}` });
    await expect(users.getByRole('row', { name: new RegExp(pa) })).toContainText('admin');
    await expectNoAxeViolations(page, 'members', ['light', 'dark']);

    await page.getByRole('button', { name: 'Grant a role' }).click();
    const form = page.getByRole('form', { name: `Grant a role in ${ns}` });
    await expect(form.getByRole('status').filter({ hasText: /You may grant \d+ of \d+ roles/ })).toBeVisible();
    const role = form.getByLabel('Role', { exact: true });
    await expect(role.getByRole('option', { name: 'developer' })).toHaveCount(1);
    await expect(role.getByRole('option', { name: 'cluster-admin' })).toHaveCount(0);
    const refused = form.getByRole('region', { name: 'Roles you cannot grant' });
    await expect(refused).toContainText('cluster-admin');
    // In plain words, from a GrantReview (nothing written): never the probe's name or a rule dump.
    await expect(refused).toContainText('You cannot grant “cluster-admin” here because you do not hold: do anything with everything');
    await expect(refused).not.toContainText('grant-check');
    await expect(refused).not.toContainText('Resources:[');
    await expectNoAxeViolations(page, 'members grant form');

    await form.getByLabel('User name').fill(dev);
    await role.selectOption({ label: 'developer' });
    await form.getByRole('button', { name: 'Grant role' }).click();
    await expect(page.getByText(`Granted developer to user ${dev} in ${ns}.`)).toBeVisible();
    const devRow = users.getByRole('row', { name: new RegExp(dev) });
    await expect(devRow).toContainText('developer');
    // The README's picture: the grant form (with the refused roles and why) above the members.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: 'public/screenshots/members.png', fullPage: true });
    await page.getByRole('button', { name: 'Close' }).click();

    // What can the new member do here (access reviews: a project admin may not impersonate)?
    await devRow.getByRole('button', { name: `What can ${dev} do here` }).click();
    const matrix = page.getByRole('table', { name: `What ${dev} can do in ${ns}` });
    await expect(matrix.getByRole('row', { name: /^Pods/ }).getByRole('cell').nth(3)).toContainText('Yes'); // create
    await expect(matrix.getByRole('row', { name: /^Role bindings/ }).getByRole('cell').nth(3)).toContainText('No');
    await expectNoAxeViolations(page, 'members matrix');

    await devRow.getByRole('button', { name: `Revoke developer from ${dev}` }).click();
    const dialog = page.getByRole('dialog', { name: `Revoke developer from ${dev}?` });
    await expect(dialog).toContainText('is deleted');
    await expectNoAxeViolations(page, 'revoke dialog');
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await expect(dialog).toBeHidden();
    await expect(users.getByRole('row', { name: new RegExp(dev) })).toHaveCount(0);
    const left = await api.get(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`);
    expect(JSON.stringify(await left.json())).not.toContain(dev);
  } finally {
    await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
    for (const u of [pa, dev]) await api.delete(`/apis/iam.gatehouse.dev/v1/users/${u}`).catch(() => {});
    await api.dispose();
  }
});

test('a project admin creates a service account, sees what it may use, and deletes it', async ({ page, baseURL }) => {
  const ns = uniq('team');
  const pa = uniq('pa');
  const api = await adminApi(baseURL!);
  try {
    await createNamespace(api, ns);
    await createUser(api, pa);
    await bindRole(api, ns, `${pa}-admin`, 'admin', pa);
    const secret = await api.post(`/api/v1/namespaces/${ns}/secrets`, { data: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'registry' }, stringData: { token: 'not-shown' } } });
    expect(secret.status(), await secret.text()).toBe(201);

    await page.goto(`/ns/${ns}/serviceaccounts`);
    await signIn(page, pa);
    await expect(page).toHaveURL(new RegExp(`/ns/${ns}/service-accounts$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Service accounts' })).toBeVisible();
    await page.getByLabel('New service account name').fill('Not A Name');
    await page.getByRole('button', { name: 'Create service account' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'lower-case letters' })).toBeVisible();
    await page.getByLabel('New service account name').fill('builder');
    await page.getByRole('button', { name: 'Create service account' }).click();
    await expect(page.getByText('Created service account builder.')).toBeVisible();
    await expectNoAxeViolations(page, 'service accounts');

    await page.getByRole('link', { name: 'builder', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Service account builder' })).toBeVisible();
    const profiles = page.getByRole('table', { name: 'Security profiles builder may use' });
    await expect(profiles.getByRole('row', { name: /^restricted/ })).toContainText('Yes');
    await expect(profiles.getByRole('row', { name: /^privileged/ })).toContainText('No');
    await expect(profiles.getByRole('row', { name: /^privileged/ })).toContainText('Privileged');
    await expect(page.getByRole('table', { name: 'Secrets builder may use' }).getByRole('row', { name: /^registry/ })).toContainText('No');
    await expect(page.getByText('No pod runs as builder.')).toBeVisible();
    await expectNoAxeViolations(page, 'service account detail');

    // Issue a token: shown once, works as the service account, kept nowhere in the browser.
    const tokenForm = page.getByRole('form', { name: 'Issue a token for builder' });
    await tokenForm.getByLabel('Valid for').selectOption({ label: '10 minutes' });
    await tokenForm.getByRole('button', { name: 'Issue token' }).click();
    const tokenBox = page.getByLabel(/^Token for builder, valid until/);
    await expect(tokenBox).not.toHaveValue('');
    const token = await tokenBox.inputValue();
    await expectNoAxeViolations(page, 'issued token');
    const asBuilder = await tokenApi(baseURL!, token);
    const who = await asBuilder.post('/apis/authentication.k8s.io/v1/selfsubjectreviews', { data: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    expect((await who.json()).status.userInfo.username).toBe(`system:serviceaccount:${ns}:builder`);
    await asBuilder.dispose();
    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(storage.includes(token)).toBe(false);
    await page.getByRole('button', { name: 'Hide' }).click();
    await expect(page.getByLabel(/^Token for builder/)).toHaveCount(0);
    expect((await page.content()).includes(token)).toBe(false);

    await page.getByRole('link', { name: 'All service accounts' }).click();
    await page.getByRole('button', { name: 'Delete service account builder' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete service account builder?' });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByText('Deleted service account builder.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'builder', exact: true })).toHaveCount(0);
  } finally {
    await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
    await api.delete(`/apis/iam.gatehouse.dev/v1/users/${pa}`).catch(() => {});
    await api.dispose();
  }
});
