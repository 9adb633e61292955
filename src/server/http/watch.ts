// The watch protocol, once for every watchable resource (stored objects, secret summaries, projects,
// audit events): newline-delimited JSON events on a chunked 200, headers flushed at once (kubectl
// waits for them); what came before the live events replayed first (the current objects, or the events
// after the client's resourceVersion); a resourceVersion older than what can be replayed ends the
// stream with one ERROR event carrying a 410 Expired Status (as upstream), after which clients relist;
// BOOKMARK events when asked for; the stream ends at its timeout or when the client goes.

import { GoneError } from '../storage/store';
import type { RequestContext } from './context';
import { badRequest } from './status';

/** WatchSource is what one watch streams: events with a revision, what precedes them, and how each becomes a line. */
export interface WatchSource<E> {
  /** kind and apiVersion name the watched resource in BOOKMARK events. */
  kind: string;
  apiVersion: string;
  /** bookmarkMs is how often a watch that asked for bookmarks gets one (default 30 s). */
  bookmarkMs?: number;
  /** head is the newest revision now: a bookmark's revision until an event moves it on. */
  head(): number;
  /** subscribe delivers events as they commit; it returns the unsubscribe. */
  subscribe(on: (e: E) => void): () => void;
  /** rv is an event's revision. */
  rv(e: E): number;
  /** line renders an event as this watcher's line, or undefined when the watcher does not see it. */
  line(e: E): string | undefined;
  /**
   * replay writes what precedes the live events — lines of its own (the current objects) or past
   * events through `send` — and returns the revision it covers. It throws GoneError when the client's
   * resourceVersion is older than what it can replay.
   */
  replay(write: (line: string) => void, send: (e: E) => void): number;
}

/** watchLine is one watch event as its line. */
export const watchLine = (type: string, object: unknown): string => `${JSON.stringify({ type, object })}\n`;

/** WRITE_BATCH is the most lines a watch writes at once. */
const WRITE_BATCH = 256;

/** serveWatchStream streams `src` to the client until the watch times out or the client goes. */
export async function serveWatchStream<E>(ctx: RequestContext, src: WatchSource<E>): Promise<void> {
  const { query, res } = ctx;
  ctx.long = true;
  const timeoutMs = watchTimeoutMs(query);
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  ctx.responseCode = 200;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();

  let cursor = src.head();
  // Lines are written once per turn of the event loop, together: every change a turn commits (the
  // requests it serves) would otherwise be a TLS record and a socket write of its own, per watcher.
  // (A long replay is written in batches of WRITE_BATCH lines, not joined whole.)
  let lines: string[] = [];
  let flushing: NodeJS.Immediate | undefined;
  const flush = (): void => {
    if (flushing) clearImmediate(flushing);
    flushing = undefined;
    if (lines.length === 0 || res.writableEnded || res.destroyed) return;
    res.write(lines.length === 1 ? lines[0] : lines.join(''));
    lines = [];
  };
  const write = (line: string): void => {
    lines.push(line);
    if (lines.length >= WRITE_BATCH) flush();
    else flushing ??= setImmediate(flush);
  };
  const send = (e: E): void => {
    cursor = src.rv(e);
    const line = src.line(e);
    if (line) write(line);
  };
  // Subscribe before replaying so nothing committed in between is lost; buffer until replay is done.
  const buffered: E[] = [];
  let live = false;
  const unsubscribe = src.subscribe((e) => { if (live) send(e); else buffered.push(e); });
  const finish = (): void => {
    unsubscribe();
    clearTimeout(timer);
    clearInterval(bm);
    flush();
    if (!res.writableEnded) res.end();
  };
  const timer = setTimeout(finish, timeoutMs);
  const bm = setInterval(() => {
    if (bookmarks) write(watchLine('BOOKMARK', { kind: src.kind, apiVersion: src.apiVersion, metadata: { resourceVersion: String(cursor) } }));
  }, src.bookmarkMs ?? 30000);
  res.on('close', finish);

  let covered: number;
  try {
    covered = src.replay(write, send);
  } catch (e) {
    if (!(e instanceof GoneError)) throw e;
    write(watchLine('ERROR', { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: e.message, reason: 'Expired', code: 410 }));
    finish();
    return;
  }
  for (const e of buffered) if (src.rv(e) > covered) send(e);
  live = true;
  await new Promise<void>((resolve) => { if (res.writableEnded || res.destroyed) resolve(); else res.on('close', () => resolve()); });
}

/** resourceVersionParam reads a watch's `resourceVersion` (absent or "0": from now), a 400 when it is not a revision. */
export function resourceVersionParam(query: URLSearchParams): number | undefined {
  const rv = query.get('resourceVersion');
  if (rv && rv !== '0' && !/^\d+$/.test(rv)) throw badRequest(`invalid resource version: ${rv}`);
  return rv && rv !== '0' ? Number(rv) : undefined;
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
