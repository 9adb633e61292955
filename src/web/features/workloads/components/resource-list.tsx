import type { ReactNode } from 'react';
import { LiveIndicator } from '../../../components/ui/live-indicator';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { useNow } from '../../../hooks/use-now';
import { compareByName, useLiveList, type ResourceApi, type Selector } from '../../../lib/resource-api';
import '../../../styles/workloads.css';

/** Column is one column of a ResourceList: a header and the cell of one object (the first column is the row header). */
export interface Column<T> { header: string; cell: (o: T, now: number) => ReactNode; mono?: boolean }

/** ResourceListProps: which objects, how to show them, and what to say when there are none. */
export interface ResourceListProps<T> {
  /** resource is the listed resource's descriptor (lib/resources.ts). */
  resource: ResourceApi<T>;
  namespace: string;
  /** singular and plural name the objects in sentences (`deployment`, `deployments`). */
  singular: string;
  plural: string;
  columns: Column<T>[];
  selector?: Selector;
  /** actions sit at the end of the toolbar (e.g. a "Create deployment" link). */
  actions?: ReactNode;
  /** empty says what would make something appear. */
  empty?: ReactNode;
}

/**
 * ResourceList lists one kind in a namespace and follows it with a watch, so status columns change by
 * themselves. Loading, empty and error states each say what is going on; the live indicator says
 * whether the list still follows the server.
 */
export function ResourceList<T extends { metadata: { name?: string; uid?: string } }>({ resource, namespace, singular, plural, columns, selector, actions, empty }: ResourceListProps<T>) {
  const { query, watch } = useLiveList(resource, namespace, { selector });
  const now = useNow();
  if (query.isPending) return <LoadingState label={`Loading ${plural} in ${namespace}…`} />;
  if (query.isError && !query.data) {
    return <ErrorState title={`The ${plural} could not be loaded`} titles={{ 403: `You cannot see the ${plural} in ${namespace}`, 404: `Namespace ${namespace} was not found` }} error={query.error} onRetry={() => void query.refetch()} />;
  }
  const items = [...query.data.items].sort(compareByName);
  return (
    <div className="pods-view">
      <div className="toolbar">
        <p className="count" aria-live="polite">{items.length === 1 ? `1 ${singular}` : `${items.length} ${plural}`}</p>
        <div className="toolbar-end">
          <LiveIndicator state={watch} />
          {actions}
        </div>
      </div>
      {items.length === 0
        ? <EmptyState title={`No ${plural} in ${namespace} yet`}>{empty ?? <p>They appear here as soon as they are created; this list updates by itself.</p>}</EmptyState>
        : <ObjectTable label={`${plural[0].toUpperCase()}${plural.slice(1)} in ${namespace}`} items={items} columns={columns} now={now} />}
    </div>
  );
}

/** ObjectTable renders objects as rows of `columns`; the first column is each row's header. */
export function ObjectTable<T extends { metadata: { name?: string; uid?: string } }>({ label, items, columns, now }: { label: string; items: readonly T[]; columns: Column<T>[]; now: number }) {
  return (
    <div className="table-wrap">
      <table className="data-table detail-table">
        <caption className="visually-hidden">{label}</caption>
        <thead><tr>{columns.map((c) => <th key={c.header} scope="col">{c.header}</th>)}</tr></thead>
        <tbody>
          {items.map((o) => (
            <tr key={o.metadata.uid ?? o.metadata.name}>
              {columns.map((c, i) => (i === 0
                ? <th key={c.header} scope="row" className={c.mono ? 'mono' : undefined}>{c.cell(o, now)}</th>
                : <td key={c.header} className={c.mono ? 'mono' : undefined}>{c.cell(o, now)}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
