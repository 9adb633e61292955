import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { formatAge } from '../../../utils/format';
import { useNamespaceEvents } from '../api/events';

/** EventsView lists a namespace's events (as `kubectl events`), newest first, with warnings one click away. */
export function EventsView({ namespace }: { namespace: string }) {
  const now = useNow();
  const q = useNamespaceEvents(namespace);
  const [warningsOnly, setWarningsOnly] = useState(false);
  if (q.isPending) return <LoadingState label={`Loading the events of ${namespace}…`} />;
  if (q.isError) return <ErrorState title="The events could not be loaded" titles={{ 403: `You cannot list the events of ${namespace}` }} error={q.error} onRetry={() => void q.refetch()} />;
  const rows = warningsOnly ? q.data.filter((e) => e.type === 'Warning') : q.data;
  return (
    <div>
      <div className="toolbar">
        <p className="count">{rows.length === 1 ? '1 event' : `${rows.length} events`}</p>
        <label className="checkbox"><input type="checkbox" checked={warningsOnly} onChange={(e) => setWarningsOnly(e.target.checked)} /> Warnings only</label>
      </div>
      {rows.length === 0
        ? <EmptyState title={warningsOnly ? 'No warnings' : 'No events'}><p>{warningsOnly ? `Nothing went wrong in ${namespace} lately.` : `Nothing has happened in ${namespace} lately (events are kept for an hour).`}</p></EmptyState>
        : (
          <div className="table-wrap">
            <table className="data-table wrap-table">
              <caption className="visually-hidden">Events in {namespace}</caption>
              <thead><tr><th scope="col">Last seen</th><th scope="col">Type</th><th scope="col">Reason</th><th scope="col">Object</th><th scope="col">Message</th><th scope="col">Count</th><th scope="col">Source</th></tr></thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.name}>
                    <td>{e.last ? <time dateTime={e.last}>{formatAge(e.last, now)} ago</time> : '—'}</td>
                    <td><span className={`badge badge-${e.type === 'Warning' ? 'bad' : 'neutral'}`}>{e.type}</span></td>
                    <td>{e.reason}</td>
                    <td className="mono">{e.kind === 'Pod' ? <Link to={paths.pod.getHref(namespace, e.object)}>pod/{e.object}</Link> : `${e.kind.toLowerCase()}/${e.object}`}</td>
                    <td>{e.message}</td>
                    <td>{e.count}</td>
                    <td className="muted">{e.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </div>
  );
}
