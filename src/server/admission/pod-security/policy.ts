// The public face of the Pod Security Standards engine: resolve a namespace's
// `pod-security.kubernetes.io/*` labels to a policy (api/helpers.go
// PolicyToEvaluate), evaluate a pod against a level and version
// (policy/checks.go AggregateCheckResults), and turn that into exactly what
// upstream's admission plugin returns: a Forbidden message for enforce, Warning
// texts for warn, and audit annotations (admission/admission.go EvaluatePod).

import { defaultChecks } from './checks/index';
import { createEvaluator, type CheckOutcome, type Evaluator } from './evaluator';
import { goQuote, isRecord, str } from './helpers';
import {
  compareLevels,
  formatLevelVersion,
  isMajorMinor,
  isPolicyLevel,
  parseLevel,
  parseVersion,
  type PolicyLevel,
  type PolicyVersion,
} from './level-version';
import type { ContainerLike, PodMetaLike, PodSpecLike } from './types';

/** LABEL_PREFIX prefixes every Pod Security label and audit annotation. */
export const LABEL_PREFIX = 'pod-security.kubernetes.io/';

/** Mode is one of the three ways a namespace applies a level. */
export type Mode = 'enforce' | 'audit' | 'warn';

/** LEVEL_LABELS maps each mode to its level label, e.g. `pod-security.kubernetes.io/enforce`. */
export const LEVEL_LABELS: Readonly<Record<Mode, string>> = {
  enforce: `${LABEL_PREFIX}enforce`,
  audit: `${LABEL_PREFIX}audit`,
  warn: `${LABEL_PREFIX}warn`,
};

/** VERSION_LABELS maps each mode to its version label, e.g. `pod-security.kubernetes.io/enforce-version`. */
export const VERSION_LABELS: Readonly<Record<Mode, string>> = {
  enforce: `${LABEL_PREFIX}enforce-version`,
  audit: `${LABEL_PREFIX}audit-version`,
  warn: `${LABEL_PREFIX}warn-version`,
};

/** ENFORCE_POLICY_ANNOTATION records the enforce level:version a pod was checked against. */
export const ENFORCE_POLICY_ANNOTATION = `${LABEL_PREFIX}enforce-policy`;
/** AUDIT_VIOLATIONS_ANNOTATION records what the audit level would have rejected. */
export const AUDIT_VIOLATIONS_ANNOTATION = `${LABEL_PREFIX}audit-violations`;
/** ERROR_ANNOTATION records unparseable namespace labels. */
export const ERROR_ANNOTATION = `${LABEL_PREFIX}error`;

/** evaluator is the process-wide evaluator over the default checks; building it validates the registry at import. */
export const evaluator: Evaluator = createEvaluator(defaultChecks);

/** Labels is a namespace's labels, as stored. */
export type Labels = Readonly<Record<string, string>> | null | undefined;

/** LevelVersion is a level at a version, e.g. restricted at latest. */
export interface LevelVersion {
  readonly level: PolicyLevel;
  readonly version: PolicyVersion;
}

/** LabelError is one unparseable label, as a field.Invalid error on `metadata.labels[<key>]`. */
export interface LabelError {
  readonly field: string;
  readonly value: string;
  readonly detail: string;
  /** message is the rendered field error: `metadata.labels[k]: Invalid value: "v": detail`. */
  readonly message: string;
}

/** NamespacePolicy is the effective policy of a namespace plus any label errors; the policy is valid even with errors. */
export interface NamespacePolicy {
  readonly enforce: LevelVersion;
  readonly audit: LevelVersion;
  readonly warn: LevelVersion;
  readonly errors: readonly LabelError[];
}

const PRIVILEGED_LATEST: LevelVersion = Object.freeze({ level: 'privileged', version: 'latest' });

function labelError(key: string, value: string, detail: string): LabelError {
  const field = `metadata.labels[${key}]`;
  return { field, value, detail, message: `${field}: Invalid value: ${goQuote(value)}: ${detail}` };
}

/** aggregateMessage renders errors as a Kubernetes aggregate error: one message alone, several as `[a, b]`. */
export function aggregateMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/**
 * policyToEvaluate resolves namespace labels exactly as upstream's
 * PolicyToEvaluate with the default (all privileged:latest) policy:
 * - a missing label keeps the default (privileged, latest);
 * - an invalid enforce level becomes restricted (fail closed), an invalid
 *   audit or warn level becomes privileged (fail open), an invalid version
 *   becomes latest; each invalid label is reported in `errors`;
 * - when a valid enforce level is set, warn is unset, and enforce is stricter
 *   than warn, warn defaults to the enforce level (and to the enforce version,
 *   unless a warn version is set).
 */
