import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, uniq } from './admin-fixtures';
import { DEVELOPER } from './developer';
import { encodings, expectNowhereInPage, ResponseLog } from './leak-check';

// Issue 7, secrets: a developer creates secrets through write-only inputs, mounts one in a pod by key
// (through the pod form), replaces a value, and copies the pod to a namespace that lacks the secret.
// A canary value typed into the console must appear nowhere: not in the DOM, not in web storage, not
// in any response the browser receives (every response body is captured for the whole test).

const ns = DEVELOPER.namespace;
const other = DEVELOPER.otherNamespace;

test.describe('as a developer', () => {
  test.use({ storageState: DEVELOPER.state });

  test('create a secret, mount it by key, replace a value, copy the pod: no value ever reaches the browser', async ({ page }) => {
    test.setTimeout(90_000);
    const log = new ResponseLog();
    await log.attach(page);
    const canary = `canary-${uniq('v')}-do-not-leak`;
    const canary2 = `canary2-${uniq('v')}-do-not-leak`;
    const secret = uniq('db-creds');
    const pod = uniq('api');

    await page.goto(`/ns/${ns}/secrets`);
    await expect(page.getByRole('heading', { level: 1, name: 'Secrets' })).toBeVisible();
    await expectNoAxeViolations(page, 'secrets list', ['light', 'dark']);
    await page.getByRole('link', { name: 'Create secret' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Create secret' })).toBeVisible();
    await page.getByLabel('Secret name').fill(secret);
    const key1 = page.getByRole('group', { name: 'Key 1' });
    await key1.getByLabel('Key name').fill('password');
    await expect(key1.getByLabel('Value')).toHaveAttribute('type', 'password');
    await expect(key1.getByLabel('Value')).toHaveAttribute('autocomplete', 'off');
    await key1.getByLabel('Value').fill(canary);
    await page.getByRole('button', { name: 'Add key' }).click();
    const key2 = page.getByRole('group', { name: 'Key 2' });
    await key2.getByLabel('Key name').fill('username');
    await key2.getByLabel('Value').fill('app');
    await expectNoAxeViolations(page, 'create secret', ['light', 'dark']);
    await page.getByRole('button', { name: 'Create secret' }).click();

    await expect(page).toHaveURL(new RegExp(`/ns/${ns}/secrets/${secret}$`));
    const keys = page.getByRole('list', { name: `Keys of ${secret}` });
    await expect(keys.getByRole('listitem')).toHaveText(['password', 'username']);
    await expect(page.getByRole('region', { name: 'Overview' })).toContainText(DEVELOPER.name);
    await expectNoAxeViolations(page, 'secret detail', ['light', 'dark']);
    await expectNowhereInPage(page, [canary], 'after creating the secret');

    // Mount the secret by key through the pod form, and take another key as an environment variable.
    await page.goto(`/ns/${ns}/pods/new`);
    await page.getByLabel('Pod name').fill(pod);
    await page.getByLabel('Image').fill('registry.example/api:2.3');
    await page.getByRole('button', { name: 'Add secret mount' }).click();
    const mount = page.getByRole('group', { name: 'Secret mount 1' });
    await mount.getByLabel('Secret').selectOption(secret);
    await mount.getByRole('checkbox', { name: 'password' }).check();
    await mount.getByLabel('Mount path').fill('/etc/db');
    await page.getByRole('button', { name: 'Add variable' }).click();
    const variable = page.getByRole('group', { name: 'Variable 1' });
    await variable.getByLabel('Name').fill('DB_USER');
    await variable.getByLabel('Value from').selectOption('secret');
    await variable.getByLabel('Secret').selectOption(secret);
    await variable.getByLabel('Key').selectOption('username');
    await expect(page.getByRole('group', { name: 'Security profile' }).getByRole('radio', { name: 'restricted' })).toHaveAccessibleDescription(/Passes/);
    await page.getByRole('tab', { name: 'YAML' }).click();
    const yaml = page.getByRole('textbox', { name: 'Pod YAML' });
    await expect(yaml).toHaveValue(new RegExp(`secretName: ${secret}`));
    await expect(yaml).toHaveValue(/key: password/);
    await page.getByRole('tab', { name: 'Form' }).click();
    await page.getByRole('button', { name: 'Create pod' }).click();

    await expect(page).toHaveURL(new RegExp(`/ns/${ns}/pods/${pod}$`));
    await expect(page.getByRole('status', { name: 'Pod status' })).toHaveText(/Running/, { timeout: 20_000 });
    const mounts = page.getByRole('table', { name: `Volume mounts of ${pod}` });
    await expect(mounts).toContainText(secret);
    await expect(mounts).toContainText('/etc/db/password');
    await expect(page.getByRole('region', { name: 'Volume mounts' })).toContainText(`DB_USER from key username of secret ${secret}`);
    await expectNowhereInPage(page, [canary], 'on the pod page');

    // The secret's page follows: the pod now uses it.
    await page.getByRole('table', { name: `Volume mounts of ${pod}` }).getByRole('link', { name: secret }).click();
    await expect(page.getByRole('region', { name: 'Used by pods' }).getByRole('link', { name: pod })).toBeVisible();

    // Replace a value through a write-only input, which is cleared afterwards.
    const newValue = page.getByLabel('New value for password');
    await expect(newValue).toHaveAttribute('type', 'password');
    await newValue.fill(canary2);
    await page.getByRole('button', { name: 'Save new values' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved. Replaced or added: password.' })).toBeVisible();
    await expect(newValue).toHaveValue('');
    await expectNoAxeViolations(page, 'secret detail (after replacing a value)');
    await expectNowhereInPage(page, [canary, canary2], 'after replacing a value');

    // Copy the pod to a namespace that lacks the secret: the secret is listed, never copied.
    await page.goto(`/ns/${ns}/pods/${pod}`);
    await page.getByRole('button', { name: 'Copy to another namespace' }).click();
    const dialog = page.getByRole('dialog', { name: `Copy pod ${pod} to another namespace` });
    await dialog.getByLabel('Target namespace').selectOption(other);
    await expect(dialog.getByRole('list', { name: `Secrets missing in ${other}` }).getByRole('listitem')).toHaveText([secret]);
    await expectNoAxeViolations(page, 'copy pod dialog');
    await dialog.getByRole('button', { name: 'Open in the pod form' }).click();
    await expect(page).toHaveURL(new RegExp(`/ns/${other}/pods/new$`));
    await expect(page.getByLabel('Pod name')).toHaveValue(pod);
    await expect(page.getByRole('group', { name: 'Secret mount 1' }).getByLabel('Secret')).toHaveAccessibleDescription(`Secret "${secret}" does not exist in ${other}`);
    await expectNoAxeViolations(page, 'pod form (copy)');

    // Nothing the browser received holds either value.
    await expectNowhereInPage(page, [canary, canary2], 'at the end');
    await page.goto('about:blank');
    const responses = await log.read();
    expect(responses.filter((r) => r.body !== undefined).length).toBeGreaterThan(20);
    expect(responses.filter((r) => r.body === undefined && !new URL(r.url).searchParams.has('watch')), 'every ordinary response was read').toEqual([]);
    const secretCalls = responses.filter((r) => /^\/api\/v1\/namespaces\/[^/]+\/secrets(\/|$)/.test(new URL(r.url).pathname));
    expect(secretCalls.map((r) => r.method).sort(), 'the console only writes secrets (one create, one patch), never reads them').toEqual(['PATCH', 'POST']);
    const needles = [canary, canary2].flatMap(encodings);
    const leaks = responses.filter((r) => needles.some((n) => r.body?.includes(n))).map((r) => `${r.method} ${new URL(r.url).pathname}`);
    expect(leaks, 'responses that carried a secret value').toEqual([]);
  });

  test('TLS and registry secrets are created from files and credentials', async ({ page }) => {
    const tls = uniq('tls');
    const registry = uniq('pull');
    await page.goto(`/ns/${ns}/secrets/new`);
    await page.getByLabel('Secret name').fill(tls);
    await page.getByRole('radio', { name: 'TLS certificate and key' }).check();
    await page.getByLabel('Certificate file (PEM)').setInputFiles({ name: 'tls.crt', mimeType: 'application/x-pem-file', buffer: Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n') });
    await page.getByLabel('Private key file (PEM)').setInputFiles({ name: 'tls.key', mimeType: 'application/x-pem-file', buffer: Buffer.from('not a key') });
    await page.getByRole('button', { name: 'Create secret' }).click();
    await expect(page.getByLabel('Private key file (PEM)')).toHaveAccessibleDescription(/not a PEM private key/);
    await page.getByLabel('Private key file (PEM)').setInputFiles({ name: 'tls.key', mimeType: 'application/x-pem-file', buffer: Buffer.from('-----BEGIN PRIVATE KEY-----\nMIIEfake\n-----END PRIVATE KEY-----\n') });
    await expectNoAxeViolations(page, 'create TLS secret');
    await page.getByRole('button', { name: 'Create secret' }).click();
    await expect(page).toHaveURL(new RegExp(`/ns/${ns}/secrets/${tls}$`));
    await expect(page.getByRole('list', { name: `Keys of ${tls}` }).getByRole('listitem')).toHaveText(['tls.crt', 'tls.key']);

    await page.goto(`/ns/${ns}/secrets/new`);
    await page.getByLabel('Secret name').fill(registry);
    await page.getByRole('radio', { name: 'Container registry credentials' }).check();
    await page.getByLabel('Registry server').fill('registry.example:5000');
    await page.getByLabel('Username').fill('robot');
    await page.getByLabel('Password or token').fill('registry-token-not-shown');
    await expectNoAxeViolations(page, 'create registry secret');
    await page.getByRole('button', { name: 'Create secret' }).click();
    await expect(page).toHaveURL(new RegExp(`/ns/${ns}/secrets/${registry}$`));
    await expect(page.getByRole('list', { name: `Keys of ${registry}` }).getByRole('listitem')).toHaveText(['.dockerconfigjson']);

    await page.getByRole('link', { name: 'All secrets' }).click();
    const table = page.getByRole('table', { name: `Secrets in ${ns}` });
    await expect(table.getByRole('row', { name: new RegExp(tls) })).toContainText('TLS');
    await expect(table.getByRole('row', { name: new RegExp(registry) })).toContainText('Registry credentials');
  });

  test('delete a secret from its page, after a confirmation that says what happens to pods', async ({ page }) => {
    const name = uniq('gone');
    await page.goto(`/ns/${ns}/secrets/new`);
    await page.getByLabel('Secret name').fill(name);
    const key = page.getByRole('group', { name: 'Key 1' });
    await key.getByLabel('Key name').fill('token');
    await key.getByLabel('Value').fill('delete-me-canary-value');
    await page.getByRole('button', { name: 'Create secret' }).click();
    await expect(page).toHaveURL(new RegExp(`/ns/${ns}/secrets/${name}$`));
    await page.getByRole('button', { name: `Delete secret ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete secret ${name}?` });
    await expect(dialog).toContainText(`No pod in ${ns} uses it.`);
    await expectNoAxeViolations(page, 'delete secret dialog');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(page).toHaveURL(new RegExp(`/ns/${ns}/secrets$`));
    await expect(page.getByRole('status').filter({ hasText: `Deleted secret ${name}.` })).toBeVisible();
    await expect(page.getByRole('table', { name: `Secrets in ${ns}` }).getByRole('row', { name: new RegExp(name) })).toHaveCount(0);
    await expectNowhereInPage(page, ['delete-me-canary-value'], 'after deleting');
  });

  test('the user menu downloads a personal kubeconfig', async ({ page }) => {
    await page.goto(`/ns/${ns}/secrets`);
    await page.getByRole('button', { name: new RegExp(DEVELOPER.name) }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'Download my kubeconfig' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${DEVELOPER.name}.kubeconfig`);
    const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    expect(text).toContain('kind: Config');
    expect(text).toContain(`name: ${DEVELOPER.name}`);
    await expect(page.getByRole('menu')).toBeHidden();
  });
});
