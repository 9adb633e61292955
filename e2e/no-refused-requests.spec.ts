import { expect, test, type Page, type Response } from '@playwright/test';
import { bindRole, createNamespace, createUser, PASSWORD, signIn, uniq, userApi } from './admin-fixtures';
import { DEVELOPER } from './developer';
import { adminApi } from './support';

// A person's journey through the pages they have makes no request the console knows will be refused:
// every view and query is gated on what the API says they may do (SelfSubjectAccessReview/RulesReview),
// so a developer's or project admin's timeline holds no 403 the console caused.

test.describe.configure({ timeout: 120_000 });

/** refusals records every refusal (401, 403) the page receives: status, method, path and query. */
function refusals(page: Page): string[] {
  const seen: string[] = [];
  page.on('response', (r: Response) => {
    if (r.status() === 401 || r.status() === 403) seen.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`);
  });
  return seen;
}

/**
 * visit opens `path` and gives its queries time to answer (watches stay open, so the network never
 * goes idle): the page's heading, then two seconds.
 */
async function visit(page: Page, path: string, heading: RegExp | string): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await page.waitForTimeout(2000);
}

test.describe('a developer', () => {
  test.use({ storageState: DEVELOPER.state });

  test('walks their pages, creating a pod from the form, without one refused request', async ({ page, baseURL }) => {
    const ns = DEVELOPER.namespace;
    const pod = uniq('walk');
    const secret = uniq('walk-secret');
    const dev = await userApi(baseURL!, DEVELOPER.name);
    try {
      const r = await dev.post(`/api/v1/namespaces/${ns}/secrets`, { data: { apiVersion: 'v1', kind: 'Secret', metadata: { name: secret }, stringData: { token: 'x' } } });
      expect(r.status(), await r.text()).toBe(201);
    } finally {
      await dev.dispose();
    }
    const refused = refusals(page);
    await visit(page, '/', /./);
    await visit(page, `/ns/${ns}`, /./);
    await visit(page, `/ns/${ns}/pods`, /Pods/);
    await visit(page, `/ns/${ns}/pods/new`, 'Create pod');
    await page.getByLabel('Pod name').fill(pod);
    await page.getByLabel('Image').fill('registry.example/web:1.0');
    await page.getByRole('group', { name: 'Security profile' }).getByRole('radio', { name: 'restricted' }).check();
    await page.getByRole('button', { name: 'Create pod' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Pod ${pod}` })).toBeVisible();
    // The pod's activity: the developer may not list the namespace's events, so only their own are asked for.
    await expect(page.getByRole('region', { name: `Activity of pod ${pod}` }).getByText('Showing only actions you started')).toBeVisible();
    await page.waitForTimeout(2000);
    await visit(page, `/ns/${ns}/service-accounts/default`, 'Service account default');
    await visit(page, `/ns/${ns}/secrets`, /Secrets/);
    await visit(page, `/ns/${ns}/secrets/new`, /secret/i);
    await visit(page, `/ns/${ns}/secrets/${secret}`, new RegExp(secret));
    await visit(page, `/ns/${ns}/events`, /Events/);
    await visit(page, '/audit', 'Audit');
    await visit(page, `/ns/${ns}/audit`, 'Audit');
    await visit(page, `/audit?view=all`, 'Audit');
    expect(refused).toEqual([]);
  });
});

test.describe('a project admin', () => {
  test('walks their pages without one refused request', async ({ page, baseURL }) => {
    const ns = uniq('proj');
    const name = uniq('padmin');
    const api = await adminApi(baseURL!);
    try {
      await createUser(api, name);
      await createNamespace(api, ns);
      await bindRole(api, ns, `${name}-admin`, 'admin', name);
    } finally {
      await api.dispose();
    }
    await page.goto('/sign-in');
    await signIn(page, name, PASSWORD);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    const refused = refusals(page);
    await visit(page, `/ns/${ns}`, /./);
    await visit(page, `/ns/${ns}/pods`, /Pods/);
    await visit(page, `/ns/${ns}/secrets`, /Secrets/);
    await visit(page, `/ns/${ns}/members`, /Members/);
    // Opening "Grant a role" asks which roles they may grant (a GrantReview): no refused dry runs.
    await page.getByRole('button', { name: 'Grant a role' }).click();
    await expect(page.getByRole('form', { name: `Grant a role in ${ns}` })).toBeVisible();
    await page.waitForTimeout(2000);
    await visit(page, `/ns/${ns}/service-accounts`, /Service accounts/);
    await visit(page, `/ns/${ns}/service-accounts/default`, 'Service account default');
    await visit(page, `/ns/${ns}/events`, /Events/);
    await visit(page, `/ns/${ns}/settings`, /settings/i);
    await visit(page, `/ns/${ns}/audit`, 'Audit');
    await visit(page, '/audit', 'Audit');
    expect(refused).toEqual([]);
  });
});
