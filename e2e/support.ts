import fs from 'node:fs';
import path from 'node:path';
import { request, type APIRequestContext } from '@playwright/test';
import { parse } from 'yaml';

// Shared helpers for the specs: where the server keeps its first-start credentials, and an API client
// that acts as the bootstrap admin (bearer token), for fixtures that are not part of what is tested.

/** ADMIN_STATE is the signed-in admin's storage state, written by auth.setup.ts. */
export const ADMIN_STATE = 'test-results/.auth/admin.json';

/** dataDir is the server's data dir for this run, written by e2e/start-server.mjs. */
export function dataDir(): string {
  return fs.readFileSync('test-results/e2e-data-dir.txt', 'utf8').trim();
}

/** adminPassword is the first-start password of user `admin` (the server writes it once, mode 0600). */
export function adminPassword(): string {
  return fs.readFileSync(path.join(dataDir(), 'initial-admin-password'), 'utf8').trim();
}

/** adminToken is the bearer token in the bootstrap admin.kubeconfig. */
export function adminToken(): string {
  const config = parse(fs.readFileSync(path.join(dataDir(), 'admin.kubeconfig'), 'utf8')) as { users: { user: { token: string } }[] };
  const token = config.users?.[0]?.user?.token;
  if (!token) throw new Error('admin.kubeconfig has no token');
  return token;
}

/** adminApi is a request context authenticated as the bootstrap admin; dispose it after use. */
export function adminApi(baseURL: string): Promise<APIRequestContext> {
  return request.newContext({
    baseURL,
    ignoreHTTPSErrors: true,
    extraHTTPHeaders: { Authorization: `Bearer ${adminToken()}`, Accept: 'application/json' },
  });
}

/** restrictedPod is a pod any Pod Security level and the `restricted` profile admit. */
export function restrictedPod(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'e2e' } },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'web',
        image: 'registry.example/web:1.0',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      }],
    },
  };
}
