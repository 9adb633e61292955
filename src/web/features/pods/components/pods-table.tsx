import { useMemo } from 'react';
import { Link } from 'react-router';
import { Age, ResourceTable, type Column } from '../../../components/ui/resource-table';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import type { PodRow as Row, Sort, SortKey } from '../utils/pod-rows';

function columns(namespace: string, now: number): Column<Row>[] {
  return [
    { header: 'Name', sortKey: 'name', width: '24%', cell: (r) => <Link to={paths.pod.getHref(namespace, r.name)}>{r.name}</Link> },
    { header: 'Status', sortKey: 'status', width: '13%', cell: (r) => <span className={`badge badge-${r.tone}`}>{r.status}</span> },
    { header: 'Node', sortKey: 'node', width: '11%', cell: (r) => r.node || <span className="muted">Not scheduled</span> },
    { header: 'UID', sortKey: 'uid', width: '12%', cell: (r) => <span className={r.uidNumber === undefined ? 'muted' : 'mono'}>{r.uid}</span> },
    { header: 'Profile', sortKey: 'profile', width: '12%', cell: (r) => r.profile || <span className="muted">None yet</span> },
    { header: 'Creator', sortKey: 'creator', width: '16%', cell: (r) => r.creator || <span className="muted">Unknown</span> },
    {
      header: 'Age', sortKey: 'age', width: '8%',
      cell: (r) => <Age time={r.created} now={now} />,
    },
  ];
}

/** PodsTableProps: `rows` in display order; `label` names the table (e.g. "Pods in default"); `onSort` toggles a column. */
export interface PodsTableProps { rows: Row[]; namespace: string; label: string; sort: Sort; onSort: (key: SortKey) => void }

/**
 * PodsTable shows name (a link to the pod), status, node, UID, profile, creator and age, with sortable
 * column headers; a long list renders only what is on screen (ResourceTable).
 */
export function PodsTable({ rows, namespace, label, sort, onSort }: PodsTableProps) {
  const now = useNow();
  const cols = useMemo(() => columns(namespace, now), [namespace, now]);
  return (
    <ResourceTable
      label={label} rows={rows} columns={cols} className="pods-table" rowKey={(r) => r.pod.metadata.uid ?? r.name}
      sort={sort} onSort={(key) => onSort(key as SortKey)}
    />
  );
}
