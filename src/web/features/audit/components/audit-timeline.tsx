import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { AuditEvent } from '../../../../shared/api/audit';
import { auditPagesQueryOptions, useAuditTail, type TailState } from '../../../components/audit/audit-api';
import type { AuditFilter, AuditScope } from '../../../components/audit/audit-filter';
import { describeEvent, eventSentence } from '../../../components/audit/describe-event';
import { DecisionBadge, EventAction, EventWho, type EventLinks } from '../../../components/audit/event-chain';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { ExportButton } from './export-button';

const ROW_HEIGHT = 64;
const HEADER_HEIGHT = 40;
/** LOAD_AHEAD is how many rows before the end of what is loaded the next page is requested. */
const LOAD_AHEAD = 60;

const TAIL_LABELS: Record<TailState, string> = { off: 'Live tail off', connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', stopped: 'Not updating' };

const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

const EventRow = memo(function EventRow({ ev, rowIndex, links, onDetails }: { ev: AuditEvent; rowIndex: number; links?: EventLinks; onDetails: (ev: AuditEvent) => void }) {
  const d = describeEvent(ev);
  return (
    <tr aria-rowindex={rowIndex} className={d.outcome === 'forbidden' || d.outcome === 'refused' ? 'row-forbidden' : undefined}>
      <td className="cell-two"><time dateTime={d.time}><span className="line">{timeFormat.format(new Date(d.time))}</span><span className="line muted">{dayFormat.format(new Date(d.time))}</span></time></td>
      <td className="cell-two">
        <span className="line"><EventWho d={d} links={links} /></span>
        <span className="line"><EventAction d={d} links={links} /></span>
      </td>
      <td className="cell-two">
        <span className="line"><DecisionBadge d={d} /></span>
        <span className="line cell-reason" title={d.reason || undefined}>{d.reason || '—'}</span>
      </td>
      <td className="cell-actions">
        <button type="button" className="button button-small" onClick={() => onDetails(ev)} aria-label={`Details: ${eventSentence(d)}`}>Details</button>
      </td>
    </tr>
  );
});

/** EventDetails shows one whole event (as the API recorded it) in a modal dialog. */
function EventDetails({ ev, onClose }: { ev: AuditEvent | undefined; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (ev && d && !d.open) d.showModal();
    if (!ev && d?.open) d.close();
  }, [ev]);
  const d = ev ? describeEvent(ev) : undefined;
  return (
    <dialog ref={ref} className="dialog dialog-wide" aria-labelledby={`${id}-t`} onCancel={(e) => { e.preventDefault(); onClose(); }}>
      {ev && d && (
        <>
          <h2 id={`${id}-t`} className="dialog-title">{eventSentence(d)}</h2>
          <dl className="details">
            <dt>Audit ID</dt><dd className="mono">{d.id}</dd>
            <dt>When</dt><dd>{new Date(d.time).toLocaleString()}</dd>
            <dt>Reason</dt><dd>{d.reason || '—'}</dd>
          </dl>
          <pre className="code-block" tabIndex={0} aria-label="The recorded event">{JSON.stringify(ev, null, 2)}</pre>
          <div className="dialog-actions"><button type="button" className="button" onClick={onClose} autoFocus>Close</button></div>
        </>
      )}
    </dialog>
  );
}

/** AuditTimelineProps: the filter (from the URL), the reader's scope, and where people and objects link to; `onShowAll` offers all requests when only changes are shown. */
export interface AuditTimelineProps { filter: AuditFilter; scope: AuditScope; links?: EventLinks; pageSize?: number; onShowAll?: () => void }

/**
 * AuditTimeline lists the events of `filter`, newest first: pages come from the server as the person
 * scrolls (limit/continue), only the rows on screen are rendered (so 100,000 events scroll smoothly),
 * and the live tail prepends new events as the API records them.
 */
