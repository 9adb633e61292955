import fs from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { bindRole, createNamespace, createPod, createUser, expectNoAxeViolations, signIn, uniq, userApi } from './admin-fixtures';
import { DEVELOPER } from './developer';
import { encodings, expectNowhereInPage, ResponseLog } from './leak-check';
import { ADMIN_STATE, adminApi } from './support';

// Issue 16, part A: the YAML of any object (view, edit with a diff, server dry run, conflicts) and the
// explicit, audited reveal of a secret's value — against the real server, in a real Chromium.

test.describe.configure({ timeout: 90_000 });

const ns = DEVELOPER.namespace;

/** editor is the YAML editor's text box (CodeMirror's content element, named after the object). */
const editor = (page: Page, what: string) => page.getByRole('textbox', { name: `YAML of ${what}` });

/** addLineAfter puts the caret at the end of the editor line that reads `line` and types a new line after it (Enter keeps the indentation). */
async function addLineAfter(page: Page, what: string, line: string, text: string): Promise<void> {
  await editor(page, what).locator('.cm-line', { hasText: line }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(text);
}

/** podLabels reads a pod's labels through the API as the bootstrap admin. */
async function podLabels(api: APIRequestContext, namespace: string, name: string): Promise<Record<string, string>> {
  const r = await api.get(`/api/v1/namespaces/${namespace}/pods/${name}`);
  expect(r.status()).toBe(200);
  return (await r.json()).metadata.labels ?? {};
}

test.describe('as a developer', () => {
  test.use({ storageState: DEVELOPER.state });

  test('edit a pod\'s labels as YAML: the diff, a server dry run that stores nothing, then the save', async ({ page, baseURL }) => {
    const api = await adminApi(baseURL!);
    const pod = uniq('yaml-pod');
    const what = `pod ${pod}`;
    try {
      await createPod(api, ns, pod);
      await page.goto(`/ns/${ns}/pods/${pod}`);
      await page.getByRole('navigation', { name: `Views of ${what}` }).getByRole('link', { name: 'YAML' }).click();
      await expect(page).toHaveURL(new RegExp(`/ns/${ns}/pods/${pod}\\?view=yaml$`));
      await expect(editor(page, what)).toContainText(`name: ${pod}`);
      await expect(editor(page, what)).toContainText('resourceVersion:');
      await expect(editor(page, what), 'managedFields are hidden by default').not.toContainText('managedFields');
      await expect(editor(page, what)).toHaveAttribute('aria-readonly', 'true');
      await page.getByRole('checkbox', { name: 'Show managed fields' }).check();
      await expect(editor(page, what)).toContainText('managedFields');
      await page.getByRole('checkbox', { name: 'Show managed fields' }).uncheck();
      await expectNoAxeViolations(page, 'pod YAML (read)', ['light', 'dark']);

      await page.getByRole('button', { name: 'Edit YAML' }).click();
      await expect(editor(page, what)).not.toHaveAttribute('aria-readonly', 'true');
      await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled();
      await addLineAfter(page, what, 'app: e2e', 'tier: front');
      const changes = page.getByRole('region', { name: /^Your changes/ });
      await expect(changes).toContainText('1 added, 0 removed');
      await expect(changes.locator('ins')).toHaveText(['+    tier: front']);
      await expect(page.getByRole('button', { name: 'Save' }), 'no save before a dry run').toBeDisabled();

      await page.getByRole('button', { name: 'Review and dry run' }).click();
      await expect(page.getByText('The server accepts this change (dry run). Save to apply it.')).toBeVisible();
      expect(await podLabels(api, ns, pod), 'the dry run stored nothing').toEqual({ app: 'e2e' });
      await expectNoAxeViolations(page, 'pod YAML (editing, diff)', ['light', 'dark']);
      fs.mkdirSync('public/screenshots', { recursive: true });
      await page.emulateMedia({ colorScheme: 'light' });
      await page.screenshot({ path: 'public/screenshots/yaml-editor.png', fullPage: true });
      await page.emulateMedia({ colorScheme: null });

      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('status').filter({ hasText: `Saved ${what}.` })).toBeVisible();
      expect(await podLabels(api, ns, pod)).toEqual({ app: 'e2e', tier: 'front' });
      await expect(editor(page, what)).toContainText('tier: front');
      await expect(editor(page, what)).toHaveAttribute('aria-readonly', 'true');
    } finally {
      await api.delete(`/api/v1/namespaces/${ns}/pods/${pod}`).catch(() => {});
      await api.dispose();
    }
  });

  test('a refused change names the field, marks its line, and nothing is saved', async ({ page, baseURL }) => {
    const api = await adminApi(baseURL!);
    const pod = uniq('yaml-bad');
    const what = `pod ${pod}`;
    try {
      await createPod(api, ns, pod);
      await page.goto(`/ns/${ns}/pods/${pod}?view=yaml`);
      await page.getByRole('button', { name: 'Edit YAML' }).click();
      await addLineAfter(page, what, 'app: e2e', 'tier: not a valid value!');
      await page.getByRole('button', { name: 'Review and dry run' }).click();
      const refused = page.getByRole('region', { name: 'The change was refused' });
      await expect(refused).toContainText('metadata.labels.tier: a valid label must be');
      const goTo = refused.getByRole('button', { name: /^Go to line \d+$/ });
      await expect(goTo).toBeVisible();
      await expect(editor(page, what)).toHaveAttribute('aria-invalid', 'true');
      await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled();
      await expectNoAxeViolations(page, 'pod YAML (refused)', ['light', 'dark']);
      await goTo.click();
      await expect(editor(page, what)).toBeFocused();
      await expect(page.locator('.cm-activeLine')).toHaveText(/^\s*tier: not a valid value!$/);

      // A YAML syntax error is shown as the person types, with its line.
      await page.keyboard.press('End');
      await page.keyboard.type(': x');
      await expect(page.getByRole('region', { name: 'The YAML cannot be read' })).toContainText(/Line \d+, column \d+/);
      expect(await podLabels(api, ns, pod)).toEqual({ app: 'e2e' });
      await page.getByRole('button', { name: 'Cancel' }).click();
      await expect(editor(page, what)).toHaveAttribute('aria-readonly', 'true');
    } finally {
      await api.delete(`/api/v1/namespaces/${ns}/pods/${pod}`).catch(() => {});
      await api.dispose();
    }
  });

  test('a conflict: someone else changes the pod between load and save — nothing is overwritten', async ({ page, baseURL }) => {
    const api = await adminApi(baseURL!);
    const pod = uniq('yaml-race');
    const what = `pod ${pod}`;
    try {
      await createPod(api, ns, pod);
      await page.goto(`/ns/${ns}/pods/${pod}?view=yaml`);
      await page.getByRole('button', { name: 'Edit YAML' }).click();
      await addLineAfter(page, what, 'app: e2e', 'mine: yes');
      await page.getByRole('button', { name: 'Review and dry run' }).click();
      await expect(page.getByText('The server accepts this change (dry run). Save to apply it.')).toBeVisible();

      // Someone else changes the pod now, after the page loaded it and after the dry run passed.
      const theirs = await api.patch(`/api/v1/namespaces/${ns}/pods/${pod}`, { data: { metadata: { labels: { app: 'changed-by-them' } } }, headers: { 'Content-Type': 'application/merge-patch+json' } });
      expect(theirs.status(), await theirs.text()).toBe(200);

      await page.getByRole('button', { name: 'Save' }).click();
      const conflict = page.getByRole('alert', { name: `Someone else changed ${what}` });
      await expect(conflict).toContainText('Nothing was saved');
      expect(await podLabels(api, ns, pod), 'their change stands; mine was not written').toEqual({ app: 'changed-by-them' });
      await expect(editor(page, what)).toContainText('mine: yes');

      await conflict.getByRole('button', { name: 'Show their change' }).click();
      const theirChange = page.getByRole('region', { name: /^What they changed/ });
      await expect(theirChange.locator('del')).toContainText(['app: e2e']);
      await expect(theirChange.locator('ins')).toContainText(['app: changed-by-them']);
      const vsMine = page.getByRole('region', { name: /^Their version compared with your edits/ });
      await expect(vsMine.locator('ins')).toContainText(['mine: yes']);
      await expectNoAxeViolations(page, 'pod YAML (conflict)', ['light', 'dark']);

      await conflict.getByRole('button', { name: 'Reload (lose my edits)' }).click();
      await expect(page.getByRole('status').filter({ hasText: `Reloaded ${what}` })).toBeVisible();
      await expect(editor(page, what)).toContainText('app: changed-by-them');
      await expect(editor(page, what)).not.toContainText('mine: yes');
      expect(await podLabels(api, ns, pod)).toEqual({ app: 'changed-by-them' });
    } finally {
      await api.delete(`/api/v1/namespaces/${ns}/pods/${pod}`).catch(() => {});
      await api.dispose();
    }
  });

  test('a secret: no Reveal, its YAML has no values, labels are edited without one reaching the browser; the API refuses a read', async ({ page, baseURL }) => {
    const api = await adminApi(baseURL!);
    const secret = uniq('yaml-sec');
    const canary = `canary-${uniq('v')}-do-not-leak`;
    const log = new ResponseLog();
    await log.attach(page);
    try {
      const s = await api.post(`/api/v1/namespaces/${ns}/secrets`, { data: { apiVersion: 'v1', kind: 'Secret', metadata: { name: secret, labels: { app: 'db' } }, stringData: { password: canary } } });
      expect(s.status(), await s.text()).toBe(201);
      await page.goto(`/ns/${ns}/secrets/${secret}`);
      await expect(page.getByRole('list', { name: `Keys of ${secret}` }).getByRole('listitem')).toHaveText(['password']);
      await expect(page.getByRole('button', { name: /^Reveal/ })).toHaveCount(0);
      await expectNowhereInPage(page, [canary], 'on the secret page');

      const what = `secret ${secret}`;
      await page.getByRole('navigation', { name: `Views of ${what}` }).getByRole('link', { name: 'YAML' }).click();
      await expect(editor(page, what)).toContainText('The values of this secret are not shown here. Keys: password.');
      await expect(editor(page, what).locator('.cm-line', { hasText: /^(data|stringData):/ })).toHaveCount(0);
      await page.getByRole('button', { name: 'Edit YAML' }).click();
      await addLineAfter(page, what, 'app: db', 'tier: data');
      await page.getByRole('button', { name: 'Review and dry run' }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('status').filter({ hasText: `Saved ${what}.` })).toBeVisible();
      const stored = await (await api.get(`/api/v1/namespaces/${ns}/secrets/${secret}`)).json();
      expect(stored.metadata.labels).toEqual({ app: 'db', tier: 'data' });
      expect(Buffer.from(stored.data.password, 'base64').toString(), 'the value is untouched').toBe(canary);

      // Writing values here is refused before anything is sent, naming the field.
      await page.getByRole('button', { name: 'Edit YAML' }).click();
      await addLineAfter(page, what, 'type: Opaque', 'data: {password: aGk=}');
      await page.getByRole('button', { name: 'Review and dry run' }).click();
      await expect(page.getByRole('region', { name: 'The change was refused' })).toContainText('data: Secret values cannot be written from the YAML view');
      await expectNoAxeViolations(page, 'secret YAML (developer)');
      await expectNowhereInPage(page, [canary], 'on the secret YAML view');

      // The protection is the API's: this developer's own session may not read the secret.
      const dev = await userApi(baseURL!, DEVELOPER.name);
      expect((await dev.get(`/api/v1/namespaces/${ns}/secrets/${secret}`)).status()).toBe(403);
      await dev.dispose();

      await page.goto('about:blank');
      const responses = await log.read();
      expect(responses.length).toBeGreaterThan(10);
      const leaks = responses.filter((r) => encodings(canary).some((n) => r.body?.includes(n))).map((r) => `${r.method} ${r.url}`);
      expect(leaks, 'responses that carried the secret value').toEqual([]);
      const secretCalls = responses.filter((r) => new URL(r.url).pathname.startsWith(`/api/v1/namespaces/${ns}/secrets/`)).map((r) => `${r.method} ${new URL(r.url).search}`);
      expect(secretCalls, 'the console only patched the labels (dry run, then the save)').toEqual(['PATCH ?dryRun=All', 'PATCH ']);
    } finally {
      await api.delete(`/api/v1/namespaces/${ns}/secrets/${secret}`).catch(() => {});
      await api.dispose();
    }
  });
});

