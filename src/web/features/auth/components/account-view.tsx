import { useId, useState, type FormEvent } from 'react';
import { PASSWORD_RULES, passwordProblems, type PersonalToken } from '../../../../shared/api/iam';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { useNow } from '../../../hooks/use-now';
import { fieldMessage, hasFieldCause } from '../../../lib/api-client';
import { formatAge } from '../../../utils/format';
import { useChangePassword, useMyTokens, useRevokeToken } from '../api/account';
import { FormActions } from '../../../components/ui/form-actions';

/** ChangePassword asks for the current password and a new one; every rule is shown before typing. */
function ChangePassword({ username }: { username: string }) {
  const id = useId();
  const change = useChangePassword(username);
  const [problems, setProblems] = useState<{ current?: string; password?: string; repeat?: string }>({});
  const [done, setDone] = useState('');

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (change.isPending) return;
    const form = e.currentTarget;
    const field = (n: string) => form.elements.namedItem(n) as HTMLInputElement;
    const currentPassword = field('currentPassword').value;
    const password = field('password').value;
    const repeat = field('repeat').value;
    setDone('');
    const found: typeof problems = {};
    if (!currentPassword) found.current = 'Enter your current password.';
    const weak = password ? passwordProblems(password, username) : ['must be entered'];
    if (weak.length) found.password = `The new password ${weak.join('; ')}.`;
    else if (repeat !== password) found.repeat = 'The two new passwords differ.';
    setProblems(found);
    if (Object.keys(found).length) return;
    // The values live only in this request: the fields are emptied before it is sent.
    for (const n of ['currentPassword', 'password', 'repeat']) field(n).value = '';
    change.mutate({ currentPassword, password }, {
      onSuccess: (r) => {
        const detail = (r.message ?? '').split('; ').slice(1).join('; ');
        setDone(`Your password was changed.${detail ? ` ${detail.charAt(0).toUpperCase()}${detail.slice(1)}.` : ''}`);
      },
    });
  };

  // The server names the field it refuses: a wrong current password, or a new one it finds too weak.
  const err = change.error;
  const current = problems.current ?? (err && hasFieldCause(err, 'currentPassword') ? fieldMessage(err, 'currentPassword') : undefined);
  const password = problems.password ?? (err && hasFieldCause(err, 'password') ? fieldMessage(err, 'password') : undefined);
  const other = err && !current && !password ? fieldMessage(err, '') : undefined;
  const described = (key: string, extra = '') => `${id}-${key}-err${extra ? ` ${extra}` : ''}`;
  return (
    <form className="panel account-form" onSubmit={submit} noValidate aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`} className="panel-title">Change my password</h2>
      <p id={`${id}-note`} className="note">
        Changing your password signs you out of every other browser and revokes your personal tokens and kubeconfigs
        (they may have leaked with the old password). This browser stays signed in.
      </p>
      <div className="field">
        <label htmlFor={`${id}-current`}>Current password</label>
        <input id={`${id}-current`} name="currentPassword" type="password" autoComplete="current-password" aria-invalid={current ? true : undefined} aria-describedby={described('current')} />
        <span id={described('current')} className="inline-error">{current ?? ''}</span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-new`}>New password</label>
        <input id={`${id}-new`} name="password" type="password" autoComplete="new-password" aria-invalid={password ? true : undefined} aria-describedby={`${id}-rules ${described('new')}`} />
        <span id={`${id}-rules`} className="field-hint">{PASSWORD_RULES[0].toUpperCase()}{PASSWORD_RULES.slice(1)}.</span>
        <span id={described('new')} className="inline-error">{password ?? ''}</span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-repeat`}>Repeat the new password</label>
        <input id={`${id}-repeat`} name="repeat" type="password" autoComplete="new-password" aria-invalid={problems.repeat ? true : undefined} aria-describedby={described('repeat')} />
        <span id={described('repeat')} className="inline-error">{problems.repeat ?? ''}</span>
      </div>
      <div role="alert" className="form-error">{other ?? ''}</div>
      <FormActions submit="Change password" pending={change.isPending} progress="Changing your password…" />
      <p role="status" className="success-message">{done}</p>
    </form>
  );
}

const when = (iso: string | undefined, now: number, future = false) => {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  const rel = future ? (t > now ? `in ${formatAge(new Date(now - (t - now)).toISOString(), now)}` : 'expired') : `${formatAge(iso, now)} ago`;
  return <time dateTime={iso} title={new Date(iso).toLocaleString()}>{rel}</time>;
};

/** MyTokens lists my personal tokens (never a value: the server keeps only hashes) with a revoke each. */
function MyTokens() {
  const id = useId();
  const tokens = useMyTokens();
  const revoke = useRevokeToken();
  const now = useNow(30_000);
  const [target, setTarget] = useState<PersonalToken>();
  const [done, setDone] = useState('');
  return (
    <section className="panel" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`} className="panel-title">My personal tokens</h2>
      <p className="field-hint">Tokens give kubectl your access. &ldquo;Download my kubeconfig&rdquo; in the menu under your name makes one; its value is shown only in that file.</p>
      {tokens.isPending && <LoadingState label="Loading your tokens…" />}
      {tokens.isError && <ErrorState title="Your tokens could not be listed" error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.data && tokens.data.length === 0 && <EmptyState title="You have no personal tokens" level={3} />}
      {tokens.data && tokens.data.length > 0 && (
        <table className="data-table" aria-labelledby={`${id}-t`}>
          <thead><tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id}>
                <th scope="row">{t.name} <span className="muted mono">{t.id.slice(0, 8)}</span></th>
                <td>{when(t.createdAt, now)}</td>
                <td>{when(t.expiresAt, now, true)}</td>
                <td>{when(t.lastUsedAt, now)}</td>
                <td><button type="button" className="button button-small button-danger" onClick={() => { revoke.reset(); setTarget(t); }}>Revoke {t.name}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p role="status" className="success-message">{done}</p>
      <ConfirmDialog
        open={!!target} title={`Revoke the token ${target?.name ?? ''}?`} confirmLabel="Revoke token" pendingLabel="Revoking…" danger
        pending={revoke.isPending} error={revoke.error}
        onCancel={() => setTarget(undefined)}
        onConfirm={() => target && revoke.mutate(target.id, { onSuccess: () => { setDone(`Revoked ${target.name}: kubectl with it is refused from now on.`); setTarget(undefined); } })}
      >
        <p>kubectl and scripts using this token are refused from now on. This cannot be undone; make a new token if you need one.</p>
      </ConfirmDialog>
    </section>
  );
}

/**
 * AccountView is the signed-in person's own page: change the password, list and revoke personal
 * tokens. During "view as" it is not shown for the viewed user: only people change their own
 * credentials (the API refuses impersonated changes too).
 */
export function AccountView({ username, viewingAs }: { username: string; viewingAs?: string }) {
  if (viewingAs) {
    return (
      <EmptyState title={`You are viewing as ${viewingAs}`}>
        <p>Your account page is for you, signed in as yourself ({username}): stop viewing as {viewingAs} to change your password or revoke your tokens. Nobody can change another person&rsquo;s password or tokens through &ldquo;view as&rdquo;.</p>
      </EmptyState>
    );
  }
  return (
    <div className="account">
      <ChangePassword username={username} />
      <MyTokens />
    </div>
  );
}
