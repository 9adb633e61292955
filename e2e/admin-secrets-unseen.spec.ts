import { expect, test, type Page, type Response } from '@playwright/test';
import { ADMIN_STATE, adminApi } from './support';
import { bindRole, createNamespace, createUser, expectNoAxeViolations, signIn, uniq } from './admin-fixtures';

// Secrets are used without being seen (DESIGN "Secrets"): whatever admin page a cluster admin or a
// project admin opens, no response the console receives carries a secret's value.

test.describe.configure({ timeout: 90_000 });

/** recordResponses collects the bodies of every response the page receives (watch streams excepted). */
function recordResponses(page: Page): () => Promise<{ url: string; body: string }[]> {
  const pending: Promise<{ url: string; body: string }>[] = [];
  page.on('response', (r: Response) => {
    if (r.url().includes('watch=true') || r.status() >= 300 && r.status() < 400) return;
    pending.push(r.body().then((b) => ({ url: r.url(), body: b.toString('utf8') }), () => ({ url: r.url(), body: '' })));
  });
  return () => Promise.all(pending);
}

const pagesFor = (ns: string, admin: boolean) => [
  `/ns/${ns}/members`, `/ns/${ns}/service-accounts`, `/ns/${ns}/service-accounts/default`, `/ns/${ns}/audit`, '/audit', '/security-profiles',
  ...(admin ? [`/ns/${ns}/settings`, '/namespaces', '/users', '/users/admin?tab=workloads', '/users/admin?tab=activity', '/groups', '/capability-grants', '/security-profiles/restricted'] : []),
];

for (const who of ['cluster admin', 'project admin'] as const) {
  test.describe(`as a ${who}`, () => {
    test.use({ storageState: who === 'cluster admin' ? ADMIN_STATE : { cookies: [], origins: [] } });

    test('no response carries a secret value, on any admin page', async ({ page, baseURL }) => {
      const ns = uniq('sec');
      const pa = uniq('pa');
      const value = `hunter2-${uniq('v')}`;
      const b64 = Buffer.from(value).toString('base64');
      const api = await adminApi(baseURL!);
      try {
        await createNamespace(api, ns);
        const s = await api.post(`/api/v1/namespaces/${ns}/secrets`, { data: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: value } } });
        expect(s.status(), await s.text()).toBe(201);
        if (who === 'project admin') {
          await createUser(api, pa);
          await bindRole(api, ns, `${pa}-admin`, 'admin', pa);
          await page.goto(`/ns/${ns}/members`);
          await signIn(page, pa);
          await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
        }
        const responses = recordResponses(page);
        for (const path of pagesFor(ns, who === 'cluster admin')) {
          await page.goto(path);
          await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
          await expect(page.getByRole('status').filter({ hasText: /^Loading|…$/ })).toHaveCount(0, { timeout: 15_000 });
          if (path.endsWith('/service-accounts/default')) {
            await expect(page.getByRole('table', { name: 'Secrets default may use' }).getByRole('row', { name: /^db/ })).toBeVisible();
          }
        }
        await expectNoAxeViolations(page, `last page as ${who}`);
        const all = await responses();
        expect(all.length).toBeGreaterThan(20);
        const leaks = all.filter((r) => r.body.includes(value) || r.body.includes(b64)).map((r) => r.url);
        expect(leaks, 'responses that carried the secret value').toEqual([]);
      } finally {
        await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
        await api.delete(`/apis/iam.gatehouse.dev/v1/users/${pa}`).catch(() => {});
        await api.dispose();
      }
    });
  });
}