export function policyToEvaluate(labels: Labels): NamespacePolicy {
  // A namespace's labels as the store shares them are frozen: resolved once per namespace version.
  const cacheable = isRecord(labels) && Object.isFrozen(labels);
  if (!cacheable) return resolvePolicy(labels);
  let p = resolvedPolicies.get(labels);
  if (!p) {
    p = resolvePolicy(labels);
    resolvedPolicies.set(labels, p);
  }
  return p;
}

const resolvedPolicies = new WeakMap<object, NamespacePolicy>();

function resolvePolicy(labels: Labels): NamespacePolicy {
  const errors: LabelError[] = [];
  const lv: Record<Mode, { level: PolicyLevel; version: PolicyVersion }> = {
    enforce: { ...PRIVILEGED_LATEST },
    audit: { ...PRIVILEGED_LATEST },
    warn: { ...PRIVILEGED_LATEST },
  };
  const l = isRecord(labels) ? labels : {};
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(l, k);
  let hasEnforceLevel = false;
  for (const mode of ['enforce', 'audit', 'warn'] as const) {
    const levelKey = LEVEL_LABELS[mode];
    if (has(levelKey)) {
      const raw = str(l[levelKey]);
      const parsed = parseLevel(raw);
      if (parsed.error !== undefined) {
        errors.push(labelError(levelKey, raw, parsed.error));
        // Fail closed for enforce, open for audit and warn.
        lv[mode].level = mode === 'enforce' ? 'restricted' : 'privileged';
      } else {
        lv[mode].level = parsed.level;
        if (mode === 'enforce') hasEnforceLevel = true;
      }
    }
    const versionKey = VERSION_LABELS[mode];
    if (has(versionKey)) {
      const raw = str(l[versionKey]);
      const parsed = parseVersion(raw);
      if (parsed.error !== undefined) errors.push(labelError(versionKey, raw, parsed.error));
      lv[mode].version = parsed.version;
    }
  }
  if (!has(LEVEL_LABELS.warn) && hasEnforceLevel && compareLevels(lv.enforce.level, lv.warn.level) > 0) {
    lv.warn.level = lv.enforce.level;
    if (!has(VERSION_LABELS.warn)) lv.warn.version = lv.enforce.version;
  }
  return Object.freeze({ enforce: Object.freeze(lv.enforce), audit: Object.freeze(lv.audit), warn: Object.freeze(lv.warn), errors: Object.freeze(errors) });
}

/**
 * parseLevelVersion returns the effective level and version for one mode of a
 * namespace. A missing label means privileged at latest. If that mode's own
 * labels are invalid it returns `{error}` (the rendered field errors) together
 * with `fallback`, the level and version upstream evaluates instead.
 */
export function parseLevelVersion(labels: Labels, mode: Mode): LevelVersion | { readonly error: string; readonly fallback: LevelVersion } {
  const policy = policyToEvaluate(labels);
  const own = policy.errors.filter((e) => e.field === `metadata.labels[${LEVEL_LABELS[mode]}]` || e.field === `metadata.labels[${VERSION_LABELS[mode]}]`);
  if (own.length > 0) return { error: aggregateMessage(own.map((e) => e.message)), fallback: policy[mode] };
  return policy[mode];
}

/** PodSecurityResult is a pod's evaluation against one level and version. */
export interface PodSecurityResult {
  readonly level: PolicyLevel;
  readonly version: PolicyVersion;
  /** policy is `level:version` as requested (e.g. `restricted:v1.40`), even when a newer-than-known version evaluates as the newest. */
  readonly policy: string;
  readonly allowed: boolean;
  /** violations are the failing checks, in evaluation order. */
  readonly violations: readonly CheckOutcome[];
  /** forbiddenReasons are the failing checks' reasons; a check that forgets its reason reports `unknown forbidden reason`. */
  readonly forbiddenReasons: readonly string[];
  /** forbiddenDetails are index-aligned with forbiddenReasons; entries may be empty. */
  readonly forbiddenDetails: readonly string[];
  /** reason is the reasons comma-joined (upstream ForbiddenReason), used when summarising many pods. */
  readonly reason: string;
  /** detail is `reason (detail), reason2` (upstream ForbiddenDetail). */
  readonly detail: string;
  /** message is `violates PodSecurity "level:version": <detail>`, or '' when allowed. */
  readonly message: string;
}

/** UNKNOWN_FORBIDDEN_REASON stands in for a failing check that gave no reason. */
export const UNKNOWN_FORBIDDEN_REASON = 'unknown forbidden reason';