test.describe('as a viewer', () => {
  test('the YAML of a pod is read-only for someone who may only read it', async ({ page, baseURL }) => {
    const api = await adminApi(baseURL!);
    const viewer = uniq('viewer');
    const space = uniq('ro');
    const pod = uniq('ro-pod');
    try {
      await createUser(api, viewer);
      await createNamespace(api, space);
      await bindRole(api, space, `${viewer}-view`, 'view', viewer);
      await createPod(api, space, pod);
      await page.goto(`/ns/${space}/pods/${pod}?view=yaml`);
      await signIn(page, viewer);
      const what = `pod ${pod}`;
      await expect(editor(page, what)).toContainText(`name: ${pod}`);
      await expect(page.getByText(`You may read ${what} but not change it.`)).toBeVisible();
      await expect(page.getByRole('button', { name: 'Edit YAML' })).toHaveCount(0);
      await expect(editor(page, what)).toHaveAttribute('aria-readonly', 'true');
      // The text stays focusable (to read it with the keyboard and copy from it) but does not change.
      await editor(page, what).locator('.cm-line', { hasText: `name: ${pod}` }).click();
      await page.keyboard.type('typed by a viewer');
      await expect(editor(page, what)).not.toContainText('typed by a viewer');
      await expectNoAxeViolations(page, 'pod YAML (viewer)', ['light', 'dark']);
      // And the API refuses the write the console did not offer.
      const v = await userApi(baseURL!, viewer);
      const current = await (await api.get(`/api/v1/namespaces/${space}/pods/${pod}`)).json();
      expect((await v.put(`/api/v1/namespaces/${space}/pods/${pod}`, { data: current })).status()).toBe(403);
      await v.dispose();
    } finally {
      await api.delete(`/api/v1/namespaces/${space}`).catch(() => {});
      await api.delete(`/apis/iam.gatehouse.dev/v1/users/${viewer}`).catch(() => {});
      await api.dispose();
    }
  });
});

