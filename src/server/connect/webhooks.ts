// Gatehouse's policy on a real cluster, as admission webhooks (DESIGN "One policy engine, two front
// doors"): an AdmissionReview becomes the same AdmissionRequest the embedded server builds, and the
// same plugins run on it — creator stamping, namespace ranges and security profiles (mutating), the
// secret `use` check and SecurityProfile validation (validating). Objects they look up come from the
// mirror (a watch-fed copy of the cluster); authorization questions go to the cluster's own RBAC
// through SubjectAccessReview (ReviewedAuthorizer). Pod Security is left to the cluster's own
// PodSecurity admission, which runs after these webhooks and so judges the profile's defaults.
//
// Delegation on a real cluster (DESIGN "Delegation (controllers)", decided for connect mode): the
// cluster's own controllers (kube-controller-manager's replicaset, job, statefulset and daemonset
// controllers) make a workload's pods, and the webhooks judge each such pod with the grants of the
// human recorded on its owner chain (`gatehouse.dev/template-changed-by`, else `created-by`), looked up
// as a current Gatehouse user with their groups. A recorded human who is no longer an active Gatehouse
// user gets no new pods (the controller records the refusal as a FailedCreate event; running pods stay).
// Only those controller identities delegate: any other requester's ownerReferences vouch for nothing,
// so nobody borrows a workload owner's grants by naming it. Workloads that record nobody (made before
// Gatehouse was installed) keep the cluster's behaviour: their pods are judged as the controller.
// A person who sets a workload's pod template is checked then, with their own grants, as embedded.

import type { KubeObject } from '../../shared/api/meta';
import { ANNOTATIONS } from '../../shared/api/meta';
import { questionAttributes, type Attributes } from '../authz/types';
import type { UserInfo } from '../authn/user';
import { creator, isHuman, WORKLOADS } from '../admission/creator';
import { delegateOf, delegation, inactiveDelegateRefusal, type LookupHuman } from '../admission/delegation';
import { WORKLOAD_ANNOTATIONS } from '../../shared/api/workloads';
import { namespaceRanges, RangeAllocator } from '../admission/namespace-ranges';
import { podSecretRefs } from '../../shared/pod-references';
import { secretUse } from '../admission/secret-use';
import { ProfileCache, securityProfiles, serviceAccountUser } from '../admission/security-profiles/admission';
import { type AdmissionPlugin, type AdmissionRequest, type Operation } from '../admission/types';
import { ApiError, toApiError } from '../http/status';
import type { Store } from '../storage/store';
import { ReviewedAuthorizer, untilAnswered, type AskCluster } from './sar-authorizer';

/** WEBHOOK_PATHS are where kube-apiserver calls Gatehouse. */
export const WEBHOOK_PATHS = { mutate: '/connect/admission/mutate', validate: '/connect/admission/validate' } as const;

/** JsonPatchOp is one RFC 6902 operation. */
export interface JsonPatchOp { op: 'add' | 'remove' | 'replace'; path: string; value?: unknown }

/**
 * diffPatch returns the JSON patch that turns `before` into `after` for what admission changes:
 * metadata.annotations, metadata.labels and spec, each replaced whole ("add" replaces an existing member).
 */
export function diffPatch(before: KubeObject, after: KubeObject): JsonPatchOp[] {
  const ops: JsonPatchOp[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const k of ['annotations', 'labels'] as const) {
    const a = before.metadata[k];
    const b = after.metadata[k];
    if (same(a, b)) continue;
    if (b === undefined) ops.push({ op: 'remove', path: `/metadata/${k}` });
    else ops.push({ op: 'add', path: `/metadata/${k}`, value: b });
  }
  const sb = (before as any).spec;
  const sa = (after as any).spec;
  if (!same(sb, sa) && sa !== undefined) ops.push({ op: 'add', path: '/spec', value: sa });
  return ops;
}

/** AdmissionReviewRequest is the `request` of an admission.k8s.io/v1 AdmissionReview (the fields used). */
export interface AdmissionReviewRequest {
  uid: string;
  kind?: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: Operation | 'CONNECT';
  userInfo: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  object?: KubeObject | null;
  oldObject?: KubeObject | null;
  dryRun?: boolean;
}

/** Webhooks answer AdmissionReviews with the embedded server's admission plugins. */
export interface Webhooks {
  review(kind: 'mutate' | 'validate', body: any): Promise<any>;
}

const clone = <T>(o: T): T => (o === undefined || o === null ? o : structuredClone(o));

/**
 * questionsFor lists the secret `use` questions a pod's validation will ask (asked up front, in
 * parallel). Profile questions are left to the replay: selection asks them lazily, most restrictive
 * profile first, and the first usually admits the pod, so asking all up front would cost more.
 */
