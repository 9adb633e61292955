import type { PolicyRule, Role, RoleBinding, Subject } from '../../shared/api/rbac';
import { ANNOTATIONS } from '../../shared/api/meta';
import type { UserInfo } from '../authn/user';
import type { Attributes, AuthorizationResult, Authorizer } from './types';
import type { NonResourceRule, ResourceRule } from '../../shared/api/reviews';

// RBAC with Kubernetes semantics (k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac).
// Rules are matched by tiny predicates; the authorizer visits only the bindings of the
// request's subjects (an index by subject), so its cost does not grow with the cluster.

/** verbMatches is true when the rule names the verb or `*`. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

/** apiGroupMatches is true when the rule names the group or `*`. */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === '*' || g === group);
}

/** resourceMatches matches `resource[/subresource]` against `*`, an exact name, or `*\/subresource`. */
export function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some((r) => r === '*' || r === combined || (subresource !== '' && r === `*/${subresource}`));
}

/** resourceNameMatches is true when the rule has no resourceNames or lists `name`. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** nonResourceURLMatches matches a path against `*`, an exact URL, or a `prefix*` URL. */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))));
}

/** ruleAllows is k8s RuleAllows: does one rule permit the attributes? */
export function ruleAllows(a: Pick<Attributes, 'verb' | 'isResourceRequest' | 'apiGroup' | 'resource' | 'subresource' | 'name' | 'path'>, rule: PolicyRule): boolean {
  if (a.isResourceRequest) {
    return verbMatches(rule, a.verb) && apiGroupMatches(rule, a.apiGroup) && resourceMatches(rule, a.resource, a.subresource) && resourceNameMatches(rule, a.name);
  }
  return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.path);
}

/** subjectKeys lists the index keys under which bindings for `user` are found. */
export function subjectKeys(user: UserInfo): string[] {
  const keys = [`User:${user.username}`];
  for (const g of user.groups) keys.push(`Group:${g}`);
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(user.username);
  if (sa) keys.push(`ServiceAccount:${sa[1]}:${sa[2]}`);
  return keys;
}

function subjectKey(s: Subject, bindingNs: string): string {
  if (s.kind === 'ServiceAccount') return `ServiceAccount:${s.namespace || bindingNs}:${s.name}`;
  return `${s.kind}:${s.name}`;
}