function aggregate(level: PolicyLevel, version: PolicyVersion, outcomes: readonly CheckOutcome[]): PodSecurityResult {
  const violations = outcomes.filter((o) => !o.allowed);
  const forbiddenReasons = violations.map((o) => (o.reason ? o.reason : UNKNOWN_FORBIDDEN_REASON));
  const forbiddenDetails = violations.map((o) => o.detail ?? '');
  const detail = forbiddenReasons.map((r, i) => (forbiddenDetails[i] ? `${r} (${forbiddenDetails[i]})` : r)).join(', ');
  const policy = formatLevelVersion(level, version);
  const allowed = violations.length === 0;
  return Object.freeze({
    level,
    version,
    policy,
    allowed,
    violations,
    forbiddenReasons,
    forbiddenDetails,
    reason: forbiddenReasons.join(', '),
    detail,
    message: allowed ? '' : `violates PodSecurity ${goQuote(policy)}: ${detail}`,
  });
}

/**
 * evaluatePod checks a pod against a level and version. `privileged` always
 * allows; `latest` and versions newer than the newest check revision evaluate
 * as that revision; older versions run each check as it was at that version
 * (checks introduced later do not run). Throws TypeError for an invalid level
 * or version object, never because of the pod.
 */
export function evaluatePod(
  level: PolicyLevel,
  version: PolicyVersion,
  podMetadata: PodMetaLike | null | undefined,
  podSpec: PodSpecLike | null | undefined,
): PodSecurityResult {
  if (!isPolicyLevel(level)) throw new TypeError(`invalid policy level ${JSON.stringify(level)}`);
  if (version !== 'latest' && !isMajorMinor(version)) throw new TypeError(`invalid policy version ${JSON.stringify(version)}`);
  return aggregate(level, version, evaluator.evaluate(level, version, podMetadata, podSpec ?? {}));
}

/** NamespaceEvaluation is a pod evaluated against each mode of its namespace's policy. */
export interface NamespaceEvaluation {
  readonly policy: NamespacePolicy;
  readonly enforce: PodSecurityResult;
  readonly audit: PodSecurityResult;
  readonly warn: PodSecurityResult;
}

/** evaluateNamespacePolicy resolves the namespace labels and evaluates the pod once per distinct level:version. */
export function evaluateNamespacePolicy(
  nsLabels: Labels,
  podMetadata: PodMetaLike | null | undefined,
  podSpec: PodSpecLike | null | undefined,
): NamespaceEvaluation {
  const policy = policyToEvaluate(nsLabels);
  const enforce = evaluatePod(policy.enforce.level, policy.enforce.version, podMetadata, podSpec);
  // Once per distinct level:version (the three modes usually share one).
  const audit = sameLevelVersion(policy.audit, policy.enforce) ? enforce : evaluatePod(policy.audit.level, policy.audit.version, podMetadata, podSpec);
  const warn = sameLevelVersion(policy.warn, policy.enforce) ? enforce
    : sameLevelVersion(policy.warn, policy.audit) ? audit : evaluatePod(policy.warn.level, policy.warn.version, podMetadata, podSpec);
  return Object.freeze({ policy, enforce, audit, warn });
}

/** sameLevelVersion is true when two level:versions are the same level at the same version (so evaluate the same). */
export function sameLevelVersion(a: { level: PolicyLevel; version: PolicyVersion }, b: { level: PolicyLevel; version: PolicyVersion }): boolean {
  return a === b || (a.level === b.level && sameVersion(a.version, b.version));
}

function sameVersion(a: PolicyVersion, b: PolicyVersion): boolean {
  if (a === 'latest' || b === 'latest') return a === b;
  return a.major === b.major && a.minor === b.minor;
}

/**
 * forbiddenMessage renders a Kubernetes Forbidden message as apierrors.NewForbidden
 * does: `pods "web" is forbidden: <why>`, or `pods is forbidden: <why>` without a name.
 */
export function forbiddenMessage(resource: string, name: string | null | undefined, why: string): string {
  if (!resource) return `forbidden: ${why}`;
  return name ? `${resource} ${goQuote(name)} is forbidden: ${why}` : `${resource} is forbidden: ${why}`;
}

/** wouldViolate renders a warn or audit finding: `would violate PodSecurity "level:version": <detail>`. */
export function wouldViolate(result: PodSecurityResult): string {
  return `would violate PodSecurity ${goQuote(result.policy)}: ${result.detail}`;
}

