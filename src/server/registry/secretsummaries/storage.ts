// secretsummaries (security.gatehouse.dev/v1, namespaced, get/list/watch): a secret's name, type,
// labels, creator, key names and the pods that mount it — never a value. Summaries are computed
// from the stored secrets and pods on every read; a watch maps secret events to summary events and
// pod events to MODIFIED summaries of the secrets the pod names (before or after the change).
// Annotations are not copied (kubectl's last-applied-configuration holds the values), except the creator.

import { encodeContinue, parsePage } from '../../http/query';
import type { KubeObject } from '../../../shared/api/meta';
import { ANNOTATIONS } from '../../../shared/api/meta';
import { findResource, groupVersion } from '../../../shared/api/resources';
import type { SecretSummary } from '../../../shared/api/security';
import { podSecretRefs } from '../../../shared/pod-references';
import type { RequestContext } from '../../http/context';
import { methodNotAllowed, notFound } from '../../http/status';
import type { Store, StoreEvent } from '../../storage/store';
import type { Registry } from '../registry';
import { filterFor } from '../rest';
import { ok, type ResourceStorage, type Served } from '../storage';
import { age, col, defineStrategy, makeStrategy, type Strategy } from '../strategies';
import { toTable, wantsTable } from '../table';
import { watchStored } from '../watch';

const SECRETS = '/secrets';
const PODS = '/pods';

/** Mounts maps secret name → pods that name it (sorted by pod name) → how. */
type Mounts = Map<string, { pod: string; via: string[] }[]>;

/** mountsOf indexes which pods reference which secrets, for pods of one namespace. */
export function mountsOf(pods: readonly KubeObject[]): Mounts {
  const out: Mounts = new Map();
  const sorted = [...pods].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  for (const p of sorted) {
    const by = new Map<string, Set<string>>();
    for (const r of podSecretRefs((p as any).spec)) {
      if (!by.has(r.name)) by.set(r.name, new Set());
      by.get(r.name)!.add(r.via);
    }
    for (const [name, via] of by) {
      if (!out.has(name)) out.set(name, []);
      out.get(name)!.push({ pod: p.metadata.name ?? '', via: [...via] });
    }
  }
  return out;
}

/** summarize renders one secret as a SecretSummary (no values, no annotations but the creator). */
export function summarize(secret: KubeObject, mounts: Mounts, resourceVersion?: string): SecretSummary {
  const s = secret as KubeObject & { type?: string; data?: Record<string, string> | null; stringData?: Record<string, string> | null; immutable?: boolean | null };
  const creator = secret.metadata.annotations?.[ANNOTATIONS.createdBy];
  const keys = [...new Set([...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})])].sort();
  const metadata: SecretSummary['metadata'] = {
    name: secret.metadata.name, namespace: secret.metadata.namespace, uid: secret.metadata.uid,
    resourceVersion: resourceVersion ?? secret.metadata.resourceVersion, creationTimestamp: secret.metadata.creationTimestamp,
  };
  if (secret.metadata.labels) metadata.labels = { ...secret.metadata.labels };
  if (creator) metadata.annotations = { [ANNOTATIONS.createdBy]: creator };
  const out: SecretSummary = {
    apiVersion: 'security.gatehouse.dev/v1', kind: 'SecretSummary', metadata, type: s.type ?? 'Opaque', keys,
    mountedBy: mounts.get(secret.metadata.name ?? '') ?? [],
  };
  if (creator) out.creator = creator;
  if (s.immutable === true) out.immutable = true;
  return out;
}

/** summaryStrategy is the (unstored) strategy used for selectors, watch framing and kubectl tables. */
export const summaryStrategy: Strategy = makeStrategy(findResource('security.gatehouse.dev', 'secretsummaries')!, defineStrategy<SecretSummary>({
  fields: (o) => ({ type: o.type }),
  columns: [
    col('Name', 'string', 'Name of the secret.', 'name'),
    col('Type', 'string', 'The type of the secret.'),
    col('Keys', 'string', 'The names of the keys (never their values).'),
    col('Mounted By', 'string', 'Pods that reference the secret.'),
    col('Creator', 'string', 'Who created the secret.', '', 1),
    col('Age', 'string', 'Time since creation.'),
  ],
  cells: (s) => [s.metadata.name, s.type, s.keys.join(',') || '<none>', s.mountedBy.map((m) => m.pod).join(',') || '<none>', s.creator ?? '<unknown>', age(s.metadata.creationTimestamp)],
}));

