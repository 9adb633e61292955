import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import { Link } from 'react-router';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { formatAge } from '../../../utils/format';
import type { PodRow as Row, Sort, SortKey } from '../utils/pod-rows';

/** VIRTUALIZE_ABOVE is the row count above which only the visible rows are rendered. */
export const VIRTUALIZE_ABOVE = 100;
// Rows have a fixed height (CSS .data-table td) so the virtualizer can place them without measuring.
const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 44;

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'status', label: 'Status' },
  { key: 'node', label: 'Node' },
  { key: 'uid', label: 'UID' },
  { key: 'profile', label: 'Profile' },
  { key: 'creator', label: 'Creator' },
  { key: 'age', label: 'Age' },
];

const PodRow = memo(function PodRow({ row, namespace, now, rowIndex }: { row: Row; namespace: string; now: number; rowIndex?: number }) {
  return (
    <tr aria-rowindex={rowIndex}>
      <th scope="row" className="cell-name"><Link to={paths.pod.getHref(namespace, row.name)}>{row.name}</Link></th>
      <td><span className={`badge badge-${row.tone}`}>{row.status}</span></td>
      <td>{row.node || <span className="muted">Not scheduled</span>}</td>
      <td className={row.uidNumber === undefined ? 'muted' : 'mono'}>{row.uid}</td>
      <td>{row.profile || <span className="muted">None yet</span>}</td>
      <td>{row.creator || <span className="muted">Unknown</span>}</td>
      <td>{row.created ? <time dateTime={row.created} title={new Date(row.created).toLocaleString()}>{formatAge(row.created, now)}</time> : <span className="muted">Unknown</span>}</td>
    </tr>
  );
});

function Head({ sort, onSort, virtual }: { sort: Sort; onSort: (key: SortKey) => void; virtual?: boolean }) {
  return (
    <thead>
      <tr aria-rowindex={virtual ? 1 : undefined}>
        {COLUMNS.map((c) => {
          const active = sort.key === c.key;
          return (
            <th key={c.key} scope="col" aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
              <button type="button" className="sort-button" onClick={() => onSort(c.key)}>
                {c.label}
                <span aria-hidden="true" className="sort-mark">{active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}</span>
              </button>
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

/** PodsTableProps: `rows` in display order; `label` names the table (e.g. "Pods in default"); `onSort` toggles a column. */
export interface PodsTableProps { rows: Row[]; namespace: string; label: string; sort: Sort; onSort: (key: SortKey) => void }

/**
 * PodsTable shows name (a link to the pod), status, node, UID, profile, creator and age, with sortable
 * column headers (buttons, with aria-sort on the sorted one). Above VIRTUALIZE_ABOVE rows it renders
 * only what is on screen.
 */
export function PodsTable(props: PodsTableProps) {
  const now = useNow();
  if (props.rows.length > VIRTUALIZE_ABOVE) return <VirtualPodsTable {...props} now={now} />;
  return (
    <div className="table-wrap">
      <table className="data-table pods-table">
        <caption className="visually-hidden">{props.label}</caption>
        <Head sort={props.sort} onSort={props.onSort} />
        <tbody>
          {props.rows.map((r) => <PodRow key={r.pod.metadata.uid ?? r.name} row={r} namespace={props.namespace} now={now} />)}
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
function VirtualPodsTable({ rows, namespace, label, sort, onSort, now }: PodsTableProps & { now: number }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    paddingStart: HEADER_HEIGHT,
    overscan: 12,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const before = items.length ? items[0].start - HEADER_HEIGHT : 0;
  const after = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  return (
    <div ref={scrollRef} className="table-wrap table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table className="data-table pods-table" aria-rowcount={rows.length + 1}>
        <caption className="visually-hidden">{label}</caption>
        <Head sort={sort} onSort={onSort} virtual />
        <tbody>
          {before > 0 && <tr aria-hidden="true" className="spacer"><td colSpan={COLUMNS.length} style={{ height: before }} /></tr>}
          {items.map((v) => {
            const r = rows[v.index];
            return <PodRow key={r.pod.metadata.uid ?? r.name} row={r} namespace={namespace} now={now} rowIndex={v.index + 2} />;
          })}
          {after > 0 && <tr aria-hidden="true" className="spacer"><td colSpan={COLUMNS.length} style={{ height: after }} /></tr>}
        </tbody>
      </table>
    </div>
  );
}
