// Namespace lifecycle (upstream's NamespaceLifecycle admission plugin, the part about deletion):
// restricted: DELETE of a namespace. Refused for the namespaces the system relies on —
// `default`, `kube-system`, `kube-public` (upstream's immortal namespaces) and `kube-node-lease`,
// which Gatehouse creates at every start for the node agents. Everyone is refused, cluster admins too.
import { forbidden } from '../http/status';
import type { AdmissionPlugin } from './types';

/** IMMORTAL_NAMESPACES may not be deleted. */
export const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** namespaceLifecycle refuses to delete an immortal namespace, with upstream's message. */
export function namespaceLifecycle(): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    validate(a) {
      if (a.operation !== 'DELETE' || a.group !== '' || a.resource !== 'namespaces' || a.subresource) return;
      if (IMMORTAL_NAMESPACES.has(a.name)) throw forbidden(`namespaces "${a.name}" is forbidden: this namespace may not be deleted`, 'namespaces', '', a.name);
    },
  };
}
