import { expect, test } from '@playwright/test';
import { ADMIN_STATE, adminApi } from './support';
import { bindRole, createNamespace, createUser, expectNoAxeViolations, mainNav, RBAC, uniq } from './admin-fixtures';

// Capability grants: who may use which security profile where, computed from RBAC, with the risky
// powers highlighted, each row linked to its binding and revocable; and time-bound grants.

test.use({ storageState: ADMIN_STATE });
test.describe.configure({ timeout: 60_000 });

test('a cluster admin sees Users, Capability grants and Audit in the nav', async ({ page }) => {
  await page.goto('/ns/default/pods');
  const nav = mainNav(page);
  for (const name of ['Users', 'Capability grants', 'Audit', 'Security profiles', 'Namespaces', 'Namespace settings']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await nav.getByRole('link', { name: 'Capability grants', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Capability grants' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Capability grants', exact: true })).toHaveAttribute('aria-current', 'page');
});

test('the grants view lists a user granted privileged in one namespace, links to the binding, and revokes it', async ({ page, baseURL }) => {
  const ns = uniq('grants');
  const user = uniq('priv');
  const binding = `${user}-privileged`;
  const api = await adminApi(baseURL!);
  try {
    await createNamespace(api, ns);
    await createUser(api, user);
    await bindRole(api, ns, binding, 'gatehouse:use-securityprofile-privileged', user);

    await page.goto('/grants');
    await expect(page).toHaveURL(/\/capability-grants$/);
    const table = page.getByRole('table', { name: 'Who may use which security profile where' });
    const row = table.getByRole('row', { name: new RegExp(user) });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('privileged');
    await expect(row).toContainText(ns);
    await expect(row.getByText('Privileged', { exact: true })).toBeVisible();
    await expect(row.getByText('Runs as root', { exact: true })).toBeVisible();
    await expect(row.getByRole('link', { name: `RoleBinding ${ns}/${binding}` })).toHaveAttribute('href', `/ns/${ns}/role-bindings/${binding}`);
    // Everyone may use `restricted`: a cluster-wide grant to a group, not risky.
    await expect(table.getByRole('row', { name: /system:authenticated/ }).first()).toContainText('All namespaces');
    await page.getByLabel('Subject or namespace').fill(ns);
    await expect(table.getByRole('row')).toHaveCount(2);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: 'public/screenshots/grants.png', fullPage: true });
    await expectNoAxeViolations(page, 'capability grants', ['light', 'dark']);

    await row.getByRole('link', { name: `RoleBinding ${ns}/${binding}` }).click();
    await expect(page.getByRole('heading', { level: 1, name: `RoleBinding ${binding}` })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Rules of gatehouse:use-securityprofile-privileged' })).toContainText('use');
    await expectNoAxeViolations(page, 'binding');
    await page.goBack();

    await row.getByRole('button', { name: `Revoke privileged from ${user} in ${ns}` }).click();
    const dialog = page.getByRole('dialog', { name: `Revoke privileged from ${user}?` });
    await expect(dialog).toContainText(`The RoleBinding ${binding} is deleted.`);
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await expect(page.getByText(`Revoked privileged from ${user} (binding ${binding} deleted).`)).toBeVisible();
    await expect(table.getByRole('row', { name: new RegExp(user) })).toHaveCount(0);
    expect((await api.get(`/apis/${RBAC}/v1/namespaces/${ns}/rolebindings/${binding}`)).status()).toBe(404);
  } finally {
    await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
    await api.delete(`/apis/iam.gatehouse.dev/v1/users/${user}`).catch(() => {});
    await api.dispose();
  }
});

test('a time-bound grant shows its expiry, and an expired one shows that it grants nothing', async ({ page, baseURL }) => {
  const ns = uniq('tb');
  const user = uniq('tb');
  const old = uniq('old');
  const api = await adminApi(baseURL!);
  try {
    await createNamespace(api, ns);
    await createUser(api, user);
    await createUser(api, old);
    await bindRole(api, ns, `${old}-hostaccess`, 'gatehouse:use-securityprofile-hostaccess', old, { 'gatehouse.dev/expires-at': '2020-01-01T00:00:00Z' });

    await page.goto('/capability-grants');
    await page.getByRole('button', { name: 'Grant profile' }).click();
    const form = page.getByRole('form', { name: 'Grant a security profile' });
    await form.getByLabel('User name').fill(user);
    await form.getByLabel('Profile').selectOption('baseline');
    await expect(form.getByText(/Risky: any UID/)).toBeVisible();
    await form.getByLabel('Namespace', { exact: true }).selectOption(ns);
    await form.getByLabel('Expires').fill('2099-06-01T12:00');
    await expectNoAxeViolations(page, 'grant profile form');
    await form.getByRole('button', { name: 'Grant profile' }).click();
    await expect(page.getByText(new RegExp(`${user} may now use baseline in ${ns} until`))).toBeVisible();

    const table = page.getByRole('table', { name: 'Who may use which security profile where' });
    await page.getByLabel('Subject or namespace').fill(ns);
    const fresh = table.getByRole('row', { name: new RegExp(user) });
    await expect(fresh).toContainText('baseline');
    await expect(fresh.locator('time')).toHaveAttribute('datetime', /^2099-06-01T/);
    const expired = table.getByRole('row', { name: new RegExp(old) });
    await expect(expired).toContainText('Expired');

    // The binding carries the expiry, to the shipped role for that profile.
    const list = await (await api.get(`/apis/${RBAC}/v1/namespaces/${ns}/rolebindings`)).json();
    const b = list.items.find((x: { subjects?: { name: string }[] }) => x.subjects?.[0]?.name === user);
    expect(b.metadata.annotations['gatehouse.dev/expires-at']).toMatch(/^2099-06-01T\d\d:00:00Z$/);
    expect(b.roleRef.name).toBe('gatehouse:use-securityprofile-baseline');

    // The API ignores the expired binding: the user may not use hostaccess there.
    const review = await api.post(`/apis/authorization.k8s.io/v1/namespaces/${ns}/localsubjectaccessreviews`, {
      data: { apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', spec: { user: old, groups: ['system:authenticated'], resourceAttributes: { namespace: ns, verb: 'use', group: 'security.gatehouse.dev', resource: 'securityprofiles', name: 'hostaccess' } } },
    });
    expect((await review.json()).status.allowed).toBe(false);
  } finally {
    await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
    for (const u of [user, old]) await api.delete(`/apis/iam.gatehouse.dev/v1/users/${u}`).catch(() => {});
    await api.dispose();
  }
});
