// The mirror: a watch-fed, in-memory copy of the real cluster's objects that Gatehouse's admission
// plugins read (namespaces and their ranges, pods and their creators, secrets' key names, security
// profiles). It is an ordinary Gatehouse Store over an in-memory SQLite database, so the embedded
// server's admission code runs on it unchanged. Secret values are never copied: only key names.

import type { Logger } from 'pino';
import type { KubeObject } from '../../shared/api/meta';
import { PROFILES_KEY } from '../admission/security-profiles/admission';
import { createStore, openDatabase, type Store } from '../storage/store';
import type { KubeClient } from './kube-client';

/** MIRRORED maps the cluster's collection paths to the mirror's storage keys. */
export const MIRRORED: { path: string; key: string; namespaced: boolean; optional?: boolean }[] = [
  { path: '/api/v1/namespaces', key: '/namespaces', namespaced: false },
  { path: '/api/v1/pods', key: '/pods', namespaced: true },
  { path: '/api/v1/secrets', key: '/secrets', namespaced: true },
  { path: '/apis/security.gatehouse.dev/v1/securityprofiles', key: PROFILES_KEY, namespaced: false, optional: true },
];

/** withoutValues replaces a secret's values with empty strings: the mirror keeps which keys exist, never what they hold. */
export function withoutValues(obj: KubeObject): KubeObject {
  const s = obj as KubeObject & { data?: Record<string, string>; stringData?: unknown };
  const data = Object.fromEntries(Object.keys(s.data ?? {}).map((k) => [k, '']));
  const meta = { ...obj.metadata, annotations: { ...(obj.metadata.annotations ?? {}) } };
  // kubectl's last-applied-configuration holds the values in clear.
  delete meta.annotations['kubectl.kubernetes.io/last-applied-configuration'];
  delete (meta as any).managedFields;
  const { stringData: _drop, ...rest } = s;
  return { ...rest, metadata: meta, data } as KubeObject;
}

/** Mirror is the running copy. */
export interface Mirror {
  store: Store;
  /** synced resolves once every (present) collection has been listed once. */
  synced: Promise<void>;
  stop(): void;
}

function upsert(store: Store, key: string, obj: KubeObject): void {
  const ns = obj.metadata.namespace ?? '';
  const name = obj.metadata.name ?? '';
  if (store.get(key, ns, name)) store.update(key, ns, name, obj);
  else store.create(key, ns, name, obj);
}

/** startMirror lists and watches each collection as Gatehouse's identity. */
export function startMirror(client: KubeClient, logger?: Logger): Mirror {
  const store = createStore(openDatabase(':memory:'), { windowSize: 1000 });
  const watches = MIRRORED.map((m) => {
    const clean = (o: KubeObject) => (m.key === '/secrets' ? withoutValues(o) : o);
    let warned = false;
    return client.watch(m.path, (e) => {
      const obj = clean(e.object as KubeObject);
      if (e.type === 'DELETED') {
        if (store.get(m.key, obj.metadata.namespace ?? '', obj.metadata.name ?? '')) store.delete(m.key, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
      } else upsert(store, m.key, obj);
    }, (items) => {
      store.transaction(() => {
        const seen = new Set(items.map((o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`));
        for (const o of store.list(m.key)) if (!seen.has(`${o.metadata.namespace ?? ''}/${o.metadata.name}`)) store.delete(m.key, o.metadata.namespace ?? '', o.metadata.name ?? '');
        for (const o of items) upsert(store, m.key, clean(o));
      });
    }, (err) => {
      if (!warned) logger?.warn({ err: err instanceof Error ? err.message : String(err), path: m.path }, m.optional ? 'cannot watch (is `gatehouse connect install` applied?); retrying' : 'cannot watch the cluster; retrying');
      warned = true;
    });
  });
  // Optional collections (the CRD may not be installed yet) do not hold up readiness.
  const synced = Promise.all(watches.filter((_, i) => !MIRRORED[i].optional).map((w) => w.synced)).then(() => undefined);
  return { store, synced, stop() { for (const w of watches) w.stop(); store.close(); } };
}
