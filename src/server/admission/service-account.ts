import { randomInt } from 'node:crypto';
import type { KubeObject } from '../../shared/api/meta';
import { forbidden } from '../http/status';
import type { Store } from '../storage/store';
import { DEFAULT_SERVICE_ACCOUNT, ROOT_CA_CONFIGMAP } from '../../shared/api/core';
import type { AdmissionPlugin } from './types';

// Upstream's ServiceAccount admission: a pod runs as a service account that exists (a missing
// `default` one is waited for briefly: its controller makes it right after the namespace, and upstream
// retries its lookup too; any other missing one is a 403), and unless automounting is turned off (on
// the pod or its service account) it gets the projected `kube-api-access-*` volume — a bound token,
// the cluster CA and its namespace — mounted read-only in every container, exactly as upstream adds it.

const DEFAULT_WAIT_MS = 1000;
/** TOKEN_MOUNT_PATH is where containers find their service-account credentials. */
export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** TOKEN_EXPIRATION_SECONDS is upstream's default for the projected token (one hour, plus jitter allowance). */
const TOKEN_EXPIRATION_SECONDS = 3607;

async function lookup(store: Store, ns: string, name: string): Promise<Readonly<KubeObject> | undefined> {
  const found = store.getShared('/serviceaccounts', ns, name);
  if (found || name !== DEFAULT_SERVICE_ACCOUNT) return found;
  for (let waited = 0; waited < DEFAULT_WAIT_MS; waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
    const sa = store.getShared('/serviceaccounts', ns, name);
    if (sa) return sa;
  }
  return undefined;
}

/** suffix is 5 characters of upstream's utilrand alphabet (no vowels, no confusable digits). */
function suffix(): string {
  let out = '';
  for (let i = 0; i < 5; i++) out += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return out;
}
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

type Container = { volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[] };
type PodSpec = { serviceAccountName?: string; automountServiceAccountToken?: boolean | null; volumes?: Record<string, unknown>[] | null; containers?: Container[]; initContainers?: Container[] | null };

/** mountToken adds the kube-api-access volume and its mounts (mutates), unless a container mounts that path already. */
function mountToken(spec: PodSpec): void {
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  if (containers.some((c) => (c.volumeMounts ?? []).some((m) => m.mountPath === TOKEN_MOUNT_PATH))) return;
  const name = `kube-api-access-${suffix()}`;
  spec.volumes = [...(spec.volumes ?? []), {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
        { configMap: { name: ROOT_CA_CONFIGMAP, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  }];
  for (const c of containers) c.volumeMounts = [...(c.volumeMounts ?? []), { name, readOnly: true, mountPath: TOKEN_MOUNT_PATH }];
}

/** serviceAccountAdmission refuses a new pod whose service account does not exist and mounts its token. */
export function serviceAccountAdmission(): AdmissionPlugin {
  return {
    name: 'ServiceAccount',
    async admit(a) {
      if (a.operation !== 'CREATE' || a.group !== '' || a.resource !== 'pods' || a.subresource !== '' || !a.object) return;
      const spec = ((a.object as { spec?: PodSpec }).spec ??= {});
      const name = spec.serviceAccountName || DEFAULT_SERVICE_ACCOUNT;
      const sa = await lookup(a.store, a.namespace, name);
      if (!sa) throw forbidden(`pods "${a.name}" is forbidden: error looking up service account ${a.namespace}/${name}: serviceaccount "${name}" not found`, 'pods', '', a.name);
      const automount = spec.automountServiceAccountToken ?? (sa as { automountServiceAccountToken?: boolean | null }).automountServiceAccountToken ?? true;
      if (automount !== false) mountToken(spec);
    },
  };
}
