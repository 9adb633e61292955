import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { Pod } from '../../../../shared/api/core';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { formatAge } from '../../../utils/format';
import { podRef, podsStartedBy, useAllPods, useBulkTerminate } from '../api/workloads';
import { UserControllers, type ControllerPermissions } from './user-controllers';

const phase = (p: Pod) => (p.metadata.deletionTimestamp ? 'Terminating' : p.status?.phase ?? 'Pending');

/**
 * UserWorkloads lists the pods `user` started, in every namespace, and terminates them in bulk: each
 * pod is its own (audited) deletion, progress is shown as "n of m", and failures are listed by pod.
 * Below, the Deployments, ReplicaSets and Jobs they created or last set the template of (UserControllers).
 */
export function UserWorkloads({ user, canTerminate, may }: { user: string; canTerminate: boolean; may: ControllerPermissions }) {
  const id = useId();
  const q = useAllPods();
  const now = useNow();
  const bulk = useBulkTerminate();
  const [selected, setSelected] = useState<Set<string>>();
  const [confirming, setConfirming] = useState(false);

  if (q.isPending) return <LoadingState label={`Loading the workloads ${user} started…`} />;
  if (q.isError) return <ErrorState title="The workloads could not be loaded" titles={{ 403: 'You cannot list pods in every namespace' }} error={q.error} onRetry={() => void q.refetch()} />;
  const list = podsStartedBy(q.data, user);
  const live = list.filter((p) => !p.metadata.deletionTimestamp);
  const chosen = selected ?? new Set(live.map(podRef));
  const targets = live.filter((p) => chosen.has(podRef(p)));
  const toggle = (ref: string) => {
    const next = new Set(chosen);
    if (next.has(ref)) next.delete(ref); else next.add(ref);
    setSelected(next);
  };
  const pr = bulk.progress;

  return (
    <section aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Workloads started by {user}</h2>
      {pr && (
        <div className="progress-box" role="status">
          <label htmlFor={`${id}-progress`}>{pr.running ? `Terminating ${pr.done} of ${pr.total}…` : `Terminated ${pr.done - pr.errors.length} of ${pr.total} pods${pr.errors.length ? `; ${pr.errors.length} failed` : ''}.`}</label>
          <progress id={`${id}-progress`} max={pr.total || 1} value={pr.done} />
        </div>
      )}
      {pr && pr.errors.length > 0 && (
        <div role="alert" className="warning-box">
          <h3>Not terminated</h3>
          <ul>{pr.errors.map((e) => <li key={e.pod}><span className="mono">{e.pod}</span>: {e.message}</li>)}</ul>
        </div>
      )}
      {list.length === 0
        ? <EmptyState title={`No running workloads started by ${user}`} level={3}><p>Pods appear here when {user} starts them, in any namespace.</p></EmptyState>
        : (
          <>
            {canTerminate && (
              <div className="toolbar">
                <label className="checkbox">
                  <input type="checkbox" checked={targets.length === live.length && live.length > 0} onChange={(e) => setSelected(new Set(e.target.checked ? live.map(podRef) : []))} disabled={live.length === 0} />
                  Select all
                </label>
                <button type="button" className="button button-danger" disabled={targets.length === 0 || pr?.running} onClick={() => setConfirming(true)}>
                  Terminate {targets.length === 1 ? '1 pod' : `${targets.length} pods`}
                </button>
              </div>
            )}
            <div className="table-wrap">
              <table className="data-table wrap-table">
                <caption className="visually-hidden">Pods started by {user}</caption>
                <thead><tr>{canTerminate && <th scope="col"><span className="visually-hidden">Select</span></th>}<th scope="col">Pod</th><th scope="col">Namespace</th><th scope="col">Status</th><th scope="col">Age</th></tr></thead>
                <tbody>
                  {list.map((p) => {
                    const ref = podRef(p);
                    return (
                      <tr key={ref}>
                        {canTerminate && (
                          <td className="cell-check">
                            <input type="checkbox" aria-label={`Select ${ref}`} checked={chosen.has(ref)} onChange={() => toggle(ref)} disabled={!!p.metadata.deletionTimestamp} />
                          </td>
                        )}
                        <th scope="row" className="cell-name"><Link to={paths.pod.getHref(p.metadata.namespace ?? '', p.metadata.name ?? '')}>{p.metadata.name}</Link></th>
                        <td><Link to={paths.pods.getHref(p.metadata.namespace ?? '')}>{p.metadata.namespace}</Link></td>
                        <td><span className={`badge ${phase(p) === 'Running' ? 'badge-ok' : 'badge-neutral'}`}>{phase(p)}</span></td>
                        <td>{formatAge(p.metadata.creationTimestamp, now)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
      <ConfirmDialog
        open={confirming} title={`Terminate ${targets.length === 1 ? '1 pod' : `${targets.length} pods`} started by ${user}?`} confirmLabel="Terminate" danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => { setConfirming(false); setSelected(undefined); bulk.run(targets); }}
      >
        <p>Each pod is deleted with its own request (each recorded in the audit trail). Their containers are stopped; this cannot be undone.</p>
        <ul className="plain-list">{targets.slice(0, 10).map((p) => <li key={podRef(p)} className="mono">{podRef(p)}</li>)}{targets.length > 10 && <li>and {targets.length - 10} more</li>}</ul>
      </ConfirmDialog>
      <UserControllers user={user} may={may} />
    </section>
  );
}
