import { useId, useState, type FormEvent } from 'react';
import type { Subject } from '../../../../shared/api/rbac';
import type { RbacObjects } from '../api/compute-grants';
import { errorMessage } from '../../../lib/api-client';
import { profileRisks } from '../../../utils/profile-risks';
import { useCreateGrant, useNamespaceNames } from '../api/rbac-objects';
import { FormActions } from '../../../components/ui/form-actions';

const KINDS: { kind: Subject['kind']; label: string }[] = [
  { kind: 'User', label: 'User' }, { kind: 'Group', label: 'Group' }, { kind: 'ServiceAccount', label: 'Service account' },
];

/**
 * GrantProfileForm lets a subject use one security profile, in one namespace or everywhere, optionally
 * until a time: it reuses (or creates) a ClusterRole with `use` on that profile and binds it, the
 * expiry written as `gatehouse.dev/expires-at` (the API ignores the binding once it has passed).
 */
export function GrantProfileForm({ rbac, onDone }: { rbac: RbacObjects; onDone: (message: string) => void }) {
  const id = useId();
  const namespaces = useNamespaceNames();
  const create = useCreateGrant(rbac.clusterRoles);
  const [kind, setKind] = useState<Subject['kind']>('User');
  const [profile, setProfile] = useState(rbac.profiles[0]?.metadata.name ?? '');
  const [scope, setScope] = useState<'namespace' | 'cluster'>('namespace');
  const [invalid, setInvalid] = useState<string>();
  const chosen = rbac.profiles.find((p) => p.metadata.name === profile);
  const risks = chosen ? profileRisks(chosen) : [];

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formEl = e.currentTarget;
    const f = new FormData(formEl);
    const name = String(f.get('name') ?? '').trim();
    const namespace = scope === 'namespace' ? String(f.get('namespace') ?? '') : undefined;
    const saNamespace = String(f.get('saNamespace') ?? '').trim();
    const expiresLocal = String(f.get('expires') ?? '');
    if (!name) { setInvalid('Enter who may use the profile.'); return; }
    if (scope === 'namespace' && !namespace) { setInvalid('Choose a namespace.'); return; }
    if (kind === 'ServiceAccount' && !namespace && !saNamespace) { setInvalid('Enter the service account’s namespace.'); return; }
    let expiresAt: string | undefined;
    if (expiresLocal) {
      const t = new Date(expiresLocal);
      if (Number.isNaN(t.getTime())) { setInvalid('The expiry is not a valid time.'); return; }
      if (t.getTime() <= Date.now()) { setInvalid('The expiry must be in the future.'); return; }
      expiresAt = t.toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    setInvalid(undefined);
    const subject: Subject = kind === 'ServiceAccount' ? { kind, name, namespace: saNamespace || namespace } : { kind, name };
    create.mutate({ subject, profile, namespace, expiresAt }, {
      onSuccess: (b) => {
        formEl.reset();
        onDone(`${name} may now use ${profile} ${namespace ? `in ${namespace}` : 'in every namespace'}${expiresAt ? ` until ${new Date(expiresAt).toLocaleString()}` : ''} (binding ${b.metadata.name}).`);
      },
    });
  };
  const message = invalid ?? (create.isError ? errorMessage(create.error) : undefined);

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`} className="panel-title">Grant a security profile</h2>
      <fieldset className="radio-row">
        <legend>Who</legend>
        {KINDS.map((k) => <label key={k.kind} className="radio"><input type="radio" name="kind" checked={kind === k.kind} onChange={() => setKind(k.kind)} /> {k.label}</label>)}
      </fieldset>
      <div className="form-row">
        <div className="field"><label htmlFor={`${id}-name`}>{kind === 'Group' ? 'Group name' : kind === 'ServiceAccount' ? 'Service account name' : 'User name'}</label><input id={`${id}-name`} name="name" autoComplete="off" spellCheck={false} aria-describedby={`${id}-err`} /></div>
        {kind === 'ServiceAccount' && (
          <div className="field"><label htmlFor={`${id}-sans`}>Service account namespace</label><input id={`${id}-sans`} name="saNamespace" autoComplete="off" spellCheck={false} placeholder="same as the grant" /></div>
        )}
        <div className="field">
          <label htmlFor={`${id}-profile`}>Profile</label>
          <select id={`${id}-profile`} name="profile" value={profile} onChange={(e) => setProfile(e.target.value)} aria-describedby={`${id}-risks`}>
            {rbac.profiles.map((p) => <option key={p.metadata.name} value={p.metadata.name}>{p.metadata.name}</option>)}
          </select>
          <span id={`${id}-risks`} className={`field-hint${risks.length ? ' risky-text' : ''}`}>{risks.length ? `Risky: ${risks.map((r) => r.detail).join('; ')}` : 'No risky powers'}</span>
        </div>
      </div>
      <fieldset className="radio-row">
        <legend>Where</legend>
        <label className="radio"><input type="radio" name="scope" checked={scope === 'namespace'} onChange={() => setScope('namespace')} /> In one namespace</label>
        <label className="radio"><input type="radio" name="scope" checked={scope === 'cluster'} onChange={() => setScope('cluster')} /> In every namespace</label>
      </fieldset>
      <div className="form-row">
        {scope === 'namespace' && (
          <div className="field">
            <label htmlFor={`${id}-ns`}>Namespace</label>
            <select id={`${id}-ns`} name="namespace" defaultValue="">
              <option value="" disabled>{namespaces.isPending ? 'Loading…' : 'Choose a namespace'}</option>
              {(namespaces.data ?? []).map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-exp`}>Expires</label>
          <input id={`${id}-exp`} name="expires" type="datetime-local" aria-describedby={`${id}-exp-hint`} />
          <span id={`${id}-exp-hint`} className="field-hint">Optional. After this time the grant gives nothing.</span>
        </div>
      </div>
      <div id={`${id}-err`} role="alert" className="form-error">{message}</div>
      <FormActions submit="Grant profile" pending={create.isPending} progress="Granting…" />
    </form>
  );
}
