import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { App } from '../app';
import { USERS } from '../authn/identity';
import { writeSecretFile } from '../authn/pki';
import { systemCreate } from '../registry/system-create';

/**
 * ensureInitialAdmin creates user `admin` (group system:masters) with a random password on an empty
 * data dir, saving the password to `initial-admin-password` (0600). Returns the password when it was created.
 */
export async function ensureInitialAdmin(app: App, dataDir: string): Promise<string | undefined> {
  if (app.store.get(USERS, '', 'admin')) return undefined;
  const password = randomBytes(18).toString('base64url');
  systemCreate(app.store, USERS, '', { apiVersion: 'iam.gatehouse.dev/v1', kind: 'User', metadata: { name: 'admin' }, spec: { fullName: 'Cluster administrator', groups: ['system:masters'] } });
  await app.identity.setPassword('admin', password);
  writeSecretFile(path.join(dataDir, 'initial-admin-password'), `${password}\n`);
  return password;
}
