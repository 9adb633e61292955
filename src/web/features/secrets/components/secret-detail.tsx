import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { formatAge } from '../../../utils/format';
import { useSecretSummaries, useSecretSummariesWatch } from '../api/get-secret-summaries';
import { deleteSecret, useWriteSecret } from '../api/write-secret';
import { secretTypeLabel } from '../utils/secret-types';
import { ReplaceValuesForm } from './replace-values-form';
import { RevealValue } from './reveal-value';
import '../../../styles/workloads.css';

/**
 * SecretDetailProps: `canReplace` offers the replace-values form (the person may patch secrets),
 * `canDelete` the delete button, `canReveal` a Reveal button per key (the person may `get` the secret).
 */
export interface SecretDetailProps { namespace: string; name: string; canReplace?: boolean; canDelete?: boolean; canReveal?: boolean }

const VIA: Record<string, string> = { volume: 'as a volume', projected: 'in a projected volume', env: 'as environment variables', envFrom: 'as all-keys environment', imagePullSecrets: 'to pull images' };

/**
 * SecretDetail shows one secret from its summary: type, key names, creator, age and the pods that use
 * it (and how). It requests a value only when a person who may read the secret presses Reveal on a key
 * (RevealValue); the replace form is write-only.
 */
export function SecretDetail({ namespace, name, canReplace, canDelete, canReveal }: SecretDetailProps) {
  const now = useNow();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const del = useWriteSecret(namespace);
  const query = useSecretSummaries(namespace);
  useSecretSummariesWatch(namespace, query.data !== undefined);
  if (query.isPending) return <LoadingState label={`Loading secret ${name}…`} />;
  if (query.isError && !query.data) {
    return <ErrorState title={`Secret ${name} could not be loaded`} titles={{ 403: `You cannot see the secrets in ${namespace}` }} error={query.error} onRetry={() => void query.refetch()} />;
  }
  const s = query.data?.items.find((x) => x.metadata.name === name);
  if (!s) {
    return (
      <EmptyState title={`There is no secret ${name} in ${namespace}`}>
        <p><Link to={paths.secrets.getHref(namespace)}>Back to the secrets in {namespace}</Link></p>
      </EmptyState>
    );
  }
  const created = s.metadata.creationTimestamp ?? undefined;
  return (
    <div className="secret-detail">
      <div className="detail-grid">
        <section className="detail-section" aria-labelledby="secret-overview">
          <h2 id="secret-overview">Overview</h2>
          <dl className="facts">
            <div className="fact"><dt>Type</dt><dd>{secretTypeLabel(s.type)} <span className="muted mono">({s.type})</span></dd></div>
            <div className="fact"><dt>Creator</dt><dd>{s.creator ?? <span className="muted">Unknown</span>}</dd></div>
            <div className="fact"><dt>Created</dt><dd>{created ? <time dateTime={created} title={new Date(created).toLocaleString()}>{formatAge(created, now)} ago</time> : <span className="muted">Unknown</span>}</dd></div>
            {s.immutable && <div className="fact"><dt>Immutable</dt><dd>Yes</dd></div>}
          </dl>
        </section>
        <section className="detail-section" aria-labelledby="secret-keys">
          <h2 id="secret-keys">Keys</h2>
          {s.keys.length === 0
            ? <p className="muted">This secret has no keys.</p>
            : canReveal
              ? <ul className="reveal-list" aria-label={`Keys of ${name}`}>{s.keys.map((k) => <li key={k}><RevealValue namespace={namespace} name={name} keyName={k} /></li>)}</ul>
              : <ul className="key-list" aria-label={`Keys of ${name}`}>{s.keys.map((k) => <li key={k} className="mono">{k}</li>)}</ul>}
          <p className="muted">
            {canReveal
              ? 'Values stay hidden until you reveal one. Each reveal reads the secret anew and is recorded in the audit trail as your read.'
              : 'Values are never shown. Mount a key in a pod, or replace its value below.'}
          </p>
        </section>
      </div>
      <section className="detail-section" aria-labelledby="secret-mounted-by">
        <h2 id="secret-mounted-by">Used by pods</h2>
        {s.mountedBy.length === 0
          ? <p className="muted">No pod in {namespace} uses this secret.</p>
          : (
            <ul className="plain-list">
              {s.mountedBy.map((m) => (
                <li key={m.pod}><Link className="mono" to={paths.pod.getHref(namespace, m.pod)}>{m.pod}</Link> {m.via.map((v) => VIA[v] ?? v).join(', ')}</li>
              ))}
            </ul>
          )}
      </section>
      {canReplace && <section className="detail-section"><ReplaceValuesForm namespace={namespace} secret={s} /></section>}
      {canDelete && (
        <section className="detail-section" aria-labelledby="secret-delete">
          <h2 id="secret-delete">Delete</h2>
          <p className="muted">Pods that already run keep what they mounted; new pods that use this secret will not start.</p>
          <button type="button" className="button button-danger-outline" onClick={() => { del.reset(); setDeleting(true); }}>Delete secret {name}</button>
        </section>
      )}
      <ConfirmDialog
        open={deleting} title={`Delete secret ${name}?`} confirmLabel="Delete" pendingLabel="Deleting…" danger
        pending={del.isPending} error={del.error} onCancel={() => setDeleting(false)}
        onConfirm={() => del.mutate(() => deleteSecret(namespace, name), { onSuccess: () => { setDeleting(false); void navigate(paths.secrets.getHref(namespace), { state: { done: `Deleted secret ${name}.` } }); } })}
      >
        <p>{s.mountedBy.length === 0 ? `No pod in ${namespace} uses it.` : `${s.mountedBy.length} pod${s.mountedBy.length === 1 ? '' : 's'} in ${namespace} use${s.mountedBy.length === 1 ? 's' : ''} it and keep${s.mountedBy.length === 1 ? 's' : ''} running; a restart would fail.`}</p>
      </ConfirmDialog>
    </div>
  );
}
