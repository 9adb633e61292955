// NodeRestriction (upstream plugin/pkg/admission/noderestriction): what the node authorizer cannot
// see because it is in the request body. For a node identity (`system:node:<name>`, group
// `system:nodes`):
//   pods                   no create (no mirror pods here), no spec update; status writes and
//                          deletes only for pods bound to the node
//   nodes                  create and update only its own Node; labels under
//                          `node-restriction.kubernetes.io/` may not be set or changed
//   serviceaccounts/token  the token must be bound (boundObjectRef kind Pod, with uid) to a pod that
//                          exists, is bound to the node and runs as that service account
// Other users pass untouched.

import { nodeName } from '../authz/node';
import { forbidden } from '../http/status';
import type { AdmissionPlugin, AdmissionRequest } from './types';

const RESTRICTED_LABEL_PREFIX = 'node-restriction.kubernetes.io/';

function restrictedLabels(labels: Record<string, string> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => k.startsWith(RESTRICTED_LABEL_PREFIX) || k.split('/')[0].endsWith(`.${RESTRICTED_LABEL_PREFIX.slice(0, -1)}`)));
}

function admitPod(node: string, a: AdmissionRequest): void {
  const deny = (why: string) => forbidden(`pods "${a.name}" is forbidden: node "${node}" ${why}`, 'pods', '', a.name);
  if (a.subresource === '' && a.operation === 'CREATE') throw deny('can not create pods');
  if (a.subresource === '' && a.operation === 'UPDATE') throw deny('can not update pods, only their status');
  if (a.subresource === 'status' || a.operation === 'DELETE') {
    const bound = (a.oldObject as any)?.spec?.nodeName;
    if (bound !== node) throw deny(a.operation === 'DELETE' ? 'can only delete pods with spec.nodeName set to itself' : 'can only update pod status for pods with spec.nodeName set to itself');
  }
}

function admitNode(node: string, a: AdmissionRequest): void {
  if (a.operation === 'DELETE') return;
  const name = a.object?.metadata.name ?? a.name;
  if (name !== node) throw forbidden(`nodes "${name}" is forbidden: node "${node}" is not allowed to modify node "${name}"`, 'nodes', '', name);
  const now = JSON.stringify(restrictedLabels(a.object?.metadata.labels));
  const before = JSON.stringify(restrictedLabels(a.oldObject?.metadata.labels));
  if (now !== before) throw forbidden(`nodes "${name}" is forbidden: node "${node}" is not allowed to modify labels under ${RESTRICTED_LABEL_PREFIX}`, 'nodes', '', name);
}

function admitToken(node: string, a: AdmissionRequest): void {
  const deny = (why: string) => forbidden(`serviceaccounts "${a.name}" is forbidden: ${why}`, 'serviceaccounts', '', a.name);
  const ref = (a.object as any)?.spec?.boundObjectRef;
  if (!ref) throw deny('node requested token not bound to a pod');
  if (ref.kind !== 'Pod') throw deny(`node requested token bound to a ${String(ref.kind)}, only pods are allowed`);
  if (!ref.uid) throw deny('node requested token with a pod binding without a uid');
  const pod = a.store.getShared('/pods', a.namespace, String(ref.name ?? ''));
  if (!pod) throw deny(`node requested token bound to a pod "${String(ref.name)}" that does not exist`);
  if (pod.metadata.uid !== ref.uid) throw deny('the UID in the bound object reference does not match the UID of the pod');
  if ((pod as any).spec?.nodeName !== node) throw deny('node requested token bound to a pod scheduled on a different node');
  if ((pod as any).spec?.serviceAccountName !== a.name) throw deny(`node requested token for service account "${a.name}" but the pod runs as "${String((pod as any).spec?.serviceAccountName)}"`);
}

/** nodeRestriction is the validating admission plugin that limits node identities to their own node and pods. */
export function nodeRestriction(): AdmissionPlugin {
  return {
    name: 'NodeRestriction',
    validate(a) {
      const node = nodeName(a.user);
      if (!node) return;
      if (a.group === 'coordination.k8s.io' && a.resource === 'leases' && a.operation !== 'DELETE' && a.name !== node) {
        throw forbidden(`leases.coordination.k8s.io "${a.name}" is forbidden: node "${node}" can only access its own lease`, 'leases', 'coordination.k8s.io', a.name);
      }
      if (a.group !== '') return;
      if (a.resource === 'pods') admitPod(node, a);
      else if (a.resource === 'nodes') admitNode(node, a);
      else if (a.resource === 'serviceaccounts' && a.subresource === 'token') admitToken(node, a);
    },
  };
}
