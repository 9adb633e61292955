import type { UserInfo } from '../authn/user';
import type { NodeGraph, RelatedKind } from './node-graph';
import type { Attributes, AuthorizationResult, Authorizer } from './types';
import { parseFieldSelector, type FieldRequirement } from '../http/field-selector';

// The Node authorizer (upstream plugin/pkg/auth/authorizer/node): a node agent (`system:node:<name>`
// in group `system:nodes`) may reach only what the pods bound to it need. Like upstream it answers
// `allow` or `noOpinion` with a reason, never `deny`, and sits before RBAC in the union; the
// `system:node` ClusterRole is bound to nobody, so nothing else grants nodes more by default.
//
//   pods                   get (bound to the node); list/watch only with fieldSelector spec.nodeName=<node>;
//                          delete (bound; graceful deletion ends with the node's delete)
//   pods/status            get, update, patch (bound)
//   secrets, configmaps    get, when a pod bound to the node references them; configmaps also list/watch
//                          with the one-term fieldSelector metadata.name=<name> of such a config map (the
//                          kubelet's single-object watch; upstream reads the name from that selector)
//   serviceaccounts/token  create, for a service account of a pod bound to the node (NodeRestriction
//                          admission then requires the token to be bound to such a pod)
//   nodes, nodes/status    get, update, patch of its own Node; create (NodeRestriction checks the name)
//   events                 create, patch, update
// Everything else: no opinion (so RBAC decides; by default only the system:authenticated basics).

/** NODES_GROUP is the group every node identity carries. */
export const NODES_GROUP = 'system:nodes';
const NODE_PREFIX = 'system:node:';

/** nodeName returns the node a user is (username `system:node:<name>` and group `system:nodes`), or undefined. */
export function nodeName(user: Pick<UserInfo, 'username' | 'groups'>): string | undefined {
  if (!user.username.startsWith(NODE_PREFIX) || !user.groups.includes(NODES_GROUP)) return undefined;
  const name = user.username.slice(NODE_PREFIX.length);
  return name === '' ? undefined : name;
}

/**
 * selectsNode is true when a fieldSelector has the term `spec.nodeName=<node>` (`=` or `==`), read by the
 * list/watch's own parser (as selectedName), so the selector authorized is the one served. Its terms are
 * ANDed: any other term only narrows what the nodeName term selects.
 */
export function selectsNode(fieldSelector: string | undefined, node: string): boolean {
  return (servedRequirements(fieldSelector) ?? []).some((r) => r.field === 'spec.nodeName' && r.op === '=' && r.value === node);
}

/**
 * servedRequirements are a fieldSelector's terms as the list/watch will parse them (http/field-selector.ts),
 * or undefined when it will refuse the selector (400): then the selector authorizes nothing.
 */
function servedRequirements(fieldSelector: string | undefined): FieldRequirement[] | undefined {
  try {
    return parseFieldSelector(fieldSelector ?? null, () => true);
  } catch {
    return undefined;
  }
}

const allow = (reason: string): AuthorizationResult => ({ decision: 'allow', reason: `Node: ${reason}` });
const noOpinion = (reason = ''): AuthorizationResult => ({ decision: 'noOpinion', reason });
const noRelationship = (node: string): AuthorizationResult => noOpinion(`no relationship found between node '${node}' and this object`);

function authorizePod(g: NodeGraph, node: string, a: Attributes): AuthorizationResult {
  if (a.subresource === '' && (a.verb === 'list' || a.verb === 'watch') && !a.name) {
    return selectsNode(a.fieldSelector, node) ? allow(`node '${node}' lists the pods bound to it`) : noOpinion('can only list/watch pods with spec.nodeName field selector');
  }
  const readOrStatus = (a.subresource === '' && (a.verb === 'get' || a.verb === 'delete'))
    || (a.subresource === 'status' && (a.verb === 'get' || a.verb === 'update' || a.verb === 'patch'));
  if (!readOrStatus) return noOpinion(`node '${node}' can only get, list/watch and delete its pods and update their status`);
  if (!a.name || !a.namespace) return noOpinion('No Object name found');
  return g.podNode(a.namespace, a.name) === node ? allow(`the pod is bound to node '${node}'`) : noRelationship(node);
}

/**
 * selectedName is the name a fieldSelector selects when it is exactly one term `metadata.name=<name>`
 * (or `==`), read by the list/watch's own parser (http/field-selector.ts), so the name authorized is the
 * name served; anything else, a second term or any comma included, selects no single name.
 */