function questionsFor(req: AdmissionReviewRequest, user: UserInfo): Attributes[] {
  const pod = req.object as any;
  if (req.resource.resource !== 'pods' || !pod?.spec) return [];
  const ns = req.namespace ?? '';
  const sa = serviceAccountUser(ns, pod.spec.serviceAccountName || 'default');
  const q = (u: UserInfo, resource: string, group: string, name: string): Attributes => questionAttributes(u, { verb: 'use', group, resource, namespace: ns, name });
  const out: Attributes[] = [];
  for (const r of podSecretRefs(pod.spec)) for (const u of [user, sa]) out.push(q(u, 'secrets', '', r.name));
  return out;
}

/** OWNER_KINDS are the workload kinds whose objects own pods (apiVersion/kind → REST collection path). */
export const OWNER_KINDS: Record<string, string> = {
  'apps/v1/Deployment': 'apps/v1/deployments', 'apps/v1/ReplicaSet': 'apps/v1/replicasets', 'apps/v1/StatefulSet': 'apps/v1/statefulsets',
  'apps/v1/DaemonSet': 'apps/v1/daemonsets', 'batch/v1/Job': 'batch/v1/jobs', 'batch/v1/CronJob': 'batch/v1/cronjobs',
};

/** GetObject reads one object from the cluster as Gatehouse (undefined when absent). */
export type GetObject = (path: string) => Promise<KubeObject | undefined>;

/** CLUSTER_POD_MAKERS are the cluster's controllers that make pods for workloads (kube-controller-manager, with and without --use-service-account-credentials). */
export const CLUSTER_POD_MAKERS = new Set([
  'system:kube-controller-manager',
  ...['replicaset-controller', 'job-controller', 'statefulset-controller', 'daemon-set-controller'].map((c) => `system:serviceaccount:kube-system:${c}`),
]);

/** CLUSTER_CONTROLLERS are the cluster's controllers whose objects are made for their owner's person: the pod makers, and those making ReplicaSets (deployment) and Jobs (cronjob). */
export const CLUSTER_CONTROLLERS = new Set([...CLUSTER_POD_MAKERS, ...['deployment-controller', 'cronjob-controller'].map((c) => `system:serviceaccount:kube-system:${c}`)]);

/**
 * workloadDelegate follows controller references through the cluster's workloads — a pod
 * to its ReplicaSet to its Deployment — to the nearest recorded human (`template-changed-by`, else
 * `created-by`: a workload's pods are made for whoever last set its template), at most 5 levels,
 * naming the owner it was found on. The embedded creator plugin does the same over its own store,
 * which has no workload kinds here.
 */
export async function workloadDelegate(get: GetObject, obj: KubeObject, namespace: string): Promise<{ human: string; owner: KubeObject } | undefined> {
  let cur: KubeObject | undefined = obj;
  for (let depth = 0; cur && depth < 5; depth++) {
    const human = depth > 0 ? delegateOf(cur) : undefined;
    if (human) return { human, owner: cur };
    // Only the controller reference: the controller that made an object is the one acting for its owner's
    // person; any other owner reference is the writer's word and vouches for nobody.
    const ref: NonNullable<KubeObject['metadata']['ownerReferences']>[number] | undefined = (cur.metadata.ownerReferences ?? []).find((r) => r.controller === true);
    const coll: string | undefined = ref && OWNER_KINDS[`${ref.apiVersion}/${ref.kind}`];
    const owner: KubeObject | undefined = coll ? await get(`/apis/${coll.replace(/\/([a-z]+)$/, `/namespaces/${namespace}/$1`)}/${ref!.name}`) : undefined;
    cur = owner && owner.metadata.uid === ref!.uid ? owner : undefined;
  }
  return undefined;
}

/** workloadCreator is the human workloadDelegate finds, if any. */
export async function workloadCreator(get: GetObject, obj: KubeObject, namespace: string): Promise<string | undefined> {
  return (await workloadDelegate(get, obj, namespace))?.human;
}

/**
 * podDelegate decides whom a pod the cluster's controllers make is made for: undefined when the request
 * is not such a pod or its owners record nobody; else the human's current identity, or the refusal.
 */
async function podDelegate(req: AdmissionReviewRequest, get: GetObject | undefined, lookup: LookupHuman | undefined): Promise<UserInfo | ApiError | undefined> {
  const username = req.userInfo.username ?? '';
  if (!get || req.resource.resource !== 'pods' || req.resource.group !== '' || req.operation !== 'CREATE' || req.subResource || !CLUSTER_POD_MAKERS.has(username) || !req.object) return undefined;
  const found = await workloadDelegate(get, req.object, req.namespace ?? '');
  if (!found || !isHuman(found.human)) return undefined;
  const who = lookup?.(found.human);
  if (who) return who;
  const name = req.object.metadata.name || req.object.metadata.generateName || '';
  return inactiveDelegateRefusal('pods', name, found.human, found.owner.kind, found.owner.metadata.name);
}

