import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
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
  if (q.isPending) return <LoadingState label="Loading nodes…" />;
  if (q.isError) return <ErrorState title="The nodes could not be loaded" titles={{ 403: 'You cannot list nodes' }} error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <div>
      <div className="toolbar"><p className="count">{q.data.length === 1 ? '1 node' : `${q.data.length} nodes`}</p></div>
      {q.data.length === 0
        ? <EmptyState title="No nodes"><p>No node has registered. Pods stay Pending until one does (start the server with <code>--nodes N</code>).</p></EmptyState>
        : (
          <div className="table-wrap">
            <table className="data-table wrap-table">
              <caption className="visually-hidden">Nodes</caption>
              <thead>
                <tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Last heartbeat</th><th scope="col">CPU</th><th scope="col">Memory</th><th scope="col">Pods</th><th scope="col">Version</th><th scope="col">Age</th></tr>
              </thead>
              <tbody>
                {q.data.map((n) => (
                  <tr key={n.name}>
                    <th scope="row" className="cell-name"><Link to={paths.node.getHref(n.name)}>{n.name}</Link></th>
                    <td><ReadyBadge node={n} /></td>
                    <td>{n.heartbeat ? <time dateTime={n.heartbeat}>{formatAge(n.heartbeat, now)} ago</time> : <span className="muted">Never</span>}</td>
                    <td>{n.allocatable.cpu ?? n.capacity.cpu ?? '—'}</td>
                    <td>{n.allocatable.memory ?? n.capacity.memory ?? '—'}</td>
                    <td>{n.allocatable.pods ?? n.capacity.pods ?? '—'}</td>
                    <td className="mono">{n.version ?? '—'}</td>
                    <td>{n.created ? formatAge(n.created, now) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <section className="detail-section" aria-labelledby="pending-pods">
        <h2 id="pending-pods">Pods waiting for a node</h2>
        {pending.isPending ? <LoadingState label="Loading pending pods…" />
          : pending.isError ? <ErrorState title="The pending pods could not be loaded" titles={{ 403: 'You cannot list pods in every namespace' }} error={pending.error} onRetry={() => void pending.refetch()} />
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
