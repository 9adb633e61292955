import { useId, useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { QueryFallback, ResourceTable, RowAction } from '../../../components/ui/resource-table';
import { paths } from '../../../config/paths';
import { useAllControllers, useStopWorkload, workloadRef, workloadsOf, type PersonsWorkload, type WorkloadAction } from '../api/controllers';

/** ControllerPermissions says what the API would allow (asked with access reviews): list the workloads across namespaces, scale, delete. The API decides regardless. */
export interface ControllerPermissions { list: boolean; scale: boolean; delete: boolean }

const href = (w: PersonsWorkload) => (w.kind === 'Deployment' ? paths.deployment.getHref(w.namespace, w.name) : w.kind === 'Job' ? paths.job.getHref(w.namespace, w.name) : undefined);
const pods = (w: PersonsWorkload) => (w.kind === 'Job' ? `${w.active} active` : `${w.ready}/${w.replicas} ready`);
const recorded = (w: PersonsWorkload) => [w.created && 'created it', w.template && 'set its pod template'].filter(Boolean).join(', ');

/**
 * UserControllers lists the Deployments, stand-alone ReplicaSets and Jobs `user` created or last set the
 * pod template of (their pods are made on that person's behalf, so a removed person's get no new ones),
 * and stops each one: scale a Deployment or ReplicaSet to zero, or delete a workload with its pods.
 */
export function UserControllers({ user, may }: { user: string; may: ControllerPermissions }) {
  const id = useId();
  const q = useAllControllers(may.list);
  const stop = useStopWorkload();
  const [asking, setAsking] = useState<WorkloadAction>();
  const [done, setDone] = useState('');

  if (!may.list) return null;
  if (q.data === undefined) {
    return (
      <QueryFallback
        query={q} loading={`Loading the Deployments, ReplicaSets and Jobs of ${user}…`} errorTitle="The Deployments, ReplicaSets and Jobs could not be loaded"
        errorTitles={{ 403: 'You cannot list Deployments, ReplicaSets and Jobs in every namespace' }}
      />
    );
  }
  const list = workloadsOf(q.data, user);
  const ref = asking ? workloadRef(asking.workload) : '';
  const confirm = () => {
    if (!asking) return;
    stop.mutate(asking, {
      onSuccess: () => {
        setDone(asking.type === 'delete' ? `Deleted ${ref}; its pods are being removed.` : `Scaled ${ref} to zero.`);
        setAsking(undefined);
      },
    });
  };
  const ask = (a: WorkloadAction) => { stop.reset(); setDone(''); setAsking(a); };

  return (
    <section aria-labelledby={`${id}-t`}>
      <h3 id={`${id}-t`}>Deployments, ReplicaSets and Jobs</h3>
      <p role="status" className="success-message">{done}</p>
      {list.length === 0
        ? <p className="muted">No Deployments, ReplicaSets or Jobs record {user} as their creator or template author.</p>
        : (
          <>
            <p className="field-hint">Their pods are made on behalf of whoever last set the pod template; once that person is removed, no new pods are made. Scale to zero or delete to stop them.</p>
            <ResourceTable
              label={`Deployments, ReplicaSets and Jobs of ${user}`} rows={list} rowKey={workloadRef}
              columns={[
                {
                  header: 'Workload',
                  cell: (w) => {
                    const link = href(w);
                    return <><span className="muted">{w.kind}</span> {link ? <Link to={link}>{w.name}</Link> : w.name}{w.deleting && <> <span className="badge badge-neutral">Deleting</span></>}</>;
                  },
                },
                { header: 'Namespace', cell: (w) => w.namespace },
                { header: `${user}…`, cell: recorded },
                { header: 'Pods', cell: pods },
              ]}
              actions={may.scale || may.delete ? (w) => (
                <>
                  {may.scale && w.kind !== 'Job' && (w.replicas ?? 0) > 0 && !w.deleting && (
                    <RowAction label={`Scale ${workloadRef(w)} to zero`} onClick={() => ask({ type: 'scale-to-zero', workload: w })}>Scale to 0</RowAction>
                  )}
                  {may.delete && !w.deleting && (
                    <button type="button" className="button button-small button-danger" aria-label={`Delete ${workloadRef(w)}`} onClick={() => ask({ type: 'delete', workload: w })}>Delete</button>
                  )}
                </>
              ) : undefined}
            />
          </>
        )}
      <ConfirmDialog
        open={!!asking} danger={asking?.type === 'delete'}
        title={asking?.type === 'delete' ? `Delete ${ref}?` : `Scale ${ref} to zero?`}
        confirmLabel={asking?.type === 'delete' ? 'Delete' : 'Scale to 0'} pendingLabel={asking?.type === 'delete' ? 'Deleting…' : 'Scaling…'}
        pending={stop.isPending} error={stop.error}
        onCancel={() => setAsking(undefined)} onConfirm={confirm}
      >
        {asking?.type === 'delete'
          ? <p>The {asking.workload.kind} and its pods are deleted (in the background, by the garbage collector). This cannot be undone.</p>
          : <p>Its pods are stopped; the {asking?.workload.kind} stays, with its history, and can be scaled up again by someone allowed to.</p>}
      </ConfirmDialog>
    </section>
  );
}