/** PodAdmissionRequest is what admission knows about one pod (or pod template) write. */
export interface PodAdmissionRequest {
  readonly namespaceLabels: Labels;
  readonly podMetadata: PodMetaLike | null | undefined;
  readonly podSpec: PodSpecLike | null | undefined;
  /**
   * enforce is true for pods (create, and updates that isSignificantPodUpdate
   * flags) and false for pod controllers such as Deployments, which upstream
   * only audits and warns about.
   */
  readonly enforce: boolean;
  /** resource qualifies the Forbidden message; `pods` by default. */
  readonly resource?: string;
  /** name is the object's name in the Forbidden message; defaults to podMetadata.name. */
  readonly name?: string;
}

/** PodAdmissionDecision is upstream's AdmissionResponse for Pod Security, ready to apply to the request. */
export interface PodAdmissionDecision {
  readonly allowed: boolean;
  /** message is the full Forbidden Status message, set only when the pod is rejected. */
  readonly message?: string;
  /** warnings are Warning header texts (`would violate PodSecurity ...`); never set on a rejected request. */
  readonly warnings: readonly string[];
  /** auditAnnotations are the audit event annotations, keys already prefixed with `pod-security.kubernetes.io/`. */
  readonly auditAnnotations: Readonly<Record<string, string>>;
  /** evaluation is present whenever checks ran (it is absent on the all-privileged short-circuit). */
  readonly evaluation?: NamespaceEvaluation;
}

/**
 * admitPod decides a pod write exactly as upstream's ValidatePod /
 * ValidatePodController + EvaluatePod:
 * - with valid labels and everything privileged (for controllers: audit and
 *   warn privileged), allow without evaluating; pods get
 *   `enforce-policy: privileged:latest`;
 * - label errors add `error: Failed to parse policy: ...` and evaluation
 *   continues with the fallback policy;
 * - pods get `enforce-policy: <level:version>`, and are rejected with
 *   `pods "<name>" is forbidden: violates PodSecurity "<level:version>": ...`;
 * - an audit violation adds `audit-violations: would violate PodSecurity ...`;
 * - a warn violation adds a `would violate PodSecurity ...` warning, unless the
 *   request is already rejected.
 */
export function admitPod(req: PodAdmissionRequest): PodAdmissionDecision {
  const policy = policyToEvaluate(req.namespaceLabels);
  if (policy.errors.length === 0 && policy.audit.level === 'privileged' && policy.warn.level === 'privileged') {
    if (!req.enforce) return { allowed: true, warnings: [], auditAnnotations: {} };
    if (policy.enforce.level === 'privileged') {
      return { allowed: true, warnings: [], auditAnnotations: { [ENFORCE_POLICY_ANNOTATION]: formatLevelVersion('privileged', 'latest') } };
    }
  }

  const evaluation = evaluateNamespacePolicy(req.namespaceLabels, req.podMetadata, req.podSpec);
  const auditAnnotations: Record<string, string> = {};
  if (policy.errors.length > 0) {
    auditAnnotations[ERROR_ANNOTATION] = `Failed to parse policy: ${aggregateMessage(policy.errors.map((e) => e.message))}`;
  }

  let allowed = true;
  let message: string | undefined;
  if (req.enforce) {
    auditAnnotations[ENFORCE_POLICY_ANNOTATION] = evaluation.enforce.policy;
    if (!evaluation.enforce.allowed) {
      allowed = false;
      const name = req.name ?? (typeof req.podMetadata?.name === 'string' ? req.podMetadata.name : '');
      message = forbiddenMessage(req.resource ?? 'pods', name, evaluation.enforce.message);
    }
  }
  if (!evaluation.audit.allowed) auditAnnotations[AUDIT_VIOLATIONS_ANNOTATION] = wouldViolate(evaluation.audit);

  const warnings: string[] = [];
  if (allowed && !evaluation.warn.allowed) warnings.push(wouldViolate(evaluation.warn));

  return message === undefined
    ? { allowed, warnings, auditAnnotations, evaluation }
    : { allowed, message, warnings, auditAnnotations, evaluation };
}

/** PodLike is a pod as isSignificantPodUpdate and evaluatePodsInNamespace read it. */
export interface PodLike {
  readonly metadata?: (PodMetaLike & { readonly ownerReferences?: readonly { readonly uid?: string | null; readonly controller?: boolean | null }[] | null }) | null;
  readonly spec?: (PodSpecLike & { readonly runtimeClassName?: string | null }) | null;
}

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/**
 * isSignificantPodUpdate reports whether a pod update must be re-evaluated
 * (upstream isSignificantPodUpdate): the pod seccomp annotation changed, the
 * number of containers or init containers changed, a container's image or
 * seccomp annotation changed, or an ephemeral container was added or changed.
 * Other updates are allowed without evaluation.
 */
