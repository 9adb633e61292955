import { Link } from 'react-router';
import { EmptyState } from '../../../components/ui/states';
import { QueryFallback, ResourceTable } from '../../../components/ui/resource-table';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { formatAge } from '../../../utils/format';
import { useNodes, usePendingPods, type NodeInfo } from '../api/nodes';

/** readyBadge is a node's Ready condition as a badge (and SchedulingDisabled when cordoned). */
export function ReadyBadge({ node }: { node: NodeInfo }) {
  const [tone, label] = node.ready === 'True' ? ['ok', 'Ready'] : node.ready === 'False' ? ['bad', 'NotReady'] : ['pending', 'Unknown'];
  return <><span className={`badge badge-${tone}`}>{label}</span>{node.unschedulable && <> <span className="badge badge-neutral">SchedulingDisabled</span></>}</>;
}

/**
 * NodesView lists the nodes — readiness, last heartbeat, capacity, version — and the pods no node has
 * taken yet with the scheduler's reason, so "why is my pod Pending?" has an answer on one page.
 */
export function NodesView() {
  const now = useNow();
  const q = useNodes();
  const pending = usePendingPods();
  if (q.data === undefined) return <QueryFallback query={q} loading="Loading nodes…" errorTitle="The nodes could not be loaded" errorTitles={{ 403: 'You cannot list nodes' }} />;
  return (
    <div>
      <div className="toolbar"><p className="count">{q.data.length === 1 ? '1 node' : `${q.data.length} nodes`}</p></div>
      {q.data.length === 0
        ? <EmptyState title="No nodes"><p>No node has registered. Pods stay Pending until one does (start the server with <code>--nodes N</code>).</p></EmptyState>
        : (
          <ResourceTable
            label="Nodes" rows={q.data} rowKey={(n) => n.name}
            columns={[
              { header: 'Name', cell: (n) => <Link to={paths.node.getHref(n.name)}>{n.name}</Link> },
              { header: 'Status', cell: (n) => <ReadyBadge node={n} /> },
              { header: 'Last heartbeat', cell: (n) => (n.heartbeat ? <time dateTime={n.heartbeat}>{formatAge(n.heartbeat, now)} ago</time> : <span className="muted">Never</span>) },
              { header: 'CPU', cell: (n) => n.allocatable.cpu ?? n.capacity.cpu ?? '—' },
              { header: 'Memory', cell: (n) => n.allocatable.memory ?? n.capacity.memory ?? '—' },
              { header: 'Pods', cell: (n) => n.allocatable.pods ?? n.capacity.pods ?? '—' },
              { header: 'Version', className: 'mono', cell: (n) => n.version ?? '—' },
              { header: 'Age', cell: (n) => (n.created ? formatAge(n.created, now) : '—') },
            ]}
          />
        )}
      <section className="detail-section" aria-labelledby="pending-pods">
        <h2 id="pending-pods">Pods waiting for a node</h2>
        {pending.data === undefined ? <QueryFallback query={pending} loading="Loading pending pods…" errorTitle="The pending pods could not be loaded" errorTitles={{ 403: 'You cannot list pods in every namespace' }} />
          : pending.data.length === 0 ? <p className="muted">Every pod has a node.</p>
              : (
                <ul className="plain-list" aria-label="Pods waiting for a node">
                  {pending.data.map((p) => (
                    <li key={`${p.namespace}/${p.name}`}><Link className="mono" to={paths.pod.getHref(p.namespace, p.name)}>{p.namespace}/{p.name}</Link>: {p.reason}</li>
                  ))}
                </ul>
              )}
      </section>
    </div>
  );
}