/** describeSubject renders `User "alice"` as RBAC reasons do. */
function describeSubject(s: Subject, bindingNs: string): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount "${s.name}/${s.namespace || bindingNs}"` : `${s.kind} "${s.name}"`;
}

/** expiryOf is a binding's `gatehouse.dev/expires-at` time (ms): undefined without one, NaN when unparseable. */
function expiryOf(b: RoleBinding): number | undefined {
  const at = b.metadata.annotations?.[ANNOTATIONS.expiresAt];
  return at ? Date.parse(at) : undefined;
}

/** bindingExpired is true once a binding's `gatehouse.dev/expires-at` time has passed: it then grants nothing. */
export function bindingExpired(b: RoleBinding, now = Date.now()): boolean {
  const t = expiryOf(b);
  return t !== undefined && (Number.isNaN(t) || t <= now);
}

/** AppliedRule is a rule together with the binding that grants it to the subject. */
export interface AppliedRule {
  rule: PolicyRule;
  binding: RoleBinding;
  bindingKind: 'RoleBinding' | 'ClusterRoleBinding';
  subject: Subject;
}

/** heapPush adds `x` to the min-heap `h`. */
function heapPush(h: number[], x: number): void {
  let i = h.push(x) - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p] <= x) break;
    h[i] = h[p];
    i = p;
  }
  h[i] = x;
}

/** heapPop removes the least value of the non-empty min-heap `h`. */
function heapPop(h: number[]): void {
  const last = h.pop() as number;
  if (h.length === 0) return;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= h.length) break;
    const c = l + 1 < h.length && h[l + 1] < h[l] ? l + 1 : l;
    if (h[c] >= last) break;
    h[i] = h[c];
    i = c;
  }
  h[i] = last;
}

/**
 * RbacIndex holds roles and bindings in memory, indexed by subject. `apply*` keep it current
 * from store events; reads never touch the database.
 */
export class RbacIndex {
  private roles = new Map<string, Role>(); // ns/name
  private clusterRoles = new Map<string, Role>();
  private roleBindings = new Map<string, RoleBinding>(); // ns/name
  private clusterRoleBindings = new Map<string, RoleBinding>();
  private rbBySubject = new Map<string, Set<string>>(); // subjectKey|ns -> rb keys
  private crbBySubject = new Map<string, Set<string>>(); // subjectKey -> crb names
  // What an answer depends on besides the request: bumped by every change, and when a binding expires.
  private generation = 0;
  /**
   * The `expires-at` times (ms) of bindings as written, a min-heap: version() pops those that passed.
   * A binding changed or deleted since leaves its time behind, which costs one needless bump when it
   * passes; the heap is rebuilt from the bindings held when such leftovers outnumber them.
   */
  private expiries: number[] = [];

  /**
   * version is a number that changes whenever an answer of visitRules for the same request could:
   * after any setRole/setBinding, and once `now` reaches a binding's expiry time. Caches of decisions
   * keep it with their entries and drop them all when it moves. Each expiry is found in O(log n), so
   * many bindings expiring one after another cost no scan of them all.
   */
  version(now = Date.now()): number {
    const h = this.expiries;
    let passed = false;
    while (h.length > 0 && h[0] <= now) {
      heapPop(h);
      passed = true;
    }
    if (passed) this.generation += 1;
    return this.generation;
  }

  /** noteExpiry watches for a binding's expiry, rebuilding the heap when leftovers outnumber the bindings. */
  private noteExpiry(b: RoleBinding): void {
    this.watchExpiry(b);
    if (this.expiries.length > 2 * (this.roleBindings.size + this.clusterRoleBindings.size) + 64) {
      this.expiries = [];
      for (const x of this.roleBindings.values()) this.watchExpiry(x);
      for (const x of this.clusterRoleBindings.values()) this.watchExpiry(x);
    }
  }

  private watchExpiry(b: RoleBinding): void {
    const t = expiryOf(b);
    // An unparseable time has expired for good (bindingExpired): nothing changes later.
    if (t !== undefined && !Number.isNaN(t)) heapPush(this.expiries, t);
  }

  /** setRole adds or replaces (obj) or removes (undefined) a Role (namespaced) or ClusterRole. */
  setRole(ns: string, name: string, obj: Role | undefined): void {
    const map = ns ? this.roles : this.clusterRoles;
    const key = ns ? `${ns}/${name}` : name;
    this.generation += 1;
    if (obj) map.set(key, obj);
    else map.delete(key);
  }

  /** setBinding adds, replaces or removes a RoleBinding (ns set) or ClusterRoleBinding, keeping the subject index current. */
  setBinding(ns: string, name: string, obj: RoleBinding | undefined): void {
    const map = ns ? this.roleBindings : this.clusterRoleBindings;
    const key = ns ? `${ns}/${name}` : name;
    const old = map.get(key);
    this.generation += 1;
    if (old) this.unindex(ns, key, old);
    if (obj) {
      map.set(key, obj);
      // Whether that time is past is version()'s to find out, on the next question.
      this.noteExpiry(obj);
      for (const s of obj.subjects ?? []) {
        const idx = ns ? `${subjectKey(s, ns)}|${ns}` : subjectKey(s, ns);
        const target = ns ? this.rbBySubject : this.crbBySubject;
        let set = target.get(idx);
        if (!set) target.set(idx, (set = new Set()));
        set.add(key);
      }
    } else {
      map.delete(key);
    }
  }

  private unindex(ns: string, key: string, obj: RoleBinding): void {
    for (const s of obj.subjects ?? []) {
      const idx = ns ? `${subjectKey(s, ns)}|${ns}` : subjectKey(s, ns);
      const target = ns ? this.rbBySubject : this.crbBySubject;
      const set = target.get(idx);
      set?.delete(key);
      if (set && set.size === 0) target.delete(idx);
    }
  }

  /** getRole returns a Role or ClusterRole by reference from a binding in `ns`. */
  getRole(kind: string, ns: string, name: string): Role | undefined {
    return kind === 'ClusterRole' ? this.clusterRoles.get(name) : this.roles.get(`${ns}/${name}`);
  }

  /** clusterRoleList returns every ClusterRole (for aggregation). */
  clusterRoleList(): Role[] {
    return [...this.clusterRoles.values()];
  }

  /**
   * bindingsOf lists the RoleBindings (ns set) and ClusterRoleBindings (ns "") that name a subject of
   * `kind` ("User" or "Group") and `name`: what a user or group holds, and what deleting a user must clean up.
   */
  bindingsOf(kind: 'User' | 'Group', name: string): { ns: string; name: string; binding: RoleBinding }[] {
    const out: { ns: string; name: string; binding: RoleBinding }[] = [];
    const names = (b: RoleBinding) => (b.subjects ?? []).some((s) => s.kind === kind && s.name === name);
    for (const [name2, b] of this.clusterRoleBindings) if (names(b)) out.push({ ns: '', name: name2, binding: b });
    for (const [key, b] of this.roleBindings) if (names(b)) out.push({ ns: key.slice(0, key.indexOf('/')), name: key.slice(key.indexOf('/') + 1), binding: b });
    return out;
  }

  /** expiriesHeld is the number of expiry times version() still watches for (for tests: it stays within twice the bindings). */
  expiriesHeld(): number {
    return this.expiries.length;
  }

  /** bindingsCount is the number of bindings held (for benchmarks and health). */
  bindingsCount(): number {
    return this.roleBindings.size + this.clusterRoleBindings.size;
  }

  /**
   * visitRules calls `visit` for each rule that applies to `user` in `ns` ("" = cluster-wide
   * bindings only), cluster bindings first; it stops as soon as `visit` returns true.
   */
  visitRules(user: UserInfo, ns: string, visit: (r: AppliedRule) => boolean, now = Date.now()): void {
    const keys = subjectKeys(user);
    const seen = new Set<string>();
    const walk = (bindingKeys: Set<string> | undefined, map: Map<string, RoleBinding>, kind: 'RoleBinding' | 'ClusterRoleBinding', key: string): boolean => {
      if (!bindingKeys) return false;
      for (const bk of bindingKeys) {
        if (seen.has(`${kind}/${bk}`)) continue;
        seen.add(`${kind}/${bk}`);
        const b = map.get(bk);
        if (!b || bindingExpired(b, now)) continue;
        const bns = kind === 'RoleBinding' ? b.metadata.namespace ?? '' : '';
        const role = this.getRole(b.roleRef.kind, bns, b.roleRef.name);
        if (!role) continue;
        const subject = (b.subjects ?? []).find((s) => subjectKey(s, bns) === key)!;
        for (const rule of role.rules ?? []) {
          if (visit({ rule, binding: b, bindingKind: kind, subject })) return true;
        }
      }
      return false;
    };
    for (const k of keys) {
      if (walk(this.crbBySubject.get(k), this.clusterRoleBindings, 'ClusterRoleBinding', k)) return;
    }
    if (!ns) return;
    for (const k of keys) {
      if (walk(this.rbBySubject.get(`${k}|${ns}`), this.roleBindings, 'RoleBinding', k)) return;
    }
  }
}

/** rbacAuthorizer is the RBAC Authorizer over an index; it never denies, only allows or has no opinion (as upstream). */
export function rbacAuthorizer(index: RbacIndex, opts: { clock?: () => number; cacheSize?: number } = {}): Authorizer & { keptAnswers(): number } {
  const clock = opts.clock ?? Date.now;
  const cacheSize = opts.cacheSize ?? DECISION_CACHE_SIZE;
  const NO_OPINION: AuthorizationResult = Object.freeze({ decision: 'noOpinion', reason: '' });
  /** decide walks the subject's bindings' rules (visitRules) for one request. */
  const decide = (a: Attributes, ns: string, now: number): AuthorizationResult => {
    let reason = '';
    index.visitRules(a.user, ns, (r) => {
      if (!ruleAllows(a, r.rule)) return false;
      const b = r.binding;
      const ref = r.bindingKind === 'RoleBinding' ? `${b.metadata.name}/${b.metadata.namespace}` : `${b.metadata.name}`;
      reason = `RBAC: allowed by ${r.bindingKind} "${ref}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(r.subject, b.metadata.namespace ?? '')}`;
      return true;
    }, now);
    return reason ? Object.freeze({ decision: 'allow' as const, reason }) : NO_OPINION;
  };
  if (cacheSize <= 0) {
    return { authorize: (a) => decide(a, a.isResourceRequest ? a.namespace : '', clock()), keptAnswers: () => 0 };
  }
  // Answers are kept per request attributes until the index's version moves (any role or binding
  // change, or a binding's expiry passing): a user's requests ask the same few questions again and
  // again, and walking their bindings' rules cost more than the rest of an authorized GET's own work.
  const cache = new Map<string, AuthorizationResult>();
  let cachedVersion = -1;
  // Time only moves forward here: a clock stepped back (NTP, a resumed VM) must not make a binding
  // whose expiry version() has already passed grant again, and have that answer kept.
  let latest = -Infinity;
  return {
    authorize(a: Attributes): AuthorizationResult {
      const now = Math.max(clock(), latest);
      latest = now;
      const version = index.version(now);
      if (version !== cachedVersion) {
        cache.clear();
        cachedVersion = version;
      }
      const ns = a.isResourceRequest ? a.namespace : '';
      // Everything visitRules and ruleAllows read, as JSON: no value can run into the next.
      const key = JSON.stringify([a.user.username, a.user.groups, ns, a.verb, a.isResourceRequest, a.apiGroup, a.resource, a.subresource, a.name, a.isResourceRequest ? '' : a.path]);
      const hit = cache.get(key);
      if (hit) return hit;
      const out = decide(a, ns, now);
      // A request of unusual size (a SelfSubjectAccessReview may name anything up to the body limit)
      // is answered, not kept: kept answers must not become a way to pin memory.
      if (key.length > MAX_KEPT_KEY) return out;
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
      cache.set(key, out);
      return out;
    },
    /** keptAnswers is how many answers are kept now (for tests). */
    keptAnswers: () => cache.size,
  };
}

