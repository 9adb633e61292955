import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { byName, useLiveList, type ResourceApi } from '../../../lib/resource-api';
import { resources } from '../../../lib/resources';
import { jobRow, readyAddresses } from '../utils/workload-rows';
import { DeleteWorkload } from './delete-workload';
import { Conditions, conditionsOf, EventsOf, PodsOf, Section } from './related';

// Detail pages of Jobs, Services and ConfigMaps: one object, live, read as a list of at most one.

/** useOne reads one object live; `content` renders it, and the states for loading, errors and "gone" are shared. */
function One<T extends { metadata: { name?: string } }>({ resource, noun, list, namespace, name, content }: { resource: ResourceApi<T>; noun: string; list: string; namespace: string; name: string; content: (o: T) => React.ReactNode }) {
  const { query } = useLiveList(resource, namespace, { selector: byName(name) });
  if (query.isPending) return <LoadingState label={`Loading ${noun} ${name}…`} />;
  if (query.isError && !query.data) return <ErrorState title={`The ${noun} could not be loaded`} titles={{ 403: `You cannot see ${noun}s in ${namespace}` }} error={query.error} onRetry={() => void query.refetch()} />;
  const o = query.data.items[0];
  if (!o) return <EmptyState title={`${noun[0].toUpperCase()}${noun.slice(1)} ${name} was not found`}><p>It may have been deleted. <Link to={list}>See the list</Link>.</p></EmptyState>;
  return <div className="pod-detail">{content(o)}</div>;
}

/** JobDetail shows a job's progress, its pods, conditions and events; `mayDelete` offers Delete. */
export function JobDetail({ namespace, name, mayDelete }: { namespace: string; name: string; mayDelete: boolean }) {
  const now = useNow(1000);
  return (
    <One resource={resources.jobs} noun="job" list={paths.jobs.getHref(namespace)} namespace={namespace} name={name} content={(j) => {
      const row = jobRow(j, now);
      return (
        <>
          {mayDelete && <div className="toolbar"><div className="toolbar-end"><DeleteWorkload kind="jobs" namespace={namespace} name={name} listHref={paths.jobs.getHref(namespace)} /></div></div>}
          <Section title="Overview">
            <dl className="facts">
              <dt>Status</dt><dd aria-live="polite">{row.status}</dd>
              <dt>Completions</dt><dd>{row.completions}</dd>
              <dt>Parallelism</dt><dd>{j.spec.parallelism ?? 1}</dd>
              <dt>Backoff limit</dt><dd>{j.spec.backoffLimit ?? 6}</dd>
              <dt>Duration</dt><dd>{row.duration || '—'}</dd>
              <dt>Image</dt><dd className="mono">{row.image}</dd>
            </dl>
          </Section>
          <Section title="Pods"><PodsOf namespace={namespace} selector={{ label: `batch.kubernetes.io/job-name=${name}` }} owner={`job ${name}`} /></Section>
          <Section title="Conditions"><Conditions list={conditionsOf(j)} owner={`job ${name}`} none="No conditions yet: the job is running or waiting for its pods." /></Section>
          <Section title="Events"><EventsOf namespace={namespace} kind="Job" name={name} /></Section>
        </>
      );
    }} />
  );
}

/** ServiceDetail shows a service's ports and selector and the ready addresses of its EndpointSlices. */
export function ServiceDetail({ namespace, name }: { namespace: string; name: string }) {
  const slices = useLiveList(resources.endpointSlices, namespace, { selector: { label: `kubernetes.io/service-name=${name}` } });
  return (
    <One resource={resources.services} noun="service" list={paths.services.getHref(namespace)} namespace={namespace} name={name} content={(s) => {
      const addresses = readyAddresses(slices.query.data?.items ?? []);
      return (
        <>
          <Section title="Overview">
            <dl className="facts">
              <dt>Type</dt><dd>{s.spec?.type ?? 'ClusterIP'}</dd>
              <dt>Cluster IP</dt><dd className="mono">{s.spec?.clusterIP ?? '—'}</dd>
              <dt>Ports</dt><dd className="mono">{(s.spec?.ports ?? []).map((p) => `${p.name ? `${p.name} ` : ''}${p.port}→${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}`).join(', ') || '—'}</dd>
              <dt>Selector</dt><dd className="mono">{Object.entries(s.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '—'}</dd>
            </dl>
          </Section>
          <Section title="Endpoints">
            {slices.query.isPending && <LoadingState label="Loading endpoints…" />}
            {slices.query.isError && !slices.query.data && <ErrorState title="The endpoints could not be loaded" titles={{ 403: 'You cannot see the endpoint slices in this namespace' }} error={slices.query.error} onRetry={() => void slices.query.refetch()} />}
            {slices.query.data && addresses.length === 0 && <p className="muted">No ready endpoints: no Running pod matches the selector yet. This list updates by itself.</p>}
            {addresses.length > 0 && (
              <div className="table-wrap">
                <table className="data-table detail-table">
                  <caption className="visually-hidden">Ready endpoints of service {name}</caption>
                  <thead><tr><th scope="col">Address</th><th scope="col">Pod</th><th scope="col">Ports</th></tr></thead>
                  <tbody>
                    {addresses.map((a) => (
                      <tr key={a.address}>
                        <th scope="row" className="mono">{a.address}</th>
                        <td className="mono">{a.pod ? <Link to={paths.pod.getHref(namespace, a.pod)}>{a.pod}</Link> : '—'}</td>
                        <td className="mono">{a.ports}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Section>
        </>
      );
    }} />
  );
}

/** ConfigMapDetail shows every key and value (config maps hold no secrets; those are Secrets). */
export function ConfigMapDetail({ namespace, name }: { namespace: string; name: string }) {
  return (
    <One resource={resources.configMaps} noun="config map" list={paths.configMaps.getHref(namespace)} namespace={namespace} name={name} content={(c) => {
      const data = Object.entries(c.data ?? {}).sort(([a], [b]) => a.localeCompare(b));
      const binary = Object.keys(c.binaryData ?? {}).sort();
      return (
        <Section title="Data">
          {data.length + binary.length === 0 && <p className="muted">This config map has no keys.</p>}
          {data.length > 0 && (
            <dl className="facts config-values">
              {data.map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="mono">{k}</dt>
                  <dd><pre className="mono value-block">{v}</pre></dd>
                </div>
              ))}
            </dl>
          )}
          {binary.length > 0 && <p>Binary keys (not shown): <span className="mono">{binary.join(', ')}</span></p>}
        </Section>
      );
    }} />
  );
}
