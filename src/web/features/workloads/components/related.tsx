import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { formatAge } from '../../../utils/format';
import { compareByName, useLiveList, type Selector } from '../../../lib/resource-api';
import { resources } from '../../../lib/resources';
import { ObjectTable } from './resource-list';

// Parts every workload detail page has: a titled section, its pods (links to the pod pages), its
// status conditions and its events, each live.

/** Section is a titled part of a detail page (an h2, so heading navigation finds it). */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="detail-section" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** eventsAbout is the selector of the events about the object of `kind` named `name`. */
const eventsAbout = (kindName: string, name: string): Selector => ({ field: `involvedObject.kind=${kindName},involvedObject.name=${name}` });

/** PodsOf lists the pods a selector picks (a workload's), live, each a link to its pod page. */
export function PodsOf({ namespace, selector, owner }: { namespace: string; selector: Selector; owner: string }) {
  const { query } = useLiveList(resources.pods, namespace, { selector, enabled: !!selector.label });
  const now = useNow();
  if (!selector.label) return <p className="muted">No selector: this object picks no pods.</p>;
  if (query.isPending) return <LoadingState label="Loading pods…" />;
  if (query.isError && !query.data) return <ErrorState title="The pods could not be loaded" titles={{ 403: 'You cannot see the pods in this namespace' }} error={query.error} onRetry={() => void query.refetch()} />;
  const pods = [...query.data.items].sort(compareByName);
  if (pods.length === 0) return <p className="muted">No pods yet. The controller makes them; this list updates by itself.</p>;
  const running = pods.filter((p) => p.status?.phase === 'Running').length;
  return (
    <>
      <p className="count" aria-live="polite">{pods.length === 1 ? '1 pod' : `${pods.length} pods`}, {running} Running</p>
      <ObjectTable
        label={`Pods of ${owner}`} items={pods} now={now}
        columns={[
          { header: 'Pod', mono: true, cell: (p) => <Link to={paths.pod.getHref(namespace, p.metadata.name ?? '')}>{p.metadata.name}</Link> },
          { header: 'Status', cell: (p) => p.metadata.deletionTimestamp ? 'Terminating' : p.status?.phase ?? 'Pending' },
          { header: 'Node', mono: true, cell: (p) => p.spec.nodeName || <span className="muted">—</span> },
          { header: 'Age', cell: (p, n) => formatAge(p.metadata.creationTimestamp, n) },
        ]}
      />
    </>
  );
}

/** Condition is a status condition as workloads report them. */
export interface Condition { type?: string; status?: string; reason?: string; message?: string; lastTransitionTime?: string }

/** Conditions shows status conditions (type, status, reason and message in plain words). */
export function Conditions({ list, owner, none }: { list: readonly Condition[]; owner: string; none: string }) {
  const now = useNow();
  if (list.length === 0) return <p className="muted">{none}</p>;
  return (
    <div className="table-wrap">
      <table className="data-table detail-table wrap">
        <caption className="visually-hidden">Conditions of {owner}</caption>
        <thead><tr><th scope="col">Condition</th><th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Message</th><th scope="col">Since</th></tr></thead>
        <tbody>
          {list.map((c) => (
            <tr key={c.type}>
              <th scope="row">{c.type}</th>
              <td>{c.status}</td>
              <td>{c.reason ?? <span className="muted">—</span>}</td>
              <td>{c.message ?? ''}</td>
              <td>{formatAge(c.lastTransitionTime, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** EventsOf lists the events about one object (by kind and name), newest first, live. */
export function EventsOf({ namespace, kind, name }: { namespace: string; kind: string; name: string }) {
  const { query } = useLiveList(resources.events, namespace, { selector: eventsAbout(kind, name) });
  const now = useNow();
  if (query.isPending) return <LoadingState label="Loading events…" />;
  if (query.isError && !query.data) return <ErrorState title="The events could not be loaded" titles={{ 403: 'You cannot see the events in this namespace' }} error={query.error} onRetry={() => void query.refetch()} />;
  const time = (e: (typeof query.data.items)[number]) => Date.parse(e.lastTimestamp ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? '') || 0;
  const events = [...query.data.items].sort((a, b) => time(b) - time(a) || (Number(b.metadata.resourceVersion) || 0) - (Number(a.metadata.resourceVersion) || 0));
  if (events.length === 0) return <p className="muted">No events yet. The controllers report here as they work.</p>;
  return (
    <div className="table-wrap">
      <table className="data-table detail-table wrap">
        <caption className="visually-hidden">Events of {kind} {name}, newest first</caption>
        <thead><tr><th scope="col">Type</th><th scope="col">Reason</th><th scope="col">Message</th><th scope="col">Last seen</th></tr></thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.metadata.uid ?? e.metadata.name}>
              <td><span className={`badge badge-${e.type === 'Warning' ? 'bad' : 'neutral'}`}>{e.type ?? 'Normal'}</span></td>
              <th scope="row">{e.reason ?? ''}{(e.count ?? 1) > 1 ? <span className="muted"> ×{e.count}</span> : null}</th>
              <td>{e.message ?? ''}</td>
              <td>{formatAge(e.lastTimestamp ?? e.firstTimestamp ?? e.metadata.creationTimestamp, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** conditionsOf reads `status.conditions` leniently. */
export function conditionsOf(o: { status?: unknown }): Condition[] {
  const s = o.status as { conditions?: unknown } | undefined;
  return Array.isArray(s?.conditions) ? s.conditions as Condition[] : [];
}
