import { useId, useState } from 'react';
import { Link } from 'react-router';
import { selectorString } from '../../../../shared/api/workloads';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { LiveIndicator } from '../../../components/ui/live-indicator';
import { Spinner } from '../../../components/ui/spinner';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { errorMessage } from '../../../lib/api-client';
import { useDeploymentAction } from '../api/mutations';
import { byName, useLiveList } from '../../../lib/resource-api';
import { resources } from '../../../lib/resources';
import { countProblem, deploymentRow, imageProblem, revisionsOf, type Revision } from '../utils/workload-rows';
import { DeleteWorkload } from './delete-workload';
import { Conditions, conditionsOf, EventsOf, PodsOf, Section } from './related';

/** DeploymentMay says which actions to offer (the route asks the API; the API enforces them anyway). */
export interface DeploymentMay { scale: boolean; restart: boolean; undo: boolean; setImage: boolean; delete: boolean }

/**
 * DeploymentDetail is one Deployment, live: its status, a scale control, rollout restart, the rollout
 * history (its ReplicaSets, newest revision first, with images and change cause) with undo to any
 * earlier revision, a container's image change (a new revision, as `kubectl set image`), delete, its
 * pods (links to their pages), conditions and events.
 */
export function DeploymentDetail({ namespace, name, may }: { namespace: string; name: string; may: DeploymentMay }) {
  const { query, watch } = useLiveList(resources.deployments, namespace, { selector: byName(name) });
  const replicaSets = useLiveList(resources.replicaSets, namespace);
  const action = useDeploymentAction(namespace, name);
  const [undoTo, setUndoTo] = useState<Revision>();
  if (query.isPending) return <LoadingState label={`Loading deployment ${name}…`} />;
  if (query.isError && !query.data) return <ErrorState title="The deployment could not be loaded" titles={{ 403: `You cannot see deployments in ${namespace}` }} error={query.error} onRetry={() => void query.refetch()} />;
  const d = query.data.items[0];
  if (!d) {
    return (
      <EmptyState title={`Deployment ${name} was not found`}>
        <p>It may have been deleted. <Link to={paths.deployments.getHref(namespace)}>See the deployments of {namespace}</Link>.</p>
      </EmptyState>
    );
  }
  const row = deploymentRow(d);
  const revisions = revisionsOf(d, replicaSets.query.data?.items ?? []);
  const current = revisions[0]?.revision;
  const strategy = d.spec.strategy?.type ?? 'RollingUpdate';
  return (
    <div className="pod-detail">
      <div className="toolbar">
        <p className="count" aria-live="polite">{row.ready} ready · {row.upToDate} up to date · {row.available} available</p>
        <div className="toolbar-end">
          <LiveIndicator state={watch} />
          {may.restart && (
            <button type="button" className="button" disabled={action.isPending} onClick={() => action.mutate({ type: 'restart' })}>
              Restart rollout
            </button>
          )}
          {may.delete && <DeleteWorkload kind="deployments" namespace={namespace} name={name} listHref={paths.deployments.getHref(namespace)} />}
        </div>
      </div>
      {action.isError && <p className="form-error" role="alert">The server refused: {errorMessage(action.error)}</p>}

      <Section title="Overview">
        <dl className="facts">
          <dt>Replicas</dt><dd>{row.desired} desired</dd>
          <dt>Image</dt><dd className="mono">{row.image}</dd>
          <dt>Selector</dt><dd className="mono">{selectorString(d.spec.selector)}</dd>
          <dt>Strategy</dt><dd>{strategy}</dd>
          <dt>Template set by</dt><dd className="mono">{d.metadata.annotations?.['gatehouse.dev/template-changed-by'] ?? '—'}</dd>
        </dl>
        {may.scale && <ScaleControl key={row.desired} current={row.desired} pending={action.isPending && action.variables?.type === 'scale'} onScale={(n) => action.mutate({ type: 'scale', replicas: n })} />}
        {may.setImage && (
          <SetImage
            containers={d.spec.template.spec.containers.map((c) => ({ name: c.name, image: c.image ?? '' }))}
            pending={action.isPending && action.variables?.type === 'set-image'}
            onSet={(container, image, changeCause) => action.mutate({ type: 'set-image', container, image, changeCause })}
          />
        )}
      </Section>

      <Section title="Rollout history">
        {replicaSets.query.isError && !replicaSets.query.data && <ErrorState title="The replica sets could not be loaded" error={replicaSets.query.error} onRetry={() => void replicaSets.query.refetch()} />}
        {replicaSets.query.data && revisions.length === 0 && <p className="muted">No revisions yet: the deployment controller makes the first ReplicaSet.</p>}
        {revisions.length > 0 && (
          <div className="table-wrap">
            <table className="data-table detail-table wrap">
              <caption className="visually-hidden">Revisions of deployment {name}, newest first</caption>
              <thead><tr><th scope="col">Revision</th><th scope="col">ReplicaSet</th><th scope="col">Image</th><th scope="col">Change cause</th><th scope="col">Pods</th>{may.undo && <th scope="col"><span className="visually-hidden">Actions</span></th>}</tr></thead>
              <tbody>
                {revisions.map((r) => (
                  <tr key={r.name}>
                    <th scope="row">{r.revision}{r.revision === current ? <span className="badge badge-good"> current</span> : null}</th>
                    <td className="mono">{r.name}</td>
                    <td className="mono">{r.image}</td>
                    <td>{r.changeCause || <span className="muted">—</span>}</td>
                    <td>{r.ready}/{r.replicas} ready</td>
                    {may.undo && (
                      <td>{r.revision !== current && <button type="button" className="button" onClick={() => setUndoTo(r)}>Roll back to revision {r.revision}</button>}</td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section title="Pods"><PodsOf namespace={namespace} selector={{ label: selectorString(d.spec.selector) }} owner={`deployment ${name}`} /></Section>
      <Section title="Conditions"><Conditions list={conditionsOf(d)} owner={`deployment ${name}`} none="No conditions reported yet." /></Section>
      <Section title="Events"><EventsOf namespace={namespace} kind="Deployment" name={name} /></Section>

      <ConfirmDialog
        open={!!undoTo} title={`Roll back ${name} to revision ${undoTo?.revision ?? ''}?`} confirmLabel="Roll back" pendingLabel="Rolling back…"
        pending={action.isPending} error={action.error}
        onCancel={() => setUndoTo(undefined)}
        onConfirm={() => undoTo && action.mutate({ type: 'undo', to: undoTo.replicaSet }, { onSuccess: () => setUndoTo(undefined) })}
      >
        <p>The pods are replaced, step by step, by pods of revision {undoTo?.revision} (image <span className="mono">{undoTo?.image}</span>). The template is checked against your grants, as for any change.</p>
      </ConfirmDialog>
    </div>
  );
}

/** ScaleControl is a number input and a button (Enter in the input scales too); it says what is wrong with the number. */
function ScaleControl({ current, pending, onScale }: { current: number; pending: boolean; onScale: (n: number) => void }) {
  const id = useId();
  const [text, setText] = useState(String(current));
  const problem = countProblem('Replicas', text, 0, 1000);
  const [tried, setTried] = useState(false);
  const submit = () => { setTried(true); if (!problem && Number(text) !== current) onScale(Number(text)); };
  return (
    <form className="scale-control" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <div className="field">
        <label htmlFor={`${id}-replicas`}>Replicas</label>
        <input
          id={`${id}-replicas`} type="number" min={0} max={1000} inputMode="numeric" value={text} onChange={(e) => setText(e.target.value)}
          aria-invalid={tried && !!problem} aria-describedby={`${id}-msg`}
        />
        <p id={`${id}-msg`} className="field-error" aria-live="polite">{tried && problem ? problem : ''}</p>
      </div>
      <button type="submit" className="button" disabled={pending}>{pending && <Spinner />}Scale</button>
    </form>
  );
}

/**
 * SetImage changes one container's image, like `kubectl set image`: the template changes, so the
 * deployment controller rolls out a new revision (it appears in the history, with the change cause if given).
 */
function SetImage({ containers, pending, onSet }: { containers: { name: string; image: string }[]; pending: boolean; onSet: (container: string, image: string, changeCause: string) => void }) {
  const id = useId();
  const [container, setContainer] = useState(containers[0]?.name ?? '');
  const currentImage = containers.find((c) => c.name === container)?.image ?? '';
  const [image, setImage] = useState(currentImage);
  const [cause, setCause] = useState('');
  const [tried, setTried] = useState(false);
  const problem = imageProblem(image) ?? (image.trim() === currentImage ? `The container already runs ${currentImage}.` : undefined);
  const submit = () => { setTried(true); if (!problem) { onSet(container, image, cause); setTried(false); setCause(''); } };
  return (
    <form className="scale-control set-image" aria-labelledby={`${id}-t`} onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <h3 id={`${id}-t`} className="visually-hidden">Change image</h3>
      {containers.length > 1 && (
        <div className="field">
          <label htmlFor={`${id}-c`}>Container</label>
          <select id={`${id}-c`} value={container} onChange={(e) => { setContainer(e.target.value); setImage(containers.find((c) => c.name === e.target.value)?.image ?? ''); }}>
            {containers.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-image`}>{containers.length > 1 ? 'New image' : `New image of ${container}`}</label>
        <input id={`${id}-image`} className="mono" value={image} onChange={(e) => setImage(e.target.value)} autoComplete="off" spellCheck={false} aria-invalid={tried && !!problem} aria-describedby={`${id}-msg`} />
        <p id={`${id}-msg`} className="field-error" aria-live="polite">{tried && problem ? problem : ''}</p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-cause`}>Change cause (optional)</label>
        <input id={`${id}-cause`} value={cause} onChange={(e) => setCause(e.target.value)} autoComplete="off" aria-describedby={`${id}-cause-hint`} />
        <span id={`${id}-cause-hint`} className="field-hint">Shown in the rollout history</span>
      </div>
      <button type="submit" className="button" disabled={pending}>{pending && <Spinner />}Set image</button>
    </form>
  );
}
