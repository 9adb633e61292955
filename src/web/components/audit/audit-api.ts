import { infiniteQueryOptions, useQueries } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { auditEventSchema, type AuditEvent } from '../../../shared/api/audit';
import { apiRequest, isApiError } from '../../lib/api-client';
import { parseLenient, parseList } from '../../lib/parse';
import { watchStream } from '../../lib/watch';
import { auditListRequest, filterToParams, type AuditFilter, type AuditScope } from './audit-filter';

// Reading the audit trail (audit.gatehouse.dev/v1 auditevents): pages newest first with
// limit/continue, a live tail by watch, and export of a whole filter as JSON lines.

/** auditKeys is the query-key factory for audit events. */
export const auditKeys = {
  all: ['auditevents'] as const,
  list: (f: AuditFilter, scope: AuditScope, pageSize: number) =>
    [...auditKeys.all, 'list', scope.namespace ?? '', scope.mine ?? '', filterToParams(f).toString(), pageSize] as const,
};

/** AuditPage is one page of events (newest first) and the token for the next, if any. */
export interface AuditPage { items: AuditEvent[]; continue?: string; resourceVersion: string }

/** parseAuditPage reads an AuditEventList leniently: events the console cannot read are skipped, not fatal. */
export function parseAuditPage(body: unknown): AuditPage {
  const { items, resourceVersion, continue: next } = parseList(auditEventSchema, body, 'an audit list');
  return { items, continue: next, resourceVersion };
}

/** listAuditPage fetches one page of the events matching `f` in `scope`. */
export function listAuditPage(f: AuditFilter, scope: AuditScope, opts: { limit: number; continue?: string; signal?: AbortSignal }): Promise<AuditPage> {
  const { path, query } = auditListRequest(f, scope);
  return apiRequest(path, { query: { ...query, limit: opts.limit, continue: opts.continue }, signal: opts.signal, parse: parseAuditPage });
}

/** auditPagesQueryOptions pages through the events (server-side, `limit`/`continue`), newest first. */
export const auditPagesQueryOptions = (f: AuditFilter, scope: AuditScope, pageSize = 250) => infiniteQueryOptions({
  queryKey: auditKeys.list(f, scope, pageSize),
  queryFn: ({ pageParam, signal }) => listAuditPage(f, scope, { limit: pageSize, continue: pageParam, signal }),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last: AuditPage) => last.continue,
  staleTime: 15_000,
  refetchOnWindowFocus: false,
});

/** TailState is how the live tail is doing. */
export type TailState = 'off' | 'connecting' | 'live' | 'reconnecting' | 'stopped';

/**
 * useAuditTail follows new events matching `f` while `enabled` (a watch from the newest event), newest
 * first, at most `max` kept. It resumes after the server ends a stream and backs off on errors.
 */
export function useAuditTail(f: AuditFilter, scope: AuditScope, enabled: boolean, max = 5000): { events: AuditEvent[]; state: TailState } {
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [state, setState] = useState<TailState>('off');
  const key = JSON.stringify([filterToParams(f).toString(), scope.namespace, scope.mine]);
  useEffect(() => {
    setEvents([]);
    if (!enabled) { setState('off'); return; }
    const ctl = new AbortController();
    let rv = '';
    let failures = 0;
    const { path, query } = auditListRequest(f, scope);
    setState('connecting');
    const run = async () => {
      while (!ctl.signal.aborted) {
        try {
          await watchStream(`${path}${query.fieldSelector ? `?fieldSelector=${encodeURIComponent(query.fieldSelector)}` : ''}`, {
            resourceVersion: rv,
            signal: ctl.signal,
            onOpen: () => { if (!ctl.signal.aborted) setState('live'); },
            onEvent: (e) => {
              failures = 0;
              const ev = parseLenient(auditEventSchema, e.object)?.data;
              const seq = (e.object as { metadata?: { resourceVersion?: string } } | null)?.metadata?.resourceVersion;
              if (seq) rv = seq;
              if (e.type !== 'ADDED' || !ev?.auditID) return;
              setEvents((old) => (old.some((o) => o.auditID === ev.auditID) ? old : [ev, ...old].slice(0, max)));
            },
          });
        } catch (err) {
          if (ctl.signal.aborted) return;
          if (isApiError(err, 401) || isApiError(err, 403)) { setState('stopped'); return; }
          if (isApiError(err, 410)) rv = '';
          failures++;
          setState('reconnecting');
          await new Promise((r) => setTimeout(r, Math.min(30_000, 1000 * 2 ** Math.min(failures, 5))));
        }
      }
    };
    void run();
    return () => ctl.abort();
    // `key` stands for f and scope, which are new objects on every render.
  }, [key, enabled, max]);
  return { events, state };
}

