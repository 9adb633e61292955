import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Spinner } from '../../../components/ui/spinner';
import { EmptyState } from '../../../components/ui/states';
import { QueryFallback, ResourceTable, RowAction } from '../../../components/ui/resource-table';
import { paths } from '../../../config/paths';
import { errorMessage, fieldMessage } from '../../../lib/api-client';
import { PASSWORD_RULES, passwordProblems } from '../../../../shared/api/iam';
import { removeUser, setPassword, splitList, useCreateUser, useUsers } from '../api/users';
import { orphanedCreators, useAllPods } from '../api/workloads';
import { useAllControllers } from '../api/controllers';

function CreateUser({ onCreated }: { onCreated: (msg: string) => void }) {
  const id = useId();
  const create = useCreateUser();
  const [invalid, setInvalid] = useState<string>();
  const [passwordError, setPasswordError] = useState<string>();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const name = String(form.get('name') ?? '').trim();
    const fullName = String(form.get('fullName') ?? '').trim();
    const groups = splitList(String(form.get('groups') ?? ''));
    const password = String(form.get('password') ?? '');
    if (!name || /[/%\s]/.test(name)) { setInvalid('Enter a user name without spaces or "/".'); return; }
    // The password field is cleared whatever happens: it is never kept by the console.
    const pw = formEl.elements.namedItem('password') as HTMLInputElement | null;
    if (pw) pw.value = '';
    // Everything is checked before anything is created: a refused password creates no user.
    const problems = password ? passwordProblems(password, name) : [];
    if (problems.length) { setInvalid(`Nothing was created: the password ${problems.join('; ')}.`); return; }
    setInvalid(undefined);
    setPasswordError(undefined);
    try {
      await create.mutateAsync({ name, fullName: fullName || undefined, groups });
    } catch {
      return;
    }
    if (password) {
      try {
        await setPassword(name, password);
      } catch (err) {
        // The server refused what the form could not know: take the user back out, so nothing half-made stays.
        const undone = await removeUser(name).then(() => true, () => false);
        setPasswordError(undone
          ? `Nothing was created: the password was refused (${fieldMessage(err, 'password')}).`
          : `User ${name} was created, but the password was not set: ${fieldMessage(err, 'password')}`);
        return;
      }
    }
    formEl.reset();
    onCreated(`Created user ${name}${password ? ' with a password' : ' (set a password on their page before they can sign in)'}.`);
  };
  const message = invalid ?? (create.isError ? errorMessage(create.error) : undefined) ?? passwordError;
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`} className="panel-title">Add a user</h2>
      <div className="form-row">
        <div className="field"><label htmlFor={`${id}-name`}>User name</label><input id={`${id}-name`} name="name" autoComplete="off" spellCheck={false} aria-describedby={`${id}-err`} /></div>
        <div className="field"><label htmlFor={`${id}-full`}>Full name</label><input id={`${id}-full`} name="fullName" autoComplete="off" /></div>
        <div className="field"><label htmlFor={`${id}-groups`}>Groups</label><input id={`${id}-groups`} name="groups" autoComplete="off" spellCheck={false} aria-describedby={`${id}-groups-hint`} /><span id={`${id}-groups-hint`} className="field-hint">Separated by commas</span></div>
        <div className="field"><label htmlFor={`${id}-pw`}>Initial password</label><input id={`${id}-pw`} name="password" type="password" autoComplete="new-password" aria-describedby={`${id}-pw-hint`} /><span id={`${id}-pw-hint`} className="field-hint">Optional; {PASSWORD_RULES}</span></div>
      </div>
      <div id={`${id}-err`} role="alert" className="form-error">{message}</div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>{create.isPending && <Spinner />} Create user</button>
      </div>
    </form>
  );
}

const plural = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
const orphanSummary = (o: { pods: number; workloads: number }) => [o.pods > 0 && plural(o.pods, 'pod', 'pods'), o.workloads > 0 && plural(o.workloads, 'Deployment, ReplicaSet or Job', 'Deployments, ReplicaSets or Jobs')].filter(Boolean).join(', ');

/** UsersViewProps: `onViewAs` starts "view as" (cluster admins who may impersonate); `canListWorkloads` lets the removed-users summary count Deployments, ReplicaSets and Jobs. */
export interface UsersViewProps { canCreate: boolean; canListWorkloads: boolean; onViewAs?: (name: string) => void }

/**
 * UsersView lists the users (name, full name, groups, enabled), adds users, and points at the
 * workloads that removed users left running.
 */
export function UsersView({ canCreate, canListWorkloads, onViewAs }: UsersViewProps) {
  const id = useId();
  const q = useUsers();
  const pods = useAllPods();
  const controllers = useAllControllers(canListWorkloads);
  const [adding, setAdding] = useState(false);
  const [done, setDone] = useState('');

  if (q.data === undefined) return <QueryFallback query={q} loading="Loading users…" errorTitle="The users could not be loaded" errorTitles={{ 403: 'You cannot list users' }} />;
  const orphans = pods.data ? orphanedCreators(pods.data, new Set(q.data.map((u) => u.metadata.name ?? '')), controllers.data) : [];
  return (
    <div>
      <div className="toolbar">
        <p className="count">{q.data.length === 1 ? '1 user' : `${q.data.length} users`}</p>
        {canCreate && <button type="button" className="button button-primary" aria-expanded={adding} aria-controls={`${id}-add`} onClick={() => setAdding((a) => !a)}>{adding ? 'Close' : 'Add a user'}</button>}
      </div>
      <div id={`${id}-add`} hidden={!adding}>{adding && <CreateUser onCreated={setDone} />}</div>
      <p role="status" className="success-message">{done}</p>
      {q.data.length === 0 ? <EmptyState title="No users yet" /> : (
        <ResourceTable
          label="Users" rows={q.data} rowKey={(u) => u.metadata.name ?? ''}
          columns={[
            { header: 'User', cell: (u) => <Link to={paths.user.getHref(u.metadata.name ?? '')}>{u.metadata.name}</Link> },
            { header: 'Full name', cell: (u) => u.spec?.fullName || <span className="muted">—</span> },
            { header: 'Groups', cell: (u) => (u.spec?.groups?.length ? u.spec.groups.join(', ') : <span className="muted">—</span>) },
            { header: 'Status', cell: (u) => (u.spec?.disabled ? <span className="badge badge-bad">Disabled</span> : <span className="badge badge-ok">Active</span>) },
          ]}
          actions={(u) => onViewAs && !u.spec?.disabled && <RowAction label={`View as ${u.metadata.name}`} onClick={() => onViewAs(u.metadata.name ?? '')}>View as</RowAction>}
        />
      )}
      {orphans.length > 0 && (
        <section className="panel panel-warning" aria-labelledby={`${id}-orphans`}>
          <h2 id={`${id}-orphans`} className="panel-title">Workloads of removed users</h2>
          <p>These people no longer have an account, but pods they started, or Deployments, ReplicaSets and Jobs that record them, remain.</p>
          <ul className="plain-list">
            {orphans.map((o) => (
              <li key={o.user}><Link to={paths.user.getHref(o.user, 'workloads')}>{o.user}</Link> — {orphanSummary(o)}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
