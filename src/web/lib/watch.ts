import { apiFetch, toApiError } from './api-client';
import type { ObjectList } from './parse';

// Kubernetes watch over fetch: the answer is newline-delimited JSON events. The caller lists first,
// then watches from the list's resourceVersion; an ERROR event with code 410 means "too old, relist".

/** WatchEvent is one line of a watch stream. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

/** splitLines cuts complete lines off a buffer; `rest` is the unfinished tail to keep for the next chunk. */
export function splitLines(buffer: string): { lines: string[]; rest: string } {
  const parts = buffer.split('\n');
  const rest = parts.pop() ?? '';
  return { lines: parts.map((l) => l.trim()).filter(Boolean), rest };
}

/**
 * watchStream opens a watch on collection `path` from `resourceVersion` and calls `onEvent` for every
 * event until the server ends the stream (resolves) or `signal` aborts (rejects with AbortError); `onOpen`
 * runs once the server accepted the watch. An
 * ERROR event rejects with the ApiError it carries (status 410 when the caller must relist).
 */
export async function watchStream(path: string, opts: { resourceVersion: string; signal: AbortSignal; onEvent: (e: WatchEvent) => void; onOpen?: () => void }): Promise<void> {
  const res = await apiFetch(path, { query: { watch: true, resourceVersion: opts.resourceVersion, allowWatchBookmarks: true }, signal: opts.signal });
  opts.onOpen?.();
  if (!res.body) return;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const { lines, rest } = splitLines(buffer + value);
      buffer = rest;
      for (const line of lines) {
        let e: WatchEvent;
        try { e = JSON.parse(line) as WatchEvent; } catch { continue; }
        if (e.type === 'ERROR') {
          const code = (e.object as { code?: number } | null)?.code ?? 500;
          throw toApiError(code, e.object);
        }
        opts.onEvent(e);
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

interface Named { metadata: { name?: string; namespace?: string; resourceVersion?: string } }

/** newerOrEqual compares resourceVersions numerically when both are numbers (ours are); opaque ones always count as newer. */
export function newerOrEqual(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return true;
  return BigInt(a) >= BigInt(b);
}

const keyOf = (o: Named) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

/**
 * applyWatchEvent returns the list after one event (a new object, never mutating). ADDED and MODIFIED
 * upsert by namespace/name, DELETED removes, BOOKMARK only advances the resourceVersion. An event older
 * than the object already held is ignored, so replaying events after a relist is harmless.
 */
export function applyWatchEvent<T extends Named>(list: ObjectList<T>, type: WatchEvent['type'], object: T): ObjectList<T> {
  const rv = object.metadata.resourceVersion;
  const resourceVersion = rv && newerOrEqual(rv, list.resourceVersion) ? rv : list.resourceVersion;
  if (type === 'BOOKMARK' || type === 'ERROR') return { ...list, resourceVersion };
  const key = keyOf(object);
  const i = list.items.findIndex((o) => keyOf(o) === key);
  if (i >= 0 && !newerOrEqual(rv, list.items[i].metadata.resourceVersion)) return { ...list, resourceVersion };
  if (type === 'DELETED') return { items: i >= 0 ? list.items.filter((_, j) => j !== i) : list.items, resourceVersion };
  const items = i >= 0 ? list.items.map((o, j) => (j === i ? object : o)) : [...list.items, object];
  return { items, resourceVersion };
}
