import AxeBuilder from '@axe-core/playwright';
import { expect, request, type APIRequestContext, type Page } from '@playwright/test';
import { restrictedPod } from './support';

// Fixtures for the admin-console specs (issue 8): people with passwords and roles, created through the
// API as the bootstrap admin, and helpers to act as them (in the browser or through the API).

/** RBAC and IAM are the API groups the fixtures write to. */
export const RBAC = 'rbac.authorization.k8s.io';
export const IAM = 'iam.gatehouse.dev';

/** PASSWORD is every fixture user's password (long enough for the password rules). */
export const PASSWORD = 'plum-orbit-7-lantern';

/** uniq makes a DNS-safe name unique to this run: `prefix-<time><random>`. */
export function uniq(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
}

/** createUser creates a user with PASSWORD (and optional groups). */
export async function createUser(api: APIRequestContext, name: string, groups: string[] = []): Promise<void> {
  const u = await api.post(`/apis/${IAM}/v1/users`, { data: { apiVersion: `${IAM}/v1`, kind: 'User', metadata: { name }, spec: { fullName: `E2E ${name}`, ...(groups.length ? { groups } : {}) } } });
  expect(u.status(), await u.text()).toBe(201);
  const pw = await api.post(`/apis/${IAM}/v1/users/${name}/password`, { data: { password: PASSWORD } });
  expect(pw.ok(), await pw.text()).toBe(true);
}

/** createNamespace creates a namespace. */
export async function createNamespace(api: APIRequestContext, name: string): Promise<void> {
  const r = await api.post('/api/v1/namespaces', { data: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
  expect(r.status(), await r.text()).toBe(201);
}

/** bindRole grants a ClusterRole to a user in a namespace (a RoleBinding named `name`). */
export async function bindRole(api: APIRequestContext, ns: string, name: string, role: string, user: string, annotations?: Record<string, string>): Promise<void> {
  const r = await api.post(`/apis/${RBAC}/v1/namespaces/${ns}/rolebindings`, {
    data: {
      apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name, namespace: ns, ...(annotations ? { annotations } : {}) },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role }, subjects: [{ apiGroup: RBAC, kind: 'User', name: user }],
    },
  });
  expect(r.status(), await r.text()).toBe(201);
}

/** userApi is an API client signed in as `name` through /auth/login (a session cookie, like the console). */
export async function userApi(baseURL: string, name: string): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL, ignoreHTTPSErrors: true, extraHTTPHeaders: { 'X-Gatehouse-Request': '1', Accept: 'application/json' } });
  const r = await ctx.post('/auth/login', { data: { username: name, password: PASSWORD } });
  expect(r.ok(), await r.text()).toBe(true);
  return ctx;
}

/** tokenApi is an API client that sends a bearer token (e.g. a service account's). */
export function tokenApi(baseURL: string, token: string): Promise<APIRequestContext> {
  return request.newContext({ baseURL, ignoreHTTPSErrors: true, extraHTTPHeaders: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
}

/** createPod creates a pod the `restricted` profile admits, optionally running as a service account. */
export async function createPod(api: APIRequestContext, ns: string, name: string, serviceAccountName?: string): Promise<{ uid: string }> {
  const pod = restrictedPod(name);
  const r = await api.post(`/api/v1/namespaces/${ns}/pods`, { data: { ...pod, spec: { ...pod.spec, ...(serviceAccountName ? { serviceAccountName } : {}) } } });
  expect(r.status(), await r.text()).toBe(201);
  return { uid: (await r.json()).metadata.uid };
}

/** signIn signs `name` in through the sign-in page (which the page must be on). */
export async function signIn(page: Page, name: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** expectNoAxeViolations runs axe (WCAG 2 A and AA) in the given colour schemes; failures list rule and elements. */
export async function expectNoAxeViolations(page: Page, what: string, schemes: ('light' | 'dark')[] = ['light']): Promise<void> {
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(summary, `axe violations on ${what} (${colorScheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}

/** mainNav is the console's main navigation. */
export const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
