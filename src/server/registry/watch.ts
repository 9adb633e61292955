import type { KubeObject } from '../../shared/api/meta';
import { groupVersion } from '../../shared/api/resources';
import type { RequestContext } from '../http/context';
import { badRequest } from '../http/status';
import { GoneError, type StoreEvent } from '../storage/store';
import type { Registry } from './registry';
import type { Strategy } from './strategies';
import { servedJSON } from './served-json';
import { toTable, wantsTable } from './table';

/**
 * serveWatch streams newline-delimited watch events. Headers are flushed at once (kubectl waits
 * for them). With `resourceVersion` N it replays the event window after N; older than the window
 * yields one ERROR event carrying a 410 Expired Status (as upstream), after which clients relist.
 * Without a resourceVersion (or "0") it starts with synthetic ADDED events for current objects.
 * A change that moves an object into or out of the selector is sent as ADDED or DELETED.
 */
export async function serveWatch(reg: Registry, ctx: RequestContext, s: Strategy, baseMatch: (o: KubeObject) => boolean, scope?: (o: KubeObject) => boolean): Promise<void> {
  const { info, query, res } = ctx;
  ctx.long = true;
  const ns = s.desc.namespaced ? info.namespace : '';
  const nameFilter = info.name;
  const match = (o: KubeObject) => (!ns || o.metadata.namespace === ns) && (!nameFilter || o.metadata.name === nameFilter) && baseMatch(o) && (!scope || scope(o));
  const table = wantsTable(ctx.req);
  const rvParam = query.get('resourceVersion');
  if (rvParam && rvParam !== '0' && !/^\d+$/.test(rvParam)) throw badRequest(`invalid resource version: ${rvParam}`);
  const timeoutMs = watchTimeoutMs(query);
  const bookmarks = query.get('allowWatchBookmarks') === 'true';

  const render = (type: string, o: KubeObject): string => {
    if (table) return `${JSON.stringify({ type, object: toTable(s, [o], o.metadata.resourceVersion ?? '') })}\n`;
    return eventLine(reg, s, type, o);
  };
  const toLine = (e: StoreEvent): string | undefined => {
    if (e.res !== s.key) return undefined;
    const now = match(e.object);
    const before = e.prev ? match(e.prev) : false;
    if (e.type === 'ADDED') return now ? render('ADDED', e.object) : undefined;
    if (e.type === 'DELETED') return before || now ? render('DELETED', e.object) : undefined;
    if (now && before) return render('MODIFIED', e.object);
    if (now) return render('ADDED', e.object);
    if (before) return render('DELETED', e.object);
    return undefined;
  };

  ctx.responseCode = 200;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();

  let lastRv = reg.store.revision();
  // Subscribe before replaying so nothing committed in between is lost; buffer until replay is done.
  const buffered: StoreEvent[] = [];
  let live = false;
  const unsubscribe = reg.store.subscribe((e) => {
    if (!live) { buffered.push(e); return; }
    const line = toLine(e);
    lastRv = e.rv;
    if (line) res.write(line);
  });
  const finish = (): void => {
    unsubscribe();
    clearTimeout(timer);
    clearInterval(bm);
    if (!res.writableEnded) res.end();
  };
  const timer = setTimeout(finish, timeoutMs);
  const bm = setInterval(() => {
    if (bookmarks) res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: s.desc.kind, apiVersion: groupVersion(s.desc), metadata: { resourceVersion: String(lastRv) } } })}\n`);
  }, reg.bookmarkMs ?? 30000);
  res.on('close', finish);

  if (!rvParam || rvParam === '0') {
    const start = reg.store.revision();
    for (const o of reg.store.list(s.key, { ns: ns || undefined })) if (match(o)) res.write(render('ADDED', o));
    for (const e of buffered) {
      if (e.rv <= start) continue;
      const line = toLine(e);
      if (line) res.write(line);
      lastRv = e.rv;
    }
  } else {
    let replay: StoreEvent[];
    try {
      replay = reg.store.eventsSince(Number(rvParam));
    } catch (e) {
      if (!(e instanceof GoneError)) throw e;
      res.write(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: e.message, reason: 'Expired', code: 410 } })}\n`);
      finish();
      return;
    }
    const seen = new Set<number>();
    for (const e of replay) {
      seen.add(e.rv);
      const line = toLine(e);
      if (line) res.write(line);
      lastRv = e.rv;
    }
    for (const e of buffered) {
      if (seen.has(e.rv) || e.rv <= Number(rvParam)) continue;
      const line = toLine(e);
      if (line) res.write(line);
      lastRv = e.rv;
    }
  }
  live = true;
  await new Promise<void>((resolve) => res.on('close', () => resolve()));
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

/** MAX_WATCH_MS is the longest a watch stays open (a client reconnects after it, as with any timeout). */
const MAX_WATCH_MS = 24 * 60 * 60 * 1000;

/**
 * watchTimeoutMs reads `timeoutSeconds` (an integer) or `timeout` (a Go duration such as `30s`, `5m0s`,
 * or plain seconds); a value that is neither is a 400 naming the parameter. Default 30 minutes, at most 24 h.
 */
export function watchTimeoutMs(query: URLSearchParams): number {
  const secs = query.get('timeoutSeconds');
  if (secs !== null && secs !== '') {
    if (!/^\d{1,12}$/.test(secs)) throw badRequest(`invalid value for query parameter "timeoutSeconds": ${JSON.stringify(secs.slice(0, 40))}: must be a non-negative integer`);
    const n = Number(secs);
    if (n > 0) return Math.min(n * 1000, MAX_WATCH_MS);
  }
  const dur = query.get('timeout');
  if (dur !== null && dur !== '') {
    const ms = parseGoDurationMs(dur);
    if (ms === undefined) throw badRequest(`invalid value for query parameter "timeout": ${JSON.stringify(dur.slice(0, 40))}: must be a duration such as 30s or 5m0s`);
    if (ms > 0) return Math.min(ms, MAX_WATCH_MS);
  }
  return 30 * 60 * 1000;
}

const GO_DURATION_UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** parseGoDurationMs reads a Go duration (`1m30s`, `500ms`; a bare number is seconds), or undefined when it is none. */
export function parseGoDurationMs(text: string): number | undefined {
  if (/^\d{1,12}(\.\d{1,9})?$/.test(text)) return Number(text) * 1000;
  if (text.length > 64) return undefined;
  const re = /(\d{1,12}(?:\.\d{1,9})?)(ns|us|µs|ms|s|m|h)/y;
  let ms = 0;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return undefined;
    ms += Number(m[1]) * GO_DURATION_UNITS_MS[m[2]];
    at = re.lastIndex;
  }
  return at > 0 ? ms : undefined;
}
