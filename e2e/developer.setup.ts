import fs from 'node:fs';
import path from 'node:path';
import { expect, test as setup } from '@playwright/test';
import { bindRole, createNamespace, createUser, PASSWORD, signIn } from './admin-fixtures';
import { DEVELOPER } from './developer';
import { adminApi } from './support';

// Creates the developer of the pods and secrets specs through the API as the bootstrap admin (user,
// password, RoleBindings), then signs in through the sign-in page and saves the session.
setup('create and sign in the developer', async ({ page, baseURL }) => {
  const api = await adminApi(baseURL!);
  try {
    await createUser(api, DEVELOPER.name);
    for (const ns of [DEVELOPER.namespace, DEVELOPER.otherNamespace]) {
      await createNamespace(api, ns);
      await bindRole(api, ns, `${DEVELOPER.name}-developer`, 'developer', DEVELOPER.name);
    }
    // A second profile, so the picker has a choice: `nonroot` in the developer's own namespace only.
    await bindRole(api, DEVELOPER.namespace, `${DEVELOPER.name}-nonroot`, 'gatehouse:use-securityprofile-nonroot', DEVELOPER.name);
  } finally {
    await api.dispose();
  }
  await page.goto('/sign-in');
  await signIn(page, DEVELOPER.name, PASSWORD);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  fs.mkdirSync(path.dirname(DEVELOPER.state), { recursive: true });
  await page.context().storageState({ path: DEVELOPER.state });
});
