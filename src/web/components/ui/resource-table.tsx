import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef, type ReactNode, type RefObject } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { formatAge } from '../../utils/format';
import { ErrorState, LoadingState } from './states';

// One table for every list of objects (pods, secrets, service accounts, namespaces, nodes, users,
// groups, profiles, grants): a real <table> with a hidden caption, the first column as each row's
// header, optional sortable headers (buttons with aria-sort), an optional actions column, and only the
// visible rows rendered above VIRTUALIZE_ABOVE rows. QueryFallback gives every list the same loading
// and error states.

/** Column is one column: its header and the cell of one row; `sortKey` makes the header a sort button. */
export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** className is the cell's class (e.g. `mono`); the first column's defaults to `cell-name`. */
  className?: string;
  sortKey?: string;
  /** width is the column's share of a fixed-layout table (e.g. `24%`). */
  width?: string;
}

/** TableSort is the sorted column and direction. */
export interface TableSort { key: string; dir: 'asc' | 'desc' }

/** ResourceTableProps: `label` names the table for assistive technology (e.g. "Pods in default"). */
export interface ResourceTableProps<T> {
  label: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  rowClassName?: (row: T) => string | undefined;
  /** className is added to `data-table` (default `wrap-table`: cells wrap and grow). */
  className?: string;
  /** actions renders a last cell of buttons for a row (the column header is hidden text "Actions"). */
  actions?: (row: T) => ReactNode;
  sort?: TableSort;
  onSort?: (key: string) => void;
}

/** VIRTUALIZE_ABOVE is the row count above which only the visible rows are rendered. */
export const VIRTUALIZE_ABOVE = 100;
// Rows of a virtualized table have a fixed height (CSS .data-table td) so they can be placed without measuring.
const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 44;

/**
 * useVirtualRows renders only the rows on screen in the scroll box `scrollRef`: `items` are the rows to
 * render and `before`/`after` the heights of the spacer rows that stand for the others.
 */
export function useVirtualRows(count: number, scrollRef: RefObject<HTMLDivElement | null>, overscan = 12) {
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    paddingStart: HEADER_HEIGHT,
    overscan,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const before = items.length ? items[0].start - HEADER_HEIGHT : 0;
  const after = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  return { items, before, after };
}

/** SpacerRow stands for the rows a virtualized table does not render (hidden from assistive technology). */
export function SpacerRow({ height, columns }: { height: number; columns: number }) {
  return height > 0 ? <tr aria-hidden="true" className="spacer"><td colSpan={columns} style={{ height }} /></tr> : null;
}

function Head<T>({ columns, sort, onSort, actions, virtual }: Pick<ResourceTableProps<T>, 'columns' | 'sort' | 'onSort'> & { actions: boolean; virtual: boolean }) {
  return (
    <thead>
      <tr aria-rowindex={virtual ? 1 : undefined}>
        {columns.map((c) => {
          const style = c.width ? { width: c.width } : undefined;
          if (!c.sortKey || !onSort) return <th key={c.header} scope="col" style={style}>{c.header}</th>;
          const active = sort?.key === c.sortKey;
          return (
            <th key={c.header} scope="col" style={style} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
              <button type="button" className="sort-button" onClick={() => onSort(c.sortKey!)}>
                {c.header}
                <span aria-hidden="true" className="sort-mark">{active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}</span>
              </button>
            </th>
          );
        })}
        {actions && <th scope="col"><span className="visually-hidden">Actions</span></th>}
      </tr>
    </thead>
  );
}

interface RowProps<T> { row: T; columns: readonly Column<T>[]; className?: string; actions?: (row: T) => ReactNode; rowIndex?: number }

function RowImpl<T>({ row, columns, className, actions, rowIndex }: RowProps<T>) {
  return (
    <tr className={className} aria-rowindex={rowIndex}>
      {columns.map((c, i) => (i === 0
        ? <th key={c.header} scope="row" className={c.className ?? 'cell-name'}>{c.cell(row)}</th>
        : <td key={c.header} className={c.className}>{c.cell(row)}</td>))}
      {actions && <td className="cell-actions">{actions(row)}</td>}
    </tr>
  );
}
// A row re-renders only when its object (or the columns) change: a watch event touches one row.
const Row = memo(RowImpl) as typeof RowImpl;

