import { useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Pod } from '../../../../shared/api/core';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { formatAge } from '../../../utils/format';
import { usePod, usePodWatch } from '../api/get-pod';
import { eventsOfPod, usePodEvents, usePodEventsWatch } from '../api/get-pod-events';
import { useDeletePod } from '../api/delete-pod';
import { podMounts, podSecretEnv, type MountInfo } from '../utils/pod-mounts';
import { effectiveSecurity, groupsLabel, podMeta, uidLabel } from '../utils/pod-security';
import { LiveIndicator } from '../../../components/ui/live-indicator';
import { podStatus } from './pod-status';
import '../../../styles/workloads.css';

/** PodDetailProps: what the route decided the person may do, and how to start a copy. */
export interface PodDetailProps {
  namespace: string;
  name: string;
  canDelete?: boolean;
  /** onCopy opens the route's "copy to another namespace" dialog for the pod shown. */
  onCopy?: (pod: Pod) => void;
  /** activity renders the pod's audit trail (composed by the route from the audit components). */
  activity?: (pod: Pod) => ReactNode;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className="detail-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return <div className="fact"><dt>{label}</dt><dd>{children}</dd></div>;
}

function Time({ at, now }: { at: string | null | undefined; now: number }) {
  if (!at) return <span className="muted">Unknown</span>;
  return <time dateTime={at} title={new Date(at).toLocaleString()}>{formatAge(at, now)} ago</time>;
}

function List({ items, empty }: { items: string[]; empty: string }) {
  return items.length ? <>{items.join(', ')}</> : <span className="muted">{empty}</span>;
}

function MountSourceCell({ m, namespace }: { m: MountInfo; namespace: string }) {
  const s = m.source;
  if (!s) return <span className="muted">Volume “{m.volume}” is not defined</span>;
  if (s.type === 'secret') {
    return (
      <>
        Secret <Link to={paths.secret.getHref(namespace, s.secretName)} className="mono">{s.secretName}</Link>
        {s.items.length
          ? <ul className="plain-list">{s.items.map((i) => <li key={i.key}><span className="mono">{i.key}</span> → <span className="mono">{m.mountPath.replace(/\/$/, '')}/{i.path}</span></li>)}</ul>
          : <span className="muted"> (every key, one file each)</span>}
      </>
    );
  }
  if (s.type === 'projected') return <>Projected: {[...s.secrets.map((n) => `secret ${n}`), ...s.others].join(', ') || 'nothing'}</>;
  if (s.type === 'configMap') return <>ConfigMap <span className="mono">{s.name}</span></>;
  return <>{s.kind}{s.detail ? <> <span className="mono">{s.detail}</span></> : null}</>;
}

/**
 * PodDetail shows one pod, live: phase and conditions, the effective security context per container
 * (UID, groups, profile, capabilities), volume mounts with secret names and paths (never values),
 * the service account, the creator, and the pod's events. A deleted pod says so instead of erroring.
 */