test.describe('as a cluster admin', () => {
  test.use({ storageState: ADMIN_STATE });

  test('reveal a secret value: nothing before the click, one audited get after it, gone on Hide', async ({ page, baseURL }) => {
    const api = await adminApi(baseURL!);
    const space = uniq('reveal');
    const secret = 'db';
    const canary = `canary-${uniq('v')}-do-not-leak`;
    const log = new ResponseLog();
    await log.attach(page);
    const gets = async () => {
      const r = await api.get(`/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=${encodeURIComponent(`verb=get,objectRef.resource=secrets,objectRef.namespace=${space},objectRef.name=${secret}`)}`);
      expect(r.status(), await r.text()).toBe(200);
      return ((await r.json()).items as { user: { username: string }; responseStatus?: { code: number } }[]);
    };
    try {
      await createNamespace(api, space);
      const s = await api.post(`/api/v1/namespaces/${space}/secrets`, { data: { apiVersion: 'v1', kind: 'Secret', metadata: { name: secret }, stringData: { password: canary, user: 'app' } } });
      expect(s.status(), await s.text()).toBe(201);

      // Before the click: the details, the YAML view and a label edit through it carry no value anywhere.
      await page.goto(`/ns/${space}/secrets/${secret}`);
      const reveal = page.getByRole('button', { name: 'Reveal the value of password' });
      await expect(reveal).toBeVisible();
      await expectNowhereInPage(page, [canary], 'before the reveal');
      await page.goto(`/ns/${space}/secrets/${secret}?view=yaml`);
      const what = `secret ${secret}`;
      await expect(editor(page, what)).toContainText('Keys: password, user.');
      await page.getByRole('button', { name: 'Edit YAML' }).click();
      await addLineAfter(page, what, `name: ${secret}`, 'labels: {tier: data}');
      await page.getByRole('button', { name: 'Review and dry run' }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('status').filter({ hasText: `Saved ${what}.` })).toBeVisible();
      await expectNoAxeViolations(page, 'secret YAML (admin)');
      await expectNowhereInPage(page, [canary], 'on the YAML view');
      await page.goto(`/ns/${space}/secrets/${secret}`);
      await expect(reveal).toBeVisible();
      const before = log.requests.length;
      const beforeBodies = await log.read();
      expect(beforeBodies.filter((r) => encodings(canary).some((n) => r.body?.includes(n))).map((r) => r.url), 'responses before the reveal').toEqual([]);
      expect(beforeBodies.filter((r) => r.method === 'GET' && new URL(r.url).pathname === `/api/v1/namespaces/${space}/secrets/${secret}`), 'no read of the secret before the reveal').toEqual([]);
      expect(await gets(), 'no audited get before the reveal').toEqual([]);

      await reveal.click();
      const value = page.getByRole('region', { name: 'Keys' }).getByLabel('Value of password', { exact: true });
      await expect(value).toHaveText(canary);
      await expect(page.getByLabel('Value of user', { exact: true }), 'only the key asked for is shown').toHaveCount(0);
      await expectNoAxeViolations(page, 'secret with a revealed value', ['light', 'dark']);
      await expect.poll(async () => (await gets()).map((e) => `${e.user.username} ${e.responseStatus?.code}`)).toEqual(['admin 200']);
      const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
      expect(storage.includes(canary), 'the value is in no web storage').toBe(false);
      expect(page.url().includes(canary)).toBe(false);
      const secretReads = log.requests.slice(before).filter((r) => new URL(r.url).pathname === `/api/v1/namespaces/${space}/secrets/${secret}`);
      expect(secretReads.map((r) => r.method), 'one request for the value: the GET of the secret').toEqual(['GET']);

      await page.getByRole('button', { name: 'Hide the value of password' }).click();
      await expect(value).toHaveCount(0);
      await expectNowhereInPage(page, [canary], 'after Hide');
      // Leaving and coming back shows it hidden again (nothing kept).
      await reveal.click();
      await expect(page.getByLabel('Value of password', { exact: true })).toHaveText(canary);
      await page.getByRole('link', { name: 'All secrets' }).click();
      await expect(page).toHaveURL(new RegExp(`/ns/${space}/secrets$`));
      await page.goBack();
      await expect(page).toHaveURL(new RegExp(`/ns/${space}/secrets/${secret}$`));
      await expect(page.getByRole('button', { name: 'Reveal the value of password' })).toBeVisible();
      await expectNowhereInPage(page, [canary], 'after leaving the page and coming back');
    } finally {
      await api.delete(`/api/v1/namespaces/${space}`).catch(() => {});
      await api.dispose();
    }
  });
});