/**
 * ResourceTable shows `rows` in the given order as a table whose first column is each row's header.
 * Headers of columns with a `sortKey` are buttons calling `onSort` (aria-sort marks the sorted one).
 * Above VIRTUALIZE_ABOVE rows it keeps a real <table> (aria-rowcount/aria-rowindex give the full size)
 * in a focusable scroll box and renders only what is on screen.
 */
export function ResourceTable<T>(props: ResourceTableProps<T>) {
  if (props.rows.length > VIRTUALIZE_ABOVE) return <VirtualTable {...props} />;
  const { label, rows, columns, rowKey, rowClassName, className = 'wrap-table', actions, sort, onSort } = props;
  return (
    <div className="table-wrap">
      <table className={`data-table ${className}`}>
        <caption className="visually-hidden">{label}</caption>
        <Head columns={columns} sort={sort} onSort={onSort} actions={!!actions} virtual={false} />
        <tbody>
          {rows.map((r) => <Row key={rowKey(r)} row={r} columns={columns} className={rowClassName?.(r)} actions={actions} />)}
        </tbody>
      </table>
    </div>
  );
}

function VirtualTable<T>({ label, rows, columns, rowKey, rowClassName, className = 'wrap-table', actions, sort, onSort }: ResourceTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { items, before, after } = useVirtualRows(rows.length, scrollRef);
  const span = columns.length + (actions ? 1 : 0);
  return (
    <div ref={scrollRef} className="table-wrap table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table className={`data-table ${className}`} aria-rowcount={rows.length + 1}>
        <caption className="visually-hidden">{label}</caption>
        <Head columns={columns} sort={sort} onSort={onSort} actions={!!actions} virtual />
        <tbody>
          <SpacerRow height={before} columns={span} />
          {items.map((v) => {
            const r = rows[v.index];
            return <Row key={rowKey(r)} row={r} columns={columns} className={rowClassName?.(r)} actions={actions} rowIndex={v.index + 2} />;
          })}
          <SpacerRow height={after} columns={span} />
        </tbody>
      </table>
    </div>
  );
}

/** QueryFallbackProps: `loading` is announced while the first read runs; `errorTitle`/`errorTitles` name a failed one. */
export interface QueryFallbackProps {
  query: Pick<UseQueryResult, 'isError' | 'error' | 'refetch'>;
  loading: string;
  errorTitle: string;
  /** errorTitles are plainer titles by HTTP status (e.g. 403: "You cannot list nodes"). */
  errorTitles?: Partial<Record<number, string>>;
}

/**
 * QueryFallback is what a list shows while its query has no data: a loading state, or an error state
 * with Retry when the read failed. Use it as `if (q.data === undefined) return <QueryFallback .../>`, so a
 * failed background refresh keeps the last data on screen.
 */
export function QueryFallback({ query, loading, errorTitle, errorTitles }: QueryFallbackProps) {
  if (query.isError) return <ErrorState title={errorTitle} titles={errorTitles} error={query.error} onRetry={() => void query.refetch()} />;
  return <LoadingState label={loading} />;
}

/** Age is how long ago `time` was (its full date on hover), or "Unknown". */
export function Age({ time, now }: { time: string | undefined; now: number }) {
  return time ? <time dateTime={time} title={new Date(time).toLocaleString()}>{formatAge(time, now)}</time> : <span className="muted">Unknown</span>;
}

/** RowAction is a small button in a table row's actions cell; `label` says what it does to which row (its accessible name). */
export function RowAction({ label, danger, onClick, children }: { label: string; danger?: boolean; onClick: () => void; children: ReactNode }) {
  return <button type="button" className={`button button-small${danger ? ' button-danger-outline' : ''}`} onClick={onClick} aria-label={label}>{children}</button>;
}
