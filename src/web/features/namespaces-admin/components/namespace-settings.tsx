import { useId, useState, type FormEvent } from 'react';
import { ANNOTATIONS } from '../../../../shared/api/meta';
import { ErrorState, LoadingState } from '../../../components/ui/states';
import { errorMessage } from '../../../lib/api-client';
import { useNamespaceObject, usePatchNamespaceLabels, type PatchResult } from '../api/namespaces';
import { podSecurityPatch, PSS_LEVELS, PSS_MODES, readPodSecurity, type PodSecurity, type PssMode } from './pod-security';
import { FormActions } from '../../../components/ui/form-actions';

const MODE_HELP: Record<PssMode, string> = {
  enforce: 'Pods that violate the level are rejected.',
  warn: 'Pods that violate the level are admitted, with a warning to whoever creates them.',
  audit: 'Violations are recorded in the audit trail.',
};

function Warnings({ result, applied }: { result: PatchResult; applied: boolean }) {
  if (result.warnings.length === 0) {
    return <p className="success-message">{applied ? 'Saved. No running pod violates the new levels.' : 'No running pod would violate these levels.'}</p>;
  }
  return (
    <div className="warning-box">
      <h3>{applied ? 'Saved, with warnings from the server' : 'The server warns'}</h3>
      <ul>{result.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
    </div>
  );
}

/**
 * NamespaceSettings shows a namespace's allocated ranges (read-only) and edits its Pod Security labels.
 * "Check running pods" sends the change as a server-side dry run, whose warnings name the pods that
 * would violate; "Save" applies it and shows the same warnings.
 */
export function NamespaceSettings({ namespace, canPatch }: { namespace: string; canPatch: boolean }) {
  const id = useId();
  const q = useNamespaceObject(namespace);
  const patch = usePatchNamespaceLabels(namespace);
  const [draft, setDraft] = useState<PodSecurity>();
  const [last, setLast] = useState<{ result: PatchResult; applied: boolean }>();

  if (q.isPending) return <LoadingState label={`Loading ${namespace}…`} />;
  if (q.isError) return <ErrorState title="The namespace could not be loaded" titles={{ 403: `You cannot read namespace ${namespace}`, 404: `Namespace ${namespace} was not found` }} error={q.error} onRetry={() => void q.refetch()} />;
  const ann = q.data.metadata.annotations ?? {};
  const current = readPodSecurity(q.data.metadata.labels);
  const value = draft ?? current;
  const changes = podSecurityPatch(current, value);
  const dirty = Object.keys(changes).length > 0;

  const set = (m: PssMode, k: 'level' | 'version', v: string) => setDraft({ ...value, [m]: { ...value[m], [k]: v } });
  const run = (dryRun: boolean) => patch.mutate({ labels: changes, dryRun }, {
    onSuccess: (result) => { setLast({ result, applied: !dryRun }); if (!dryRun) setDraft(undefined); },
  });
  const submit = (e: FormEvent) => { e.preventDefault(); if (dirty) run(false); };

  return (
    <div className="detail-grid">
      <section className="panel" aria-labelledby={`${id}-ranges`}>
        <h2 id={`${id}-ranges`} className="panel-title">Allocated ranges</h2>
        <dl className="details">
          <dt>UID range</dt><dd className="mono">{ann[ANNOTATIONS.uidRange] ?? '—'}</dd>
          <dt>Supplemental groups</dt><dd className="mono">{ann[ANNOTATIONS.supplementalGroups] ?? '—'}</dd>
          <dt>SELinux MCS level</dt><dd className="mono">{ann[ANNOTATIONS.mcs] ?? '—'}</dd>
        </dl>
        <p className="field-hint">Allocated when the namespace was created; only cluster admins may change them.</p>
      </section>
      <form className="panel" onSubmit={submit} aria-labelledby={`${id}-pss`}>
        <h2 id={`${id}-pss`} className="panel-title">Pod Security</h2>
        {!canPatch && <p className="note">You may view these labels but not change them.</p>}
        <table className="data-table wrap-table pss-table">
          <caption className="visually-hidden">Pod Security levels of {namespace}</caption>
          <thead><tr><th scope="col">Mode</th><th scope="col">Level</th><th scope="col">Version</th></tr></thead>
          <tbody>
            {PSS_MODES.map((m) => (
              <tr key={m}>
                <th scope="row"><span className="mode-name">{m}</span><span className="field-hint block">{MODE_HELP[m]}</span></th>
                <td>
                  <label className="visually-hidden" htmlFor={`${id}-${m}-level`}>{m} level</label>
                  <select id={`${id}-${m}-level`} value={value[m].level} onChange={(e) => set(m, 'level', e.target.value)} disabled={!canPatch}>
                    {PSS_LEVELS.map((l) => <option key={l} value={l}>{l || 'Not set'}</option>)}
                  </select>
                </td>
                <td>
                  <label className="visually-hidden" htmlFor={`${id}-${m}-version`}>{m} version</label>
                  <input id={`${id}-${m}-version`} value={value[m].version} placeholder="latest" onChange={(e) => set(m, 'version', e.target.value)} disabled={!canPatch || !value[m].level} size={8} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div role="alert" className="form-error">{patch.isError ? errorMessage(patch.error) : ''}</div>
        {canPatch && (
          <FormActions submit="Save" pending={patch.isPending} progress="Asking the server…" status={dirty ? 'Unsaved changes' : ''} disabled={!dirty}>
            <button type="button" className="button" disabled={!dirty || patch.isPending} onClick={() => run(true)}>Check running pods</button>
          </FormActions>
        )}
        <div role="status">{last && <Warnings result={last.result} applied={last.applied} />}</div>
      </form>
    </div>
  );
}