export function PodDetail({ namespace, name, canDelete, onCopy, activity }: PodDetailProps) {
  const now = useNow();
  const navigate = useNavigate();
  const query = usePod(namespace, name);
  const watch = usePodWatch(namespace, name, query.data !== undefined);
  const events = usePodEvents(namespace, name);
  usePodEventsWatch(namespace, name, events.data !== undefined);
  const del = useDeletePod(namespace);
  const [confirming, setConfirming] = useState(false);
  const seen = useRef(false);
  const pod = query.data?.items[0];
  if (pod) seen.current = true;

  if (query.isPending) return <LoadingState label={`Loading pod ${name}…`} />;
  if (query.isError && !query.data) {
    return <ErrorState title={`Pod ${name} could not be loaded`} titles={{ 403: `You cannot see the pods in ${namespace}` }} error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!pod) {
    return (
      <EmptyState title={seen.current ? `Pod ${name} was deleted` : `There is no pod ${name} in ${namespace}`}>
        <p><Link to={paths.pods.getHref(namespace)}>Back to the pods in {namespace}</Link></p>
      </EmptyState>
    );
  }

  const status = podStatus(pod);
  const meta = podMeta(pod.metadata);
  const containers = pod.spec.containers ?? [];
  const security = containers.map((_, i) => effectiveSecurity(pod.spec, i)!).filter(Boolean);
  const first = security[0];
  const mounts = podMounts(pod.spec);
  const secretEnv = podSecretEnv(pod.spec);
  const conditions = (pod.status?.conditions ?? []) as { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[];
  const podEvents = eventsOfPod(events.data?.items ?? [], pod.metadata.uid);
  const terminating = !!pod.metadata.deletionTimestamp;

  return (
    <div className="pod-detail">
      <div className="toolbar">
        <p className="status-line" role="status" aria-label="Pod status">
          <span className={`badge badge-${status.tone}`}>{status.label}</span>
          {pod.status?.message && <span className="muted">{pod.status.message}</span>}
        </p>
        <div className="toolbar-end">
          <LiveIndicator state={watch} />
          {onCopy && <button type="button" className="button" onClick={() => onCopy(pod)}>Copy to another namespace</button>}
          {canDelete && !terminating && <button type="button" className="button button-danger-outline" onClick={() => { del.reset(); setConfirming(true); }}>Delete pod</button>}
        </div>
      </div>

      <div className="detail-grid">
        <Section title="Overview">
          <dl className="facts">
            <Fact label="Phase">{pod.status?.phase ?? 'Pending'}</Fact>
            <Fact label="Node">{pod.spec.nodeName || <span className="muted">Not scheduled yet</span>}</Fact>
            <Fact label="Pod IP">{pod.status?.podIP ? <span className="mono">{pod.status.podIP}</span> : <span className="muted">None yet</span>}</Fact>
            <Fact label="Service account"><span className="mono">{pod.spec.serviceAccountName || 'default'}</span></Fact>
            <Fact label="Creator">{meta.creator ?? <span className="muted">Unknown</span>}</Fact>
            <Fact label="Created"><Time at={pod.metadata.creationTimestamp} now={now} /></Fact>
          </dl>
        </Section>

        <Section title="Security">
          <dl className="facts">
            <Fact label="Profile">{meta.profile ? <span className="mono">{meta.profile}</span> : <span className="muted">None recorded</span>}</Fact>
            <Fact label="UID">{first && first.runAsUser !== undefined ? <span className="mono">{first.runAsUser}</span> : uidLabel(first)}</Fact>
            <Fact label="Groups">{groupsLabel(first)}</Fact>
            <Fact label="SELinux level">{first?.seLinuxLevel ? <span className="mono">{first.seLinuxLevel}</span> : <span className="muted">Not set</span>}</Fact>
            <Fact label="Seccomp">{first?.seccomp ?? <span className="muted">Not set</span>}</Fact>
            <Fact label="Host namespaces"><List items={[first?.hostNetwork && 'network', first?.hostPID && 'PID', first?.hostIPC && 'IPC'].filter((x): x is string => !!x)} empty="None" /></Fact>
          </dl>
        </Section>
      </div>

      <Section title="Containers">
        <div className="table-wrap">
          <table className="data-table detail-table">
            <caption className="visually-hidden">Containers of {name} and their effective security context</caption>
            <thead><tr><th scope="col">Container</th><th scope="col">Image</th><th scope="col">UID</th><th scope="col">Privileged</th><th scope="col">Capabilities added</th><th scope="col">Capabilities dropped</th></tr></thead>
            <tbody>
              {security.map((s, i) => (
                <tr key={s.container}>
                  <th scope="row" className="mono">{s.container}</th>
                  <td className="mono">{containers[i]?.image ?? ''}</td>
                  <td>{uidLabel(s)}</td>
                  <td>{s.privileged ? 'Yes' : 'No'}{s.allowPrivilegeEscalation === false ? <span className="muted"> · no escalation</span> : null}</td>
                  <td><List items={s.capabilitiesAdd} empty="None" /></td>
                  <td><List items={s.capabilitiesDrop} empty="None" /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section title="Volume mounts">
        {mounts.length === 0
          ? <p className="muted">No volumes are mounted.</p>
          : (
            <div className="table-wrap">
              <table className="data-table detail-table wrap">
                <caption className="visually-hidden">Volume mounts of {name}</caption>
                <thead><tr><th scope="col">Container</th><th scope="col">Path</th><th scope="col">Source</th><th scope="col">Access</th></tr></thead>
                <tbody>
                  {mounts.map((m) => (
                    <tr key={`${m.container}/${m.volume}/${m.mountPath}`}>
                      <th scope="row" className="mono">{m.container}</th>
                      <td className="mono">{m.mountPath}{m.subPath ? ` (${m.subPath})` : ''}</td>
                      <td><MountSourceCell m={m} namespace={namespace} /></td>
                      <td>{m.readOnly ? 'Read-only' : 'Read-write'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        {secretEnv.length > 0 && (
          <>
            <h3>Environment from secrets</h3>
            <ul className="plain-list">
              {secretEnv.map((e) => (
                <li key={`${e.container}/${e.variable ?? '*'}/${e.secretName}/${e.key ?? ''}`}>
                  <span className="mono">{e.container}</span>: {e.variable
                    ? <><span className="mono">{e.variable}</span> from key <span className="mono">{e.key}</span> of secret <Link className="mono" to={paths.secret.getHref(namespace, e.secretName)}>{e.secretName}</Link></>
                    : <>every key of secret <Link className="mono" to={paths.secret.getHref(namespace, e.secretName)}>{e.secretName}</Link>{e.prefix ? <> (prefix <span className="mono">{e.prefix}</span>)</> : null}</>}
                </li>
              ))}
            </ul>
          </>
        )}
      </Section>

      <Section title="Conditions">
        {conditions.length === 0
          ? <p className="muted">No conditions reported yet: the pod is waiting for a node.</p>
          : (
            <div className="table-wrap">
              <table className="data-table detail-table">
                <caption className="visually-hidden">Conditions of {name}</caption>
                <thead><tr><th scope="col">Condition</th><th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Since</th></tr></thead>
                <tbody>
                  {conditions.map((c) => (
                    <tr key={c.type}>
                      <th scope="row">{c.type}</th>
                      <td>{c.status}</td>
                      <td>{c.reason ?? <span className="muted">—</span>}</td>
                      <td><Time at={c.lastTransitionTime} now={now} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
      </Section>

      <Section title="Events">
        {events.isPending && <LoadingState label="Loading events…" />}
        {events.isError && !events.data && <ErrorState title="The events could not be loaded" titles={{ 403: 'You cannot see the events in this namespace' }} error={events.error} onRetry={() => void events.refetch()} />}
        {events.data && podEvents.length === 0 && <p className="muted">No events yet. The scheduler and the node report here as the pod starts.</p>}
        {podEvents.length > 0 && (
          <div className="table-wrap">
            <table className="data-table detail-table wrap">
              <caption className="visually-hidden">Events of {name}, newest first</caption>
              <thead><tr><th scope="col">Type</th><th scope="col">Reason</th><th scope="col">Message</th><th scope="col">From</th><th scope="col">Last seen</th></tr></thead>
              <tbody>
                {podEvents.map((e) => (
                  <tr key={e.metadata.name ?? e.metadata.uid}>
                    <td><span className={`badge badge-${e.type === 'Warning' ? 'bad' : 'neutral'}`}>{e.type ?? 'Normal'}</span></td>
                    <th scope="row">{e.reason ?? ''}{(e.count ?? 1) > 1 ? <span className="muted"> ×{e.count}</span> : null}</th>
                    <td>{e.message ?? ''}</td>
                    <td>{e.reportingComponent || String((e.source as { component?: string } | undefined)?.component ?? '')}</td>
                    <td><Time at={e.lastTimestamp ?? e.firstTimestamp ?? e.metadata.creationTimestamp} now={now} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      {activity && <Section title="Activity">{activity(pod)}</Section>}

      <ConfirmDialog
        open={confirming} title={`Delete pod ${name}?`} confirmLabel="Delete pod" pendingLabel="Deleting…" danger
        pending={del.isPending} error={del.error}
        onCancel={() => setConfirming(false)}
        onConfirm={() => del.mutate(name, { onSuccess: () => { setConfirming(false); void navigate(paths.pods.getHref(namespace)); } })}
      >
        <p>The pod stops and is removed from {namespace}. Secrets it mounts are not affected. This cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}
