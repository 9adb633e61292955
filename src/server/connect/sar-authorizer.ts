// The embedded server's admission plugins ask a synchronous Authorizer. On a real cluster the answer
// is the cluster's own RBAC, reached through SubjectAccessReview, which is asynchronous. ReviewedAuthorizer
// bridges the two without a second copy of the checks: a run of the plugins answers from the
// decisions fetched so far and notes every question it could not answer; the caller fetches those
// (in parallel) and runs the plugins again on a fresh copy of the object, until no question is new.

import type { Attributes, AuthorizationResult, Authorizer } from '../authz/types';
import type { KubeClient } from './kube-client';

/** questionKey identifies one authorization question (who, what, where). */
export function questionKey(a: Pick<Attributes, 'user' | 'verb' | 'apiGroup' | 'resource' | 'subresource' | 'namespace' | 'name'>): string {
  const u = a.user;
  return JSON.stringify([u.username, [...u.groups].sort(), u.uid ?? '', u.extra ?? {}, a.verb, a.apiGroup, a.resource, a.subresource, a.namespace, a.name]);
}

/** AskCluster answers one question with the cluster's authorizer. */
export type AskCluster = (a: Attributes) => Promise<boolean>;

/**
 * SAR_CACHE_MS is how long an answer is reused, like kube-apiserver's own webhook authorizer caches
 * its answers (there 5 min allowed / 30 s denied): a revoked grant stops counting within this time.
 */
export const SAR_CACHE_MS = 5_000;

/** sarAsker asks with a SubjectAccessReview as Gatehouse's identity (which needs `create subjectaccessreviews`), reusing answers for SAR_CACHE_MS. */
export function sarAsker(client: KubeClient, now: () => number = Date.now): AskCluster {
  const cache = new Map<string, { allowed: boolean; at: number }>();
  return async (a) => {
    const k = questionKey(a);
    const hit = cache.get(k);
    if (hit && now() - hit.at < SAR_CACHE_MS) return hit.allowed;
    const allowed = await askOnce(client, a);
    if (cache.size > 10_000) cache.clear();
    cache.set(k, { allowed, at: now() });
    return allowed;
  };
}

async function askOnce(client: KubeClient, a: Attributes): Promise<boolean> {
  {
    const r = await client.request<any>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
      spec: {
        user: a.user.username, groups: a.user.groups, uid: a.user.uid, extra: a.user.extra,
        resourceAttributes: { verb: a.verb, group: a.apiGroup, resource: a.resource, subresource: a.subresource, namespace: a.namespace, name: a.name },
      },
    }, { timeoutMs: 5000 });
    return r?.status?.allowed === true;
  }
}

/** ReviewedAuthorizer answers from fetched decisions and records the questions it had to refuse for lack of one. */
export class ReviewedAuthorizer implements Authorizer {
  private readonly known = new Map<string, boolean>();
  private pending = new Map<string, Attributes>();

  constructor(private readonly ask: AskCluster) {}

  authorize(a: Attributes): AuthorizationResult {
    const k = questionKey(a);
    const v = this.known.get(k);
    if (v === undefined) {
      this.pending.set(k, a);
      return { decision: 'noOpinion', reason: 'not yet asked' };
    }
    return v ? { decision: 'allow', reason: 'allowed by the cluster (SubjectAccessReview)' } : { decision: 'noOpinion', reason: 'not allowed by the cluster (SubjectAccessReview)' };
  }

  /** prefetch asks questions known to be coming (saves a round). */
  async prefetch(questions: Attributes[]): Promise<void> {
    for (const q of questions) if (!this.known.has(questionKey(q))) this.pending.set(questionKey(q), q);
    await this.fetchPending();
  }

  /** fetchPending asks the cluster every unanswered question; false when there were none. */
  async fetchPending(): Promise<boolean> {
    if (this.pending.size === 0) return false;
    const batch = [...this.pending.entries()];
    this.pending = new Map();
    const answers = await Promise.all(batch.map(([, a]) => this.ask(a)));
    batch.forEach(([k], i) => this.known.set(k, answers[i]));
    return true;
  }

  /** asked is how many questions have answers (for tests and metrics). */
  get asked(): number {
    return this.known.size;
  }
}

/**
 * untilAnswered runs `attempt` (which must start from a fresh copy of its input each time) until it
 * asks nothing new, at most `maxRounds` times; the last attempt's outcome is returned.
 */
export async function untilAnswered<T>(authz: ReviewedAuthorizer, attempt: () => Promise<T>, maxRounds = 8): Promise<T> {
  for (let round = 1; ; round++) {
    const out = await attempt();
    if (!(await authz.fetchPending()) || round >= maxRounds) return out;
  }
}