export function isSignificantPodUpdate(pod: PodLike, oldPod: PodLike): boolean {
  const ann = (p: PodLike, k: string): string | undefined => {
    const a = p.metadata?.annotations;
    return isRecord(a) && Object.prototype.hasOwnProperty.call(a, k) ? str(a[k]) : undefined;
  };
  const list = (x: readonly ContainerLike[] | null | undefined): readonly (ContainerLike & { readonly image?: unknown })[] =>
    Array.isArray(x) ? x : [];
  const changed = (c: ContainerLike & { readonly image?: unknown }, o: ContainerLike & { readonly image?: unknown }): boolean => {
    if (str(c.image) !== str(o.image)) return true;
    return ann(pod, SECCOMP_CONTAINER_ANNOTATION_PREFIX + str(c.name)) !== ann(oldPod, SECCOMP_CONTAINER_ANNOTATION_PREFIX + str(c.name));
  };
  if (ann(pod, SECCOMP_POD_ANNOTATION) !== ann(oldPod, SECCOMP_POD_ANNOTATION)) return true;
  const [cs, ocs] = [list(pod.spec?.containers), list(oldPod.spec?.containers)];
  const [ics, oics] = [list(pod.spec?.initContainers), list(oldPod.spec?.initContainers)];
  if (cs.length !== ocs.length || ics.length !== oics.length) return true;
  if (cs.some((c, i) => changed(c, ocs[i])) || ics.some((c, i) => changed(c, oics[i]))) return true;
  const oldEphemeral = list(oldPod.spec?.ephemeralContainers);
  for (const c of list(pod.spec?.ephemeralContainers)) {
    const o = oldEphemeral.find((x) => x.name === c.name);
    if (!o || changed(c, o)) return true;
  }
  return false;
}

/** NAMESPACE_MAX_PODS_TO_CHECK caps how many existing pods a namespace label change evaluates (upstream default). */
export const NAMESPACE_MAX_PODS_TO_CHECK = 3000;

/**
 * evaluatePodsInNamespace returns the warnings upstream attaches to a namespace
 * update that tightens the enforce policy: one header line, then one line per
 * distinct violation summary prefixed with the (first) pod name and a count of
 * others, sorted. Pods owned by an already-seen controller are checked last,
 * and at most NAMESPACE_MAX_PODS_TO_CHECK pods are checked.
 */
export function evaluatePodsInNamespace(namespace: string, enforce: LevelVersion, pods: readonly PodLike[]): string[] {
  const seenControllers = new Set<string>();
  const first: PodLike[] = [];
  const duplicates: PodLike[] = [];
  for (const pod of pods) {
    const owner = pod.metadata?.ownerReferences?.find((r) => r?.controller === true);
    if (!owner || typeof owner.uid !== 'string') {
      first.push(pod);
    } else if (seenControllers.has(owner.uid)) {
      duplicates.push(pod);
    } else {
      seenControllers.add(owner.uid);
      first.push(pod);
    }
  }
  const prioritized = [...first, ...duplicates];
  const checked = prioritized.slice(0, NAMESPACE_MAX_PODS_TO_CHECK);

  const order: string[] = [];
  const counts = new Map<string, { podName: string; podCount: number }>();
  for (const pod of checked) {
    const r = evaluatePod(enforce.level, enforce.version, pod.metadata, pod.spec);
    if (r.allowed) continue;
    const name = str(pod.metadata?.name);
    const c = counts.get(r.reason);
    if (!c) {
      order.push(r.reason);
      counts.set(r.reason, { podName: name, podCount: 1 });
    } else {
      if (name < c.podName) c.podName = name;
      c.podCount++;
    }
  }

  const warnings: string[] = [];
  if (checked.length < prioritized.length) {
    warnings.push(`new PodSecurity enforce level only checked against the first ${checked.length} of ${prioritized.length} existing pods`);
  }
  if (order.length > 0) {
    warnings.push(`existing pods in namespace ${goQuote(namespace)} violate the new PodSecurity enforce level ${goQuote(formatLevelVersion(enforce.level, enforce.version))}`);
  }
  const podWarnings = order.map((w) => {
    const c = counts.get(w) as { podName: string; podCount: number };
    if (c.podCount === 1) return `${c.podName}: ${w}`;
    if (c.podCount === 2) return `${c.podName} (and 1 other pod): ${w}`;
    return `${c.podName} (and ${c.podCount - 1} other pods): ${w}`;
  });
  podWarnings.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...warnings, ...podWarnings];
}
