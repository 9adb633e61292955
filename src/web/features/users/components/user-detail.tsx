import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { User } from '../../../../shared/api/iam';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { Spinner } from '../../../components/ui/spinner';
import { ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { fieldMessage, isApiError } from '../../../lib/api-client';
import { useRemoveUser, useSetDisabled, useSetPassword, useUser } from '../api/users';
import { useUserAccess } from '../api/user-access';

function SetPassword({ name }: { name: string }) {
  const id = useId();
  const set = useSetPassword(name);
  const [done, setDone] = useState<string>();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const input = e.currentTarget.elements.namedItem('password') as HTMLInputElement;
    const password = input.value;
    // Cleared at once: the value lives only in this request.
    input.value = '';
    setDone(undefined);
    if (!password) return;
    set.mutate(password, {
      onSuccess: (r) => {
        // The server says what the new password ended: "…; their sessions (2) were ended and …".
        const detail = ((r as { message?: string } | undefined)?.message ?? '').split('; ').slice(1).join('; ');
        setDone(`The password of ${name} was set.${detail ? ` ${detail.charAt(0).toUpperCase()}${detail.slice(1)}.` : ''}`);
      },
    });
  };
  const error = set.isError ? fieldMessage(set.error, 'password') : undefined;
  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label={`Set the password of ${name}`}>
      <div className="field">
        <label htmlFor={`${id}-pw`}>New password</label>
        <input id={`${id}-pw`} name="password" type="password" autoComplete="new-password" aria-invalid={error ? true : undefined} aria-describedby={`${id}-note ${id}-err`} />
      </div>
      <button type="submit" className="button" disabled={set.isPending}>{set.isPending && <Spinner />} Set password</button>
      <p id={`${id}-note`} className="note">Setting a password signs {name} out everywhere and revokes their personal tokens and kubeconfigs; they sign in again with the new password and make new tokens.</p>
      <div id={`${id}-err`} role="alert" className="form-error">{error}</div>
      <p role="status" className="success-message">{done ?? ''}</p>
    </form>
  );
}

/** RemovalCleanup says which bindings and groups the server takes the user out of, so a later user of the same name inherits nothing. */
function RemovalCleanup({ name, open }: { name: string; open: boolean }) {
  const q = useUserAccess(name, open);
  if (q.isPending) return <p className="note">Looking up {name}'s bindings and groups…</p>;
  if (q.isError) return <p className="note">{name} is also taken out of every role binding and group that names them (they could not be listed here).</p>;
  const { bindings, groups } = q.data;
  if (!bindings.length && !groups.length) return <p className="note">No role binding or group names {name}.</p>;
  return (
    <div className="note">
      <p>{name} is also taken out of these, so that a new user with the same name inherits nothing (recorded in the audit trail):</p>
      <ul aria-label={`What removing ${name} cleans up`}>
        {bindings.map((b) => <li key={b.label}>{b.label}{b.only ? ' (deleted: no one else is in it)' : ''}</li>)}
        {groups.map((g) => <li key={g}>group {g}</li>)}
      </ul>
    </div>
  );
}

function Overview({ user, onViewAs, canManage }: { user: User; onViewAs?: (name: string) => void; canManage: boolean }) {
  const name = user.metadata.name ?? '';
  const navigate = useNavigate();
  const disable = useSetDisabled(name);
  const remove = useRemoveUser();
  const [confirm, setConfirm] = useState<'disable' | 'remove'>();
  const disabled = !!user.spec?.disabled;
  return (
    <div className="detail-grid">
      <section className="panel" aria-label="Account">
        <dl className="details">
          <dt>Full name</dt><dd>{user.spec?.fullName || '—'}</dd>
          <dt>Email</dt><dd>{user.spec?.email || '—'}</dd>
          <dt>Groups</dt><dd>{user.spec?.groups?.length ? user.spec.groups.join(', ') : '—'}</dd>
          <dt>Status</dt><dd>{disabled ? <span className="badge badge-bad">Disabled</span> : <span className="badge badge-ok">Active</span>}</dd>
          {user.status?.passwordSet !== undefined && <><dt>Password</dt><dd>{user.status.passwordSet ? 'Set' : 'Not set'}</dd></>}
          {user.status?.lastLogin && <><dt>Last sign-in</dt><dd>{new Date(user.status.lastLogin).toLocaleString()}</dd></>}
          <dt>Created</dt><dd>{user.metadata.creationTimestamp ? new Date(user.metadata.creationTimestamp).toLocaleString() : '—'}{user.metadata.annotations?.['gatehouse.dev/created-by'] ? ` by ${user.metadata.annotations['gatehouse.dev/created-by']}` : ''}</dd>
        </dl>
        {canManage && (
          <div className="form-actions wrap">
            {onViewAs && !disabled && <button type="button" className="button" onClick={() => onViewAs(name)}>View as {name}</button>}
            {disabled
              ? <button type="button" className="button" onClick={() => disable.mutate(false)} disabled={disable.isPending}>Enable</button>
              : <button type="button" className="button button-danger-outline" onClick={() => { disable.reset(); setConfirm('disable'); }}>Disable</button>}
            <button type="button" className="button button-danger" onClick={() => { remove.reset(); setConfirm('remove'); }}>Remove user</button>
          </div>
        )}
      </section>
      {canManage && <section className="panel" aria-label="Password"><SetPassword name={name} /></section>}
      <ConfirmDialog
        open={confirm === 'disable'} title={`Disable ${name}?`} confirmLabel="Disable" pendingLabel="Disabling…" danger pending={disable.isPending} error={disable.error}
        onCancel={() => setConfirm(undefined)} onConfirm={() => disable.mutate(true, { onSuccess: () => setConfirm(undefined) })}
      >
        <p>{name} is signed out everywhere at once and their tokens stop working. Their pods keep running. You can enable them again later.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'remove'} title={`Remove ${name}?`} confirmLabel="Remove user" pendingLabel="Removing…" danger pending={remove.isPending} error={remove.error}
        onCancel={() => setConfirm(undefined)}
        // mutateAsync, not mutate's onSuccess: the page re-renders as "no longer has an account" while the
        // users list is refreshed, and a per-call callback is dropped when its observer goes.
        onConfirm={() => void remove.mutateAsync(name).then(() => { setConfirm(undefined); void navigate(paths.user.getHref(name, 'workloads')); }, () => { /* shown in the dialog */ })}
      >
        <p>Their account, sessions and tokens are deleted at once. Pods they started keep running; you can terminate them from the Workloads tab.</p>
        <RemovalCleanup name={name} open={confirm === 'remove'} />
      </ConfirmDialog>
    </div>
  );
}

/**
 * UserOverview is a user's account: details, enable/disable, set password, remove, "view as". A
 * removed user (404) is explained, since their workloads and activity remain.
 */
export function UserOverview({ name, onViewAs, canManage }: { name: string; onViewAs?: (name: string) => void; canManage: boolean }) {
  const q = useUser(name);
  if (q.isPending) return <LoadingState label={`Loading ${name}…`} />;
  if (q.isError) {
    if (isApiError(q.error, 404)) return <p className="note">{name} no longer has an account. The pods they started keep running until terminated (see Workloads); their activity stays in the audit trail.</p>;
    return <ErrorState title="The user could not be loaded" titles={{ 403: 'You cannot read users' }} error={q.error} onRetry={() => void q.refetch()} />;
  }
  return <Overview user={q.data} onViewAs={onViewAs} canManage={canManage} />;
}
