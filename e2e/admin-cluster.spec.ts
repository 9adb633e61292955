import { expect, test } from '@playwright/test';
import { ADMIN_STATE, adminApi } from './support';
import { createPod, expectNoAxeViolations, mainNav, uniq } from './admin-fixtures';

// The cluster admin's views: users and groups, namespaces (with their allocated ranges) and their Pod
// Security settings, and security profiles edited through a form kept in sync with YAML.

test.use({ storageState: ADMIN_STATE });
test.describe.configure({ timeout: 60_000 });

test('users: create with a weak password is explained, set a password, disable, groups', async ({ page, baseURL }) => {
  const name = uniq('ann');
  const group = uniq('grp');
  const api = await adminApi(baseURL!);
  try {
    await page.goto('/ns/default/pods');
    await mainNav(page).getByRole('link', { name: 'Users', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /^admin/ })).toBeVisible();
    await expectNoAxeViolations(page, 'users', ['light', 'dark']);

    await page.getByRole('button', { name: 'Add a user' }).click();
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('User name').fill(name);
    await form.getByLabel('Full name').fill('Ann Example');
    await form.getByLabel('Groups').fill(`${group}, auditors`);
    // Every password rule is stated up front, and a refused password creates nothing.
    await expect(form.getByText('12 to 256 characters, at least 5 different ones, not containing the user name')).toBeVisible();
    await form.getByLabel('Initial password').fill('short');
    await form.getByRole('button', { name: 'Create user' }).click();
    await expect(form.getByRole('alert')).toContainText('Nothing was created: the password must be at least 12 characters long.');
    await expect(form.getByLabel('Initial password')).toHaveValue('');
    expect((await api.get(`/apis/iam.gatehouse.dev/v1/users/${name}`)).status()).toBe(404);
    await form.getByLabel('Initial password').fill('amber-falcon-31-river');
    await form.getByRole('button', { name: 'Create user' }).click();
    await expect(page.getByText(`Created user ${name} with a password.`)).toBeVisible();
    const row = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('Ann Example');
    await expect(row).toContainText(`${group}, auditors`);

    await row.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByRole('navigation', { name: `Sections of ${name}` }).getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
    await page.getByLabel('New password').fill(name + '-and-more');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'must not contain the username' })).toBeVisible();
    await page.getByLabel('New password').fill('violet-harbor-92-quill');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect(page.getByText(`The password of ${name} was set.`)).toBeVisible();
    // The form says beforehand, and the answer after, that a new password ends their sessions and tokens.
    await expect(page.getByText(`Setting a password signs ${name} out everywhere and revokes their personal tokens and kubeconfigs`)).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Their sessions (0) were ended' })).toBeVisible();
    await expectNoAxeViolations(page, 'user overview');

    await page.getByRole('button', { name: 'Disable' }).click();
    const dialog = page.getByRole('dialog', { name: `Disable ${name}?` });
    await dialog.getByRole('button', { name: 'Disable' }).click();
    await expect(page.getByText('Disabled', { exact: true })).toBeVisible();
    const stored = await (await api.get(`/apis/iam.gatehouse.dev/v1/users/${name}`)).json();
    expect(stored.spec.disabled).toBe(true);
    await page.getByRole('button', { name: 'Enable' }).click();
    await expect(page.getByText('Active', { exact: true })).toBeVisible();

    await page.getByRole('link', { name: 'All users' }).click();
    await page.getByRole('navigation', { name: 'Users and groups' }).getByRole('link', { name: 'Groups' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Groups' }).getByRole('row', { name: new RegExp(group) })).toContainText(name);
    await page.getByLabel('New group name').fill(`${group}-obj`);
    await page.getByLabel('Members').fill(name);
    await page.getByRole('button', { name: 'Create group' }).click();
    await expect(page.getByText(`Created group ${group}-obj.`)).toBeVisible();
    await expectNoAxeViolations(page, 'groups');
    await page.getByRole('button', { name: `Delete group ${group}-obj` }).click();
    await page.getByRole('dialog', { name: `Delete group ${group}-obj?` }).getByRole('button', { name: 'Delete group' }).click();
    await expect(page.getByText(`Deleted group ${group}-obj.`)).toBeVisible();
  } finally {
    await api.delete(`/apis/iam.gatehouse.dev/v1/users/${name}`).catch(() => {});
    await api.delete(`/apis/iam.gatehouse.dev/v1/groups/${group}-obj`).catch(() => {});
    await api.dispose();
  }
});