export function selectedName(fieldSelector: string | undefined): string | undefined {
  if (!fieldSelector || fieldSelector.includes(',')) return undefined;
  const reqs = servedRequirements(fieldSelector);
  if (!reqs) return undefined;
  const [r] = reqs;
  return reqs.length === 1 && r.field === 'metadata.name' && r.op === '=' && r.value !== '' ? r.value : undefined;
}

function authorizeRead(g: NodeGraph, node: string, kind: RelatedKind, a: Attributes): AuthorizationResult {
  if (kind === 'configmap' && (a.verb === 'list' || a.verb === 'watch') && !a.name && !a.subresource && a.namespace) {
    // The kubelet's watch of one config map: allowed as its GET is, for the one name the selector allows.
    const name = selectedName(a.fieldSelector);
    if (!name) return noOpinion('can only list/watch individual config maps, with fieldSelector metadata.name=<name>');
    return g.related(node, kind, a.namespace, name) ? allow(`the ${kind} is referenced by a pod bound to node '${node}'`) : noRelationship(node);
  }
  if (a.verb !== 'get') return noOpinion(a.verb === 'list' || a.verb === 'watch' ? 'can only get individual resources of this type' : 'can only read resources of this type');
  if (a.subresource) return noOpinion('cannot read subresource');
  if (!a.namespace) return noOpinion('can only read namespaced object of this type');
  if (!a.name) return noOpinion('No Object name found');
  return g.related(node, kind, a.namespace, a.name) ? allow(`the ${kind} is referenced by a pod bound to node '${node}'`) : noRelationship(node);
}

function authorizeToken(g: NodeGraph, node: string, a: Attributes): AuthorizationResult {
  if (a.subresource !== 'token') return noOpinion();
  if (a.verb !== 'create' || !a.name) return noOpinion('can only create tokens for individual service accounts');
  return g.related(node, 'serviceaccount', a.namespace, a.name) ? allow(`the service account runs a pod bound to node '${node}'`) : noRelationship(node);
}

function authorizeNode(node: string, a: Attributes): AuthorizationResult {
  if (a.subresource !== '' && a.subresource !== 'status') return noOpinion(`node '${node}' cannot access nodes/${a.subresource}`);
  // The name of a created Node is in the body: NodeRestriction admission checks it.
  if (a.verb === 'create' && a.subresource === '') return allow(`node '${node}' may register itself`);
  if (a.verb !== 'get' && a.verb !== 'update' && a.verb !== 'patch') return noOpinion(`node '${node}' can only get, create and update its own Node object`);
  return a.name === node ? allow(`node '${node}' may update its own Node object`) : noOpinion(`node '${node}' cannot ${a.verb} node '${a.name}', only its own Node object`);
}

/** NODE_LEASE_NAMESPACE holds one Lease per node, renewed as its heartbeat (upstream's kube-node-lease). */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

function authorizeLease(node: string, a: Attributes): AuthorizationResult {
  if (a.namespace !== NODE_LEASE_NAMESPACE) return noOpinion(`can only access leases in the ${NODE_LEASE_NAMESPACE} namespace`);
  // A create has no name in the URL; NodeRestriction admission checks that the Lease is the node's own.
  if (a.verb === 'create' && !a.name) return allow(`node '${node}' may create its Lease`);
  if (a.verb !== 'get' && a.verb !== 'update' && a.verb !== 'patch' && a.verb !== 'delete') return noOpinion(`can only get, create, update and delete its own Lease`);
  return a.name === node ? allow(`node '${node}' may renew its own Lease`) : noOpinion(`node '${node}' cannot ${a.verb} lease '${a.name}', only its own`);
}

/** nodeAuthorizer decides requests of node identities from the node graph; noOpinion for everyone else. */
export function nodeAuthorizer(g: NodeGraph): Authorizer {
  return {
    authorize(a) {
      const node = nodeName(a.user);
      if (!node || !a.isResourceRequest) return noOpinion();
      if (a.apiGroup === '' || a.apiGroup === 'events.k8s.io') {
        if (a.resource === 'events') return a.verb === 'create' || a.verb === 'patch' || a.verb === 'update' ? allow('nodes may record events') : noOpinion('can only create and update events');
      }
      if (a.apiGroup === 'coordination.k8s.io' && a.resource === 'leases') return authorizeLease(node, a);
      if (a.apiGroup !== '') return noOpinion();
      switch (a.resource) {
        case 'pods': return authorizePod(g, node, a);
        case 'secrets': return authorizeRead(g, node, 'secret', a);
        case 'configmaps': return authorizeRead(g, node, 'configmap', a);
        case 'serviceaccounts': return authorizeToken(g, node, a);
        case 'nodes': return authorizeNode(node, a);
        default: return noOpinion();
      }
    },
  };
}
