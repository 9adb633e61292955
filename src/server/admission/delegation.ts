// Delegation (DESIGN "Delegation (controllers)"): a workload's pods are made by controllers, on behalf of
// the human who last set the workload's pod template (`gatehouse.dev/template-changed-by`, stamped by
// the Creator plugin). Decided here:
//
//   1. The grants that admit a controller-made pod are that human's — the security profiles and
//      secret `use` they hold (or, as for any pod, the pod's service account holds) — looked up at the
//      moment the pod is made. The controller's own grants count for nothing.
//   2. A controller makes only copies of a known pod configuration: the replicaset (job) controller
//      may create a pod only with a controller owner reference to an existing ReplicaSet (Job), whose
//      template the pod's labels and spec equal; the deployment controller may create or re-template a
//      ReplicaSet only as a copy of its Deployment's template (plus the pod-template-hash label).
//   3. If that human no longer exists or is disabled, no new pod is made for them (running pods
//      continue); the refusal names them, and the controller records it as a FailedCreate event.
//   4. The template is checked when a person creates or changes the workload: a template that none of
//      their usable profiles admits, or that mounts a secret they may not use, is refused then (403,
//      the same reasons a pod would get) instead of failing silently later.
//   5. Adoption and release (upstream's ControllerRefManager): a controller may change nothing of an
//      existing child but its owner references, and only to adopt an orphan whose labels its owner's
//      selector matches (a controller reference to an existing owner of its kind) or to release one
//      (drop such a reference). The child keeps its creator; the controller gains no say over its spec.
//   6. Owner references are the writer's words: they name the person a new object is made for only when a
//      workload controller writes them. A requester acting for no person (not a human, nor a service
//      account whose token is bound to an existing pod) may not set a pod template; a pod-bound service
//      account sets one for its pod's creator, checked with their grants.

import type { KubeObject } from '../../shared/api/meta';
import { JOB_COMPLETION_INDEX, POD_TEMPLATE_HASH, selectorMatches, withCompletionIndex, WORKLOAD_ANNOTATIONS } from '../../shared/api/workloads';
import { ANNOTATIONS } from '../../shared/api/meta';
import { deepEqual } from '../../shared/api/equal';
import type { UserInfo } from '../authn/user';
import { CONTROLLERS } from '../authz/bootstrap-policy';
import type { Authorizer } from '../authz/types';
import { ApiError } from '../http/status';
import { defaultPodSpec } from '../../shared/api/pod-defaults';
import { isHuman, personOf, WORKLOADS } from './creator';
import { secretUseError } from './secret-use';
import { decideProfile, type ProfileCache } from './security-profiles/admission';
import type { AdmissionPlugin, AdmissionRequest } from './types';

/** LookupHuman returns the current identity (with groups) of an active user, or undefined when removed or disabled. */
export type LookupHuman = (username: string) => UserInfo | undefined;

const POD_MAKERS = new Map(Object.values(CONTROLLERS).filter((c) => c.podOwner).map((c) => [c.user as string, c.podOwner!]));

function refused(resource: string, name: string, why: string): ApiError {
  return new ApiError(403, 'Forbidden', `${resource} "${name}" is forbidden: ${why}`, { name, kind: resource });
}

/** INACTIVE says why a human's grants no longer count, in every refusal made for that reason. */
const INACTIVE = 'is no longer an active Gatehouse user (removed or disabled)';

/**
 * inactiveDelegateRefusal is the one refusal of a controller-made object (`resource` "name") whose delegate,
 * `human`, who last set the pod template of the `ownerKind` named `ownerName`, is no longer an active user
 * (rule 3); embedded admission and connect mode's webhooks both answer with it.
 */
export function inactiveDelegateRefusal(resource: string, name: string, human: string, ownerKind: string | undefined, ownerName: string | undefined): ApiError {
  return refused(resource, name, `user "${human}", who last set the pod template of ${ownerKind} "${ownerName}", ${INACTIVE}: no new pods are made on their behalf`);
}

/** delegateOf is the human recorded on a workload as the one its pods are made for. */
export function delegateOf(o: KubeObject): string | undefined {
  const ann = o.metadata.annotations ?? {};
  return ann[WORKLOAD_ANNOTATIONS.changedBy] ?? ann[ANNOTATIONS.createdBy];
}

/** controllerOwner returns the owner reference marked controller, if any. */
function controllerOwner(o: KubeObject) {
  return (o.metadata.ownerReferences ?? []).find((r) => r.controller === true);
}

/** withoutHash drops the pod-template-hash label, which the deployment controller adds to its copies. */
function withoutHash(labels: Record<string, string> | null | undefined): Record<string, string> {
  const { [POD_TEMPLATE_HASH]: _hash, ...rest } = labels ?? {};
  return rest;
}