/** DECISION_CACHE_SIZE bounds rbacAuthorizer's answers kept (oldest dropped first). */
export const DECISION_CACHE_SIZE = 10_000;
/** MAX_KEPT_KEY is the longest key (request attributes and user, as JSON) whose answer is kept: 10,000 of them stay under ~40 MB. */
export const MAX_KEPT_KEY = 2048;

/** rulesFor lists the rules that apply to `user` in `ns` (cluster-wide ones included), as SelfSubjectRulesReview reports them. */
export function rulesFor(index: RbacIndex, user: UserInfo, ns: string): { resourceRules: ResourceRule[]; nonResourceRules: NonResourceRule[] } {
  const resourceRules: ResourceRule[] = [];
  const nonResourceRules: NonResourceRule[] = [];
  index.visitRules(user, ns, ({ rule }) => {
    if ((rule.nonResourceURLs ?? []).length > 0) {
      nonResourceRules.push({ verbs: [...rule.verbs], nonResourceURLs: [...(rule.nonResourceURLs ?? [])] });
    } else {
      resourceRules.push({ verbs: [...rule.verbs], apiGroups: [...(rule.apiGroups ?? [])], resources: [...(rule.resources ?? [])], resourceNames: [...(rule.resourceNames ?? [])] });
    }
    return false;
  });
  return { resourceRules, nonResourceRules };
}
