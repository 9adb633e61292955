import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { formatAge } from '../../../utils/format';
import { useNodeLease, useNodes, usePodsOnNode } from '../api/nodes';
import { ReadyBadge } from './nodes-view';

/** NodeDetail shows one node: conditions, capacity against allocatable, addresses, its heartbeat lease and its pods. */
export function NodeDetail({ name }: { name: string }) {
  const now = useNow();
  const q = useNodes();
  const pods = usePodsOnNode(name);
  const lease = useNodeLease(name);
  if (q.isPending) return <LoadingState label={`Loading node ${name}…`} />;
  if (q.isError) return <ErrorState title={`Node ${name} could not be loaded`} titles={{ 403: 'You cannot list nodes' }} error={q.error} onRetry={() => void q.refetch()} />;
  const n = q.data.find((x) => x.name === name);
  if (!n) return <EmptyState title={`There is no node ${name}`}><p><Link to={paths.nodes.getHref()}>Back to the nodes</Link></p></EmptyState>;
  const resources = [...new Set([...Object.keys(n.capacity), ...Object.keys(n.allocatable)])].sort();
  const renewed = lease.data?.spec?.renewTime;
  return (
    <div className="detail-grid">
      <section className="detail-section" aria-labelledby="node-overview">
        <h2 id="node-overview">Overview</h2>
        <dl className="facts">
          <div className="fact"><dt>Status</dt><dd><ReadyBadge node={n} /></dd></div>
          <div className="fact"><dt>Lease renewed</dt><dd>{renewed ? <time dateTime={renewed}>{formatAge(renewed, now)} ago</time> : <span className="muted">No lease</span>}</dd></div>
          <div className="fact"><dt>Version</dt><dd className="mono">{n.version ?? '—'}</dd></div>
          <div className="fact"><dt>OS image</dt><dd>{n.os ?? '—'}</dd></div>
          <div className="fact"><dt>Container runtime</dt><dd className="mono">{n.runtime ?? '—'}</dd></div>
          {n.addresses.map((a) => <div className="fact" key={`${a.type}/${a.address}`}><dt>{a.type}</dt><dd className="mono">{a.address}</dd></div>)}
        </dl>
      </section>
      <section className="detail-section" aria-labelledby="node-capacity">
        <h2 id="node-capacity">Capacity</h2>
        <table className="data-table wrap-table">
          <caption className="visually-hidden">Capacity and allocatable resources of {name}</caption>
          <thead><tr><th scope="col">Resource</th><th scope="col">Capacity</th><th scope="col">Allocatable</th></tr></thead>
          <tbody>{resources.map((r) => <tr key={r}><th scope="row">{r}</th><td>{n.capacity[r] ?? '—'}</td><td>{n.allocatable[r] ?? '—'}</td></tr>)}</tbody>
        </table>
      </section>
      <section className="detail-section" aria-labelledby="node-conditions">
        <h2 id="node-conditions">Conditions</h2>
        <table className="data-table wrap-table">
          <caption className="visually-hidden">Conditions of {name}</caption>
          <thead><tr><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Message</th></tr></thead>
          <tbody>{n.conditions.map((c) => <tr key={c.type}><th scope="row">{c.type}</th><td>{c.status}</td><td>{c.reason ?? ''}</td><td>{c.message ?? ''}</td></tr>)}</tbody>
        </table>
      </section>
      <section className="detail-section" aria-labelledby="node-pods">
        <h2 id="node-pods">Pods on {name}</h2>
        {pods.isPending ? <LoadingState label="Loading pods…" />
          : pods.isError ? <ErrorState title="The pods could not be loaded" titles={{ 403: 'You cannot list pods in every namespace' }} error={pods.error} onRetry={() => void pods.refetch()} />
            : pods.data.length === 0 ? <p className="muted">No pod runs here.</p>
              : (
                <ul className="plain-list" aria-label={`Pods on ${name}`}>
                  {pods.data.map((p) => {
                    const ns = p.metadata.namespace ?? '';
                    const pn = p.metadata.name ?? '';
                    return <li key={`${ns}/${pn}`}><Link className="mono" to={paths.pod.getHref(ns, pn)}>{ns}/{pn}</Link> <span className="muted">{p.status?.phase ?? 'Pending'}</span></li>;
                  })}
                </ul>
              )}
      </section>
    </div>
  );
}
