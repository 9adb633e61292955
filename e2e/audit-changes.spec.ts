import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { bindRole, createNamespace, createUser, expectNoAxeViolations, PASSWORD, RBAC, signIn, uniq, userApi } from './admin-fixtures';
import { DEVELOPER } from './developer';
import { adminApi } from './support';

// The audit timeline tells what changed, honestly (issue 16): it opens on "changes" (writes, not reads,
// dry runs or the console's permission checks), all requests one click away and kept in the URL; a
// dry run is marked as one and never shown as a change; a refusal after authorization reads "Refused",
// never "Allowed 403"; and the console sends no refused request twice.

test.describe.configure({ timeout: 90_000 });

const DRY_RUN = 'audit.gatehouse.dev/dry-run';

/** events lists audit events through the API as the bootstrap admin, newest first. */
async function events(api: APIRequestContext, selector: string): Promise<any[]> {
  const r = await api.get(`/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=${encodeURIComponent(selector)}`);
  expect(r.status(), await r.text()).toBe(200);
  return (await r.json()).items;
}

/** timeline is the audit table on the page. */
const timeline = (page: Page) => page.getByRole('table', { name: 'Audit events, newest first' });

test.describe('a developer', () => {
  test.use({ storageState: DEVELOPER.state });

  test('one pod created from the form is one change; its dry run is marked and shown only under All requests', async ({ page, baseURL }) => {
    const ns = DEVELOPER.namespace;
    const name = uniq('once');
    await page.goto(`/ns/${ns}/pods/new`);
    await page.getByLabel('Pod name').fill(name);
    await page.getByLabel('Image').fill('registry.example/web:1.0');
    await page.getByRole('group', { name: 'Security profile' }).getByRole('radio', { name: 'restricted' }).check();
    await page.getByRole('button', { name: 'Create pod' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Pod ${name}` })).toBeVisible();

    // Through the audit API: the form's dry run, then exactly one create that changed something.
    const api = await adminApi(baseURL!);
    try {
      // (objectRef.subresource= leaves out the scheduler's pods/binding, also a create on the pod.)
      const creates = await events(api, `objectRef.resource=pods,objectRef.subresource=,objectRef.name=${name},verb=create`);
      expect(creates.map((e) => e.annotations[DRY_RUN] ?? 'change')).toEqual(['change', 'true']);
      expect(creates.map((e) => e.user.username)).toEqual([DEVELOPER.name, DEVELOPER.name]);
      expect((await events(api, `objectRef.resource=pods,objectRef.subresource=,objectRef.name=${name},verb=create,dryRun!=true`))).toHaveLength(1);
    } finally {
      await api.dispose();
    }

    // The pod's activity and the developer's own timeline show it once, as a change.
    const activity = page.getByRole('region', { name: `Activity of pod ${name}` });
    await expect(activity.getByRole('link', { name: `create pods ${name} in ${ns}` })).toHaveCount(1);
    await expect(activity).not.toContainText('Dry run');

    await page.goto(`/audit?resource=pods&name=${name}`);
    const show = page.getByRole('group', { name: 'Show' });
    await expect(show.getByRole('radio', { name: /^Changes/ })).toBeChecked();
    const rows = timeline(page).getByRole('row', { name: new RegExp(`create pods ${name}`) });
    await expect(rows).toHaveCount(1);
    await expect(rows).not.toContainText('Dry run');
    await expect(rows).toContainText('Allowed 201');
    await expectNoAxeViolations(page, 'audit: changes', ['light', 'dark']);

    // All requests, one key press away: the dry run appears, marked, and so do the reads.
    await show.getByRole('radio', { name: /^Changes/ }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(page).toHaveURL(/view=all/);
    await expect(show.getByRole('radio', { name: /^All requests/ })).toBeChecked();
    await expect(rows).toHaveCount(2);
    const dry = rows.filter({ hasText: 'Dry run' });
    await expect(dry).toHaveCount(1);
    await expect(dry).toContainText('Allowed 201');
    await expectNoAxeViolations(page, 'audit: all requests', ['light', 'dark']);

    // The URL keeps the view: a reload shows all requests, Back returns to changes.
    await page.reload();
    await expect(page.getByRole('group', { name: 'Show' }).getByRole('radio', { name: /^All requests/ })).toBeChecked();
    await page.goBack();
    await expect(page.getByRole('group', { name: 'Show' }).getByRole('radio', { name: /^Changes/ })).toBeChecked();
    await expect(rows).toHaveCount(1);

    // The console's own reads (the pod list it just showed) are not changes; one click shows them.
    await page.goto('/audit?resource=pods');
    const reads = timeline(page).getByRole('row', { name: /(list|watch) pods in/ });
    await expect(rows).toHaveCount(1);
    await expect(reads).toHaveCount(0);
    await page.getByRole('group', { name: 'Show' }).getByRole('radio', { name: /^All requests/ }).click();
    await expect(reads.first()).toBeVisible();
  });

  test('a refused list is sent once, recorded once, and the page says why', async ({ page, baseURL }) => {
    const ns = uniq('closed');
    const api = await adminApi(baseURL!);
    try {
      await createNamespace(api, ns);
      const refused: string[] = [];
      page.on('response', (r) => { if (r.status() === 403) refused.push(`${r.request().method()} ${new URL(r.url()).pathname}`); });
      await page.goto(`/ns/${ns}/pods`);
      await expect(page.getByText(/cannot|not allowed|permission/i).first()).toBeVisible();
      // Focus and a second look at the page must not re-send it either.
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      await page.waitForTimeout(1500);
      const lists = refused.filter((r) => r === `GET /api/v1/namespaces/${ns}/pods`);
      expect(lists, refused.join('\n')).toHaveLength(1);
      const recorded = await events(api, `user.username=${DEVELOPER.name},objectRef.namespace=${ns},objectRef.resource=pods,verb=list`);
      expect(recorded).toHaveLength(1);
      expect(recorded[0].annotations['authorization.k8s.io/decision']).toBe('forbid');
    } finally {
      await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
      await api.dispose();
    }
  });
});

test.describe('a project admin', () => {
  test('a dry-run grant refused by escalation prevention reads "Dry run" and "Refused 403", never "Allowed 403", and is not a change', async ({ page, baseURL }) => {
    const ns = uniq('grants');
    const name = uniq('owner');
    const binding = uniq('probe');
    const api = await adminApi(baseURL!);
    try {
      await createUser(api, name);
      await createNamespace(api, ns);
      await bindRole(api, ns, `${name}-admin`, 'admin', name);
      // The project admin may bind roles here, but not cluster-admin, which they do not hold.
      const owner = await userApi(baseURL!, name);
      const r = await owner.post(`/apis/${RBAC}/v1/namespaces/${ns}/rolebindings?dryRun=All`, {
        data: { apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name: binding }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'User', name: 'someone', apiGroup: RBAC }] },
      });
      expect(r.status()).toBe(403);
      await owner.dispose();

      await page.goto('/sign-in');
      await signIn(page, name, PASSWORD);
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
      // Changes: the cluster admin's grant to them is there, their refused dry run is not.
      await page.goto(`/ns/${ns}/audit?resource=rolebindings`);
      await expect(timeline(page).getByRole('row', { name: new RegExp(`create rolebindings ${name}-admin`) })).toHaveCount(1);
      await expect(timeline(page).getByRole('row', { name: new RegExp(`create rolebindings ${binding}`) })).toHaveCount(0);
      await page.goto(`/ns/${ns}/audit?resource=rolebindings&name=${binding}`);
      await expect(page.getByRole('heading', { name: 'No changes match these filters' })).toBeVisible();
      await page.getByRole('button', { name: 'Show all requests' }).click();
      await expect(page).toHaveURL(/view=all/);
      const row = timeline(page).getByRole('row', { name: new RegExp(`create rolebindings ${binding}`) });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText('Dry run');
      await expect(row).toContainText('Refused 403');
      await expect(row).toContainText(/attempting to grant RBAC permissions not currently held/);
      await expect(timeline(page)).not.toContainText('Allowed 403');
      await expectNoAxeViolations(page, 'audit: refused dry run');
    } finally {
      await api.delete(`/api/v1/namespaces/${ns}`).catch(() => {});
      await api.delete(`/apis/iam.gatehouse.dev/v1/users/${name}`).catch(() => {});
      await api.dispose();
    }
  });
});
