import { randomInt } from 'node:crypto';
import type { KubeObject } from '../../../shared/api/meta';
import { invalid } from '../../http/status';
import type { AdmissionPlugin } from '../../admission/types';
import type { Store } from '../../storage/store';

// ClusterIP allocation for Services, as upstream's service REST storage does it: from the service CIDR
// (10.96.0.0/12 by default), the first address reserved for the `kubernetes` service, a requested
// address checked to be in range and free, "None" for headless services, none for ExternalName.

/** SERVICE_CIDR is the range Service ClusterIPs come from (kube-apiserver's default --service-cluster-ip-range). */
export const SERVICE_CIDR = { base: (10 << 24) | (96 << 16), bits: 12 };
/** KUBERNETES_SERVICE_IP is the first address of the range: the `kubernetes` service in `default`. */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';

const SERVICES = '/services';
const size = 2 ** (32 - SERVICE_CIDR.bits);
const toIp = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
function fromIp(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}
const inRange = (n: number) => n - SERVICE_CIDR.base >= 1 && n - SERVICE_CIDR.base < size - 1;

function used(store: Store): Set<string> {
  const ips = new Set<string>();
  for (const s of store.list(SERVICES)) { const ip = (s as any).spec?.clusterIP; if (ip) ips.add(ip); }
  return ips;
}

/** allocateClusterIP picks a free address of the range (never the reserved first one). */
export function allocateClusterIP(store: Store): string {
  const taken = used(store);
  for (let i = 0; i < 64; i++) {
    const ip = toIp(SERVICE_CIDR.base + 2 + randomInt(size - 3));
    if (!taken.has(ip)) return ip;
  }
  for (let n = 2; n < size - 1; n++) if (!taken.has(toIp(SERVICE_CIDR.base + n))) return toIp(SERVICE_CIDR.base + n);
  throw invalid('Service', '', '', [{ field: 'spec.clusterIPs', message: 'Internal error: failed to allocate a serviceIP: range is full', type: 'FieldValueInvalid' }]);
}

/** defaultService fills upstream's Service defaults (mutates). */
function defaultService(svc: KubeObject): void {
  const spec = ((svc as any).spec ??= {});
  spec.type ??= 'ClusterIP';
  if (spec.type === 'ExternalName') return;
  spec.sessionAffinity ??= 'None';
  spec.internalTrafficPolicy ??= 'Cluster';
  for (const p of spec.ports ?? []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
  }
  (svc as any).status ??= { loadBalancer: {} };
}

/** serviceIPs is the admission step that defaults a new Service and gives it its ClusterIP. */
export function serviceIPs(): AdmissionPlugin {
  return {
    name: 'ServiceIPAllocation',
    admit(a) {
      if (a.group !== '' || a.resource !== 'services' || a.subresource !== '' || a.operation !== 'CREATE' || !a.object) return;
      const svc = a.object;
      defaultService(svc);
      const spec = (svc as any).spec;
      if (spec.type === 'ExternalName') return;
      const want = spec.clusterIP || spec.clusterIPs?.[0];
      if (want === 'None') { spec.clusterIP = 'None'; spec.clusterIPs = ['None']; return; }
      let ip: string;
      if (want) {
        const n = fromIp(want);
        if (n === undefined || !inRange(n)) throw invalid('Service', '', a.name, [{ field: 'spec.clusterIPs', message: `Invalid value: []string{"${want}"}: failed to allocate IP ${want}: the provided IP (${want}) is not in the valid range. The range of valid IPs is 10.96.0.0/12`, type: 'FieldValueInvalid' }]);
        if (used(a.store).has(want)) throw invalid('Service', '', a.name, [{ field: 'spec.clusterIPs', message: `Invalid value: []string{"${want}"}: failed to allocate IP ${want}: provided IP is already allocated`, type: 'FieldValueInvalid' }]);
        ip = want;
      } else ip = allocateClusterIP(a.store);
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
    },
  };
}