/** asPodSpec is a template's spec with the defaults a pod gets on create (so a faithful copy compares equal). */
function asPodSpec(spec: unknown): unknown {
  const s = structuredClone(spec ?? {}) as Record<string, any>;
  defaultPodSpec(s);
  return s;
}

/** podCopiesTemplate tells whether a pod is a copy of the template (labels and spec; tolerations are defaulted on pods alone). */
function podCopiesTemplate(pod: KubeObject, template: any): boolean {
  const strip = (s: any) => { const { tolerations: _t, ...rest } = s ?? {}; return rest; };
  return deepEqual(pod.metadata.labels ?? {}, template?.metadata?.labels ?? {}) && deepEqual(strip((pod as any).spec), strip(asPodSpec(template?.spec)));
}

/**
 * templateFor is the template a controller's pod must copy: the owner's, or for an Indexed Job the
 * template of the pod's completion index (index annotation, label, env and hostname; the index within
 * `completions`). An index out of range has no template.
 */
function templateFor(owner: KubeObject, kind: string, pod: KubeObject): unknown {
  const spec = (owner as any).spec ?? {};
  if (kind !== 'Job' || spec.completionMode !== 'Indexed') return spec.template;
  const i = Number(pod.metadata.annotations?.[JOB_COMPLETION_INDEX]);
  return Number.isInteger(i) && i >= 0 && i < (spec.completions ?? 0) ? withCompletionIndex(spec.template ?? {}, owner.metadata.name!, i) : undefined;
}

/** resolveDelegate finds the human a controller-made object is made for, or throws the refusal. */
function resolveDelegate(a: AdmissionRequest, lookup: LookupHuman, owner: KubeObject, ownerKind: string): UserInfo {
  const human = delegateOf(owner);
  const what = `${a.resource} "${a.name}"`;
  if (!human || !isHuman(human)) throw refused(a.resource, a.name, `${ownerKind} "${owner.metadata.name}" records no person to act for, so ${a.user.username} may not make ${what} for it`);
  const who = lookup(human);
  if (!who) throw inactiveDelegateRefusal(a.resource, a.name, human, ownerKind, owner.metadata.name);
  return who;
}

/** checkTemplate runs the pod admission a template's pods will meet (profiles, secret use) for `user`; it throws the refusal. */
function checkTemplate(deps: DelegationDeps, a: AdmissionRequest, user: UserInfo): void {
  const tmpl = (a.object as any)?.spec?.template;
  if (!tmpl?.spec) return;
  const what = { resource: a.group ? `${a.resource}.${a.group}` : a.resource, name: a.name };
  const pod = { metadata: { ...(structuredClone(tmpl.metadata ?? {})), name: a.name }, spec: asPodSpec(tmpl.spec) as Record<string, any> };
  const d = decideProfile({ store: a.store, authorizer: deps.authorizer, profiles: deps.profiles }, user, a.namespace, pod);
  if (d.error) {
    const reason = d.error.message.replace(/^pods "[^"]*" is forbidden: /, '');
    throw new ApiError(403, 'Forbidden', `${what.resource} "${a.name}" is forbidden: its pod template would be refused for ${user.username}: ${reason}`,
      { name: a.name, kind: what.resource, causes: (d.error.details?.causes ?? []).map((c) => ({ ...c, field: c.field ? `spec.template.${c.field}` : c.field })) });
  }
  // Every secret counts, not only added ones: whoever sets the template vouches for all of it.
  const err = secretUseError(deps.authorizer, user, a.namespace, what, tmpl.spec);
  if (err) throw err;
}

/** withoutOwnerRefs is an object without what adoption may change (owner references) or the server stamps on any write. */
function withoutOwnerRefs(o: KubeObject | undefined): unknown {
  if (!o) return undefined;
  const { ownerReferences: _r, resourceVersion: _v, managedFields: _m, ...metadata } = o.metadata;
  return { ...o, metadata };
}

/**
 * checkClaim allows an update of a child by its controller only as an adoption (an orphan gains a
 * controller reference to an existing `kind` whose selector matches its labels) or a release (a
 * controller reference to a `kind` is dropped), with nothing else changed (rule 5).
 */
function checkClaim(a: AdmissionRequest, resource: string, owner: { apiVersion: string; kind: string; key: string }): void {
  const why = `${a.user.username} may change only the owner references of ${resource === 'pods' ? 'pods' : 'ReplicaSets'}: adopt an orphan its ${owner.kind}'s selector matches, or release one`;
  if (!deepEqual(withoutOwnerRefs(a.object), withoutOwnerRefs(a.oldObject))) throw refused(resource, a.name, why);
  const before = controllerOwner(a.oldObject!);
  const after = controllerOwner(a.object!);
  if (before?.uid === after?.uid) return;
  const ofKind = (r: typeof before) => !!r && r.apiVersion === owner.apiVersion && r.kind === owner.kind;
  if (ofKind(before) && !after) return;
  if (!before && ofKind(after)) {
    const o = a.store.get(owner.key, a.namespace, after!.name);
    if (o && o.metadata.uid === after!.uid && !o.metadata.deletionTimestamp && selectorMatches((o as any).spec?.selector, a.object!.metadata.labels)) return;
  }
  throw refused(resource, a.name, why);
}

