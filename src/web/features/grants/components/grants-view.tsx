import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { ALL_PROFILES, computeGrants, subjectText, type Grant } from '../api/compute-grants';
import { useRbacObjects, useRevokeGrant } from '../api/rbac-objects';
import { GrantProfileForm } from './grant-profile-form';

/** bindingHref links to the page of the binding behind a grant. */
export const bindingHref = (g: Pick<Grant, 'binding'>) => (g.binding.kind === 'RoleBinding'
  ? paths.roleBinding.getHref(g.binding.namespace ?? '', g.binding.name)
  : paths.clusterRoleBinding.getHref(g.binding.name));

const KIND_LABEL = { User: 'User', Group: 'Group', ServiceAccount: 'Service account' } as const;

/**
 * GrantsView is the capability-grants matrix: who may use which security profile in which namespace,
 * computed from RBAC, risky powers highlighted, each row linked to its binding and revocable; grants
 * with an expiry show it (and when they have expired).
 */
export function GrantsView({ canManage }: { canManage: boolean }) {
  const id = useId();
  const q = useRbacObjects();
  const now = useNow(30_000);
  const revoke = useRevokeGrant();
  const [granting, setGranting] = useState(false);
  const [done, setDone] = useState('');
  const [search, setSearch] = useState('');
  const [profile, setProfile] = useState('');
  const [riskyOnly, setRiskyOnly] = useState(false);
  const [pending, setPending] = useState<Grant>();
  const grants = useMemo(() => (q.data ? computeGrants(q.data, now) : []), [q.data, now]);

  if (q.isPending) return <LoadingState label="Computing capability grants…" />;
  if (q.isError) return <ErrorState title="The grants could not be computed" titles={{ 403: 'You cannot read every role and binding' }} error={q.error} onRetry={() => void q.refetch()} />;
  const s = search.trim().toLowerCase();
  const shown = grants.filter((g) => (!s || subjectText(g.subject).toLowerCase().includes(s) || (g.namespace ?? '').includes(s))
    && (!profile || g.profile === profile || g.profile === ALL_PROFILES) && (!riskyOnly || (g.risks.length > 0 && !g.expired)));
  const profiles = q.data.profiles.map((p) => p.metadata.name ?? '').sort();
  const others = pending ? (pending.binding.object.subjects ?? []).length - 1 : 0;

  return (
    <div>
      <div className="toolbar">
        <p className="count" role="status">{`${shown.length} of ${grants.length} grants`}</p>
        {canManage && <button type="button" className="button button-primary" aria-expanded={granting} aria-controls={`${id}-grant`} onClick={() => setGranting((v) => !v)}>{granting ? 'Close' : 'Grant profile'}</button>}
      </div>
      <div id={`${id}-grant`} hidden={!granting}>{granting && <GrantProfileForm rbac={q.data} onDone={setDone} />}</div>
      <p role="status" className="success-message">{done}</p>
      <div className="filters filters-inline" role="search" aria-label="Filter grants">
        <div className="field"><label htmlFor={`${id}-q`}>Subject or namespace</label><input id={`${id}-q`} type="search" value={search} onChange={(e) => setSearch(e.target.value)} /></div>
        <div className="field">
          <label htmlFor={`${id}-p`}>Profile</label>
          <select id={`${id}-p`} value={profile} onChange={(e) => setProfile(e.target.value)}>
            <option value="">Any profile</option>
            {profiles.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </div>
        <label className="checkbox"><input type="checkbox" checked={riskyOnly} onChange={(e) => setRiskyOnly(e.target.checked)} /> Only risky grants</label>
      </div>
      {shown.length === 0 ? <EmptyState title={grants.length ? 'No grant matches these filters' : 'Nobody may use a security profile'} /> : (
        <div className="table-wrap">
          <table className="data-table wrap-table grants-table">
            <caption className="visually-hidden">Who may use which security profile where</caption>
            <thead>
              <tr><th scope="col">Who</th><th scope="col">Profile</th><th scope="col">Where</th><th scope="col">Granted by</th><th scope="col">Expires</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
            </thead>
            <tbody>
              {shown.map((g) => {
                const who = subjectText(g.subject);
                const where = g.namespace ? g.namespace : 'All namespaces';
                const risky = g.risks.length > 0 && !g.expired;
                return (
                  <tr key={g.key} className={g.expired ? 'row-expired' : risky ? 'row-risky' : undefined}>
                    <th scope="row">
                      <span className="kind-label">{KIND_LABEL[g.subject.kind]}</span>{' '}
                      <span className="mono">{g.subject.kind === 'ServiceAccount' ? `${g.subject.namespace}/${g.subject.name}` : g.subject.name}</span>
                    </th>
                    <td>
                      {g.profile === ALL_PROFILES ? <strong>Every profile</strong> : <Link to={paths.securityProfile.getHref(g.profile)}>{g.profile}</Link>}
                      {g.unknownProfile && <span className="field-hint block">No such profile yet</span>}
                      {g.risks.length > 0 && (
                        <ul className="risk-list" aria-label="Risky powers">
                          {g.risks.map((r) => <li key={r.id}><span className="badge badge-bad risk-badge" title={r.detail}>{r.label}</span></li>)}
                        </ul>
                      )}
                    </td>
                    <td>{where}</td>
                    <td>
                      <Link to={bindingHref(g)}>{g.binding.kind} {g.binding.namespace ? `${g.binding.namespace}/` : ''}{g.binding.name}</Link>
                      <span className="field-hint block">role {g.role.name}</span>
                    </td>
                    <td>
                      {g.expired ? <span className="badge badge-bad">Expired</span> : g.expiresAt ? <time dateTime={g.expiresAt}>{new Date(g.expiresAt).toLocaleString()}</time> : <span className="muted">Never</span>}
                    </td>
                    <td className="cell-actions">
                      {canManage && <button type="button" className="button button-small button-danger-outline" onClick={() => { revoke.reset(); setPending(g); }} aria-label={`Revoke ${g.profile === ALL_PROFILES ? 'every profile' : g.profile} from ${who} in ${where}`}>Revoke</button>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={!!pending} danger confirmLabel="Revoke" pendingLabel="Revoking…" pending={revoke.isPending} error={revoke.error}
        title={pending ? `Revoke ${pending.profile === ALL_PROFILES ? 'every profile' : pending.profile} from ${subjectText(pending.subject)}?` : ''}
        onCancel={() => setPending(undefined)}
        onConfirm={() => pending && revoke.mutate({ kind: pending.binding.kind, binding: pending.binding.object, subject: pending.subject }, {
          onSuccess: (how) => { setDone(`Revoked ${pending.profile === ALL_PROFILES ? 'every profile' : pending.profile} from ${subjectText(pending.subject)} (${how === 'deleted' ? `binding ${pending.binding.name} deleted` : `removed from binding ${pending.binding.name}`}).`); setPending(undefined); },
        })}
      >
        {pending && (
          <>
            <p>
              {others > 0
                ? `${subjectText(pending.subject)} is removed from the ${pending.binding.kind} ${pending.binding.name}; ${others === 1 ? 'one other subject keeps' : `${others} other subjects keep`} it.`
                : `The ${pending.binding.kind} ${pending.binding.name} is deleted.`}
            </p>
            {pending.otherRules && <p className="warning-text">The role {pending.role.name} grants more than this profile; {subjectText(pending.subject)} loses all of it through this binding.</p>}
          </>
        )}
      </ConfirmDialog>
    </div>
  );
}
