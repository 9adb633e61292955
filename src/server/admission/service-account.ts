import { forbidden } from '../http/status';
import type { Store } from '../storage/store';
import { DEFAULT_SERVICE_ACCOUNT } from '../registry/namespace-defaults';
import type { AdmissionPlugin } from './types';

// Upstream's ServiceAccount admission, the part that matters here: a pod runs as a service account
// that exists. A missing `default` one is waited for briefly (its controller makes it right after the
// namespace), as upstream retries its lookup; any other missing one is a 403.

const DEFAULT_WAIT_MS = 1000;

async function lookup(store: Store, ns: string, name: string): Promise<boolean> {
  if (store.get('/serviceaccounts', ns, name)) return true;
  if (name !== DEFAULT_SERVICE_ACCOUNT) return false;
  for (let waited = 0; waited < DEFAULT_WAIT_MS; waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
    if (store.get('/serviceaccounts', ns, name)) return true;
  }
  return false;
}

/** serviceAccountAdmission refuses a new pod whose service account does not exist. */
export function serviceAccountAdmission(): AdmissionPlugin {
  return {
    name: 'ServiceAccount',
    async validate(a) {
      if (a.operation !== 'CREATE' || a.group !== '' || a.resource !== 'pods' || a.subresource !== '' || !a.object) return;
      const spec = (a.object as { spec?: { serviceAccountName?: string } }).spec;
      const name = spec?.serviceAccountName || DEFAULT_SERVICE_ACCOUNT;
      if (await lookup(a.store, a.namespace, name)) return;
      throw forbidden(`pods "${a.name}" is forbidden: error looking up service account ${a.namespace}/${name}: serviceaccount "${name}" not found`, 'pods', '', a.name);
    },
  };
}