/** DelegationDeps are what the Delegation plugin asks: RBAC, the profiles, and who is a current user. */
export interface DelegationDeps {
  authorizer: Authorizer; profiles?: ProfileCache; lookup: LookupHuman;
  /**
   * personless lets a requester that acts for no person set a pod template (recorded as itself, so its
   * pods are made for no person): connect mode, where such workloads keep the cluster's behaviour.
   * Embedded refuses the write instead, where the requester sees why.
   */
  personless?: boolean;
}

/**
 * delegation is the admission plugin of the rules above. Its `admit` runs right after the Creator plugin
 * (so the delegate is known) and before SecurityProfiles and SecretUse, which read `actingFor`.
 */
export function delegation(deps: DelegationDeps): AdmissionPlugin {
  return {
    name: 'Delegation',
    admit(a) {
      if (!a.object || a.subresource !== '' || (a.operation !== 'CREATE' && a.operation !== 'UPDATE')) return;
      const key = `${a.group}/${a.resource}`;
      const podOwner = POD_MAKERS.get(a.user.username);
      if (key === '/pods' && podOwner && a.operation === 'CREATE') {
        const ref = controllerOwner(a.object);
        const owner = ref && ref.apiVersion === podOwner.apiVersion && ref.kind === podOwner.kind ? a.store.get(podOwner.key, a.namespace, ref.name) : undefined;
        if (!owner || owner.metadata.uid !== ref!.uid) throw refused('pods', a.name, `${a.user.username} may create pods only for a ${podOwner.kind} it manages (a controller owner reference to an existing one)`);
        if (!podCopiesTemplate(a.object, templateFor(owner, podOwner.kind, a.object))) throw refused('pods', a.name, `${a.user.username} may create only copies of the pod template of ${podOwner.kind} "${owner.metadata.name}"`);
        a.actingFor = resolveDelegate(a, deps.lookup, owner, podOwner.kind);
        return;
      }
      if (key === '/pods' && podOwner) return checkClaim(a, 'pods', podOwner);
      if (!WORKLOADS.has(key)) return;
      if (a.user.username === CONTROLLERS.deployment.user && key === 'apps/replicasets') {
        // Adopting or releasing a ReplicaSet changes its controller reference and nothing else.
        if (a.operation === 'UPDATE' && controllerOwner(a.oldObject!)?.uid !== controllerOwner(a.object)?.uid) return checkClaim(a, 'replicasets.apps', { apiVersion: 'apps/v1', kind: 'Deployment', key: 'apps/deployments' });
        const ref = controllerOwner(a.object);
        const owner = ref && ref.kind === 'Deployment' ? a.store.get('apps/deployments', a.namespace, ref.name) : undefined;
        if (!owner || owner.metadata.uid !== ref!.uid) throw refused('replicasets.apps', a.name, `${a.user.username} may write only ReplicaSets of a Deployment (a controller owner reference to an existing one)`);
        const tmpl = (a.object as any).spec?.template ?? {};
        const want = (owner as any).spec?.template ?? {};
        const templateChanged = a.operation === 'CREATE' || !deepEqual(tmpl, (a.oldObject as any)?.spec?.template);
        const copy = deepEqual({ ...tmpl, metadata: { ...(tmpl.metadata ?? {}), labels: withoutHash(tmpl.metadata?.labels) } }, { ...want, metadata: { ...(want.metadata ?? {}), labels: withoutHash(want.metadata?.labels) } });
        if (templateChanged && !copy) throw refused('replicasets.apps', a.name, `${a.user.username} may give a ReplicaSet only the pod template of its Deployment "${owner.metadata.name}"`);
        return;
      }
      // A person (or a pod acting for one) sets a template: check it now, with their grants. A requester
      // acting for nobody may not set one: its pods would have no person's grants to be made with.
      const changed = a.operation === 'CREATE' || !deepEqual((a.object as any).spec?.template ?? null, (a.oldObject as any)?.spec?.template ?? null);
      if (!changed) return;
      const resource = a.group ? `${a.resource}.${a.group}` : a.resource;
      const person = personOf(a.store, a.user);
      if (!person && !deps.personless) throw refused(resource, a.name, `${a.user.username} acts for no person (only people, and service accounts whose token is bound to an existing pod, do), so it may not set the pod template of a workload: its pods are made with the grants of the person who set the template`);
      if (!person) return;
      const who = isHuman(a.user.username) ? a.user : deps.lookup(person);
      if (!who) throw refused(resource, a.name, `user "${person}", who made the pod ${a.user.username} is bound to, ${INACTIVE}: no pod template is set on their behalf`);
      checkTemplate(deps, a, who);
    },
  };
}