/** createWebhooks builds the two webhook handlers over the mirror and the cluster's authorizer. */
export function createWebhooks(deps: { store: Store; ask: AskCluster; get?: GetObject; lookup?: LookupHuman }): Webhooks {
  const allocator = new RangeAllocator(deps.store);
  const profiles = new ProfileCache(deps.store);
  // Rounds that only gather answers must not reserve namespace ranges: only the final round allocates.
  const plugins = (authorizer: ReviewedAuthorizer, final: boolean, actingFor: UserInfo | undefined): AdmissionPlugin[] => [
    creator(),
    // A controller's pod is judged with the grants of the human it is made for (podDelegate).
    { name: 'ActingFor', admit: (a) => { a.actingFor = actingFor; }, validate: (a) => { a.actingFor = actingFor; } },
    // A person setting a workload's pod template is checked now, with their grants (cluster controllers never match its own-controller rules).
    delegation({ authorizer, profiles, lookup: deps.lookup ?? (() => undefined), personless: true }),
    namespaceRanges({ authorizer, allocator: { allocate: (dryRun = false) => allocator.allocate(dryRun || !final) } as RangeAllocator }),
    securityProfiles({ authorizer, profiles }),
    secretUse({ authorizer }),
  ];

  return {
    async review(kind, body) {
      const req = body?.request as AdmissionReviewRequest | undefined;
      if (!req?.uid) throw new ApiError(400, 'BadRequest', 'expected an admission.k8s.io/v1 AdmissionReview with a request');
      const respond = (response: Record<string, unknown>) => ({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: req.uid, ...response } });
      if (req.operation === 'CONNECT' || req.operation === 'DELETE') return respond({ allowed: true });
      const user: UserInfo = { username: req.userInfo.username ?? '', uid: req.userInfo.uid, groups: req.userInfo.groups ?? [], ...(req.userInfo.extra ? { extra: req.userInfo.extra } : {}) };
      const delegate = await podDelegate(req, deps.get, deps.lookup).catch((e: unknown) => toApiError(e));
      if (delegate instanceof ApiError) {
        const s = delegate.toStatus();
        return respond({ allowed: false, status: { code: s.code, reason: s.reason, message: s.message, details: s.details } });
      }
      const authorizer = new ReviewedAuthorizer(deps.ask);
      if (kind === 'validate') await authorizer.prefetch(questionsFor(req, delegate ?? user));
      const attempt = async (final = false) => {
        const all = plugins(authorizer, final, delegate);
        const a: AdmissionRequest = {
          operation: req.operation as Operation, group: req.resource.group, resource: req.resource.resource, subresource: req.subResource ?? '',
          namespace: req.namespace ?? '', name: req.name ?? (req.object?.metadata?.name ?? ''), object: clone(req.object ?? undefined), oldObject: clone(req.oldObject ?? undefined),
          user, dryRun: req.dryRun === true, store: deps.store, warnings: [], annotations: {},
        };
        try {
          if (kind === 'mutate') for (const p of all) { if (p.admit) await p.admit(a); }
          else for (const p of all) { if (p.validate) await p.validate(a); }
          return { a, error: undefined as ApiError | undefined };
        } catch (err) {
          return { a, error: toApiError(err) };
        }
      };
      let out = await untilAnswered(authorizer, () => attempt());
      if (kind === 'mutate' && !out.error && req.resource.resource === 'namespaces' && req.operation === 'CREATE') {
        // The answers are all in: run once more for real, so exactly one block is reserved for this namespace.
        out = await attempt(true);
      }
      const { a, error } = out;
      // A cluster controller's object (no human behind the request) inherits its owner's creator. Anyone
      // else's ownerReferences vouch for nothing: naming another person's object as owner borrows nobody.
      if (kind === 'mutate' && !error && req.operation === 'CREATE' && CLUSTER_CONTROLLERS.has(user.username) && deps.get && a.object && !a.object.metadata.annotations?.[ANNOTATIONS.createdBy] && a.object.metadata.ownerReferences?.length) {
        const by = await workloadCreator(deps.get, a.object, a.namespace).catch(() => undefined);
        if (by) {
          a.object.metadata.annotations = { ...(a.object.metadata.annotations ?? {}), [ANNOTATIONS.createdBy]: by };
          // A workload a controller makes (a Deployment's ReplicaSet) is made for the same person, as embedded.
          if (WORKLOADS.has(`${a.group}/${a.resource}`)) a.object.metadata.annotations[WORKLOAD_ANNOTATIONS.changedBy] = by;
        }
      }
      const auditAnnotations = Object.keys(a.annotations).length ? Object.fromEntries(Object.entries(a.annotations).map(([k, v]) => [k.replace(/\//g, '.'), v])) : undefined;
      if (error) {
        const s = error.toStatus();
        return respond({ allowed: false, status: { code: s.code, reason: s.reason, message: s.message, details: s.details }, ...(a.warnings.length ? { warnings: a.warnings } : {}) });
      }
      const res: Record<string, unknown> = { allowed: true };
      if (a.warnings.length) res.warnings = a.warnings;
      if (auditAnnotations) res.auditAnnotations = auditAnnotations;
      if (kind === 'mutate' && req.object && a.object) {
        const patch = diffPatch(req.object, a.object);
        if (patch.length) { res.patchType = 'JSONPatch'; res.patch = Buffer.from(JSON.stringify(patch)).toString('base64'); }
      }
      return respond(res);
    },
  };
}