/** summariesIn returns the summaries of one namespace, or of all when `ns` is undefined, sorted by namespace and name. */
function summariesIn(store: Store, ns: string | undefined): SecretSummary[] {
  const secrets = store.list(SECRETS, { ns });
  const pods = store.list(PODS, { ns });
  const byNs = new Map<string, KubeObject[]>();
  for (const p of pods) {
    const k = p.metadata.namespace ?? '';
    if (!byNs.has(k)) byNs.set(k, []);
    byNs.get(k)!.push(p);
  }
  const mounts = new Map<string, Mounts>();
  return secrets.map((s) => {
    const k = s.metadata.namespace ?? '';
    if (!mounts.has(k)) mounts.set(k, mountsOf(byNs.get(k) ?? []));
    return summarize(s, mounts.get(k)!);
  });
}

/**
 * summaryEvents maps one store event to summary events: a secret change to the same change of its
 * summary, a pod change to MODIFIED summaries of the (existing) secrets it names before or after.
 */
function summaryEvents(store: Store, e: StoreEvent): StoreEvent[] {
  if (e.res === SECRETS) {
    const mounts = mountsOf(store.list(PODS, { ns: e.ns }));
    const object = summarize(e.object, mounts) as unknown as KubeObject;
    const prev = e.prev ? (summarize(e.prev, mounts) as unknown as KubeObject) : undefined;
    return [{ type: e.type, res: summaryStrategy.key, ns: e.ns, name: e.name, rv: e.rv, object, prev }];
  }
  if (e.res !== PODS) return [];
  const names = new Set([...podSecretRefs((e.object as any).spec), ...podSecretRefs((e.prev as any)?.spec)].map((r) => r.name));
  if (names.size === 0) return [];
  const mounts = mountsOf(store.list(PODS, { ns: e.ns }));
  const out: StoreEvent[] = [];
  for (const name of [...names].sort()) {
    const secret = store.get(SECRETS, e.ns, name);
    if (!secret) continue;
    const object = summarize(secret, mounts, String(e.rv)) as unknown as KubeObject;
    out.push({ type: 'MODIFIED', res: summaryStrategy.key, ns: e.ns, name, rv: e.rv, object, prev: object });
  }
  return out;
}

/** summaryView is a read-only Store-shaped view over the summaries, for serveWatch. */
function summaryView(store: Store): Store {
  return {
    ...store,
    revision: () => store.revision(),
    list: (_res, opts) => summariesIn(store, opts?.ns) as unknown as KubeObject[],
    eventsSince: (rv) => store.eventsSince(rv).flatMap((e) => summaryEvents(store, e)),
    subscribe: (fn) => store.subscribe((e) => { for (const x of summaryEvents(store, e)) fn(x); }),
  };
}

const readContinue = (v: Record<string, unknown>) => (typeof v.ns === 'string' && typeof v.name === 'string' ? { ns: v.ns, name: v.name } : undefined);

/** secretSummaries serves get, list and watch (authorization already ran in the chain). */
export function secretSummaries(store: Store, opts: { bookmarkMs?: number } = {}): ResourceStorage {
  return { serve: (ctx) => serveSummaries(ctx, store, opts) };
}

async function serveSummaries(ctx: RequestContext, store: Store, opts: { bookmarkMs?: number }): Promise<Served> {
  const { info, query } = ctx;
  const s = summaryStrategy;
  const ns = info.namespace || undefined;
  if (info.subresource) throw notFound(s.desc.resource, s.desc.group, info.name);
  if (info.verb === 'get') {
    const secret = ns ? store.get(SECRETS, ns, info.name) : undefined;
    if (!secret) throw notFound(s.desc.resource, s.desc.group, info.name);
    const out = summarize(secret, mountsOf(store.list(PODS, { ns })));
    ctx.responseObject = out;
    return ok(wantsTable(ctx.req) ? toTable(s, [out as unknown as KubeObject], String(store.revision()), query) : out);
  }
  if (info.verb === 'watch') {
    const reg: Registry = { store: summaryView(store), strategies: new Map(), admission: [], bookmarkMs: opts.bookmarkMs };
    return watchStored(reg, ctx, s, filterFor(ctx, s));
  }
  if (info.verb !== 'list') throw methodNotAllowed();
  const match = filterFor(ctx, s);
  const { limit, from: after } = parsePage(query, readContinue);
  const rv = store.revision();
  let items = summariesIn(store, ns).filter((x) => match(x as unknown as KubeObject));
  if (after) items = items.filter((x) => (x.metadata.namespace ?? '') > after.ns || ((x.metadata.namespace ?? '') === after.ns && (x.metadata.name ?? '') > after.name));
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (limit > 0 && items.length > limit) {
    items = items.slice(0, limit);
    const last = items[items.length - 1];
    metadata.continue = encodeContinue({ rv, ns: last.metadata.namespace ?? '', name: last.metadata.name ?? '' });
  }
  if (wantsTable(ctx.req)) return ok({ ...toTable(s, items as unknown as KubeObject[], String(rv), query), metadata });
  return ok({ kind: s.desc.listKind, apiVersion: groupVersion(s.desc), metadata, items });
}