export function AuditTimeline({ filter, scope, links, pageSize, onShowAll }: AuditTimelineProps) {
  const query = useInfiniteQuery(auditPagesQueryOptions(filter, scope, pageSize));
  const [tailOn, setTailOn] = useState(false);
  const tail = useAuditTail(filter, scope, tailOn);
  const [details, setDetails] = useState<AuditEvent>();
  const events = useMemo(() => {
    const paged = query.data?.pages.flatMap((p) => p.items) ?? [];
    if (tail.events.length === 0) return paged;
    const head = new Set(paged.slice(0, 500).map((e) => e.auditID));
    return [...tail.events.filter((e) => !head.has(e.auditID)), ...paged];
  }, [query.data, tail.events]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    paddingStart: HEADER_HEIGHT,
    overscan: 10,
    useFlushSync: false,
  });
  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows.length ? rows[rows.length - 1].index : 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= events.length - LOAD_AHEAD) void fetchNextPage();
  }, [lastIndex, events.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const count = events.length.toLocaleString('en');
  const toolbar = (
    <div className="toolbar">
      <p className="count" role="status">
        {query.isPending ? '' : `${count} event${events.length === 1 ? '' : 's'} loaded${hasNextPage ? ', more as you scroll' : ''}`}
        {isFetchingNextPage && ' — loading more…'}
      </p>
      <div className="toolbar-actions">
        <button type="button" className="button" aria-pressed={tailOn} onClick={() => setTailOn((v) => !v)}>
          <span className={`live-dot live-dot-${tail.state}`} aria-hidden="true" /> Live tail
        </button>
        <span className="visually-hidden" role="status">{TAIL_LABELS[tail.state]}</span>
        <ExportButton filter={filter} scope={scope} />
      </div>
    </div>
  );

  if (query.isPending) return <>{toolbar}<LoadingState label="Loading audit events…" /></>;
  if (query.isError && !query.data) {
    return (
      <>
        {toolbar}
        <ErrorState title="The audit trail could not be loaded" titles={{ 403: 'You cannot read this audit trail', 410: 'The audit trail moved on' }} error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const before = rows.length ? rows[0].start - HEADER_HEIGHT : 0;
  const after = rows.length ? virtualizer.getTotalSize() - rows[rows.length - 1].end : 0;
  return (
    <div className="audit-timeline">
      {toolbar}
      {events.length === 0
        ? (
          <EmptyState title={onShowAll ? 'No changes match these filters' : 'No events match these filters'}>
            <p>Change or clear the filters, or turn on the live tail to see new events as they happen.</p>
            {onShowAll && <p>Reads and dry runs are not changes. <button type="button" className="button button-small" onClick={onShowAll}>Show all requests</button></p>}
          </EmptyState>
        )
        : (
          <div ref={scrollRef} className="table-wrap table-scroll audit-scroll" tabIndex={0} role="region" aria-label="Audit events">
            <table className="data-table audit-table" aria-rowcount={events.length + 1}>
              <caption className="visually-hidden">Audit events, newest first</caption>
              <thead>
                <tr aria-rowindex={1}>
                  <th scope="col">When</th>
                  <th scope="col">Who did what</th>
                  <th scope="col">Outcome</th>
                  <th scope="col"><span className="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {before > 0 && <tr aria-hidden="true" className="spacer"><td colSpan={4} style={{ height: before }} /></tr>}
                {rows.map((r) => <EventRow key={events[r.index].auditID} ev={events[r.index]} rowIndex={r.index + 2} links={links} onDetails={setDetails} />)}
                {after > 0 && <tr aria-hidden="true" className="spacer"><td colSpan={4} style={{ height: after }} /></tr>}
              </tbody>
            </table>
          </div>
        )}
      {query.isFetchNextPageError && (
        <div className="inline-error" role="alert">
          More events could not be loaded. <button type="button" className="button button-small" onClick={() => void fetchNextPage()}>Try again</button>
        </div>
      )}
      <EventDetails ev={details} onClose={() => setDetails(undefined)} />
    </div>
  );
}
