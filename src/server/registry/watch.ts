import type { KubeObject } from '../../shared/api/meta';
import { groupVersion } from '../../shared/api/resources';
import type { RequestContext } from '../http/context';
import { resourceVersionParam, watchLine } from '../http/watch';
import type { StoreEvent } from '../storage/store';
import type { Registry } from './registry';
import type { Strategy } from './strategies';
import { watching, type Served } from './storage';
import { servedJSON } from './served-json';
import { toTable, wantsTable } from './table';
import { MATCH_ALL } from './selectors';

/**
 * watchStored is the answer to a watch of a stored resource: the events serveWith streams (http/watch.ts
 * holds the protocol). With `resourceVersion` N it
 * replays the store's event window after N (410 when N is older than the window); without one (or "0")
 * it starts with synthetic ADDED events for the current objects. A change that moves an object into or
 * out of the selector (or `scope`) is sent as ADDED or DELETED. `view` renders each object as another
 * resource does (a namespace as a Project); without one an event carries the stored object. `redact`
 * shows an object as this subject may see it (a secret's values only to who may get it) before either.
 */
export function watchStored(reg: Registry, ctx: RequestContext, s: Strategy, baseMatch: (o: KubeObject) => boolean, opts: { scope?: (o: KubeObject) => boolean; view?: (o: KubeObject) => unknown; redact?: (o: KubeObject) => KubeObject } = {}): Served {
  const { scope, view, redact } = opts;
  const { info } = ctx;
  const ns = s.desc.namespaced ? info.namespace : '';
  const nameFilter = info.name;
  const match = (o: KubeObject) => (!ns || o.metadata.namespace === ns) && (!nameFilter || o.metadata.name === nameFilter) && baseMatch(o) && (!scope || scope(o));
  const table = wantsTable(ctx.req);
  const from = resourceVersionParam(ctx.query);
  const render = (type: string, stored: KubeObject): string => {
    const o = redact ? redact(stored) : stored;
    return table ? watchLine(type, toTable(s, [o], o.metadata.resourceVersion ?? '')) : view ? watchLine(type, view(o)) : eventLine(reg, s, type, o);
  };
  // Without selectors or a scope, whether a watcher sees an object depends on its namespace and name only,
  // which no change alters: the previous version (decoded from its JSON on first read) is not needed.
  const byKeyOnly = baseMatch === MATCH_ALL && !scope;
  const line = (e: StoreEvent): string | undefined => {
    if (e.res !== s.key) return undefined;
    const now = match(e.object);
    if (e.type === 'ADDED') return now ? render('ADDED', e.object) : undefined;
    const prev = byKeyOnly ? undefined : e.prev;
    const before = byKeyOnly ? now : prev !== undefined && match(prev);
    if (e.type === 'DELETED') return before || now ? render('DELETED', e.object) : undefined;
    if (now && before) return render('MODIFIED', e.object);
    if (now) return render('ADDED', e.object);
    if (before) return render('DELETED', e.object);
    return undefined;
  };
  return watching<StoreEvent>({
    kind: s.desc.kind, apiVersion: groupVersion(s.desc), bookmarkMs: reg.bookmarkMs,
    head: () => reg.store.revision(),
    subscribe: (on) => reg.store.subscribe(on),
    rv: (e) => e.rv,
    line,
    replay(write, send) {
      if (from === undefined) {
        const start = reg.store.revision();
        for (const o of reg.store.list(s.key, { ns: ns || undefined })) if (match(o)) write(render('ADDED', o));
        return start;
      }
      let covered = from;
      for (const e of reg.store.eventsSince(from)) {
        send(e);
        covered = e.rv;
      }
      return covered;
    },
  });
}

// A change goes to every watcher of its resource whose filter it passes; its line is the same for all
// of them, so it is rendered once (per event type) and kept as long as the object is.
const lines = new WeakMap<object, Record<string, string>>();

/** eventLine is a watch event's JSON line (non-table), from the object's stored JSON when the store has it. */
function eventLine(reg: Registry, s: Strategy, type: string, o: KubeObject): string {
  let byType = lines.get(o);
  const hit = byType?.[type];
  if (hit !== undefined) return hit;
  const json = servedJSON(s, reg.store.encoded(o)) ?? JSON.stringify({ apiVersion: groupVersion(s.desc), kind: s.desc.kind, ...o });
  const line = `{"type":${JSON.stringify(type)},"object":${json}}\n`;
  if (!byType) lines.set(o, (byType = {}));
  byType[type] = line;
  return line;
}
