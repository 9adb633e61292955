import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import type { Pod } from '../../../../shared/api/core';
import { useNow } from '../../../hooks/use-now';
import { formatAge } from '../../../utils/format';
import { podStatus } from './pod-status';

/** VIRTUALIZE_ABOVE is the row count above which only the visible rows are rendered. */
export const VIRTUALIZE_ABOVE = 100;
// Rows have a fixed height (CSS .data-table td) so the virtualizer can place them without measuring.
const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 44;

const PodRow = memo(function PodRow({ pod, now, rowIndex }: { pod: Pod; now: number; rowIndex?: number }) {
  const status = podStatus(pod);
  const created = pod.metadata.creationTimestamp ?? undefined;
  return (
    <tr aria-rowindex={rowIndex}>
      <th scope="row" className="cell-name">{pod.metadata.name}</th>
      <td><span className={`badge badge-${status.tone}`}>{status.label}</span></td>
      <td>{pod.spec?.nodeName || <span className="muted">Not scheduled</span>}</td>
      <td>{created ? <time dateTime={created} title={new Date(created).toLocaleString()}>{formatAge(created, now)}</time> : <span className="muted">Unknown</span>}</td>
    </tr>
  );
});

function Head({ virtual }: { virtual?: boolean }) {
  return (
    <thead>
      <tr aria-rowindex={virtual ? 1 : undefined}>
        <th scope="col">Name</th>
        <th scope="col">Status</th>
        <th scope="col">Node</th>
        <th scope="col">Age</th>
      </tr>
    </thead>
  );
}

/** PodsTableProps: `pods` in display order; `label` names the table (e.g. "Pods in default"). */
export interface PodsTableProps { pods: Pod[]; label: string }

/** PodsTable shows name, status, node and age; above VIRTUALIZE_ABOVE rows it renders only what is on screen. */
export function PodsTable({ pods, label }: PodsTableProps) {
  const now = useNow();
  if (pods.length > VIRTUALIZE_ABOVE) return <VirtualPodsTable pods={pods} label={label} now={now} />;
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">{label}</caption>
        <Head />
        <tbody>
          {pods.map((p) => <PodRow key={p.metadata.uid ?? p.metadata.name} pod={p} now={now} />)}
        </tbody>
      </table>
    </div>
  );
}

/**
 * VirtualPodsTable keeps a real <table> (so rows stay rows for assistive technology, with
 * aria-rowcount/aria-rowindex giving the full size) and pads the body above and below the rendered
 * window. The scroll box is focusable so keyboard users can scroll it.
 */
function VirtualPodsTable({ pods, label, now }: PodsTableProps & { now: number }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: pods.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    paddingStart: HEADER_HEIGHT,
    overscan: 12,
    useFlushSync: false,
  });
  const rows = virtualizer.getVirtualItems();
  const before = rows.length ? rows[0].start - HEADER_HEIGHT : 0;
  const after = rows.length ? virtualizer.getTotalSize() - rows[rows.length - 1].end : 0;
  return (
    <div ref={scrollRef} className="table-wrap table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table className="data-table" aria-rowcount={pods.length + 1}>
        <caption className="visually-hidden">{label}</caption>
        <Head virtual />
        <tbody>
          {before > 0 && <tr aria-hidden="true" className="spacer"><td colSpan={4} style={{ height: before }} /></tr>}
          {rows.map((r) => {
            const p = pods[r.index];
            return <PodRow key={p.metadata.uid ?? p.metadata.name} pod={p} now={now} rowIndex={r.index + 2} />;
          })}
          {after > 0 && <tr aria-hidden="true" className="spacer"><td colSpan={4} style={{ height: after }} /></tr>}
        </tbody>
      </table>
    </div>
  );
}
