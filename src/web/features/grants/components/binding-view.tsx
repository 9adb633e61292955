import { useState } from 'react';
import { useNavigate } from 'react-router';
import { stringify } from 'yaml';
import type { Subject } from '../../../../shared/api/rbac';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { subjectText } from '../api/compute-grants';
import { useBinding, useRevokeGrant } from '../api/rbac-objects';

/**
 * BindingView shows one RoleBinding or ClusterRoleBinding: its role and that role's rules, its
 * subjects (each removable), its expiry, and its YAML; the binding can be deleted.
 */
export function BindingView({ kind, namespace, name, canManage }: { kind: 'RoleBinding' | 'ClusterRoleBinding'; namespace?: string; name: string; canManage: boolean }) {
  const q = useBinding(kind, namespace, name);
  const revoke = useRevokeGrant();
  const navigate = useNavigate();
  const now = useNow(30_000);
  const [pending, setPending] = useState<Subject | 'all'>();
  if (q.isPending) return <LoadingState label={`Loading ${kind} ${name}…`} />;
  if (q.isError) return <ErrorState title="The binding could not be loaded" titles={{ 404: `There is no ${kind} named ${name}`, 403: `You cannot read ${kind} ${name}` }} error={q.error} onRetry={() => void q.refetch()} />;
  const { binding, role } = q.data;
  const expires = binding.metadata.annotations?.['gatehouse.dev/expires-at'];
  const expired = !!expires && (Number.isNaN(Date.parse(expires)) || Date.parse(expires) <= now);
  const subjects = binding.subjects ?? [];
  const back = kind === 'RoleBinding' && namespace ? paths.members.getHref(namespace) : paths.capabilityGrants.getHref();
  const { managedFields: _m, ...metadata } = binding.metadata;

  return (
    <div className="detail-grid">
      <section className="panel" aria-label="Binding">
        <dl className="details">
          <dt>Kind</dt><dd>{kind}</dd>
          <dt>Where</dt><dd>{namespace ? `Namespace ${namespace}` : 'Every namespace'}</dd>
          <dt>Role</dt><dd>{binding.roleRef.kind} <span className="mono">{binding.roleRef.name}</span>{!role && <span className="badge badge-bad">Missing or unreadable</span>}</dd>
          <dt>Expires</dt><dd>{expires ? <>{new Date(expires).toLocaleString()} {expired && <span className="badge badge-bad">Expired — grants nothing</span>}</> : 'Never'}</dd>
          <dt>Created by</dt><dd>{binding.metadata.annotations?.['gatehouse.dev/created-by'] ?? '—'}</dd>
        </dl>
        {canManage && <div className="form-actions"><button type="button" className="button button-danger" onClick={() => { revoke.reset(); setPending('all'); }}>Delete binding</button></div>}
      </section>
      <section className="panel" aria-labelledby="binding-subjects">
        <h2 id="binding-subjects" className="panel-title">Subjects</h2>
        {subjects.length === 0 ? <p className="muted">Nobody.</p> : (
          <ul className="plain-list">
            {subjects.map((s) => (
              <li key={`${s.kind}/${s.namespace ?? ''}/${s.name}`} className="subject-item">
                <span>{subjectText(s)}</span>
                {canManage && <button type="button" className="button button-small button-danger-outline" onClick={() => { revoke.reset(); setPending(s); }} aria-label={`Remove ${subjectText(s)} from ${name}`}>Remove</button>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {role && (
        <section className="panel" aria-labelledby="binding-rules">
          <h2 id="binding-rules" className="panel-title">What {binding.roleRef.name} grants</h2>
          <table className="data-table wrap-table">
            <caption className="visually-hidden">Rules of {binding.roleRef.name}</caption>
            <thead><tr><th scope="col">Verbs</th><th scope="col">API groups</th><th scope="col">Resources</th><th scope="col">Names</th></tr></thead>
            <tbody>
              {(role.rules ?? []).map((r, i) => (
                <tr key={i}>
                  <td className="mono">{r.verbs.join(', ')}</td>
                  <td className="mono">{(r.apiGroups ?? []).map((g) => g || 'core').join(', ') || (r.nonResourceURLs?.length ? 'URLs' : '—')}</td>
                  <td className="mono">{(r.resources ?? r.nonResourceURLs ?? []).join(', ')}</td>
                  <td className="mono">{(r.resourceNames ?? []).join(', ') || 'all'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section className="panel" aria-labelledby="binding-yaml">
        <h2 id="binding-yaml" className="panel-title">YAML</h2>
        <pre className="code-block" tabIndex={0} aria-label={`${kind} ${name} as YAML`}>{stringify({ ...binding, metadata })}</pre>
      </section>
      <ConfirmDialog
        open={!!pending} danger confirmLabel={pending === 'all' ? 'Delete binding' : 'Remove'} pendingLabel="Working…" pending={revoke.isPending} error={revoke.error}
        title={pending === 'all' ? `Delete ${kind} ${name}?` : pending ? `Remove ${subjectText(pending)} from ${name}?` : ''}
        onCancel={() => setPending(undefined)}
        onConfirm={() => pending && revoke.mutate({ kind, binding, subject: pending }, {
          onSuccess: (how) => { setPending(undefined); if (how === 'deleted') void navigate(back); else void q.refetch(); },
        })}
      >
        <p>{pending === 'all' ? `Everyone it names loses what ${binding.roleRef.name} grants through it.` : pending ? `${subjectText(pending)} loses what ${binding.roleRef.name} grants through this binding.` : ''}</p>
      </ConfirmDialog>
    </div>
  );
}