/**
 * exportAuditJsonl streams every page of the events matching `f` into a Blob of JSON lines (one
 * event per line, newest first), reporting the count so far. Each page is its own request.
 */
export async function exportAuditJsonl(f: AuditFilter, scope: AuditScope, opts: { onProgress?: (count: number) => void; signal?: AbortSignal; pageSize?: number } = {}): Promise<{ blob: Blob; count: number }> {
  const parts: string[] = [];
  let count = 0;
  let cont: string | undefined;
  do {
    const page = await listAuditPage(f, scope, { limit: opts.pageSize ?? 1000, continue: cont, signal: opts.signal });
    if (page.items.length) parts.push(`${page.items.map((e) => JSON.stringify(e)).join('\n')}\n`);
    count += page.items.length;
    opts.onProgress?.(count);
    cont = page.continue;
  } while (cont);
  return { blob: new Blob(parts, { type: 'application/x-ndjson' }), count };
}

/** ActivitySource is one query of an activity list: a filter, its scope, and an optional client-side test. */
export interface ActivitySource {
  filter: AuditFilter;
  namespace?: string;
  /** keep filters what the API cannot (e.g. the pod a service account's token was bound to). */
  keep?: (ev: AuditEvent) => boolean;
}

/** ActivityScope is how the reader may read an activity list: everything the sources name, or only what `mine` originated. */
export interface ActivityScope {
  /** mine limits every source to what this user originated (the reader may not list them all). */
  mine?: string;
  /** enabled is false while the reader's permissions are still being checked: nothing is asked yet. */
  enabled: boolean;
}

/**
 * useActivity loads the newest `limit` events of each source and merges them newest first. What the
 * reader may read is decided before asking (the caller's permission hooks), so no request is sent that
 * the API is known to refuse: a reader who may not list the sources asks only for what they originated.
 */
export function useActivity(sources: ActivitySource[], limit: number, scope: ActivityScope) {
  const results = useQueries({
    queries: sources.map((s) => ({
      queryKey: [...auditKeys.all, 'activity', s.namespace ?? '', filterToParams(s.filter).toString(), limit, scope.mine ?? ''],
      queryFn: ({ signal }: { signal: AbortSignal }) => listAuditPage(s.filter, { namespace: s.namespace, mine: scope.mine }, { limit, signal }),
      enabled: scope.enabled,
      staleTime: 15_000,
    })),
  });
  const seen = new Set<string>();
  const events: AuditEvent[] = [];
  results.forEach((r, i) => {
    for (const ev of r.data?.items ?? []) {
      if (seen.has(ev.auditID) || (sources[i].keep && !sources[i].keep!(ev))) continue;
      seen.add(ev.auditID);
      events.push(ev);
    }
  });
  events.sort((a, b) => b.stageTimestamp.localeCompare(a.stageTimestamp));
  return {
    events: events.slice(0, limit),
    isPending: results.some((r) => r.isPending),
    error: results.find((r) => r.isError)?.error,
    refetch: () => results.forEach((r) => void r.refetch()),
  };
}