test('namespaces: create shows the allocated UID range and MCS level; delete asks for the name', async ({ page, baseURL }) => {
  const ns = uniq('proj');
  const api = await adminApi(baseURL!);
  try {
    await page.goto('/namespaces');
    await expect(page.getByRole('heading', { level: 1, name: 'Namespaces' })).toBeVisible();
    await page.getByLabel('New namespace name').fill(ns);
    await page.getByRole('button', { name: 'Create namespace' }).click();
    const created = page.getByRole('status').filter({ hasText: `Created namespace ${ns}.` });
    await expect(created).toBeVisible();
    const stored = await (await api.get(`/api/v1/namespaces/${ns}`)).json();
    const range = stored.metadata.annotations['security.gatehouse.dev/uid-range'];
    const mcs = stored.metadata.annotations['security.gatehouse.dev/mcs'];
    expect(range).toMatch(/^\d+\/\d+$/);
    await expect(created).toContainText(range);
    await expect(created).toContainText(mcs);
    await expect(page.getByRole('table', { name: 'Namespaces' }).getByRole('row', { name: new RegExp(ns) })).toContainText(range);
    await expectNoAxeViolations(page, 'namespaces');

    await page.getByRole('button', { name: `Delete namespace ${ns}` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete namespace ${ns}?` });
    const confirm = dialog.getByRole('button', { name: 'Delete namespace' });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(`Type ${ns} to confirm`).fill(ns);
    await expect(confirm).toBeEnabled();
    await expectNoAxeViolations(page, 'delete namespace dialog');
    await confirm.click();
    await expect(page.getByText(`Deleted namespace ${ns}.`)).toBeVisible();
    expect((await api.get(`/api/v1/namespaces/${ns}`)).status()).toBe(404);
  } finally {
    await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
    await api.dispose();
  }
});

test('namespace settings: tightening Pod Security shows the server’s warning about running pods', async ({ page, baseURL }) => {
  const ns = uniq('pss');
  const api = await adminApi(baseURL!);
  try {
    const c = await api.post('/api/v1/namespaces', { data: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
    expect(c.status()).toBe(201);
    // A pod that baseline admits but restricted would not (it may run as root).
    const pod = await api.post(`/api/v1/namespaces/${ns}/pods`, {
      data: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'rooty', annotations: { 'security.gatehouse.dev/profile': 'baseline' } }, spec: { containers: [{ name: 'c', image: 'registry.example/x:1' }] } },
    });
    expect(pod.status(), await pod.text()).toBe(201);
    await createPod(api, ns, 'fine');

    await page.goto(`/ns/${ns}/settings`);
    await expect(page.getByRole('heading', { level: 1, name: 'Namespace settings' })).toBeVisible();
    await expect(page.getByText(/^\d+\/\d+$/).first()).toBeVisible();
    await page.getByLabel('enforce level').selectOption('restricted');
    await page.getByRole('button', { name: 'Check running pods' }).click();
    await expect(page.getByText(`existing pods in namespace "${ns}" violate the new PodSecurity enforce level "restricted:latest"`)).toBeVisible();
    await expect(page.getByText(/^rooty: /)).toBeVisible();
    let labels = (await (await api.get(`/api/v1/namespaces/${ns}`)).json()).metadata.labels ?? {};
    expect(labels['pod-security.kubernetes.io/enforce']).toBeUndefined();
    await expectNoAxeViolations(page, 'namespace settings');

    await page.getByLabel('enforce level').selectOption('baseline');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved. No running pod violates the new levels.')).toBeVisible();
    labels = (await (await api.get(`/api/v1/namespaces/${ns}`)).json()).metadata.labels;
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  } finally {
    await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
    await api.dispose();
  }
});

test('security profiles: risky powers highlighted; create through the form with YAML kept in sync; edit', async ({ page, baseURL }) => {
  const name = uniq('web');
  const api = await adminApi(baseURL!);
  try {
    await page.goto('/securityprofiles');
    await expect(page).toHaveURL(/\/security-profiles$/);
    const table = page.getByRole('table', { name: 'Security profiles and what each allows' });
    const privileged = table.getByRole('row', { name: /^privileged/ });
    for (const risk of ['Privileged', 'Host namespaces', 'Host ports', 'Host paths', 'Added capabilities', 'Runs as root']) {
      await expect(privileged.getByText(risk, { exact: true })).toBeVisible();
    }
    await expect(table.getByRole('row', { name: /^restricted/ })).toContainText('No risky powers');
    await expectNoAxeViolations(page, 'security profiles', ['light', 'dark']);

    await page.getByRole('link', { name: 'New profile' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New security profile' })).toBeVisible();
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Host network').check();
    await page.getByLabel('Capabilities that may be added').fill('NET_BIND_SERVICE, NET_ADMIN');
    const yaml = page.getByLabel('YAML');
    await expect(yaml).toHaveValue(new RegExp(`name: ${name}`));
    await expect(yaml).toHaveValue(/allowHostNetwork: true/);
    await expect(yaml).toHaveValue(/- NET_ADMIN/);
    const allows = page.getByRole('region', { name: 'What this profile allows' });
    await expect(allows.getByText('Host namespaces', { exact: true })).toBeVisible();
    await expect(allows.getByText('Added capabilities', { exact: true })).toBeVisible();
    // Editing the YAML updates the form.
    const text = await yaml.inputValue();
    await yaml.fill(text.replace('allowHostPorts: false', 'allowHostPorts: true'));
    await expect(page.getByLabel('Host ports')).toBeChecked();
    await yaml.fill(`${text}\n  - [`);
    await expect(page.getByText(/The YAML is not valid/)).toBeVisible();
    await yaml.fill(text);
    await expectNoAxeViolations(page, 'new security profile');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await expect(page).toHaveURL(new RegExp(`/security-profiles/${name}$`));
    const stored = await (await api.get(`/apis/security.gatehouse.dev/v1/securityprofiles/${name}`)).json();
    expect(stored.allowHostNetwork).toBe(true);
    expect(stored.allowedCapabilities).toEqual(['NET_BIND_SERVICE', 'NET_ADMIN']);

    await page.getByLabel('Description').fill('Web servers that bind low ports');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText(`Saved profile ${name}.`)).toBeVisible();
    expect((await (await api.get(`/apis/security.gatehouse.dev/v1/securityprofiles/${name}`)).json()).description).toBe('Web servers that bind low ports');
  } finally {
    await api.delete(`/apis/security.gatehouse.dev/v1/securityprofiles/${name}`).catch(() => {});
    await api.dispose();
  }
});

test('nodes: readiness, heartbeat and capacity; a node page with conditions, its lease and its pods; pods waiting for a node', async ({ page, baseURL }) => {
  const api = await adminApi(baseURL!);
  const ns = uniq('nodes');
  try {
    await api.post('/api/v1/namespaces', { data: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
    // A pod no node can take: it asks for more CPU than any node has.
    const big = await api.post(`/api/v1/namespaces/${ns}/pods`, {
      data: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'too-big' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '512' } } }] } },
    });
    expect(big.status()).toBe(201);
    await page.goto('/');
    await mainNav(page).getByRole('link', { name: 'Nodes', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Nodes' })).toBeVisible();
    const table = page.getByRole('table', { name: 'Nodes' });
    await expect(table.getByRole('row', { name: /node-1/ })).toContainText('Ready');
    const waiting = page.getByRole('list', { name: 'Pods waiting for a node' });
    await expect(waiting.getByRole('listitem').filter({ hasText: `${ns}/too-big` })).toContainText(/Insufficient cpu|nodes are available/);
    await expectNoAxeViolations(page, 'nodes', ['light', 'dark']);

    await table.getByRole('link', { name: 'node-1' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Node node-1' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Conditions of node-1' }).getByRole('row', { name: /^Ready True/ })).toBeVisible();
    await expect(page.getByText('Lease renewed')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Capacity and allocatable resources of node-1' }).getByRole('row', { name: /^cpu/ })).toBeVisible();
    await expectNoAxeViolations(page, 'node detail');
  } finally {
    await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
  }
});

test('events: a namespace\'s events, newest first, warnings one click away, pods linked', async ({ page, baseURL }) => {
  const api = await adminApi(baseURL!);
  const ns = uniq('ev');
  try {
    await api.post('/api/v1/namespaces', { data: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
    const big = await api.post(`/api/v1/namespaces/${ns}/pods`, {
      data: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'too-big' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '512' } } }] } },
    });
    expect(big.status()).toBe(201);
    await page.goto(`/ns/${ns}/pods`);
    await mainNav(page).getByRole('link', { name: 'Events', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
    const table = page.getByRole('table', { name: `Events in ${ns}` });
    const failed = table.getByRole('row', { name: /FailedScheduling/ });
    await expect(failed).toContainText('Warning');
    await expect(failed.getByRole('link', { name: 'pod/too-big' })).toBeVisible();
    await page.getByLabel('Warnings only').check();
    await expect(table.getByRole('row', { name: /Normal/ })).toHaveCount(0);
    await expectNoAxeViolations(page, 'events');
  } finally {
    await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
  }
});
