import { Fragment, useId, useState } from 'react';
import { Link } from 'react-router';
import type { Subject } from '../../../../shared/api/rbac';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { useRoleBindings } from '../api/get-role-bindings';
import { useRevokeRole } from '../api/revoke-role';
import { GrantForm } from './grant-form';
import { groupMembers, type Member, type MemberRole } from './members-model';
import { SubjectAccess } from './subject-access';

const SECTIONS: { kind: Subject['kind']; title: string; empty: string }[] = [
  { kind: 'User', title: 'Users', empty: 'No user holds a role here.' },
  { kind: 'Group', title: 'Groups', empty: 'No group holds a role here.' },
  { kind: 'ServiceAccount', title: 'Service accounts', empty: 'No service account holds a role here.' },
];

/** MembersViewProps: `canGrant` shows the grant form; `canImpersonate` answers "what can X do" as X. */
export interface MembersViewProps { namespace: string; canGrant: boolean; canImpersonate: boolean }

function RoleChip({ role, member, onRevoke, canRevoke, namespace }: { role: MemberRole; member: Member; onRevoke: () => void; canRevoke: boolean; namespace: string }) {
  const binding = role.binding.metadata.name ?? '';
  return (
    <li className={`role-chip${role.expired ? ' role-chip-expired' : ''}`}>
      <span className="role-name">{role.roleName}</span>
      {role.roleKind === 'Role' && <span className="muted"> (Role)</span>}
      {role.expiresAt && (
        <span className={`badge ${role.expired ? 'badge-bad' : 'badge-pending'}`}>
          {role.expired ? 'Expired' : `Until ${new Date(role.expiresAt).toLocaleString()}`}
        </span>
      )}
      <Link to={paths.roleBinding.getHref(namespace, binding)} className="chip-link" aria-label={`Binding ${binding}`}>{binding}</Link>
      {canRevoke && (
        <button type="button" className="button button-small button-danger-outline" onClick={onRevoke} aria-label={`Revoke ${role.roleName} from ${member.label}`}>Revoke</button>
      )}
    </li>
  );
}

/**
 * MembersView lists who holds which role in the namespace — users, groups and service accounts, each
 * with its roles and the bindings that grant them — with grant, revoke (confirmed) and a preview of
 * what each subject may do here.
 */
export function MembersView({ namespace, canGrant, canImpersonate }: MembersViewProps) {
  const id = useId();
  const q = useRoleBindings(namespace);
  const now = useNow(30_000);
  const revoke = useRevokeRole(namespace);
  const [granting, setGranting] = useState(false);
  const [done, setDone] = useState('');
  const [pending, setPending] = useState<{ member: Member; role: MemberRole }>();
  const [inspect, setInspect] = useState<string>();

  if (q.isPending) return <LoadingState label={`Loading the members of ${namespace}…`} />;
  if (q.isError) return <ErrorState title="The members could not be loaded" titles={{ 403: `You cannot see the members of ${namespace}` }} error={q.error} onRetry={() => void q.refetch()} />;
  const members = groupMembers(q.data, namespace, now);

  const confirmRevoke = () => {
    if (!pending) return;
    revoke.mutate({ binding: pending.role.binding, subject: pending.member.subject }, {
      onSuccess: (how) => {
        setDone(`Revoked ${pending.role.roleName} from ${pending.member.label}${how === 'deleted' ? ` (binding ${pending.role.binding.metadata.name} deleted)` : ''}.`);
        setPending(undefined);
      },
    });
  };
  const shared = pending ? (pending.role.binding.subjects ?? []).length > 1 : false;

  return (
    <div className="members">
      <div className="toolbar">
        <p className="count">{members.length === 1 ? '1 member' : `${members.length} members`}</p>
        {canGrant && (
          <button type="button" className="button button-primary" aria-expanded={granting} aria-controls={`${id}-grant`} onClick={() => setGranting((g) => !g)}>
            {granting ? 'Close' : 'Grant a role'}
          </button>
        )}
      </div>
      <p role="status" className="success-message">{done}</p>
      <div id={`${id}-grant`} hidden={!granting}>
        {granting && <GrantForm namespace={namespace} onDone={(m) => { setDone(m); }} />}
      </div>
      {members.length === 0 && (
        <EmptyState title={`Nobody holds a role in ${namespace} yet`}>
          <p>{canGrant ? 'Grant a role to a user, a group or a service account to give them access.' : 'A project admin can grant roles here.'}</p>
        </EmptyState>
      )}
      {members.length > 0 && SECTIONS.map((section) => {
        const list = members.filter((m) => m.subject.kind === section.kind);
        return (
          <section key={section.kind} aria-labelledby={`${id}-${section.kind}`} className="member-section">
            <h2 id={`${id}-${section.kind}`}>{section.title}</h2>
            {list.length === 0 ? <p className="muted">{section.empty}</p> : (
              <div className="table-wrap">
                <table className="data-table wrap-table members-table">
                  <caption className="visually-hidden">{section.title} with roles in {namespace}</caption>
                  <thead><tr><th scope="col">Name</th><th scope="col">Roles</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
                  <tbody>
                    {list.map((m) => (
                      <Fragment key={m.key}>
                        <tr>
                          <th scope="row" className="cell-name">{m.label}</th>
                          <td>
                            <ul className="role-chips" aria-label={`Roles of ${m.label}`}>
                              {m.roles.map((r) => (
                                <RoleChip key={`${r.binding.metadata.name}/${r.roleName}`} role={r} member={m} namespace={namespace} canRevoke={canGrant} onRevoke={() => { revoke.reset(); setPending({ member: m, role: r }); }} />
                              ))}
                            </ul>
                          </td>
                          <td className="cell-actions">
                            <button type="button" className="button button-small" aria-expanded={inspect === m.key} onClick={() => setInspect((k) => (k === m.key ? undefined : m.key))}>
                              What can {m.label} do here
                            </button>
                          </td>
                        </tr>
                        {inspect === m.key && (
                          <tr className="row-detail">
                            <td colSpan={3}><SubjectAccess namespace={namespace} subject={m.subject} label={m.label} canImpersonate={canImpersonate} /></td>
                          </tr>
                        )}
                      </Fragment>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
      <ConfirmDialog
        open={!!pending} title={pending ? `Revoke ${pending.role.roleName} from ${pending.member.label}?` : ''} confirmLabel="Revoke" pendingLabel="Revoking…" danger
        pending={revoke.isPending} error={revoke.error} onConfirm={confirmRevoke} onCancel={() => setPending(undefined)}
      >
        {pending && (
          <p>
            {pending.member.label} loses what <strong>{pending.role.roleName}</strong> grants in {namespace}.{' '}
            {shared
              ? `The binding ${pending.role.binding.metadata.name} also names others; only ${pending.member.label} is removed from it.`
              : `The binding ${pending.role.binding.metadata.name} is deleted.`}
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
